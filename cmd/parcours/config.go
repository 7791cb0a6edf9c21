package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/store"
)

// errUsage marks a bad command line: the caller exits with status 2.
var errUsage = errors.New("usage")

// commandSet is a flag set whose defaults come from PARCOURS_* variables.
type commandSet struct {
	*flag.FlagSet
	p       *program
	name    string
	envErrs []string
}

func (p *program) newCommand(name, synopsis string) *commandSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c := &commandSet{FlagSet: fs, p: p, name: name}
	fs.Usage = func() {
		fmt.Fprintf(p.stdout, "Utilisation : parcours %s\n\nOptions (chacune aussi en variable d'environnement) :\n", synopsis)
		fs.SetOutput(p.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return c
}

func (c *commandSet) envName(flagName string) string {
	return "PARCOURS_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (c *commandSet) stringVar(p *string, name, env, def, help string) {
	if env == "" {
		env = c.envName(name)
	}
	if v := c.p.getenv(env); v != "" {
		def = v
	}
	c.StringVar(p, name, def, help+" ("+env+")")
}

func (c *commandSet) boolVar(p *bool, name, def, help string) {
	env := c.envName(name)
	d := def == "true"
	if v := c.p.getenv(env); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			c.envErrs = append(c.envErrs, fmt.Sprintf("%s=%q n'est pas un booléen (true ou false)", env, v))
		}
		d = b
	}
	c.BoolVar(p, name, d, help+" ("+env+")")
}

// parse reads the arguments; on error it prints one line and returns errUsage.
func (c *commandSet) parse(args []string) error {
	if len(c.envErrs) > 0 {
		return c.fail(c.envErrs[0])
	}
	if err := c.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.Usage()
			return flag.ErrHelp
		}
		return c.fail(translateFlagError(err))
	}
	return nil
}

func (c *commandSet) fail(msg string) error {
	fmt.Fprintf(c.p.stderr, "parcours %s : %s (parcours %s -h pour l'aide)\n", c.name, msg, c.name)
	return errUsage
}

// translateFlagError puts the flag package's messages in French.
func translateFlagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "option inconnue " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "l'option " + strings.TrimPrefix(msg, "flag needs an argument: ") + " attend une valeur"
	case strings.HasPrefix(msg, "invalid boolean value"):
		return "valeur booléenne invalide : " + msg
	}
	return msg
}

// exitCode maps a parse result to the process status.
func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// dbFlags are shared by every command that touches the database.
type dbFlags struct {
	dataDir     string
	databaseURL string
	logFormat   string
}

func (c *commandSet) addDBFlags(d *dbFlags) {
	c.stringVar(&d.dataDir, "data-dir", "", "./data", "dossier des données (la base SQLite y est créée)")
	c.stringVar(&d.databaseURL, "database", "PARCOURS_DATABASE_URL", "", "vide : SQLite dans le dossier des données ; postgres://… : PostgreSQL")
	c.stringVar(&d.logFormat, "log-format", "", "text", "format des journaux : text ou json")
}

func (d *dbFlags) validate(c *commandSet) error {
	if d.logFormat != "text" && d.logFormat != "json" {
		return c.fail(fmt.Sprintf("--log-format doit valoir text ou json, pas « %s »", d.logFormat))
	}
	if d.databaseURL != "" && !store.IsPostgresURL(d.databaseURL) {
		return c.fail("--database doit commencer par postgres:// ou postgresql:// (laisser vide pour SQLite)")
	}
	if d.databaseURL != "" {
		if _, err := url.Parse(d.databaseURL); err != nil {
			return c.fail("--database n'est pas une adresse valide")
		}
	}
	if d.databaseURL == "" && strings.TrimSpace(d.dataDir) == "" {
		return c.fail("--data-dir ne peut pas être vide")
	}
	return nil
}

func (p *program) logger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(p.stderr, nil))
	}
	return slog.New(slog.NewTextHandler(p.stderr, nil))
}

// openStore opens and migrates the database, printing a clear error line.
func (p *program) openStore(ctx context.Context, d dbFlags, log *slog.Logger) (*store.Store, bool) {
	st, err := store.Open(ctx, store.Config{DataDir: d.dataDir, DatabaseURL: d.databaseURL, Logger: log})
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours : %v\n", err)
		return nil, false
	}
	if err := st.Migrate(ctx); err != nil {
		fmt.Fprintf(p.stderr, "parcours : %v\n", err)
		st.Close()
		return nil, false
	}
	return st, true
}

// agendaFlags are the message channels and the agenda's delays: SMTP for
// e-mail, Brevo for SMS. Without them, messages stay in the outbox page.
type agendaFlags struct {
	smtpHost, smtpPort, smtpTLS, smtpUser, smtpPassword, smtpFrom string
	brevoKey, smsSender, brevoURL                                 string
	reminderBefore, offerDelay                                    string
}

func (c *commandSet) addAgendaFlags(a *agendaFlags) {
	c.stringVar(&a.smtpHost, "smtp-host", "", "", "serveur SMTP des courriels de l'agenda ; vide : les messages restent dans la page « Messages aux personnes »")
	c.stringVar(&a.smtpPort, "smtp-port", "", "587", "port du serveur SMTP")
	c.stringVar(&a.smtpTLS, "smtp-tls", "", notify.TLSStartTLS, "chiffrement SMTP : starttls (port 587), tls (port 465) ou none (relais local)")
	c.stringVar(&a.smtpUser, "smtp-user", "", "", "identifiant SMTP ; vide : sans authentification")
	c.stringVar(&a.smtpPassword, "smtp-password", "", "", "mot de passe SMTP (de préférence en variable d'environnement)")
	c.stringVar(&a.smtpFrom, "smtp-from", "", "", "expéditeur des courriels, par exemple « CCAS <ne-pas-repondre@exemple.fr> »")
	c.stringVar(&a.brevoKey, "sms-brevo-key", "", "", "clé d'API Brevo des SMS (de préférence en variable d'environnement) ; vide : les SMS restent dans la page « Messages aux personnes »")
	c.stringVar(&a.smsSender, "sms-sender", "", "", "expéditeur affiché des SMS, 3 à 11 lettres ou chiffres")
	c.stringVar(&a.brevoURL, "sms-brevo-url", "", "", "adresse de l'API SMS de Brevo (vide : "+notify.BrevoEndpoint+")")
	c.stringVar(&a.reminderBefore, "reminder-before", "", "48h", "délai du rappel avant un rendez-vous ou une séance d'atelier")
	c.stringVar(&a.offerDelay, "offer-delay", "", "24h", "délai pour confirmer une place proposée depuis la liste d'attente")
}

// config checks the flags and fills the services' settings.
func (a *agendaFlags) config(c *commandSet) (app.Config, error) {
	var cfg app.Config
	port, err := strconv.Atoi(strings.TrimSpace(a.smtpPort))
	if err != nil {
		return cfg, c.fail("--smtp-port doit être un numéro de port (par exemple 587)")
	}
	cfg.Notify = notify.Config{
		SMTPHost: strings.TrimSpace(a.smtpHost), SMTPPort: port, SMTPTLS: strings.TrimSpace(a.smtpTLS),
		SMTPUser: a.smtpUser, SMTPPassword: a.smtpPassword, SMTPFrom: strings.TrimSpace(a.smtpFrom),
		BrevoKey: strings.TrimSpace(a.brevoKey), SMSSender: strings.TrimSpace(a.smsSender), BrevoURL: strings.TrimSpace(a.brevoURL),
	}
	if err := cfg.Notify.Validate(); err != nil {
		return cfg, c.fail(err.Error())
	}
	for _, d := range []struct {
		flag  string
		value string
		dst   *time.Duration
		max   time.Duration
	}{
		{"--reminder-before", a.reminderBefore, &cfg.ReminderBefore, 14 * 24 * time.Hour},
		{"--offer-delay", a.offerDelay, &cfg.OfferDelay, 14 * 24 * time.Hour},
	} {
		v, err := time.ParseDuration(strings.TrimSpace(d.value))
		if err != nil || v < time.Hour || v > d.max {
			return cfg, c.fail(d.flag + " doit être une durée entre 1h et 336h, par exemple 48h")
		}
		*d.dst = v
	}
	return cfg, nil
}
