package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func structureIDs(list []structure.Structure) []int64 {
	out := []int64{}
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

func TestStructures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		terr := structure.Territory{Name: "Pays test", CommuneCodes: []string{"17299", "17449", "17299"}}
		if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
			t.Fatal(err)
		}
		a := newStructure(t, st, "CCAS d'Éragny", terr.ID)
		b := newStructure(t, st, "Médiathèque 100% numérique_", 0)
		inTerritory, platform := scope.OfTerritory(terr.ID), scope.Platform()

		t.Run("OK", func(t *testing.T) {
			got, err := st.Structure(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != a.Name || got.TerritoryID != terr.ID || !got.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
				t.Fatalf("got %+v", got)
			}
			if n, err := st.CountStructures(ctx); err != nil || n != 2 {
				t.Fatalf("count %d err %v", n, err)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := st.Structure(ctx, 999999); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("SearchIsAccentAndCaseInsensitive", func(t *testing.T) {
			list, err := st.ListStructuresInTerritory(ctx, platform, "eragny")
			if err != nil || !reflect.DeepEqual(structureIDs(list), []int64{a.ID}) {
				t.Fatalf("list %v err %v", list, err)
			}
			list, err = st.ListStructuresInTerritory(ctx, platform, "100%")
			if err != nil || !reflect.DeepEqual(structureIDs(list), []int64{b.ID}) {
				t.Fatalf("LIKE wildcards must be literal: %v err %v", list, err)
			}
		})
		t.Run("ListsStayInTheirScope", func(t *testing.T) {
			list, err := st.ListStructuresInTerritory(ctx, inTerritory, "")
			if err != nil || !reflect.DeepEqual(structureIDs(list), []int64{a.ID}) {
				t.Fatalf("the territory's structures only: %v err %v", structureIDs(list), err)
			}
			list, err = st.ListStructuresInTerritory(ctx, platform, "")
			if err != nil || !reflect.DeepEqual(structureIDs(list), []int64{a.ID, b.ID}) {
				t.Fatalf("the platform lists every structure: %v err %v", structureIDs(list), err)
			}
			dir, err := st.StructureDirectory(ctx)
			if err != nil || !reflect.DeepEqual(structureIDs(dir), []int64{a.ID, b.ID}) {
				t.Fatalf("directory %v err %v", structureIDs(dir), err)
			}
			if _, err := st.ListStructuresInTerritory(ctx, scope.Territory{}, ""); err != scope.ErrMissing {
				t.Fatalf("a zero scope must be refused: %v", err)
			}
		})
		t.Run("Update", func(t *testing.T) {
			a.Name = "CCAS de Rochefort"
			if err := st.UpdateStructureInTerritory(ctx, platform, a, t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Structure(ctx, a.ID)
			if got.Name != "CCAS de Rochefort" || !got.UpdatedAt.After(got.CreatedAt) {
				t.Fatalf("got %+v", got)
			}
			if err := st.UpdateStructureInTerritory(ctx, platform, structure.Structure{ID: 424242, Name: "x"}, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("update of a missing structure: %v", err)
			}
			b.Name = "Hors du territoire"
			if err := st.UpdateStructureInTerritory(ctx, inTerritory, b, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure outside the scope must not change: %v", err)
			}
			if got, _ := st.Structure(ctx, b.ID); got.Name == "Hors du territoire" {
				t.Fatal("the structure outside the scope was changed")
			}
		})
		t.Run("Territory", func(t *testing.T) {
			if err := st.SetTerritoryCoordinator(ctx, terr.ID, a.ID); err != nil {
				t.Fatal(err)
			}
			got, err := st.Territory(ctx, terr.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.CoordinatorStructureID != a.ID || !reflect.DeepEqual(got.CommuneCodes, []string{"17299", "17449"}) {
				t.Fatalf("got %+v", got)
			}
			other := structure.Territory{Name: "Autre", CommuneCodes: []string{"75056"}, CoordinatorStructureID: a.ID}
			if err := st.CreateTerritory(ctx, &other, t0); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("a structure coordinates one territory only: %v", err)
			}
			if _, err := st.Territory(ctx, 999999); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("missing territory: %v", err)
			}
		})
		t.Run("UpdateTerritory", func(t *testing.T) {
			second := structure.Territory{Name: "Aunis", CommuneCodes: []string{"17300"}}
			if err := st.CreateTerritory(ctx, &second, t0); err != nil {
				t.Fatal(err)
			}
			second.Name, second.CommuneCodes, second.CoordinatorStructureID = "Aunis sud", []string{"17300", "17299"}, b.ID
			if err := st.UpdateTerritory(ctx, second); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Territory(ctx, second.ID)
			if got.Name != "Aunis sud" || got.CoordinatorStructureID != b.ID || !reflect.DeepEqual(got.CommuneCodes, []string{"17299", "17300"}) {
				t.Fatalf("got %+v", got)
			}
			second.CoordinatorStructureID = a.ID
			if err := st.UpdateTerritory(ctx, second); !apperr.Is(err, apperr.Conflict) || apperr.MessageOf(err) == "" {
				t.Fatalf("a structure coordinates one territory only: %v", err)
			}
			if err := st.UpdateTerritory(ctx, structure.Territory{ID: 999999, Name: "x"}); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("missing territory: %v", err)
			}
			list, err := st.ListTerritories(ctx)
			if err != nil || len(list) != 2 || list[0].Name != "Aunis sud" || list[1].CoordinatorStructureID != a.ID {
				t.Fatalf("territories by name: %+v err %v", list, err)
			}
		})
	})
}
