package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/placesearch"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/web"
)

// BenchmarkNationalPublicReads serves the two public reads that the load
// script drives, in process and through the whole handler chain: the
// search /lieux?commune=Marseille and the JSON list /api/v1/lieux, over the
// real national file completed with synthetic places up to 20,000. It
// reports the CPU time of the process per request (cpu-µs/op), which a
// shared machine does not inflate the way it does the wall clock: 2 cores
// serve at most 2e6 / cpu-µs requests a second.
//
//	go test -run '^$' -bench NationalPublicReads -benchtime 3000x ./internal/web/
func BenchmarkNationalPublicReads(b *testing.B) {
	data, err := os.ReadFile("../../../shared/data/lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json")
	if err != nil {
		b.Skipf("national file of ../shared/data absent (%v): skipped", err)
	}
	st := storetest.SQLite(b)
	ctx := context.Background()
	now := time.Now()
	if _, err := placefile.Import(ctx, placestore.New(st), data, placefile.Options{Now: now}); err != nil {
		b.Fatal(err)
	}
	have, err := placestore.New(st).CountPlaces(ctx, true)
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range placesearch.Synthetic(20000-have, 1, now) {
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
	serve := func(b *testing.B, u string) int {
		req := httptest.NewRequest("GET", u, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d %s", u, rec.Code, rec.Body.String())
		}
		return rec.Body.Len()
	}
	for _, u := range []string{"/lieux?commune=Marseille", "/api/v1/lieux"} {
		b.Run(u, func(b *testing.B) {
			serve(b, u) // builds the index
			durations := make([]time.Duration, 0, 4096)
			size := 0
			b.ReportAllocs()
			cpu := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				start := time.Now()
				size += serve(b, u)
				durations = append(durations, time.Since(start))
			}
			b.StopTimer()
			n := float64(len(durations))
			b.ReportMetric(float64(cpuTime()-cpu)/1e3/n, "cpu-µs/op")
			slices.Sort(durations)
			b.ReportMetric(float64(durations[len(durations)/2])/1e3, "p50-µs")
			b.ReportMetric(float64(durations[len(durations)*99/100])/1e3, "p99-µs")
			b.ReportMetric(float64(size)/n, "gzip-bytes/op")
		})
	}
}
