package passes_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/pdfdoc/pdfdoctest"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/service/passes"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// world: a funder (a département's coordination), a distributor (a CCAS),
// a partner whose place accepts passes, and another partner's place that
// does not.
type world struct {
	st          *store.Store
	clk         *clock
	svc         *passes.Service
	funder      *account.Actor
	distributor *account.Actor
	placeStaff  *account.Actor
	otherStaff  *account.Actor
	distID      int64
	placeID     int64
	plainPlace  int64
	person      int64
}

func member(t *testing.T, st *store.Store, name, email string, role account.Role, now time.Time) (*account.Actor, int64) {
	t.Helper()
	ctx := context.Background()
	s := structure.Structure{Name: name, Typology: "ASSO", CommuneCode: "92050"}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, now); err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: name, StructureID: s.ID, Role: role}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ActorForMembership(ctx, id, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a, s.ID
}

func addPlace(t *testing.T, st *store.Store, structureID int64, name string, accepts bool, now time.Time) int64 {
	t.Helper()
	p := &place.Place{StructureID: structureID, Source: place.SourceParcours, Pivot: "21920050300019", Name: name, Commune: "Nanterre",
		PostalCode: "92000", InseeCode: "92050", Address: "1 rue de la Mairie", UpdatedOn: now}
	if accepts {
		p.OtherLabels = []string{"Pass numérique"}
	}
	p.Normalize()
	if err := placestore.New(st).CreatePlace(context.Background(), p, now); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	w := &world{st: st, clk: &clock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, frtime.Paris)}}
	now := w.clk.Now()
	w.funder, _ = member(t, st, "Département des Hauts-de-Seine", "pass@cd92.fr", account.RoleCoordination, now)
	w.distributor, w.distID = member(t, st, "CCAS de Nanterre", "ccas@nanterre.fr", account.RoleReception, now)
	var placeStructure, otherStructure int64
	w.placeStaff, placeStructure = member(t, st, "Le Patio", "patio@exemple.fr", account.RolePartner, now)
	w.otherStaff, otherStructure = member(t, st, "Espace libre", "libre@exemple.fr", account.RolePartner, now)
	w.placeID = addPlace(t, st, placeStructure, "Le Patio numérique", true, now)
	w.plainPlace = addPlace(t, st, otherStructure, "Espace libre", false, now)
	p := person.Person{Kind: person.Followed, FirstName: "Karim", LastName: "Benali", Status: person.InProgress}
	if err := st.CreatePerson(context.Background(), w.distributor.Scope(), &p, nil, journal.By(w.distributor, journal.Create, "test"), now); err != nil {
		t.Fatal(err)
	}
	w.person = p.ID
	w.svc = passes.New(passstore.New(st), w.clk.Now)
	return w
}

func numbers(prefix string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("%s-%02d", prefix, i))
	}
	return out
}

func fields(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return nil
}

// distributed records a typed carnet, allocates it and hands it to the person.
func (w *world) distributed(t *testing.T, id string, validUntil string) pass.Carnet {
	t.Helper()
	ctx := context.Background()
	c, err := w.svc.RecordCarnet(ctx, w.funder, pass.NewCarnet{Identifier: id, ValidUntil: validUntil, Numbers: numbers(id, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Allocate(ctx, w.funder, []int64{c.ID}, w.distID); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.Distribute(ctx, w.distributor, passes.Handover{CarnetID: c.ID, PersonID: w.person, Criteria: []string{"minima_sociaux"}}); err != nil {
		t.Fatal(err)
	}
	c, err = w.svc.Carnet(ctx, w.distributor, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCarnetFromFunderToRedeemedPass: a typed carnet goes from the funder
// to a distributor, to a person with its criteria journaled, and one of its
// passes is redeemed at a qualified place; every refusal says why.
func TestCarnetFromFunderToRedeemedPass(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		t.Run("ErrCarnetSize", func(t *testing.T) {
			_, err := w.svc.RecordCarnet(ctx, w.funder, pass.NewCarnet{Identifier: "X1", ValidUntil: "31/12/2026", Numbers: numbers("X1", 4)})
			if fields(err)["passes"] == "" {
				t.Fatalf("a carnet of 4 passes is refused on passes: %v", err)
			}
		})
		t.Run("ErrNotFunder", func(t *testing.T) {
			_, err := w.svc.RecordCarnet(ctx, w.distributor, pass.NewCarnet{Identifier: "X2", ValidUntil: "31/12/2026", Numbers: numbers("X2", 5)})
			if e, _ := apperr.As(err); e == nil || e.Code != apperr.Forbidden {
				t.Fatalf("a distributor does not record carnets: %v", err)
			}
		})
		c, err := w.svc.RecordCarnet(ctx, w.funder, pass.NewCarnet{Identifier: "cd92 0001", ValidUntil: "31/12/2026", Numbers: numbers("P0001", 10)})
		if err != nil {
			t.Fatal(err)
		}
		if c.Identifier != "CD920001" || len(c.Passes) != 10 || c.Source != pass.Typed {
			t.Fatalf("carnet %+v", c)
		}
		if _, err := w.svc.RecordCarnet(ctx, w.funder, pass.NewCarnet{Identifier: "CD92-0002", ValidUntil: "31/12/2026", Numbers: numbers("P0001", 5)}); fields(err)["passes"] == "" {
			t.Fatalf("passes already in another carnet are refused: %v", err)
		}
		// Not distributed yet: refused at the place.
		if _, err := w.svc.Redeem(ctx, w.placeStaff, passes.Redeem{PlaceID: w.placeID, Number: "P0001-01", Theme: "email"}); !strings.Contains(fields(err)["numero"], "pas encore été remis") {
			t.Fatalf("an undistributed pass is refused: %v", err)
		}
		if err := w.svc.Distribute(ctx, w.distributor, passes.Handover{CarnetID: c.ID, PersonID: w.person, Criteria: []string{"minima_sociaux"}}); err == nil {
			t.Fatal("a carnet not allocated to the distributor cannot be handed out")
		}
		if _, err := w.svc.Allocate(ctx, w.funder, []int64{c.ID}, w.distID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Distribute(ctx, w.distributor, passes.Handover{CarnetID: c.ID, PersonID: w.person}); fields(err)["criteres"] == "" {
			t.Fatalf("criteria are required: %v", err)
		}
		if err := w.svc.Distribute(ctx, w.distributor, passes.Handover{CarnetID: c.ID, PersonID: w.person, Criteria: []string{"minima_sociaux", "demarches_en_cours"}}); err != nil {
			t.Fatal(err)
		}
		entries, _, err := st.ListJournal(ctx, w.distributor.Scope(), store.JournalFilter{PersonID: w.person, Limit: 10})
		if err != nil || len(entries) < 2 || !strings.Contains(entries[0].What, "CD920001 remis") {
			t.Fatalf("the handover is journaled on the person: %+v %v", entries, err)
		}
		got, err := w.svc.Carnet(ctx, w.distributor, c.ID)
		if err != nil || !got.Distributed() || strings.Join(got.Criteria, ",") != "minima_sociaux,demarches_en_cours" {
			t.Fatalf("distributed carnet %+v %v", got, err)
		}
		if _, err := w.svc.Carnet(ctx, w.placeStaff, c.ID); err == nil {
			t.Fatal("a place does not read carnets")
		}
		t.Run("ErrPlaceNotQualified", func(t *testing.T) {
			_, err := w.svc.Redeem(ctx, w.otherStaff, passes.Redeem{PlaceID: w.plainPlace, Number: "P0001-01", Theme: "email"})
			if fields(err)["lieu"] == "" {
				t.Fatalf("a place that does not accept passes is refused: %v", err)
			}
			_, err = w.svc.Redeem(ctx, w.otherStaff, passes.Redeem{PlaceID: w.placeID, Number: "P0001-01", Theme: "email"})
			if fields(err)["lieu"] == "" {
				t.Fatalf("another structure's place is refused: %v", err)
			}
		})
		p, err := w.svc.Redeem(ctx, w.placeStaff, passes.Redeem{PlaceID: w.placeID, Number: " p0001-01 ", Theme: "email"})
		if err != nil || p.Number != "P000101" || p.PlaceName != "Le Patio numérique" {
			t.Fatalf("redeemed %+v %v", p, err)
		}
		if _, err := w.svc.Redeem(ctx, w.placeStaff, passes.Redeem{PlaceID: w.placeID, Number: "P0001-01", Theme: "email"}); !strings.Contains(fields(err)["numero"], "déjà été utilisé le 10 mars 2026") {
			t.Fatalf("a second redemption is refused with the date: %v", err)
		}
		if _, err := w.svc.Redeem(ctx, w.placeStaff, passes.Redeem{PlaceID: w.placeID, Number: "NOPE", Theme: "email"}); !strings.Contains(fields(err)["numero"], "Aucun pass") {
			t.Fatalf("an unknown number is refused: %v", err)
		}
		// After the end of validity.
		w.clk.Set(time.Date(2027, 1, 1, 10, 0, 0, 0, frtime.Paris))
		if _, err := w.svc.Redeem(ctx, w.placeStaff, passes.Redeem{PlaceID: w.placeID, Number: "P0001-02", Theme: "email"}); !strings.Contains(fields(err)["numero"], "n'est plus valable depuis le 1 janvier 2027") &&
			!strings.Contains(fields(err)["numero"], "n'est plus valable depuis le 1er janvier 2027") {
			t.Fatalf("an expired pass is refused: %v", err)
		}
	})
}

// TestPassRedeemedOnceAcrossInstances: two instances (two stores on one
// PostgreSQL database) and many goroutines present the same passes at once;
// each pass is redeemed exactly once. SQLite runs the same race in one
// process.
func TestPassRedeemedOnceAcrossInstances(t *testing.T) {
	run := func(t *testing.T, a, b *store.Store) {
		ctx := context.Background()
		w := newWorld(t, a)
		c := w.distributed(t, "RACE", "2026-12-31")
		svcs := []*passes.Service{passes.New(passstore.New(a), w.clk.Now), passes.New(passstore.New(b), w.clk.Now)}
		var wins, losses atomic.Int64
		won := make([]atomic.Int64, len(c.Passes))
		var wg sync.WaitGroup
		for g := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				svc := svcs[g%2]
				for i, p := range c.Passes {
					_, err := svc.Redeem(ctx, w.placeStaff, passes.Redeem{PlaceID: w.placeID, Number: p.Number, Theme: "email"})
					switch {
					case err == nil:
						wins.Add(1)
						won[i].Add(1)
					case strings.Contains(fields(err)["numero"], "déjà été utilisé"):
						losses.Add(1)
					default:
						t.Errorf("unexpected error: %v", err)
					}
				}
			}()
		}
		wg.Wait()
		for i := range won {
			if n := won[i].Load(); n != 1 {
				t.Errorf("pass %s redeemed %d times", c.Passes[i].Number, n)
			}
		}
		if wins.Load() != int64(len(c.Passes)) || losses.Load() != int64(16*len(c.Passes)-len(c.Passes)) {
			t.Fatalf("%d redemptions, %d refusals", wins.Load(), losses.Load())
		}
		t.Logf("%d attempts on %d passes: %d redeemed, %d refused", 16*len(c.Passes), len(c.Passes), wins.Load(), losses.Load())
	}
	t.Run("postgres", func(t *testing.T) {
		url := storetest.PostgresDatabaseURL(t)
		open := func() *store.Store {
			st, err := store.Open(context.Background(), store.Config{DatabaseURL: url})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			return st
		}
		run(t, open(), open())
	})
	t.Run("sqlite", func(t *testing.T) {
		st := storetest.SQLite(t)
		run(t, st, st)
	})
}

const issuerList = "\ufeffN° carnet;N° pass;Date fin validité;Valeur\n" +
	"A100;A100-1;31/12/2026;10\nA100;A100-2;31/12/2026;10\nA100;A100-3;31/12/2026;10\nA100;A100-4;31/12/2026;10\nA100;A100-5;31/12/2026;10,00 €\n" +
	"\n" +
	"B200;B200-1;2026-12-31;10\nB200;B200-2;2026-12-31;10\nB200;B200-3;2026-12-31;10\nB200;B200-4;2026-12-31;10\nB200;B200-5;2026-12-31;10\n"

// TestImportIssuerList: an issuer's list is recorded whole, or not at all
// with each line's reason; a second import of the same list changes nothing.
func TestImportIssuerList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		t.Run("ErrOneBadLineRecordsNothing", func(t *testing.T) {
			bad := issuerList + "C300;C300-1;31/12/2026;10\nC300;C300-2;31/12/2026;20\nC300;C300-3;31/12/2026;10\nC300;C300-4;32/12/2026;10\nC300;C300-5;31/12/2026;10\nC300;C300-1;31/12/2026;10\n"
			imp, err := w.svc.ImportIssuerList(ctx, w.funder, strings.NewReader(bad))
			if err != nil {
				t.Fatal(err)
			}
			if imp.Recorded != 0 || len(imp.List.Rows) != 16 {
				t.Fatalf("recorded %d, rows %d", imp.Recorded, len(imp.List.Rows))
			}
			want := map[int]string{13: "Valeur différente", 15: "Date de fin", 17: "Pass déjà présent ligne 12", 12: "compte 3 pass", 2: ""}
			for _, r := range imp.List.Rows {
				if m, ok := want[r.Line]; ok && !strings.Contains(r.Error, m) || (m == "" && ok && r.Error != "") {
					t.Errorf("line %d: %q, want %q", r.Line, r.Error, m)
				}
			}
			if got, _ := w.svc.Carnets(ctx, w.funder, false); len(got) != 0 {
				t.Fatalf("nothing recorded, got %d carnets", len(got))
			}
		})
		imp, err := w.svc.ImportIssuerList(ctx, w.funder, strings.NewReader(issuerList))
		if err != nil || imp.Recorded != 2 || imp.List.Refused() != 0 || len(imp.List.Rows) != 10 {
			t.Fatalf("import %+v %v", imp, err)
		}
		again, err := w.svc.ImportIssuerList(ctx, w.funder, strings.NewReader(issuerList))
		if err != nil || again.Recorded != 0 || again.List.Refused() != 10 || !strings.Contains(again.List.Rows[0].Error, "déjà enregistré") {
			t.Fatalf("second import %+v %v", again, err)
		}
		list, _ := w.svc.Carnets(ctx, w.funder, false)
		if len(list) != 2 || list[0].Source != pass.FromImport || list[0].ValidUntil != "2026-12-31" {
			t.Fatalf("carnets %+v", list)
		}
		if _, err := w.svc.ImportIssuerList(ctx, w.funder, strings.NewReader("nom;prenom\nA;B\n")); err == nil {
			t.Fatal("a file without the columns is refused")
		}
	})
}

// TestStatementAndFigures: the place's monthly statement lists its passes
// of the month (PDF read back with pdftotext, XLSX with excelize), and the
// funder's figures count issued, distributed, started, used by place and
// theme, and expired unused.
func TestStatementAndFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		c := w.distributed(t, "S1", "2026-06-30")
		w.distributed(t, "S2", "2026-04-30")
		if _, err := w.svc.RecordCarnet(ctx, w.funder, pass.NewCarnet{Identifier: "S3", ValidUntil: "2026-12-31", Numbers: numbers("S3", 10)}); err != nil {
			t.Fatal(err)
		}
		redeem := func(at time.Time, n int, theme string) {
			w.clk.Set(at)
			if _, err := w.svc.Redeem(ctx, w.placeStaff, passes.Redeem{PlaceID: w.placeID, Number: c.Passes[n].Number, Theme: theme}); err != nil {
				t.Fatal(err)
			}
		}
		redeem(time.Date(2026, 3, 31, 23, 30, 0, 0, frtime.Paris), 0, "email") // March in Paris, April in UTC
		redeem(time.Date(2026, 4, 1, 0, 30, 0, 0, frtime.Paris), 1, "sante")
		redeem(time.Date(2026, 4, 15, 10, 0, 0, 0, frtime.Paris), 2, "sante")
		s, err := w.svc.Statement(ctx, w.placeStaff, w.placeID, "2026-04")
		if err != nil || len(s.Lines) != 2 || s.TotalCents() != 2000 || pass.Euros(s.TotalCents()) != "20,00 €" {
			t.Fatalf("April statement %+v %v", s, err)
		}
		if other, err := w.svc.Statement(ctx, w.otherStaff, 0, "2026-04"); err != nil || len(other.Lines) != 0 {
			t.Fatalf("another place's statement is empty: %+v %v", other, err)
		}
		pdf, err := s.PDF(passes.ThemeLabel)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf)
		for _, want := range []string{"Relevé des Pass numérique - avril 2026", "Le Patio numérique", "S102", "S103", "Département des Hauts-de-Seine", "20,00 €", "2 pass encaissés"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, "S101") {
			t.Error("a pass of March is not on April's statement")
		}
		xl, err := s.XLSX(passes.ThemeLabel)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(xl))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("Relevé")
		if err != nil || len(rows) != 7 || rows[4][1] != "S102" && rows[4][1] != "S1-02" || rows[6][0] != "Total" || rows[6][6] != "20" {
			t.Fatalf("XLSX rows %q %v", rows, err)
		}
		w.clk.Set(time.Date(2026, 5, 2, 10, 0, 0, 0, frtime.Paris))
		fig, err := w.svc.Figures(ctx, w.funder)
		if err != nil {
			t.Fatal(err)
		}
		if fig.CarnetsIssued != 3 || fig.CarnetsAllocated != 2 || fig.CarnetsDistributed != 2 || fig.CarnetsStarted != 1 ||
			fig.PassesIssued != 20 || fig.PassesRedeemed != 3 || fig.PassesExpired != 5 {
			t.Fatalf("figures %+v", fig)
		}
		if len(fig.ByPlace) != 1 || fig.ByPlace[0].N != 3 || fig.ByPlace[0].Label != "Le Patio numérique" ||
			len(fig.ByTheme) != 2 || fig.ByTheme[0].Key != "sante" || fig.ByTheme[0].N != 2 || !strings.HasPrefix(fig.ByTheme[0].Label, "Santé") {
			t.Fatalf("by place %+v, by theme %+v", fig.ByPlace, fig.ByTheme)
		}
		if _, err := w.svc.Figures(ctx, w.distributor); err == nil {
			t.Fatal("a distributor does not read the funder's figures")
		}
	})
}

func pdfText(t *testing.T, pdf []byte) string { return pdfdoctest.Text(t, pdf, true) }
