package placesearch

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestSearcherFollowsTheStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(wednesday10)
		var created []place.Place
		for i, name := range []string{"Médiathèque", "CCAS", "Centre social"} {
			p := pl(0, name, float64(i+1), func(p *place.Place) {
				p.Source, p.Pivot, p.UpdatedOn = place.SourceParcours, "21170299300017", wednesday10
			})
			if err := placestore.New(st).CreatePlace(ctx, &p, clk.Now()); err != nil {
				t.Fatal(err)
			}
			created = append(created, p)
		}
		s := NewSearcher(placestore.New(st), clk.Now, slog.New(slog.NewTextHandler(io.Discard, nil)))
		done := make(chan struct{}, 1)
		s.backgroundDone = func() { done <- struct{}{} }

		count := func() int {
			t.Helper()
			ix, err := s.Index(ctx)
			if err != nil {
				t.Fatal(err)
			}
			r, err := ix.Search(Query{Lat: rochLat, Lon: rochLon, RadiusKm: 10, Now: clk.Now()})
			if err != nil {
				t.Fatal(err)
			}
			return r.Total
		}
		if n := count(); n != 3 {
			t.Fatalf("first build: %d places", n)
		}
		first, _ := s.Index(ctx)

		// A place closes: nothing is checked before CheckInterval has passed.
		created[1].Status = place.StatusClosed
		clk.Advance(time.Second)
		if err := placestore.New(st).UpdatePlaceInTerritory(ctx, scope.Platform(), &created[1], clk.Now()); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 3 {
			t.Fatalf("checked too early: %d", n)
		}
		// After it, a search starts a background check and is served at once
		// from the old index; the next one sees the new index.
		clk.Advance(CheckInterval)
		if n := count(); n != 3 {
			t.Fatalf("a search waited for the rebuild: %d", n)
		}
		<-done
		if n := count(); n != 2 {
			t.Fatalf("after the background rebuild: %d", n)
		}

		// Nothing changed: Refresh keeps the index.
		before, _ := s.Index(ctx)
		if err := s.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if after, _ := s.Index(ctx); after != before || after == first {
			t.Fatal("Refresh rebuilt an index that did not change, or never rebuilt")
		}

		// A new day rebuilds (the Saturday flags depend on the date).
		clk.Advance(24 * time.Hour)
		if err := s.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if after, _ := s.Index(ctx); after == before {
			t.Fatal("a new day must rebuild the index")
		}
	})
}
