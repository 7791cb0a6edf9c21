package main

// The commands that keep the privacy promises: the retention run and the
// verification of the journal's hash chain; and the flags that say which
// retention durations are in force and which host the privacy page names
// (the controller and contact are --operator and --contact-email).

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/service/figures"
)

// privacyFlags are the retention durations in force and the host the
// privacy page names.
type privacyFlags struct {
	referrals, appointments, messages, persons, journal string
	hosting                                             string
}

func (c *commandSet) addPrivacyFlags(f *privacyFlags) {
	d := retention.Default()
	months := func(n int) string { return strconv.Itoa(n) }
	c.stringVar(&f.referrals, "retention-referrals", "", months(d.ReferralMonths), "mois après sa création où une orientation est anonymisée")
	c.stringVar(&f.appointments, "retention-appointments", "", months(d.AppointmentMonths), "mois après sa fin où un rendez-vous est supprimé")
	c.stringVar(&f.messages, "retention-messages", "", months(d.MessageMonths), "mois où sont gardés les messages envoyés et les inscriptions aux ateliers terminés")
	c.stringVar(&f.persons, "retention-persons", "", months(d.PersonMonths), "mois sans contact après lesquels le dossier d'une personne est effacé")
	c.stringVar(&f.journal, "retention-journal", "", months(d.JournalMonths), "mois de conservation du journal des accès (3 ans + 3 ans d'archive)")
	c.stringVar(&f.hosting, "hosting", "", "", "hébergeur et pays d'hébergement nommés sur la page « Données personnelles », par exemple « OVHcloud, Roubaix (France) »")
}

// apply checks the flags and fills the retention policy and the privacy
// declarations of cfg.
func (f *privacyFlags) apply(c *commandSet, cfg *app.Config) error {
	var p retention.Policy
	for _, d := range []struct {
		flag, value string
		dst         *int
	}{
		{"--retention-referrals", f.referrals, &p.ReferralMonths},
		{"--retention-appointments", f.appointments, &p.AppointmentMonths},
		{"--retention-messages", f.messages, &p.MessageMonths},
		{"--retention-persons", f.persons, &p.PersonMonths},
		{"--retention-journal", f.journal, &p.JournalMonths},
	} {
		n, err := strconv.Atoi(strings.TrimSpace(d.value))
		if err != nil {
			return c.fail(d.flag + " doit être un nombre de mois, par exemple 24")
		}
		*d.dst = n
	}
	if err := p.Validate(); err != nil {
		return c.fail(err.Error())
	}
	cfg.Retention = p
	cfg.Hosting = strings.TrimSpace(f.hosting)
	return nil
}

func (p *program) retentionCommand(ctx context.Context, args []string) int {
	c := p.newCommand("retention", "retention [--dry-run] [options]")
	var db dbFlags
	var pf privacyFlags
	var dry bool
	c.addDBFlags(&db)
	c.addPrivacyFlags(&pf)
	c.boolVar(&dry, "dry-run", "false", "dit ce qui serait effacé, sans rien changer")
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	var cfg app.Config
	if err := pf.apply(c, &cfg); err != nil {
		return exitCode(err)
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	cfg.Log = p.logger(db.logFormat)
	rep, err := app.New(st, cfg).Retention.Run(ctx, account.Console(), dry)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours retention : %s\n", describe(err))
		return 1
	}
	verb := "effacé"
	if dry {
		verb = "serait effacé (essai : rien n'a changé)"
	}
	fmt.Fprintf(p.stdout, "Conservation des données au %s — ce qui %s :\n", rep.At.Format("02/01/2006 15:04"), verb)
	for _, l := range rep.Lines {
		fmt.Fprintf(p.stdout, "  %-24s %7d  %s (avant le %s)\n", l.Table, l.Rows, l.Action, l.Before.Format("02/01/2006"))
	}
	fmt.Fprintf(p.stdout, "Total : %d lignes.\n", rep.Rows())
	return 0
}

func (p *program) journalCommand(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprintln(p.stderr, "parcours journal : sous-commande attendue : verify (parcours journal verify -h pour l'aide)")
		return 2
	}
	c := p.newCommand("journal verify", "journal verify [options]")
	var db dbFlags
	c.addDBFlags(&db)
	if err := c.parse(args[1:]); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	start := time.Now()
	res, err := st.VerifyJournal(ctx)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours journal verify : %s\n", describe(err))
		return 1
	}
	if res.Break != nil {
		fmt.Fprintf(p.stdout, "Journal ALTÉRÉ : %s.\n%d entrées vérifiées avant elle.\n", res.Break.Error(), res.Entries)
		return 1
	}
	fmt.Fprintf(p.stdout, "Journal intact : %d entrées vérifiées en %s.\n", res.Entries, time.Since(start).Round(time.Millisecond))
	return 0
}

// figuresCommand rebuilds the pre-aggregated activity figures.
func (p *program) figuresCommand(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "rebuild" {
		fmt.Fprintln(p.stderr, "parcours figures : sous-commande attendue : rebuild (parcours figures rebuild -h pour l'aide)")
		return 2
	}
	c := p.newCommand("figures rebuild", "figures rebuild [options]")
	var db dbFlags
	c.addDBFlags(&db)
	var all bool
	c.boolVar(&all, "all", "false", "reconstruit tous les mois, pas seulement ceux modifiés depuis la dernière lecture")
	if err := c.parse(args[1:]); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	start := time.Now()
	n, err := figures.New(st, nil).Rebuild(ctx, all)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours figures rebuild : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "Chiffres des accompagnements : %d mois reconstruits en %s.\n", n, time.Since(start).Round(time.Millisecond))
	return 0
}
