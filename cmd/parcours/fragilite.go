package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
)

func (p *program) fragilityCommand(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(p.stderr, "parcours fragilite : sous-commande attendue : import (parcours fragilite import -h pour l'aide)")
		return 2
	}
	c := p.newCommand("fragilite import", "fragilite import DOSSIER|FICHIERS…\n\n"+
		"Charge les indicateurs communaux de l'indice de fragilité numérique (fichiers CSV de la forme Data For Good / MedNum 2020,\n"+
		"ou fichiers Insee/Arcep récents aux mêmes colonnes) et affiche le rapport des valeurs manquantes et invraisemblables.\n"+
		"Les indicateurs apportés remplacent les précédents ; les autres sont gardés.\n"+
		"Statut de sortie : 0 chargé, 1 rien chargé (fichier illisible, base injoignable), 2 mauvaise commande.")
	var db dbFlags
	c.addDBFlags(&db)
	paths, err := c.parseInterleaved(args[1:])
	if err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	if len(paths) == 0 {
		return exitCode(c.fail("indiquez un dossier ou des fichiers CSV"))
	}
	files, err := indicatorFiles(paths)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours fragilite import : %v\n", err)
		return 1
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	rep, err := app.New(st, app.Config{}).Fragility.ImportFiles(ctx, files)
	if rep != nil {
		_ = rep.WriteText(p.stdout)
	}
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours fragilite import : %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(p.stdout, "Indicateurs enregistrés pour %d communes.\n", rep.Communes)
	return 0
}

// indicatorFiles reads the CSV files of a folder, or the files named.
func indicatorFiles(paths []string) ([]fragilityindex.File, error) {
	var names []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s : introuvable ou illisible", p)
		}
		if !info.IsDir() {
			names = append(names, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, fmt.Errorf("%s : dossier illisible", p)
		}
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
				names = append(names, filepath.Join(p, e.Name()))
			}
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("aucun fichier CSV trouvé")
	}
	sort.Strings(names)
	out := make([]fragilityindex.File, 0, len(names))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("%s : illisible", n)
		}
		out = append(out, fragilityindex.File{Name: n, Data: b})
	}
	return out, nil
}
