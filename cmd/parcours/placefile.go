package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
)

// Exit status of `parcours import lieux` when the file was read but some
// rows were rejected (0: every row imported; 1: nothing imported; 2: usage).
const exitRowsRejected = 3

// parseInterleaved parses flags placed before or after the positional
// arguments ("import lieux FICHIER --dry-run") and returns the positionals.
func (c *commandSet) parseInterleaved(args []string) ([]string, error) {
	if err := c.parse(args); err != nil {
		return nil, err
	}
	var pos []string
	for c.NArg() > 0 {
		rest := c.Args()
		pos = append(pos, rest[0])
		if err := c.parse(rest[1:]); err != nil {
			return nil, err
		}
	}
	return pos, nil
}

func (p *program) importCommand(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "lieux" {
		fmt.Fprintln(p.stderr, "parcours import : objet attendu : lieux (parcours import lieux -h pour l'aide)")
		return 2
	}
	return p.importPlaces(ctx, args[1:])
}

func (p *program) exportCommand(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "lieux" {
		fmt.Fprintln(p.stderr, "parcours export : objet attendu : lieux (parcours export lieux -h pour l'aide)")
		return 2
	}
	return p.exportPlaces(ctx, args[1:])
}

func (p *program) importPlaces(ctx context.Context, args []string) int {
	c := p.newCommand("import lieux", "import lieux [--dry-run] [--structure ID|NOM] [--report RAPPORT.json] [--source NOM] [--commit-every N] FICHIER\n\n"+
		"Importe un fichier de lieux : schéma v1 (CSV ou JSON) ou ancien schéma v0.1 (JSON ou CSV), format détecté.\n"+
		"Chaque ligne est importée entière ou refusée avec toutes ses raisons ; tout le fichier est une seule transaction.\n"+
		"Statut de sortie : 0 tout importé, 3 des lignes refusées, 1 rien importé (fichier illisible, base injoignable), 2 mauvaise commande.")
	var db dbFlags
	var dryRun bool
	var structureArg, reportPath, source string
	var commitEvery int
	c.addDBFlags(&db)
	c.BoolVar(&dryRun, "dry-run", false, "vérifier seulement : rien n'est enregistré")
	c.StringVar(&structureArg, "structure", "", "structure propriétaire des lieux créés (identifiant ou nom exact) ; sans elle : données nationales, sans propriétaire")
	c.StringVar(&reportPath, "report", "", "écrire le rapport détaillé (JSON) dans ce fichier")
	c.StringVar(&source, "source", "", "source des lignes sans colonne « source » (clé de mise à jour avec l'id) ; par défaut « import » ou « structure-ID »")
	c.IntVar(&commitEvery, "commit-every", 0, "valider toutes les N lignes au lieu d'une seule transaction pour tout le fichier")
	files, err := c.parseInterleaved(args)
	if err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	switch {
	case len(files) == 0:
		return exitCode(c.fail("indiquez le fichier à importer"))
	case len(files) > 1:
		return exitCode(c.fail("un seul fichier à la fois"))
	case commitEvery < 0:
		return exitCode(c.fail("--commit-every doit être positif (0 : une seule transaction)"))
	case reportPath != "" && filepath.Clean(reportPath) == filepath.Clean(files[0]):
		return exitCode(c.fail("--report écraserait le fichier importé"))
	}
	file, err := os.Open(files[0])
	if err == nil {
		var info os.FileInfo
		if info, err = file.Stat(); err == nil && info.IsDir() {
			err = fmt.Errorf("%s est un dossier", files[0])
		}
		defer file.Close()
	}
	if err != nil {
		why := "illisible"
		if os.IsNotExist(err) {
			why = "fichier introuvable"
		} else if os.IsPermission(err) {
			why = "lecture non autorisée"
		}
		fmt.Fprintf(p.stderr, "parcours import lieux : impossible de lire %s : %s\n", files[0], why)
		return 1
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	in := placefiles.Import{File: file, DryRun: dryRun, DefaultSource: source, CommitEvery: commitEvery}
	owner := "données nationales (sans structure propriétaire)"
	if structureArg != "" {
		s, err := findStructure(ctx, st, structureArg)
		if err != nil {
			fmt.Fprintf(p.stderr, "parcours import lieux : %v\n", err)
			return 1
		}
		in.Owner, owner = scope.OfStructure(s.ID), "structure « "+s.Name+" »"
	}
	// The import's memory is what it remembers of each row (keys, duplicate
	// detection, the report); collecting at half the usual growth keeps the
	// process near 1.5 times that, for a few percent more CPU.
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(50))
	}
	bar := p.progressBar()
	in.Progress = bar.update
	rep, err := app.New(st, app.Config{Log: p.logger(db.logFormat)}).PlaceFiles.ImportAsOperator(ctx, in)
	bar.done()
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours import lieux : %s\n", describe(err))
		if commitEvery > 0 && !dryRun {
			fmt.Fprintln(p.stderr, "parcours import lieux : les lots déjà validés (--commit-every) restent enregistrés.")
		}
		return 1
	}
	if reportPath != "" {
		if err := os.WriteFile(reportPath, rep.JSON(), 0o644); err != nil {
			fmt.Fprintf(p.stderr, "parcours import lieux : rapport non écrit : %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(p.stdout, "Fichier %s : %s. Lieux de : %s.\n", filepath.Base(files[0]), rep.Format, owner)
	fmt.Fprintln(p.stdout, rep.Summary())
	if reasons := rep.RejectionReasons(5); len(reasons) > 0 {
		fmt.Fprintln(p.stdout, "Principales raisons des refus :")
		for _, r := range reasons {
			fmt.Fprintf(p.stdout, "  %s × %s : %s\n", placefile.Thousands(r.Count), fieldLabel(r.Field), r.Message)
		}
	}
	if reportPath != "" {
		fmt.Fprintf(p.stdout, "Rapport détaillé : %s\n", reportPath)
	} else if len(rep.Rejected) > 0 || len(rep.Warnings) > 0 {
		fmt.Fprintln(p.stdout, "Le détail de chaque ligne : --report RAPPORT.json.")
	}
	if len(rep.Rejected) > 0 {
		return exitRowsRejected
	}
	return 0
}

func fieldLabel(f string) string {
	if f == "" {
		return "ligne"
	}
	return f
}

func (p *program) exportPlaces(ctx context.Context, args []string) int {
	c := p.newCommand("export lieux", "export lieux --format "+strings.Join(placefile.ExportFormats, "|")+" [--output FICHIER]\n\n"+
		"Exporte les lieux ouverts : schema-csv (schéma v1.0.2, CSV), schema-json (mêmes enregistrements en JSON),\n"+
		"data-inclusion (structures et services au schéma data·inclusion v1). Sur la sortie standard par défaut.")
	var db dbFlags
	var format, output string
	c.addDBFlags(&db)
	c.StringVar(&format, "format", "", "format : "+strings.Join(placefile.ExportFormats, ", "))
	c.StringVar(&output, "output", "", "fichier à écrire (par défaut : la sortie standard)")
	rest, err := c.parseInterleaved(args)
	if err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	switch {
	case len(rest) > 0:
		return exitCode(c.fail(fmt.Sprintf("argument inattendu « %s » (le fichier se donne avec --output)", rest[0])))
	case format == "":
		return exitCode(c.fail("--format est obligatoire : " + strings.Join(placefile.ExportFormats, ", ")))
	case !slices.Contains(placefile.ExportFormats, format):
		return exitCode(c.fail(fmt.Sprintf("--format doit valoir %s, pas « %s »", strings.Join(placefile.ExportFormats, ", "), format)))
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	var w io.Writer = p.stdout
	var tmp *os.File
	if output != "" {
		// Written beside the target, then renamed: a failed export leaves no half file.
		if tmp, err = os.CreateTemp(filepath.Dir(output), ".export-lieux-*"); err != nil {
			fmt.Fprintf(p.stderr, "parcours export lieux : %v\n", err)
			return 1
		}
		defer os.Remove(tmp.Name())
		w = tmp
	}
	n, err := app.New(st, app.Config{Log: p.logger(db.logFormat)}).PlaceFiles.ExportPublic(ctx, w, format)
	if err == nil && tmp != nil {
		if err = tmp.Close(); err == nil {
			err = os.Rename(tmp.Name(), output)
		}
	}
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours export lieux : %s\n", describe(err))
		return 1
	}
	if output != "" {
		fmt.Fprintf(p.stderr, "%s lieux exportés dans %s (%s).\n", placefile.Thousands(n), output, format)
	}
	return 0
}

// progress draws a bar on standard error when it is a terminal.
type progress struct {
	w     io.Writer
	on    bool
	drawn bool
	last  time.Time
}

func (p *program) progressBar() *progress {
	f, ok := p.stderr.(*os.File)
	return &progress{w: p.stderr, on: ok && term.IsTerminal(int(f.Fd()))}
}

func (b *progress) update(rows int, done float64) {
	if !b.on || (time.Since(b.last) < 100*time.Millisecond && done < 1) {
		return
	}
	b.last, b.drawn = time.Now(), true
	const width = 30
	n := int(done*width + 0.5)
	fmt.Fprintf(b.w, "\r[%s%s] %3.0f %% — %s lignes", strings.Repeat("#", n), strings.Repeat(" ", width-n), done*100, placefile.Thousands(rows))
}

func (b *progress) done() {
	if b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
	}
}
