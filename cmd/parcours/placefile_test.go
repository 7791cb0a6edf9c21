package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/placefile"
)

const placesCSV = placefile.SchemaCSVHeader + "\n" +
	"cli-1,43493312300029,Espace numérique,Rochefort,17300,17299,1 rue A,,45.94,-0.96,,05 46 00 00 00,,,Mo-Fr 09:00-12:00,,,Essai,,,2026-01-15,Aide aux démarches administratives,,,,,,,,,,\n" +
	"cli-2,43493312300029,Médiathèque,Rochefort,17300,17299,2 rue B,,,,,,,,Du lundi au vendredi : 9h-12h,,,Essai,,,2026-01-15,Loisirs et créations numériques,,,,,,,,,,\n" +
	"cli-3,123,,Rochefort,173,,,,,,,,,,,,,Essai,,,hier,,,,,,,,,,,\n"

func TestImportAndExportPlaces(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	file := filepath.Join(dir, "lieux.csv")
	report := filepath.Join(dir, "rapport.json")
	if err := os.WriteFile(file, []byte(placesCSV), 0o600); err != nil {
		t.Fatal(err)
	}

	// A dry run reports every error of the bad row and writes nothing.
	r := runCmd(t, nil, "", "import", "lieux", "--dry-run", "--data-dir", data, "--report", report, file)
	if r.code != exitRowsRejected || !strings.Contains(r.stdout, "3 lieux lus : 2 importés, 0 mis à jour, 1 refusé") ||
		!strings.Contains(r.stdout, "vérification seule") || !strings.Contains(r.stdout, "Principales raisons des refus") {
		t.Fatalf("dry run: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var rep map[string]json.RawMessage
	b, _ := os.ReadFile(report)
	if err := json.Unmarshal(b, &rep); err != nil || len(rep) != 5 {
		t.Fatalf("report %s: %v", b, err)
	}
	var rejected []placefile.Rejected
	_ = json.Unmarshal(rep["rejected"], &rejected)
	if len(rejected) != 1 || rejected[0].Row != 3 || rejected[0].ID != "cli-3" {
		t.Fatalf("rejected: %+v", rejected)
	}
	fields := map[string]bool{}
	for _, e := range rejected[0].Errors {
		fields[e.Field] = true
	}
	for _, f := range []string{"nom", "code_postal", "adresse", "date_maj"} {
		if !fields[f] {
			t.Errorf("the report lacks the %s error: %+v", f, rejected[0].Errors)
		}
	}
	if r := runCmd(t, nil, "", "export", "lieux", "--format", "schema-csv", "--data-dir", data); r.code != 0 || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("the dry run wrote places: %q", r.stdout)
	}

	// The real import (flags after the file work too), then an update.
	r = runCmd(t, nil, "", "import", "lieux", file, "--data-dir", data)
	if r.code != exitRowsRejected || !strings.Contains(r.stdout, "2 importés") || !strings.Contains(r.stdout, "--report RAPPORT.json") {
		t.Fatalf("import: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runCmd(t, nil, "", "import", "lieux", "--data-dir", data, file)
	if !strings.Contains(r.stdout, "0 importé, 2 mis à jour (dont 2 sans changement)") {
		t.Fatalf("second import: %s", r.stdout)
	}

	r = runCmd(t, nil, "", "export", "lieux", "--format", "schema-csv", "--data-dir", data)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 3 || lines[0] != placefile.SchemaCSVHeader || !strings.Contains(lines[1], "+33546000000") ||
		!strings.Contains(lines[2], "Mo-Fr 09:00-12:00") {
		t.Fatalf("export: %d %q %s", r.code, lines, r.stderr)
	}
	out := filepath.Join(dir, "export.json")
	r = runCmd(t, nil, "", "export", "lieux", "--format", "data-inclusion", "--output", out, "--data-dir", data)
	var di struct{ Structures, Services []map[string]any }
	b, _ = os.ReadFile(out)
	if r.code != 0 || json.Unmarshal(b, &di) != nil || len(di.Structures) != 2 || len(di.Services) != 2 || !strings.Contains(r.stderr, "2 lieux exportés") {
		t.Fatalf("data-inclusion: %d %s %s", r.code, b, r.stderr)
	}
	r = runCmd(t, nil, "", "export", "lieux", "--format", "schema-json", "--data-dir", data)
	var recs []map[string]any
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &recs) != nil || len(recs) != 2 || recs[0]["latitude"] != 45.94 {
		t.Fatalf("schema-json: %s", r.stdout)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".export-lieux-") {
			t.Fatalf("temporary file left: %s", e.Name())
		}
	}

	// Structure owner: by name or id; unknown answers 1.
	r = runCmd(t, nil, "", "import", "lieux", "--structure", "Inconnue", "--data-dir", data, file)
	if r.code != 1 || !strings.Contains(r.stderr, "aucune structure ne s'appelle « Inconnue »") {
		t.Fatalf("unknown structure: %d %s", r.code, r.stderr)
	}
	r = runCmd(t, nil, "", "import", "lieux", "--data-dir", data, filepath.Join(dir, "absent.csv"))
	if r.code != 1 || !strings.Contains(r.stderr, "fichier introuvable") {
		t.Fatalf("missing file: %d %s", r.code, r.stderr)
	}
	garbage := filepath.Join(dir, "image.csv")
	_ = os.WriteFile(garbage, []byte("\x89PNG\x00\x00"), 0o600)
	r = runCmd(t, nil, "", "import", "lieux", "--data-dir", data, garbage)
	if r.code != 1 || !strings.Contains(r.stderr, "ni un CSV ni un JSON") {
		t.Fatalf("binary file: %d %s", r.code, r.stderr)
	}
}

func TestImportExportBadCommandLines(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"ImportWithoutObject", []string{"import"}, "objet attendu : lieux"},
		{"ExportWithoutObject", []string{"export", "structures"}, "objet attendu : lieux"},
		{"NoFile", []string{"import", "lieux"}, "indiquez le fichier à importer"},
		{"TwoFiles", []string{"import", "lieux", "a.csv", "b.csv"}, "un seul fichier à la fois"},
		{"NegativeCommit", []string{"import", "lieux", "--commit-every", "-1", "a.csv"}, "--commit-every doit être positif"},
		{"ReportOverFile", []string{"import", "lieux", "--report", "a.csv", "a.csv"}, "--report écraserait le fichier importé"},
		{"NoFormat", []string{"export", "lieux"}, "--format est obligatoire"},
		{"BadFormat", []string{"export", "lieux", "--format", "xml"}, "--format doit valoir schema-csv, schema-json, data-inclusion"},
		{"ExportArgument", []string{"export", "lieux", "--format", "schema-csv", "sortie.csv"}, "le fichier se donne avec --output"},
		{"UnknownFlag", []string{"import", "lieux", "--simuler", "a.csv"}, "option inconnue -simuler"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCmd(t, nil, "", tc.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q, want one line with %q", r.code, r.stderr, tc.want)
			}
		})
	}
	if r := runCmd(t, nil, "", "import", "lieux", "-h"); r.code != 0 || !strings.Contains(r.stdout, "--dry-run") {
		t.Fatalf("help: %d %s", r.code, r.stdout)
	}
}

func TestImportNationalFileFromTheCommandLine(t *testing.T) {
	file := filepath.Join("..", "..", "..", "shared", "data", "lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json")
	if _, err := os.Stat(file); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skipf("real data absent (%v): skipped", err)
	}
	dir := t.TempDir()
	report := filepath.Join(dir, "rapport.json")
	r := runCmd(t, nil, "", "import", "lieux", "--data-dir", dir, "--report", report, file)
	if r.code != 0 || !strings.Contains(r.stdout, "3\u202f811 lieux lus : 3\u202f811 importés") || !strings.Contains(r.stdout, "schéma v0.1") {
		t.Fatalf("%d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Log(strings.TrimSpace(r.stdout))
}

func TestProgressBar(t *testing.T) {
	var b strings.Builder
	bar := &progress{w: &b, on: true}
	bar.update(1200, 0.5)
	bar.update(1300, 0.52) // too soon: not drawn
	bar.update(3811, 1)
	bar.done()
	out := b.String()
	if strings.Count(out, "\r[") != 2 || !strings.Contains(out, "###############               ]  50 % — 1\u202f200 lignes") ||
		!strings.Contains(out, "100 % — 3\u202f811 lignes") || !strings.HasSuffix(out, "\r\033[K") {
		t.Fatalf("%q", out)
	}
	// Not a terminal: nothing at all.
	var quiet strings.Builder
	p := &program{stderr: &quiet}
	q := p.progressBar()
	q.update(100, 0.1)
	q.done()
	if quiet.Len() != 0 {
		t.Fatalf("%q", quiet.String())
	}
}
