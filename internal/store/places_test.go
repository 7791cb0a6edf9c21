package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
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
	storetest.Each(t, func(t *testing.T, st *store.Store) {
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
			if _, err := st.StructurePlace(ctx, owner.ID, a.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := st.StructurePlace(ctx, other.ID, a.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure's place: %v", err)
			}
		})
		t.Run("Update", func(t *testing.T) {
			a.Name = "Espace numérique"
			a.Status = place.StatusClosed
			if err := st.UpdatePlace(ctx, a, t0.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Place(ctx, a.ID)
			if got.Name != "Espace numérique" || got.Status != place.StatusClosed || !got.ModifiedAt.After(got.CreatedAt) {
				t.Fatalf("got %+v", got)
			}
		})
		t.Run("Filters", func(t *testing.T) {
			for name, tc := range map[string]struct {
				f    store.PlaceFilter
				want []int64
			}{
				"open only":        {store.PlaceFilter{}, []int64{b.ID}},
				"with closed":      {store.PlaceFilter{IncludeClosed: true}, []int64{a.ID, b.ID}},
				"department":       {store.PlaceFilter{Department: "2A"}, []int64{b.ID}},
				"service":          {store.PlaceFilter{IncludeClosed: true, Service: "Aide aux démarches administratives"}, []int64{a.ID}},
				"commune":          {store.PlaceFilter{IncludeClosed: true, InseeCodes: []string{"17299", "75056"}}, []int64{a.ID}},
				"owner":            {store.PlaceFilter{IncludeClosed: true, StructureID: owner.ID}, []int64{a.ID}},
				"modified since":   {store.PlaceFilter{IncludeClosed: true, ModifiedSince: t0.Add(90 * time.Minute)}, []int64{a.ID}},
				"cursor and limit": {store.PlaceFilter{IncludeClosed: true, AfterID: a.ID, Limit: 1}, []int64{b.ID}},
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
			if err != nil || n != 2 || !latest.Equal(t0.Add(2*time.Hour)) {
				t.Fatalf("version %v %d %v", latest, n, err)
			}
		})
	})
}
