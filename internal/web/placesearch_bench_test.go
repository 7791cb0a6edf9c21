package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placesearch"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/web"
)

// BenchmarkPlaceSearchPage serves /lieux searches over 20,000 places
// through the whole handler chain (middleware, template, gzip), in
// process: what one request costs the server, without the network.
func BenchmarkPlaceSearchPage(b *testing.B) {
	st := storetest.SQLite(b)
	ctx := context.Background()
	now := time.Now()
	ps := placesearch.Synthetic(20000, 1, now)
	for i := range ps {
		p := ps[i]
		p.ID = 0
		p.Normalize()
		if err := placestore.New(st).CreatePlace(ctx, &p, now); err != nil {
			b.Fatal(err)
		}
	}
	srv, err := web.New(web.Config{Now: time.Now}, app.New(st, app.Config{}), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	var urls []string
	for i := 0; i < 1000; i++ {
		p := ps[(i*7919)%len(ps)]
		v := url.Values{"code": {p.InseeCode}, "rayon": {[]string{"5", "10", "20", "30", "50", "100"}[i%6]}}
		if i%3 == 0 {
			v.Add("service", place.Services[i%9].Value)
		}
		if i%5 == 0 {
			v.Add("horaires", "maintenant")
		}
		urls = append(urls, "/lieux?"+v.Encode())
	}
	serve := func(u string) int {
		req := httptest.NewRequest("GET", u, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", u, rec.Code)
		}
		return rec.Body.Len()
	}
	serve(urls[0]) // builds the index
	durations := make([]time.Duration, 0, b.N)
	size := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		size += serve(urls[i%len(urls)])
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2])/1e3, "p50-µs")
	b.ReportMetric(float64(durations[len(durations)*99/100])/1e3, "p99-µs")
	b.ReportMetric(float64(size)/float64(len(durations)), "gzip-bytes/op")
}
