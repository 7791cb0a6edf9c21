package placefinder_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/placesearch"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/placefinder"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestSearchAndGuide(t *testing.T) {
	st := storetest.SQLite(t)
	ctx := context.Background()
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC) // a Monday
	if _, err := demo.Load(ctx, st, now); err != nil {
		t.Fatal(err)
	}
	svc := placefinder.New(placestore.New(st), func() time.Time { return now }, nil)
	centre, _ := commune.Lookup(demo.CentreCode)
	q := placesearch.Query{Lat: centre.Lat, Lon: centre.Lon, RadiusKm: 10}
	res, err := svc.SearchPublic(ctx, q)
	if err != nil || res.Total == 0 {
		t.Fatalf("%d places, %v", res.Total, err)
	}
	q.RadiusKm = 7
	if _, err := svc.SearchPublic(ctx, q); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("a radius outside the list: %v", err)
	}
	g, err := svc.GuidePublic(ctx, centre, 10)
	if err != nil || len(g.Places) == 0 || g.Total != len(g.Places) {
		t.Fatalf("guide: %d of %d, %v", len(g.Places), g.Total, err)
	}
	for i, p := range g.Places {
		if !p.Open() || i > 0 && p.DistanceKm < g.Places[i-1].DistanceKm {
			t.Fatalf("guide place %d: %q open %v at %.1f km", i, p.Name, p.Open(), p.DistanceKm)
		}
	}
	if _, err := svc.GuidePublic(ctx, centre, 50); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("a guide beyond 30 km: %v", err)
	}

	// A place that closes leaves the search once the index is refreshed.
	first := g.Places[0].Place
	first.Status = "ferme"
	if err := placestore.New(st).UpdatePlaceInTerritory(ctx, scope.Platform(), &first, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := svc.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	q.RadiusKm = 10
	again, err := svc.SearchPublic(ctx, q)
	if err != nil || again.Total != res.Total-1 {
		t.Fatalf("after closing a place: %d, was %d (%v)", again.Total, res.Total, err)
	}
}
