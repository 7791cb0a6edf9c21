package placefile_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/repotest"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// The real files of ../shared/data (see its README).
const (
	nationalFile = "lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json"
	pacaFile     = "lieux-mediation-numerique_v0.1_hub-du-sud-paca_2023-05-16.json"
	exampleFile  = "lieux-mediation-numerique_v1.0.2_exemple-valide.csv"
	schemaFile   = "schema-lieux-mediation-numerique_v1.0.2.json"
)

var realFiles = []struct {
	name  string
	total int
	kind  string
}{
	{nationalFile, 3811, "schéma v0.1 (ancien vocabulaire), JSON"},
	{pacaFile, 792, "schéma v0.1 (ancien vocabulaire), JSON"},
	{exampleFile, 1, "schéma v1, CSV (séparateur virgule)"},
}

func repoRoot() string {
	return repotest.Root()
}

// sharedData reads a real file; absent, the test skips (and fails in CI,
// where the files are always present).
func sharedData(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(), "..", "shared", "data", name))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("real data missing in CI: %v", err)
		}
		t.Skipf("real data ../shared/data/%s absent (%v): skipped", name, err)
	}
	return b
}

var now = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func logReport(t *testing.T, name string, rep *placefile.Report) {
	t.Helper()
	t.Logf("%s — %s", name, rep.Summary())
	for _, r := range rep.RejectionReasons(5) {
		t.Logf("  refus %5d × %s : %s", r.Count, r.Field, r.Message)
	}
	for _, r := range rep.WarningReasons(8) {
		t.Logf("  avert. %4d × %s : %s", r.Count, r.Field, r.Message)
	}
}

func TestImportRealFiles(t *testing.T) {
	files := map[string][]byte{}
	for _, f := range realFiles {
		files[f.name] = sharedData(t, f.name)
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		stored := 0
		for _, f := range realFiles {
			rep, err := placefile.Import(ctx, placestore.New(st), files[f.name], placefile.Options{Now: now})
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			logReport(t, f.name, rep)
			if rep.Format.String() != f.kind {
				t.Errorf("%s detected as %q, want %q", f.name, rep.Format, f.kind)
			}
			if rep.Total != f.total || rep.Imported+rep.Updated+len(rep.Rejected) != rep.Total {
				t.Errorf("%s: total %d (want %d) = %d imported + %d updated + %d rejected?", f.name, rep.Total, f.total, rep.Imported, rep.Updated, len(rep.Rejected))
			}
			for _, r := range rep.Rejected {
				if len(r.Errors) == 0 || r.Row == 0 {
					t.Errorf("rejected row without reason: %+v", r)
				}
			}
			stored += rep.Imported
		}
		if n, err := placestore.New(st).CountPlaces(ctx, true); err != nil || n != stored {
			t.Fatalf("%d places stored, %d imported (%v)", n, stored, err)
		}

		// The same file again updates every place and changes nothing.
		rep, err := placefile.Import(ctx, placestore.New(st), files[nationalFile], placefile.Options{Now: now.Add(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 0 || rep.Updated != 3811 || rep.Unchanged != 3811 {
			t.Fatalf("second import: %s", rep.Summary())
		}
		if n, _ := placestore.New(st).CountPlaces(ctx, true); n != stored {
			t.Fatalf("second import changed the count: %d", n)
		}
	})
}

// importAll loads the three real files into a new SQLite database.
func importAll(t *testing.T) *store.Store {
	t.Helper()
	st := storetest.SQLite(t)
	for _, f := range realFiles {
		if _, err := placefile.Import(context.Background(), placestore.New(st), sharedData(t, f.name), placefile.Options{Now: now}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// imported is one database holding the three real files, shared by the
// tests that only read it (closed by TestMain).
var imported struct {
	once sync.Once
	dir  string
	st   *store.Store
	err  error
}

func importedStore(t *testing.T) *store.Store {
	t.Helper()
	files := map[string][]byte{}
	for _, f := range realFiles {
		files[f.name] = sharedData(t, f.name) // skips when absent
	}
	imported.once.Do(func() {
		if imported.dir, imported.err = os.MkdirTemp("", "placefile-test-"); imported.err != nil {
			return
		}
		ctx := context.Background()
		if imported.st, imported.err = store.Open(ctx, store.Config{DataDir: imported.dir}); imported.err != nil {
			return
		}
		if imported.err = imported.st.Migrate(ctx); imported.err != nil {
			return
		}
		for _, f := range realFiles {
			if _, imported.err = placefile.Import(ctx, placestore.New(imported.st), files[f.name], placefile.Options{Now: now}); imported.err != nil {
				return
			}
		}
	})
	if imported.err != nil {
		t.Fatal(imported.err)
	}
	return imported.st
}

func TestMain(m *testing.M) {
	code := m.Run()
	if imported.st != nil {
		imported.st.Close()
	}
	if imported.dir != "" {
		os.RemoveAll(imported.dir)
	}
	os.Exit(code)
}

func export(t *testing.T, st *store.Store, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := placefile.Export(context.Background(), placestore.New(st), &buf, format); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func officialSchema(t *testing.T) *placefile.Schema {
	t.Helper()
	s, err := placefile.ParseSchema(sharedData(t, schemaFile))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExportPassesOurValidator(t *testing.T) {
	schema := officialSchema(t)
	st := importedStore(t)
	want, _ := placestore.New(st).CountPlaces(context.Background(), false)

	issues, rows, err := schema.ValidateCSV(bytes.NewReader(export(t, st, placefile.FormatSchemaCSV)))
	if err != nil {
		t.Fatal(err)
	}
	if rows != want || len(issues) > 0 {
		t.Fatalf("CSV export: %d rows for %d places, %d issues, first: %v", rows, want, len(issues), issues[:min(len(issues), 10)])
	}
	issues, rows, err = schema.ValidateJSON(bytes.NewReader(export(t, st, placefile.FormatSchemaJSON)))
	if err != nil {
		t.Fatal(err)
	}
	if rows != want || len(issues) > 0 {
		t.Fatalf("JSON export: %d rows for %d places, %d issues, first: %v", rows, want, len(issues), issues[:min(len(issues), 10)])
	}
	t.Logf("our validator: %d rows, 0 issues (errata applied: %v)", rows, schema.Errata)
}

// nodeOrSkip finds node and the official library; without them the test
// skips, except in CI where both are installed.
func nodeOrSkip(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	lib := filepath.Join(repoRoot(), "node_modules", "@gouvfr-anct", "lieux-de-mediation-numerique", "package.json")
	if _, statErr := os.Stat(lib); err != nil || statErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node (%v) or node_modules (%v) missing in CI", err, statErr)
		}
		t.Skipf("node (%v) or @gouvfr-anct/lieux-de-mediation-numerique (%v) missing: run npm ci", err, statErr)
	}
	return node
}

// nodeValidator runs scripts/validate-lieux.mjs: the official library.
func nodeValidator(t *testing.T, file string) {
	t.Helper()
	node := nodeOrSkip(t)
	cmd := exec.Command(node, filepath.Join(repoRoot(), "scripts", "validate-lieux.mjs"), file)
	cmd.Dir = repoRoot()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the official library refuses %s: %v\n%s", filepath.Base(file), err, out)
	}
	t.Logf("%s: %s", filepath.Base(file), bytes.TrimSpace(out))
}

func TestExportPassesOfficialLibrary(t *testing.T) {
	st := importedStore(t)
	dir := t.TempDir()
	for _, f := range []struct{ format, name string }{{placefile.FormatSchemaCSV, "lieux.csv"}, {placefile.FormatSchemaJSON, "lieux.json"}} {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, export(t, st, f.format), 0o600); err != nil {
			t.Fatal(err)
		}
		nodeValidator(t, p)
	}
}

func TestNodeValidatorRejectsBadRows(t *testing.T) {
	bad := placefile.SchemaCSVHeader + "\n" +
		`a1,12345678901234,Lieu,Reims,51100,51454,1 rue X,,49.25,4.03,,0546,,,,,,,,,2024-01-01,Services inventés,,,,,,,,,,` + "\n"
	p := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(p, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	node := nodeOrSkip(t)
	cmd := exec.Command(node, filepath.Join(repoRoot(), "scripts", "validate-lieux.mjs"), p)
	cmd.Dir = repoRoot()
	out, err := cmd.CombinedOutput()
	if err == nil || !bytes.Contains(out, []byte("1 refusés")) {
		t.Fatalf("a bad file must fail the script: %v\n%s", err, out)
	}
}

func TestExportImportExportIsStable(t *testing.T) {
	st := importAll(t)
	for _, format := range []string{placefile.FormatSchemaCSV, placefile.FormatSchemaJSON} {
		first := export(t, st, format)
		again := storetest.SQLite(t)
		rep, err := placefile.Import(context.Background(), placestore.New(again), first, placefile.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Rejected) > 0 || rep.Imported != rep.Total {
			t.Fatalf("%s re-import: %s %+v", format, rep.Summary(), rep.Rejected[:min(3, len(rep.Rejected))])
		}
		second := export(t, again, format)
		if !bytes.Equal(first, second) {
			a, b := bytes.Split(first, []byte("\n")), bytes.Split(second, []byte("\n"))
			for i := range min(len(a), len(b)) {
				if !bytes.Equal(a[i], b[i]) {
					t.Fatalf("%s: second export differs at line %d:\n%s\n%s", format, i+1, a[i], b[i])
				}
			}
			t.Fatalf("%s: second export differs in length: %d / %d lines", format, len(a), len(b))
		}
		// Importing our own export into the original database updates, never duplicates.
		rep, err = placefile.Import(context.Background(), placestore.New(st), first, placefile.Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 0 || len(rep.Rejected) != 0 {
			t.Fatalf("%s re-import into the source database: %s", format, rep.Summary())
		}
	}
}

func TestDataInclusionExport(t *testing.T) {
	st := importedStore(t)
	var doc struct {
		Structures []map[string]any `json:"structures"`
		Services   []map[string]any `json:"services"`
	}
	if err := json.Unmarshal(export(t, st, placefile.FormatDataInclusion), &doc); err != nil {
		t.Fatal(err)
	}
	want, _ := placestore.New(st).CountPlaces(context.Background(), false)
	if len(doc.Structures) != want || len(doc.Services) != want {
		t.Fatalf("%d structures, %d services for %d places", len(doc.Structures), len(doc.Services), want)
	}
	ids := map[string]bool{}
	for _, s := range doc.Structures {
		for _, f := range []string{"id", "source", "nom", "description", "date_maj"} {
			if v, _ := s[f].(string); v == "" {
				t.Fatalf("structure without %s: %v", f, s)
			}
		}
		ids[s["id"].(string)] = true
		checkDILengths(t, s)
	}
	if len(ids) != want {
		t.Fatalf("structure ids not unique: %d for %d", len(ids), want)
	}
	for _, v := range doc.Services {
		for _, f := range []string{"id", "structure_id", "source", "nom", "description", "date_maj"} {
			if s, _ := v[f].(string); s == "" {
				t.Fatalf("service without %s: %v", f, v)
			}
		}
		if !ids[v["structure_id"].(string)] {
			t.Fatalf("service of an unknown structure: %v", v["structure_id"])
		}
		checkDILengths(t, v)
	}
}

func checkDILengths(t *testing.T, rec map[string]any) {
	t.Helper()
	nom, desc := rec["nom"].(string), rec["description"].(string)
	if n := utf8.RuneCountInString(nom); n < 3 || n > 150 || nom[len(nom)-1] == '.' {
		t.Fatalf("data·inclusion nom %q breaks 3–150 characters, no final full stop", nom)
	}
	if n := utf8.RuneCountInString(desc); n < 50 || n > 2000 {
		t.Fatalf("data·inclusion description of %d characters: %q", n, desc)
	}
	if s, ok := rec["siret"].(string); ok && len(s) != 14 {
		t.Fatalf("siret %q", s)
	}
}

// A place named like a spreadsheet formula comes out of the open-data CSV
// neutralised (csvsafe), and the file still passes our validator of the
// official schema and the national library.
func TestExportNeutralisesFormulas(t *testing.T) {
	st := storetest.SQLite(t)
	p := place.Place{Source: "import", SourceID: "formule-1", Status: place.StatusOpen, Pivot: "43493312300029",
		Name: `=HYPERLINK("https://exemple.fr","Cliquez")`, Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299",
		Address: "1 rue de la République", Latitude: 45.94, Longitude: -0.96, HasCoords: true, Phone: "+33546000000",
		Summary: "@SUM(A1:A9) ateliers", Services: []string{"Aide aux démarches administratives"}, UpdatedOn: now}
	p.Normalize()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := placestore.New(st).CreatePlace(context.Background(), &p, now); err != nil {
		t.Fatal(err)
	}
	out := export(t, st, placefile.FormatSchemaCSV)
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v\n%s", err, out)
	}
	rec := map[string]string{}
	for i, name := range rows[0] {
		rec[name] = rows[1][i]
	}
	if rec["nom"] != `'=HYPERLINK("https://exemple.fr","Cliquez")` || rec["presentation_resume"] != "'@SUM(A1:A9) ateliers" {
		t.Fatalf("formulas kept: nom %q, résumé %q", rec["nom"], rec["presentation_resume"])
	}
	if rec["telephone"] != "+33546000000" || rec["longitude"] != "-0.96" {
		t.Fatalf("numbers touched: %q %q", rec["telephone"], rec["longitude"])
	}
	issues, n, err := officialSchema(t).ValidateCSV(bytes.NewReader(out))
	if err != nil || n != 1 || len(issues) > 0 {
		t.Fatalf("our validator: %d rows, %v %v", n, err, issues)
	}
	file := filepath.Join(t.TempDir(), "lieux.csv")
	if err := os.WriteFile(file, out, 0o600); err != nil {
		t.Fatal(err)
	}
	nodeValidator(t, file)
}

// A résumé of the schema's full length that the guard must neutralise is
// shortened by a word rather than pushed past 280 characters.
func TestNeutralisedSummaryKeepsItsLength(t *testing.T) {
	st := storetest.SQLite(t)
	summary := "- " + strings.Repeat("ateliers ", 40)
	summary = string([]rune(summary)[:place.MaxSummary])
	p := place.Place{Source: "import", SourceID: "long-1", Status: place.StatusOpen, Pivot: "43493312300029", Name: "Lieu",
		Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "1 rue de la République", Summary: summary, UpdatedOn: now}
	p.Normalize()
	if err := placestore.New(st).CreatePlace(context.Background(), &p, now); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(export(t, st, placefile.FormatSchemaCSV))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := rows[1][slices.Index(rows[0], "presentation_resume")]
	if n := utf8.RuneCountInString(got); n > place.MaxSummary || !strings.HasPrefix(got, "'- ateliers") || !strings.HasSuffix(got, "…") {
		t.Fatalf("%d characters: %q", n, got)
	}
}
