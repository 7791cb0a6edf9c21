package fragilityindex_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/fragility"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/fragilitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// realDir is shared/data/fragilite, outside the repository: the files are read where they are.
const realDir = "../../../../shared/data/fragilite"

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func realFiles(tb testing.TB) []fragilityindex.File {
	tb.Helper()
	if _, err := os.Stat(realDir); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true but the fragility files are missing at %s: %v", realDir, err)
		}
		tb.Skipf("fichiers réels absents (%s) : test ignoré hors CI", realDir)
	}
	var out []fragilityindex.File
	for _, spec := range fragility.BatchMedNum2020 {
		b, err := os.ReadFile(filepath.Join(realDir, spec.Name))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, fragilityindex.File{Name: spec.Name, Data: b})
	}
	return out
}

// smallFiles are three communes of the Rochefort area in the files' shape,
// one with a renamed file recognised by its columns.
func smallFiles() []fragilityindex.File {
	return []fragilityindex.File{
		{Name: "data_scol_menage_demandeurEmplois.csv", Data: []byte(",CODE_INSEE,TX_NSCOL15P,TX_MENSEUL,TX_FAMMONO,TX_65ETPLUS,TX_25ETMOINS,TX_DEMANDEURS_EMPLOI\n" +
			"0,17299,60.1,45,12,30.5,25,\n1,17306,40,30,10,20,30,\n2,17200,70,40,15,35,20,\n3,17140,,,,,,\n")},
		{Name: "thd-2024.csv", Data: []byte("CODE_INSEE;DEP;LIBCOM;TAUX_COUVERTURE_THD\n17299;17;Rochefort;80\n17306;17;Saint-Agnant;95\n17200;17;Échillais;40\n")},
		{Name: "taux_couverture_mobile.csv", Data: []byte("CODE_INSEE,LIBCOM,DEP,COUVERTURE_MOBILE\n17299,Rochefort,17,1\n17306,Saint-Agnant,17,0.8\n17200,Échillais,17,0.5\n")},
		{Name: "taux_pauvrete.csv", Data: []byte("CODE_INSEE,TX_POVERTY\n17299,22\n17306,9\n17200,15\n17140,130\n")},
	}
}

type fixture struct {
	svc          *fragilityindex.Service
	coordinator  *account.Actor
	admin        *account.Actor
	mediator     *account.Actor
	territory    int64
	otherTerrID  int64
	coordinating int64
}

func newFixture(t testing.TB, st *store.Store, communes []string) *fixture {
	t.Helper()
	ctx := context.Background()
	terr := structure.Territory{Name: "Pays rochefortais", CommuneCodes: communes}
	if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
		t.Fatal(err)
	}
	other := structure.Territory{Name: "Ailleurs", CommuneCodes: []string{"75056"}}
	if err := st.CreateTerritory(ctx, &other, t0); err != nil {
		t.Fatal(err)
	}
	s := structure.Structure{Name: "CCAS", Typology: "CCAS", RNA: "W179999999", CommuneCode: "17299", Address: "1 rue Test", TerritoryID: terr.ID}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, t0); err != nil {
		t.Fatal(err)
	}
	if err := st.SetTerritoryCoordinator(ctx, terr.ID, s.ID); err != nil {
		t.Fatal(err)
	}
	actor := func(email string, role account.Role) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: email, StructureID: s.ID, Role: role}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.ActorForMembership(ctx, id, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	return &fixture{svc: fragilityindex.New(fragilitystore.New(st), func() time.Time { return t0 }), coordinator: actor("c@t.fr", account.RoleCoordination),
		admin: actor("a@t.fr", account.RoleAdmin), mediator: actor("m@t.fr", account.RoleMediation), territory: terr.ID, otherTerrID: other.ID, coordinating: s.ID}
}

func TestImportAndIndexSmall(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st, []string{"17299", "17306", "17200", "17140"})
		if _, err := f.svc.Index(ctx, f.coordinator, fragilityindex.Query{}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("no indicators yet: %v", err)
		}
		rep, err := f.svc.ImportFiles(ctx, smallFiles())
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		_ = rep.WriteText(&text)
		for _, want := range []string{"supérieures à 100 %", "multipliée par 100", "non-couverture", "thd-2024.csv"} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("report lacks %q:\n%s", want, text.String())
			}
		}
		if _, err := f.svc.ImportFiles(ctx, []fragilityindex.File{{Name: "autre.csv", Data: []byte("a,b\n1,2\n")}}); err == nil {
			t.Fatal("a file without any known column accepted")
		}
		if _, err := f.svc.Index(ctx, f.mediator, fragilityindex.Query{}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("mediation sees the territory: %v", err)
		}
		ix, err := f.svc.Index(ctx, f.coordinator, fragilityindex.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if ix.Method != "lamednum-2022" || ix.Version != "parcours-1" || len(ix.Rows) != 4 || ix.Min != -10 || ix.Max != 10 {
			t.Fatalf("index %+v", ix)
		}
		// Échillais is the most fragile: no offer, no activity, first.
		if ix.Rows[0].Code != "17200" || ix.Rows[0].Priority != 1 || !ix.Rows[0].LowOffer {
			t.Errorf("first row %+v", ix.Rows[0])
		}
		last := ix.Rows[len(ix.Rows)-1]
		if last.Code != "17140" || last.Scored {
			t.Errorf("a commune without indicators comes last, unscored: %+v", last)
		}
		if len(ix.Sources) == 0 || ix.Sources[0].Year == 0 {
			t.Errorf("sources %+v", ix.Sources)
		}
		for _, ref := range []string{"france", "departement", "territoire"} {
			b, err := f.svc.Index(ctx, f.coordinator, fragilityindex.Query{Method: "base100-2020", Reference: ref})
			if err != nil || b.Method != "base100-2020" || len(b.Rows) != 4 || b.Min != 0 {
				t.Fatalf("base 100 (%s): %+v %v", ref, b, err)
			}
		}
		if _, err := f.svc.Index(ctx, f.coordinator, fragilityindex.Query{Method: "indice-2023"}); err == nil {
			t.Fatal("unknown method accepted")
		}
		if _, err := f.svc.Index(ctx, f.coordinator, fragilityindex.Query{TerritoryID: f.otherTerrID}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a coordinator reads another territory: %v", err)
		}
		if _, err := f.svc.Index(ctx, f.admin, fragilityindex.Query{}); err == nil {
			t.Fatal("the administrator must choose a territory")
		}
		if ix, err := f.svc.Index(ctx, f.admin, fragilityindex.Query{TerritoryID: f.otherTerrID}); err != nil || ix.Territory != "Ailleurs" {
			t.Fatalf("admin: %v", err)
		}
		ts, err := f.svc.Territories(ctx, f.admin)
		if err != nil || len(ts) != 2 {
			t.Fatalf("territories %v %v", ts, err)
		}
	})
}

func TestImportAndIndexReal(t *testing.T) {
	files := realFiles(t)
	st := storetest.SQLite(t)
	ctx := context.Background()
	f := newFixture(t, st, []string{"17299", "17306", "17200", "17140", "17004", "17093", "17486"})
	rep, err := f.svc.ImportFiles(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Communes < 34000 {
		t.Fatalf("communes %d", rep.Communes)
	}
	ix, err := f.svc.Index(ctx, f.coordinator, fragilityindex.Query{})
	if err != nil {
		t.Fatal(err)
	}
	scored := 0
	for _, r := range ix.Rows {
		if r.Scored {
			scored++
			if r.Percentile <= 0 || r.Percentile > 1 {
				t.Errorf("%s percentile %v", r.Code, r.Percentile)
			}
		}
	}
	if scored < 5 {
		t.Fatalf("scored communes of the territory: %d", scored)
	}
	t.Logf("%d communes read; territory: %d rows, first %s (%s) score %.1f, percentile %.2f", rep.Communes, len(ix.Rows), ix.Rows[0].Name, ix.Rows[0].Code, ix.Rows[0].Score.Score, ix.Rows[0].Percentile)
}

// BenchmarkIndexAllCommunes: the index of every commune of the real files
// (about 35,000) read from the database and computed, then the territory's
// table with its offer and activity — a new service each time, no cache.
func BenchmarkIndexAllCommunes(b *testing.B) {
	files := realFiles(b)
	st := storetest.SQLite(b)
	ctx := context.Background()
	f := newFixture(b, st, []string{"17299", "17306", "17200"})
	if _, err := f.svc.ImportFiles(ctx, files); err != nil {
		b.Fatal(err)
	}
	cpu := cpuTime()
	for b.Loop() {
		svc := fragilityindex.New(fragilitystore.New(st), func() time.Time { return t0 })
		if _, err := svc.Index(ctx, f.coordinator, fragilityindex.Query{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestOfferAndActivityOfTheDemo: the demo territory's places and
// accompaniments are counted per commune, on both databases.
func TestOfferAndActivityOfTheDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		d, err := demo.Load(ctx, st, t0)
		if err != nil {
			t.Fatal(err)
		}
		svc := fragilityindex.New(fragilitystore.New(st), func() time.Time { return t0 })
		if _, err := svc.ImportFiles(ctx, smallFiles()); err != nil {
			t.Fatal(err)
		}
		a, err := st.ActorForMembership(ctx, d.Users[account.RoleCoordination], d.Structures[demo.CCAS])
		if err != nil {
			t.Fatal(err)
		}
		ix, err := svc.Index(ctx, a, fragilityindex.Query{})
		if err != nil {
			t.Fatal(err)
		}
		var places, accompanied int
		for _, r := range ix.Rows {
			places += r.Places
			accompanied += r.Accompanied
			if r.Code == demo.CentreCode && (r.Places == 0 || r.PlacesPer10k <= 0 || r.Population == 0) {
				t.Errorf("Rochefort: %+v", r)
			}
		}
		if places == 0 || accompanied == 0 || len(ix.Rows) != len(d.Communes) {
			t.Fatalf("offer %d, accompanied %d, rows %d of %d communes", places, accompanied, len(ix.Rows), len(d.Communes))
		}
	})
}
