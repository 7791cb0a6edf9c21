package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fragilityDir is shared/data/fragilite, read where it is.
const fragilityDir = "../../../shared/data/fragilite"

func TestFragilityImportCommand(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if r := runCmd(t, nil, "", "fragilite"); r.code != 2 {
		t.Fatalf("no subcommand: %d", r.code)
	}
	if r := runCmd(t, nil, "", "fragilite", "import", "--data-dir", data); r.code != 2 || !strings.Contains(r.stderr, "dossier ou des fichiers") {
		t.Fatalf("no file: %d %s", r.code, r.stderr)
	}
	if r := runCmd(t, nil, "", "fragilite", "import", filepath.Join(dir, "absent"), "--data-dir", data); r.code != 1 || !strings.Contains(r.stderr, "introuvable") {
		t.Fatalf("missing file: %d %s", r.code, r.stderr)
	}
	small := filepath.Join(dir, "pauvrete.csv")
	if err := os.WriteFile(small, []byte("CODE_INSEE,TX_POVERTY\n17299,22\n1001,9\n2A004,140\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runCmd(t, nil, "", "fragilite", "import", small, "--data-dir", data)
	if r.code != 0 || !strings.Contains(r.stdout, "codes à 4 chiffres complétés") || !strings.Contains(r.stdout, "supérieures à 100 %") || !strings.Contains(r.stdout, "Indicateurs enregistrés pour 3 communes") {
		t.Fatalf("small file: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(fragilityDir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", fragilityDir)
		}
		t.Skipf("fichiers réels absents (%s)", fragilityDir)
	}
	r = runCmd(t, nil, "", "fragilite", "import", fragilityDir, "--data-dir", data)
	if r.code != 0 || !strings.Contains(r.stdout, "Fichier taux_couverture_mobile.csv") || !strings.Contains(r.stdout, "communes renseignées") {
		t.Fatalf("real files: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("\n%s", r.stdout)
}
