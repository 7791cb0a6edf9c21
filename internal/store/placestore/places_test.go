package placestore_test

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func samplePlace(name string, structureID int64) *place.Place {
	p := &place.Place{
		StructureID: structureID, Source: place.SourceParcours, Pivot: "21170168700017", Name: name,
		Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "1 rue de la République",
		Latitude: 45.94, Longitude: -0.96, HasCoords: true, CoordsFrom: place.CoordsFromSource,
		Phone: "05 46 00 00 00", Emails: []string{"contact@exemple.fr"}, Hours: "Mo-Fr 09:00-12:00",
		Services: []string{"Aide aux démarches administratives", "Accès internet et matériel informatique"},
		Fees:     []string{"Gratuit"}, TrainingLabels: []string{place.EtapesNumeriquesUnspaced},
		UpdatedOn: time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC),
		Unknown:   map[string][]string{"services": {"Valeur inconnue"}},
	}
	p.Normalize()
	return p
}

func TestPlaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		owner := newStructure(t, st, "Propriétaire", 0)
		other := newStructure(t, st, "Autre", 0)
		a := samplePlace("Espace numérique du Centre", owner.ID)
		if err := a.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := st.CreatePlace(ctx, a, t0); err != nil {
			t.Fatal(err)
		}
		b := samplePlace("Médiathèque", 0)
		b.Source, b.SourceID = "conseiller-numerique", "abc-1"
		b.InseeCode, b.PostalCode, b.Commune = "2A004", "20000", "Ajaccio"
		b.HasCoords = false
		b.Services = []string{"Loisirs et créations numériques"}
		if err := st.CreatePlace(ctx, b, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		dup := samplePlace("Doublon", 0)
		dup.Source, dup.SourceID = "conseiller-numerique", "abc-1"
		if err := st.CreatePlace(ctx, dup, t0); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("same source and id twice: %v", err)
		}

		t.Run("RoundTrip", func(t *testing.T) {
			got, err := st.Place(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Phone != "+33546000000" || !got.HasCoords || got.Latitude != 45.94 || !reflect.DeepEqual(got.Services, a.Services) ||
				!got.UpdatedOn.Equal(a.UpdatedOn) || got.TrainingLabels[0] != place.EtapesNumeriques || got.Unknown["services"][0] != "Valeur inconnue" ||
				got.StructureID != owner.ID || got.Status != place.StatusOpen {
				t.Fatalf("got %+v", got)
			}
			gb, _ := st.Place(ctx, b.ID)
			if gb.HasCoords || gb.StructureID != 0 || gb.Department() != "2A" {
				t.Fatalf("b: %+v", gb)
			}
		})
		t.Run("ScopedToOwner", func(t *testing.T) {
			if _, err := st.StructurePlace(ctx, scope.OfStructure(owner.ID), a.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.StructurePlace(ctx, scope.OfStructure(other.ID), a.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure's place: %v", err)
			}
			if _, err := st.StructurePlace(ctx, scope.Structure{}, a.ID); !errors.Is(err, scope.ErrMissing) {
				t.Fatalf("a zero scope: %v", err)
			}
			mine, err := st.StructurePlaces(ctx, scope.OfStructure(owner.ID))
			if err != nil || len(mine) != 1 || mine[0].ID != a.ID {
				t.Fatalf("the owner's places: %v %v", mine, err)
			}
			if theirs, _ := st.StructurePlaces(ctx, scope.OfStructure(other.ID)); len(theirs) != 0 {
				t.Fatalf("another structure lists %d places", len(theirs))
			}
			b.Name = "Médiathèque renommée par un autre"
			if err := st.UpdatePlace(ctx, scope.OfStructure(other.ID), b, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure updates an unowned place: %v", err)
			}
			a2 := *a
			a2.Name = "Volé"
			if err := st.UpdatePlace(ctx, scope.OfStructure(other.ID), &a2, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure updates another's place: %v", err)
			}
			if err := st.UpdatePlace(ctx, scope.Structure{}, a, t0); !errors.Is(err, scope.ErrMissing) {
				t.Fatalf("an update without scope: %v", err)
			}
			if got, _ := st.Place(ctx, b.ID); got.Name != "Médiathèque" {
				t.Fatalf("unowned place changed: %q", got.Name)
			}
			b.Name = "Médiathèque"
		})
		t.Run("Update", func(t *testing.T) {
			a.Name = "Espace numérique"
			a.Status = place.StatusClosed
			a.StructureID = other.ID // an update never changes the owner
			if err := st.UpdatePlace(ctx, scope.OfStructure(owner.ID), a, t0.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Place(ctx, a.ID)
			if got.Name != "Espace numérique" || got.Status != place.StatusClosed || !got.ModifiedAt.After(got.CreatedAt) || got.StructureID != owner.ID {
				t.Fatalf("got %+v", got)
			}
		})
		c := samplePlace("Tiers-lieu", owner.ID)
		if err := st.CreatePlace(ctx, c, t0.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		t.Run("Filters", func(t *testing.T) {
			for name, tc := range map[string]struct {
				f    placestore.PlaceFilter
				want []int64
			}{
				"open only":        {placestore.PlaceFilter{}, []int64{b.ID, c.ID}},
				"department":       {placestore.PlaceFilter{Department: "2A"}, []int64{b.ID}},
				"service":          {placestore.PlaceFilter{Service: "Aide aux démarches administratives"}, []int64{c.ID}},
				"commune":          {placestore.PlaceFilter{InseeCodes: []string{"17299", "75056"}}, []int64{c.ID}},
				"owner":            {placestore.PlaceFilter{StructureID: owner.ID}, []int64{c.ID}},
				"modified since":   {placestore.PlaceFilter{ModifiedSince: t0.Add(90 * time.Minute)}, []int64{c.ID}},
				"cursor and limit": {placestore.PlaceFilter{AfterID: a.ID, Limit: 1}, []int64{b.ID}},
			} {
				got, err := st.ListPlaces(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				for _, p := range got {
					ids = append(ids, p.ID)
				}
				if !reflect.DeepEqual(ids, tc.want) {
					t.Errorf("%s: got %v, want %v", name, ids, tc.want)
				}
			}
			latest, n, err := st.PlacesVersion(ctx)
			if err != nil || n != 3 || !latest.Equal(t0.Add(3*time.Hour)) {
				t.Fatalf("version %v %d %v", latest, n, err)
			}
			if open, _ := st.CountPlaces(ctx, false); open != 2 {
				t.Fatalf("open places: %d", open)
			}
			if all, _ := st.CountPlaces(ctx, true); all != 3 {
				t.Fatalf("all places: %d", all)
			}
		})
	})
}

func TestPlacesInTerritory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		terr := structure.Territory{Name: "Pays rochefortais", CommuneCodes: []string{"17299"}}
		if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
			t.Fatal(err)
		}
		tc := scope.OfTerritory(terr.ID)
		local := newStructure(t, st, "Structure du territoire", terr.ID)
		outside := newStructure(t, st, "Structure d'ailleurs", 0)
		owned := samplePlace("Lieu tenu", local.ID)
		unowned := samplePlace("Lieu national", 0)
		unowned.Source, unowned.SourceID = "conseiller-numerique", "cn-1"
		far := samplePlace("Lieu lointain", 0)
		far.Source, far.SourceID, far.InseeCode, far.PostalCode, far.Commune = "conseiller-numerique", "cn-2", "75056", "75001", "Paris"
		closed := samplePlace("Lieu fermé", 0)
		closed.Source, closed.SourceID, closed.Status = "conseiller-numerique", "cn-3", place.StatusClosed
		for _, p := range []*place.Place{owned, unowned, far, closed} {
			if err := st.CreatePlace(ctx, p, t0); err != nil {
				t.Fatal(err)
			}
		}
		ids := func(ps []place.Place) []int64 {
			var out []int64
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return out
		}

		t.Run("Read", func(t *testing.T) {
			got, err := st.PlacesInTerritory(ctx, tc)
			if err != nil || !reflect.DeepEqual(ids(got), []int64{owned.ID, unowned.ID, closed.ID}) {
				t.Fatalf("territory: %v %v", ids(got), err)
			}
			all, err := st.PlacesInTerritory(ctx, scope.Platform())
			if err != nil || !reflect.DeepEqual(ids(all), []int64{owned.ID, unowned.ID, far.ID, closed.ID}) {
				t.Fatalf("platform: %v %v", ids(all), err)
			}
			if _, err := st.PlacesInTerritory(ctx, scope.Territory{}); !errors.Is(err, scope.ErrMissing) {
				t.Fatalf("zero scope: %v", err)
			}
			if p, err := st.PlaceInTerritory(ctx, tc, closed.ID); err != nil || p.Status != place.StatusClosed {
				t.Fatalf("a closed place of the territory: %+v %v", p, err)
			}
			if _, err := st.PlaceInTerritory(ctx, tc, far.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a place outside the territory: %v", err)
			}
		})
		t.Run("Update", func(t *testing.T) {
			unowned.Name = "Lieu national corrigé"
			if err := st.UpdatePlaceInTerritory(ctx, tc, unowned, t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			owned.Name = "Pris par la coordination"
			if err := st.UpdatePlaceInTerritory(ctx, tc, owned, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("the coordination updates a structure's place: %v", err)
			}
			disguised := *owned
			disguised.StructureID = 0
			if err := st.UpdatePlaceInTerritory(ctx, tc, &disguised, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("the coordination updates a structure's place passed as unowned: %v", err)
			}
			far.Name = "Hors territoire"
			if err := st.UpdatePlaceInTerritory(ctx, tc, far, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("the coordination updates a place outside its territory: %v", err)
			}
			if err := st.UpdatePlaceInTerritory(ctx, scope.Platform(), far, t0); err != nil {
				t.Fatalf("the platform updates any place: %v", err)
			}
			owned.Name = "Corrigé par la plateforme"
			if err := st.UpdatePlaceInTerritory(ctx, scope.Platform(), owned, t0); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[int64]string{unowned.ID: "Lieu national corrigé", owned.ID: "Corrigé par la plateforme", far.ID: "Hors territoire"} {
				if p, _ := st.Place(ctx, id); p.Name != want {
					t.Errorf("place %d: %q, want %q", id, p.Name, want)
				}
			}
			if p, _ := st.Place(ctx, owned.ID); p.StructureID != local.ID {
				t.Errorf("the platform's update changed the owner: %d", p.StructureID)
			}
		})
		t.Run("Assign", func(t *testing.T) {
			if err := st.AssignPlaceInTerritory(ctx, tc, unowned.ID, outside.ID, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("assigned to a structure outside the territory: %v", err)
			}
			if err := st.AssignPlaceInTerritory(ctx, tc, far.ID, local.ID, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("assigned a place outside the territory: %v", err)
			}
			if err := st.AssignPlaceInTerritory(ctx, tc, unowned.ID, local.ID, t0.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if p, _ := st.Place(ctx, unowned.ID); p.StructureID != local.ID || !p.ModifiedAt.Equal(t0.Add(2*time.Hour).Truncate(time.Microsecond)) {
				t.Fatalf("after assignment: %+v", p)
			}
			if err := st.AssignPlaceInTerritory(ctx, tc, unowned.ID, local.ID, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("assigned twice: %v", err)
			}
			if err := st.AssignPlaceInTerritory(ctx, scope.Platform(), far.ID, outside.ID, t0); err != nil {
				t.Fatalf("the platform assigns anywhere: %v", err)
			}
		})
		t.Run("SchemaID", func(t *testing.T) {
			mine := samplePlace("Créé ici", local.ID)
			if err := st.CreatePlace(ctx, mine, t0); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[string][]int64{
				"parcours-" + strconv.FormatInt(mine.ID, 10): {mine.ID},
				"cn-1":                      {unowned.ID},
				"conseiller-numerique-cn-2": {far.ID},
				"cn-3":                      nil, // closed
				"absent":                    nil,
			} {
				got, err := st.OpenPlacesWithSchemaID(ctx, id)
				if err != nil || !reflect.DeepEqual(ids(got), want) {
					t.Errorf("%s: %v %v, want %v", id, ids(got), err, want)
				}
			}
		})
	})
}
