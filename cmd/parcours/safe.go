package main

// The document safe's configuration (the territory key, the folder of the
// encrypted files, the quotas) and its commands: a new key, and the
// rotation that re-wraps every document key with a new one.

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/service/safe"
)

// safeFlags configure the document safe.
type safeFlags struct {
	keyFile, dir, personQuota, structureQuota string
}

// demoSafeKey is the key the demo draws in the data folder when none is given.
const demoSafeKey = "coffre-demo.key"

func (c *commandSet) addSafeFlags(f *safeFlags) {
	c.stringVar(&f.keyFile, "safe-key-file", "", "", "fichier de la clé du territoire qui chiffre le coffre-fort numérique (créé par « parcours safe new-key FICHIER ») ; vide : coffre-fort désactivé (avec --demo : une clé de démonstration est créée dans le dossier des données)")
	c.stringVar(&f.dir, "safe-dir", "", "", "dossier des documents chiffrés du coffre-fort ; vide : le sous-dossier coffre du dossier des données")
	c.stringVar(&f.personQuota, "safe-person-quota", "", "50", "place du coffre-fort d'une personne, en Mo")
	c.stringVar(&f.structureQuota, "safe-structure-quota", "", "5120", "place de tous les coffres-forts d'une structure, en Mo")
}

// config checks the flags and reads the key. With demo and no key file,
// the demo's key is drawn once in the data folder.
func (f *safeFlags) config(c *commandSet, dataDir string, demo bool) (safe.Config, error) {
	var cfg safe.Config
	for _, q := range []struct {
		flag, value string
		dst         *int64
	}{
		{"--safe-person-quota", f.personQuota, &cfg.PersonQuota},
		{"--safe-structure-quota", f.structureQuota, &cfg.StructureQuota},
	} {
		n, err := strconv.ParseInt(strings.TrimSpace(q.value), 10, 64)
		if err != nil || n < 1 || n > 1<<30 {
			return cfg, c.fail(q.flag + " doit être un nombre de Mo, par exemple 50")
		}
		*q.dst = n << 20
	}
	cfg.Dir = strings.TrimSpace(f.dir)
	if cfg.Dir == "" {
		cfg.Dir = filepath.Join(dataDir, "coffre")
	}
	path := strings.TrimSpace(f.keyFile)
	if path == "" && demo {
		path = filepath.Join(dataDir, demoSafeKey)
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			k, err := docsafe.NewTerritoryKey()
			if err == nil {
				_ = os.MkdirAll(dataDir, 0o750)
				err = docsafe.WriteKeyFile(path, k)
			}
			if err != nil {
				return cfg, c.fail("clé de démonstration du coffre-fort : " + err.Error())
			}
		}
	}
	if path == "" {
		return cfg, nil
	}
	k, err := docsafe.ReadKeyFile(path)
	if err != nil {
		return cfg, c.fail("--safe-key-file : " + err.Error())
	}
	cfg.Key = k
	return cfg, nil
}

func (p *program) safeCommand(ctx context.Context, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "new-key":
			return p.safeNewKey(args[1:])
		case "rotate-key":
			return p.safeRotateKey(ctx, args[1:])
		}
	}
	fmt.Fprintln(p.stderr, "parcours safe : sous-commande attendue : new-key FICHIER ou rotate-key --old FICHIER --new FICHIER")
	return 2
}

func (p *program) safeNewKey(args []string) int {
	c := p.newCommand("safe new-key", "safe new-key FICHIER")
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if c.NArg() != 1 {
		return exitCode(c.fail("donnez le fichier à créer, par exemple /etc/parcours/coffre.key"))
	}
	k, err := docsafe.NewTerritoryKey()
	if err == nil {
		err = docsafe.WriteKeyFile(c.Arg(0), k)
	}
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours safe new-key : %v\n", err)
		return 1
	}
	fmt.Fprintf(p.stdout, "Clé du coffre-fort créée dans %s (empreinte %s), lisible par son propriétaire seulement.\nGardez-en une copie hors du serveur : sans elle, les documents sont illisibles.\n", c.Arg(0), k.ID)
	return 0
}

func (p *program) safeRotateKey(ctx context.Context, args []string) int {
	c := p.newCommand("safe rotate-key", "safe rotate-key --old FICHIER --new FICHIER [options]")
	var db dbFlags
	var oldPath, newPath string
	c.addDBFlags(&db)
	c.StringVar(&oldPath, "old", "", "fichier de la clé en service")
	c.StringVar(&newPath, "new", "", "fichier de la nouvelle clé (parcours safe new-key)")
	if err := c.parse(args); err != nil {
		return exitCode(err)
	}
	if err := db.validate(c); err != nil {
		return exitCode(err)
	}
	if oldPath == "" || newPath == "" {
		return exitCode(c.fail("--old et --new sont obligatoires"))
	}
	oldKey, err := docsafe.ReadKeyFile(oldPath)
	if err != nil {
		return exitCode(c.fail("--old : " + err.Error()))
	}
	newKey, err := docsafe.ReadKeyFile(newPath)
	if err != nil {
		return exitCode(c.fail("--new : " + err.Error()))
	}
	st, ok := p.openStore(ctx, db, p.logger(db.logFormat))
	if !ok {
		return 1
	}
	defer st.Close()
	n, err := safe.RotateKey(ctx, st, oldKey, newKey)
	if err != nil {
		fmt.Fprintf(p.stderr, "parcours safe rotate-key : %v\nAucune clé n'a changé.\n", err)
		return 1
	}
	fmt.Fprintf(p.stdout, "%d clés de documents enveloppées par la nouvelle clé (empreinte %s), en une transaction ; les fichiers n'ont pas changé.\nDonnez maintenant --safe-key-file %s au serveur, puis détruisez l'ancienne clé.\n", n, newKey.ID, newPath)
	return 0
}
