package places_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TestWhoKeepsWhichPlaceTrue runs the rules of the package documentation
// on both databases, reading what was stored, not only the answers.
func TestWhoKeepsWhichPlaceTrue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		svc := places.New(placestore.New(st), func() time.Time { return now })
		actor := func(role account.Role) *account.Actor {
			a, err := st.ActorForMembership(ctx, d.Users[role], d.Structures[demo.CCAS])
			if role == account.RolePartner {
				a, err = st.ActorForMembership(ctx, d.Users[role], d.Structures[demo.FranceServices])
			}
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		mediation, coordination, partner, admin := actor(account.RoleMediation), actor(account.RoleCoordination), actor(account.RolePartner), actor(account.RoleAdmin)
		all, err := placestore.New(st).PlacesInTerritory(ctx, scope.Platform())
		if err != nil {
			t.Fatal(err)
		}
		var ccas, unowned place.Place
		for _, p := range all {
			if p.StructureID == d.Structures[demo.CCAS] && ccas.ID == 0 && p.Open() {
				ccas = p
			}
			if p.StructureID == 0 && unowned.ID == 0 && p.Open() {
				unowned = p
			}
		}
		outsider := structure.Structure{Name: "Hors territoire", Typology: "ASSO", RNA: "W759999999", CommuneCode: "75056", Address: "1 rue de Rivoli"}
		if err := st.CreateStructure(ctx, &outsider, now); err != nil {
			t.Fatal(err)
		}
		far := place.Place{StructureID: outsider.ID, Source: place.SourceParcours, Pivot: "W759999999", Name: "Lieu parisien",
			Commune: "Paris", PostalCode: "75001", InseeCode: "75056", Address: "1 rue de Rivoli", UpdatedOn: now, Status: place.StatusOpen}
		if err := placestore.New(st).CreatePlace(ctx, &far, now); err != nil {
			t.Fatal(err)
		}

		rename := func(a *account.Actor, p place.Place, name string) error {
			sh, err := svc.Sheet(ctx, a, p.ID, 0)
			if err != nil {
				return err
			}
			in := places.InputOf(&sh.Place)
			in.Name = name
			_, err = svc.Update(ctx, a, p.ID, places.Version(&sh.Place), in)
			return err
		}
		t.Run("Edit", func(t *testing.T) {
			for _, tc := range []struct {
				who  *account.Actor
				p    place.Place
				want apperr.Code // "" when allowed
			}{
				{mediation, ccas, ""},
				{partner, ccas, apperr.NotFound},
				{mediation, unowned, apperr.NotFound},
				{coordination, unowned, ""},
				{partner, far, apperr.NotFound},
				{coordination, far, apperr.NotFound},
				{admin, far, ""},
			} {
				name := "Renommé par " + string(tc.who.Role())
				err := rename(tc.who, tc.p, name)
				got, _ := placestore.New(st).Place(ctx, tc.p.ID)
				if apperr.CodeOf(err) != tc.want && !(tc.want == "" && err == nil) {
					t.Errorf("%s edits %q: %v, want %q", tc.who.Role(), tc.p.Name, err, tc.want)
				}
				if (got.Name == name) != (tc.want == "") {
					t.Errorf("%s edits %q: stored name %q", tc.who.Role(), tc.p.Name, got.Name)
				}
				if got.StructureID != tc.p.StructureID {
					t.Errorf("an edit changed the owner of %q", tc.p.Name)
				}
			}
		})
		t.Run("StaleVersion", func(t *testing.T) {
			sh, _ := svc.Sheet(ctx, mediation, ccas.ID, 0)
			in := places.InputOf(&sh.Place)
			in.Name = "Écrasé"
			if _, err := svc.Update(ctx, mediation, ccas.ID, "1", in); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("an old version saved: %v", err)
			}
		})
		t.Run("Reports", func(t *testing.T) {
			onFar, err := svc.ReportPublic(ctx, far.ID, places.NewReport{Section: placereport.SectionHours, Correction: "Fermé le lundi.", SenderKey: "k"})
			if err != nil {
				t.Fatal(err)
			}
			onUnowned, err := svc.ReportPublic(ctx, unowned.ID, places.NewReport{Section: placereport.SectionGone, Correction: "Fermé pour de bon.", SenderKey: "k"})
			if err != nil {
				t.Fatal(err)
			}
			ids := func(a *account.Actor) []int64 {
				q, err := svc.Reports(ctx, a, "")
				if err != nil {
					t.Fatal(err)
				}
				var out []int64
				for _, r := range q.Rows {
					out = append(out, r.Report.ID)
				}
				return out
			}
			if got := ids(coordination); !slices.Contains(got, onUnowned.ID) || slices.Contains(got, onFar.ID) {
				t.Errorf("the coordination's queue: %v", got)
			}
			if got := ids(partner); slices.Contains(got, onUnowned.ID) || slices.Contains(got, onFar.ID) {
				t.Errorf("a partner sees reports on places it does not keep: %v", got)
			}
			if got := ids(admin); !slices.Contains(got, onFar.ID) {
				t.Errorf("the platform's queue lacks a report: %v", got)
			}
			if _, err := svc.Decide(ctx, partner, onUnowned.ID, placereport.Decision{Status: placereport.StatusRejected, Note: "Non"}); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("a partner decides a report it does not see: %v", err)
			}
			row, err := svc.Decide(ctx, coordination, onUnowned.ID, placereport.Decision{Status: placereport.StatusDone})
			if err != nil || row.Report.Status != placereport.StatusDone || row.Report.DecidedBy != coordination.User.ID {
				t.Fatalf("the coordination accepts: %+v %v", row.Report, err)
			}
			if _, err := svc.Decide(ctx, coordination, onUnowned.ID, placereport.Decision{Status: placereport.StatusRejected, Note: "Non"}); !apperr.Is(err, apperr.Conflict) {
				t.Errorf("decided twice: %v", err)
			}
		})
		t.Run("Assign", func(t *testing.T) {
			if _, _, err := svc.Assign(ctx, coordination, unowned.ID, outsider.ID); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("handed to a structure outside the territory: %v", err)
			}
			if _, _, err := svc.Assign(ctx, mediation, unowned.ID, d.Structures[demo.CCAS]); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("a mediator hands places over: %v", err)
			}
			if _, _, err := svc.Assign(ctx, coordination, unowned.ID, d.Structures[demo.FranceServices]); err != nil {
				t.Fatal(err)
			}
			if got, _ := placestore.New(st).Place(ctx, unowned.ID); got.StructureID != d.Structures[demo.FranceServices] {
				t.Fatalf("owner %d", got.StructureID)
			}
			if err := rename(coordination, unowned, "Plus à la coordination"); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("the coordination still edits a place a structure now keeps: %v", err)
			}
		})
		t.Run("Mine", func(t *testing.T) {
			o, err := svc.Mine(ctx, partner)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range append(o.Open, o.Closed...) {
				if r.Place.StructureID != d.Structures[demo.FranceServices] {
					t.Errorf("another structure's place in the list: %q", r.Place.Name)
				}
			}
		})
	})
}
