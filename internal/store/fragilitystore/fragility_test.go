package fragilitystore_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/fragilitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func TestFragilityAndTerritory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := fragilitystore.New(db)
		ctx := context.Background()
		vals := []fragilitystore.FragilityValue{
			{Commune: "17299", Indicator: "pauvrete", Value: 20, Source: "s", Year: 2018},
			{Commune: "17306", Indicator: "pauvrete", Value: 10, Source: "s", Year: 2018},
			{Commune: "17299", Indicator: "65_ans_et_plus", Value: 30, Source: "s", Year: 2017},
		}
		imp := &fragilitystore.FragilityImport{Files: "a.csv", Communes: 2, Indicators: []string{"pauvrete", "65_ans_et_plus"}, Report: "ok"}
		if err := st.ReplaceFragilityValues(ctx, vals, imp, t0); err != nil {
			t.Fatal(err)
		}
		// A second import of one indicator replaces it only.
		imp2 := &fragilitystore.FragilityImport{Files: "b.csv", Communes: 1, Indicators: []string{"pauvrete"}, Report: "ok"}
		if err := st.ReplaceFragilityValues(ctx, vals[:1], imp2, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := st.FragilityValues(ctx)
		if err != nil || len(got.Codes) != 2 || got.Values["pauvrete"][0] != 20 || !math.IsNaN(got.Values["pauvrete"][1]) ||
			got.Values["65_ans_et_plus"][0] != 30 || got.Sources["65_ans_et_plus"].Year != 2017 {
			t.Fatalf("values %+v: %v", got, err)
		}
		if err := st.ReplaceFragilityValues(ctx, vals, &fragilitystore.FragilityImport{Indicators: []string{"inconnu"}}, t0); err == nil {
			t.Fatal("an unknown indicator accepted")
		}
		last, ok, err := st.LatestFragilityImport(ctx)
		if err != nil || !ok || last.ID != imp2.ID || last.Indicators[0] != "pauvrete" {
			t.Fatalf("latest %+v %v", last, err)
		}
		terr := structure.Territory{Name: "T", CommuneCodes: []string{"17299", "17306"}}
		if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CommunesInTerritory(ctx, scope.Platform()); err == nil {
			t.Fatal("the platform scope names no territory")
		}
		codes, err := st.CommunesInTerritory(ctx, scope.OfTerritory(terr.ID))
		if err != nil || len(codes) != 2 {
			t.Fatalf("communes %v %v", codes, err)
		}
		offer, err := st.OfferInTerritory(ctx, scope.OfTerritory(terr.ID))
		if err != nil || len(offer) != 0 {
			t.Fatalf("offer %v %v", offer, err)
		}
		acc, err := st.AccompaniedInTerritory(ctx, scope.OfTerritory(terr.ID), "2020-01-01")
		if err != nil || len(acc) != 0 {
			t.Fatalf("accompanied %v %v", acc, err)
		}
	})
}
