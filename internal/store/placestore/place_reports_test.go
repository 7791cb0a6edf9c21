package placestore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func TestPlaceReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		owner := newStructure(t, st, "Propriétaire", 0)
		other := newStructure(t, st, "Autre", 0)
		moderator, err := st.CreateUser(ctx, account.NewUser{Email: "moderation@exemple.fr", Name: "Mona Modératrice", StructureID: owner.ID, Role: account.RoleMediation}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		owned := samplePlace("Espace numérique du Centre", owner.ID) // Rochefort, 17299
		national := samplePlace("Point numérique national", 0)
		national.Source, national.SourceID = "conseiller-numerique", "cn-1"
		elsewhere := samplePlace("Ailleurs", other.ID)
		elsewhere.InseeCode, elsewhere.PostalCode, elsewhere.Commune = "75056", "75001", "Paris"
		if err := st.CreatePlace(ctx, owned, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.CreatePlace(ctx, national, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.CreatePlace(ctx, elsewhere, t0); err != nil {
			t.Fatal(err)
		}

		file := func(placeID int64, section placereport.Section, key string, at time.Time) placereport.Report {
			t.Helper()
			r := placereport.Report{PlaceID: placeID, Section: section, Correction: "Fermé le lundi.", Contact: "lea@exemple.fr"}
			if err := st.CreatePlaceReport(ctx, &r, key, at); err != nil {
				t.Fatal(err)
			}
			return r
		}
		onOwned := file(owned.ID, placereport.SectionHours, "k1", t0)
		onNational := file(national.ID, placereport.SectionGone, "k1", t0.Add(time.Minute))
		onElsewhere := file(elsewhere.ID, placereport.SectionContact, "k2", t0.Add(2*time.Minute))

		terr := structure.Territory{Name: "Pays rochefortais", CommuneCodes: []string{"17299", "17449"}}
		if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
			t.Fatal(err)
		}
		ownerScope := scope.OfStructure(owner.ID)
		territory := scope.OfTerritory(terr.ID)
		otherScope := scope.OfStructure(other.ID)

		ids := func(rs []placereport.Report) []int64 {
			var out []int64
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		same := func(got []int64, want ...int64) bool {
			if len(got) != len(want) {
				return false
			}
			for i := range got {
				if got[i] != want[i] {
					return false
				}
			}
			return true
		}

		t.Run("UnknownPlace", func(t *testing.T) {
			r := placereport.Report{PlaceID: 999999, Section: placereport.SectionOther, Correction: "x"}
			if err := st.CreatePlaceReport(ctx, &r, "", t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("report on a missing place: %v", err)
			}
		})
		t.Run("Scopes", func(t *testing.T) {
			for _, tc := range []struct {
				name string
				list func() ([]placereport.Report, error)
				want []int64
			}{
				{"owner sees its places only, not unowned ones", func() ([]placereport.Report, error) {
					return st.PlaceReports(ctx, ownerScope, placestore.ReportFilter{})
				}, []int64{onOwned.ID}},
				{"coordinator sees its territory's places, owned or not", func() ([]placereport.Report, error) {
					return st.PlaceReportsInTerritory(ctx, territory, placestore.ReportFilter{})
				}, []int64{onNational.ID, onOwned.ID}},
				{"another structure sees only its own", func() ([]placereport.Report, error) {
					return st.PlaceReports(ctx, otherScope, placestore.ReportFilter{})
				}, []int64{onElsewhere.ID}},
				{"the platform sees all", func() ([]placereport.Report, error) {
					return st.PlaceReportsInTerritory(ctx, scope.Platform(), placestore.ReportFilter{})
				}, []int64{onElsewhere.ID, onNational.ID, onOwned.ID}},
			} {
				got, err := tc.list()
				if err != nil {
					t.Fatal(err)
				}
				if !same(ids(got), tc.want...) {
					t.Errorf("%s: got %v, want %v", tc.name, ids(got), tc.want)
				}
			}
			if _, err := st.PlaceReports(ctx, scope.Structure{}, placestore.ReportFilter{}); !errors.Is(err, scope.ErrMissing) {
				t.Errorf("a zero structure scope: %v", err)
			}
			if _, err := st.PlaceReportsInTerritory(ctx, scope.Territory{}, placestore.ReportFilter{}); !errors.Is(err, scope.ErrMissing) {
				t.Errorf("a zero territory scope: %v", err)
			}
			if r, err := st.PlaceReportInTerritory(ctx, territory, onNational.ID); err != nil || r.PlaceStructureID != 0 {
				t.Fatalf("the coordinator reads a report on an unowned place: %+v %v", r, err)
			}
			if _, err := st.PlaceReportInTerritory(ctx, territory, onElsewhere.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("the coordinator reads a report outside its territory: %v", err)
			}
			r, err := st.PlaceReport(ctx, ownerScope, onOwned.ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.PlaceName != owned.Name || r.PlaceStructureID != owner.ID || r.PlaceInseeCode != "17299" || r.Contact != "lea@exemple.fr" ||
				r.Section != placereport.SectionHours || r.Status != placereport.StatusNew || !r.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
				t.Fatalf("read back: %+v", r)
			}
			if _, err := st.PlaceReport(ctx, otherScope, onOwned.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure reads a report: %v", err)
			}
			if _, err := st.PlaceReport(ctx, ownerScope, onNational.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure reads a report on an unowned place: %v", err)
			}
		})
		t.Run("OpenCounts", func(t *testing.T) {
			counts, err := st.OpenPlaceReportCountsInTerritory(ctx, territory)
			if err != nil {
				t.Fatal(err)
			}
			if counts[owned.ID] != 1 || counts[national.ID] != 1 || counts[elsewhere.ID] != 0 {
				t.Fatalf("counts %v", counts)
			}
			own, err := st.OpenPlaceReportCounts(ctx, ownerScope)
			if err != nil || len(own) != 1 || own[owned.ID] != 1 {
				t.Fatalf("the owner's counts %v %v", own, err)
			}
		})
		t.Run("RateLimitKeys", func(t *testing.T) {
			n, err := st.CountRecentPlaceReports(ctx, "k1", t0.Add(-time.Hour))
			if err != nil || n != 2 {
				t.Fatalf("k1: %d, %v", n, err)
			}
			if n, _ := st.CountRecentPlaceReports(ctx, "k1", t0.Add(30*time.Second)); n != 1 {
				t.Fatalf("k1 since t0+30s: %d", n)
			}
			if n, _ := st.CountRecentPlaceReports(ctx, "", t0.Add(-time.Hour)); n != 0 {
				t.Fatalf("no key counts nothing: %d", n)
			}
		})
		t.Run("Decide", func(t *testing.T) {
			if err := st.DecidePlaceReport(ctx, otherScope, onOwned.ID, placereport.Decision{Status: placereport.StatusDone}, moderator, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure decides: %v", err)
			}
			if err := st.DecidePlaceReport(ctx, ownerScope, onOwned.ID, placereport.Decision{Status: "peut-etre"}, moderator, t0); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("unknown decision: %v", err)
			}
			at := t0.Add(time.Hour)
			if err := st.DecidePlaceReport(ctx, ownerScope, onOwned.ID, placereport.Decision{Status: placereport.StatusDone, Note: "Horaires corrigés."}, moderator, at); err != nil {
				t.Fatal(err)
			}
			r, err := st.PlaceReport(ctx, ownerScope, onOwned.ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != placereport.StatusDone || r.Note != "Horaires corrigés." || r.DecidedBy != moderator || r.Decider != "Mona Modératrice" ||
				!r.DecidedAt.Equal(at.Truncate(time.Microsecond)) || r.Contact != "" {
				t.Fatalf("decided: %+v", r)
			}
			if err := st.DecidePlaceReportInTerritory(ctx, territory, onElsewhere.ID, placereport.Decision{Status: placereport.StatusRejected}, moderator, at); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("the coordinator decides outside its territory: %v", err)
			}
			err = st.DecidePlaceReportInTerritory(ctx, territory, onOwned.ID, placereport.Decision{Status: placereport.StatusRejected, Note: "Non"}, moderator, at)
			if !apperr.Is(err, apperr.Conflict) || apperr.MessageOf(err) != "Ce signalement a déjà été traité par Mona Modératrice." {
				t.Fatalf("second decision: %v", err)
			}
			open, err := st.PlaceReportsInTerritory(ctx, territory, placestore.ReportFilter{Status: placereport.StatusNew})
			if err != nil || !same(ids(open), onNational.ID) {
				t.Fatalf("open reports: %v %v", ids(open), err)
			}
			byPlace, err := st.PlaceReportsInTerritory(ctx, territory, placestore.ReportFilter{PlaceID: owned.ID})
			if err != nil || !same(ids(byPlace), onOwned.ID) {
				t.Fatalf("reports of a place: %v %v", ids(byPlace), err)
			}
		})
		t.Run("SenderKeysErasedAfterADay", func(t *testing.T) {
			later := t0.Add(placereport.SenderKeyKept + time.Hour)
			file(owned.ID, placereport.SectionOther, "k3", later)
			if n, _ := st.CountRecentPlaceReports(ctx, "k1", t0.Add(-time.Hour)); n != 0 {
				t.Fatalf("k1 is kept beyond a day: %d reports still carry it", n)
			}
			if n, _ := st.CountRecentPlaceReports(ctx, "k3", later.Add(-time.Minute)); n != 1 {
				t.Fatalf("k3: %d", n)
			}
		})
	})
}
