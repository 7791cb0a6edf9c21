package placefile_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// Benchmarks at national scale: import and validate the national file (3,811
// rows) under 0.5 s into SQLite in one transaction; 100,000 synthetic rows
// under 10 s, growing linearly.
//
//	go test -run '^$' -bench . -benchtime 3x ./internal/placefile/

// cpuTime is the process's user and system time: on a shared machine it
// says more than the wall clock, which other work stretches.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuMeter reports the CPU time of the timed part of a benchmark.
type cpuMeter struct {
	total time.Duration
	start time.Duration
}

func (m *cpuMeter) startTimer(b *testing.B) { b.StartTimer(); m.start = cpuTime() }
func (m *cpuMeter) stopTimer(b *testing.B)  { m.total += cpuTime() - m.start; b.StopTimer() }
func (m *cpuMeter) report(b *testing.B) {
	b.ReportMetric(float64(m.total.Milliseconds())/float64(b.N), "cpu-ms/op")
}

func BenchmarkCheckNational(b *testing.B) {
	data := sharedData(b, nationalFile)
	b.SetBytes(int64(len(data)))
	var m cpuMeter
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.startTimer(b)
		rep, err := placefile.Check(data, placefile.Options{Now: now})
		m.stopTimer(b)
		if err != nil || rep.Total != 3811 {
			b.Fatal(err)
		}
	}
	m.report(b)
}

func BenchmarkImportNational(b *testing.B) {
	data := sharedData(b, nationalFile)
	b.SetBytes(int64(len(data)))
	var m cpuMeter
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := storetest.SQLite(b)
		m.startTimer(b)
		rep, err := placefile.Import(context.Background(), placestore.New(st), data, placefile.Options{Now: now})
		m.stopTimer(b)
		if err != nil || rep.Imported != 3811 {
			b.Fatal(err)
		}
	}
	m.report(b)
}

// synthetic returns n schema v1 CSV rows derived from the real national
// rows: each real place again, with a new id and name, moved to another
// commune (its centre), so that the file looks like national data at scale.
func synthetic(b testing.TB, n int) []byte {
	b.Helper()
	base := nationalPlaces(b)
	towns := communes()
	var buf bytes.Buffer
	w := placefile.NewCSVWriter(&buf)
	for i := range n {
		p := base[i%len(base)]
		t := towns[(i*7919)%len(towns)]
		p.SourceID = p.SourceID + "-" + strconv.Itoa(i)
		p.Name = p.Name + " " + strconv.Itoa(i/len(base)+1)
		p.Commune, p.InseeCode, p.PostalCode = t.Name, t.Code, t.PostalCodes[0]
		p.Latitude, p.Longitude, p.HasCoords = t.Lat, t.Lon, true
		if err := w.Write(placefile.NewRecord(p, p.SourceID)); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

var (
	nationalOnce   sync.Once
	nationalCache  []place.Place
	communesCache  []commune.Commune
	communesLoaded sync.Once
)

func nationalPlaces(b testing.TB) []place.Place {
	data := sharedData(b, nationalFile)
	nationalOnce.Do(func() {
		st := storetest.SQLite(b)
		if _, err := placefile.Import(context.Background(), placestore.New(st), data, placefile.Options{Now: now}); err != nil {
			b.Fatal(err)
		}
		ps, err := placestore.New(st).ListPlaces(context.Background(), placestore.PlaceFilter{})
		if err != nil {
			b.Fatal(err)
		}
		nationalCache = ps
	})
	return nationalCache
}

// communes lists communes with coordinates, one per postal code.
func communes() []commune.Commune {
	communesLoaded.Do(func() {
		seen := map[string]bool{}
		for cp := 1000; cp < 99000; cp++ {
			for _, c := range commune.ByPostalCode(fmt.Sprintf("%05d", cp)) {
				if c.HasCoords && c.Kind == commune.KindCommune && !seen[c.Code] && len(c.PostalCodes) > 0 {
					seen[c.Code] = true
					communesCache = append(communesCache, c)
				}
			}
		}
	})
	return communesCache
}

// TestWriteSyntheticFile writes the synthetic file of
// PARCOURS_SYNTHETIC_ROWS rows (100,000 by default) to the path
// PARCOURS_SYNTHETIC_CSV names, for measuring the command line import:
//
//	PARCOURS_SYNTHETIC_CSV=/tmp/lieux-100k.csv go test -count=1 -run TestWriteSyntheticFile ./internal/placefile/
func TestWriteSyntheticFile(t *testing.T) {
	path := os.Getenv("PARCOURS_SYNTHETIC_CSV")
	if path == "" {
		t.Skip("PARCOURS_SYNTHETIC_CSV names no file to write")
	}
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("PARCOURS_SYNTHETIC_ROWS")); err == nil && v > 0 {
		n = v
	}
	if err := os.WriteFile(path, synthetic(t, n), 0o644); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkImportSynthetic imports synthetic files into an empty database,
// SQLite and PostgreSQL (when PARCOURS_TEST_POSTGRES names a server; its
// server's own CPU time is not counted), read as the command line reads a
// file: as it goes.
func BenchmarkImportSynthetic(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		for _, n := range []int{10_000, 50_000, 100_000} {
			b.Run(fmt.Sprintf("%s/rows=%d", dialect, n), func(b *testing.B) {
				data := synthetic(b, n)
				b.SetBytes(int64(len(data)))
				var m cpuMeter
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					st := storetest.SQLite(b)
					if dialect == "postgres" {
						st = storetest.Postgres(b)
					}
					runtime.GC()
					m.startTimer(b)
					rep, err := placefile.ImportFile(context.Background(), placestore.New(st), bytes.NewReader(data), placefile.Options{Now: now})
					m.stopTimer(b)
					if err != nil || rep.Imported != n {
						b.Fatalf("%v %s", err, rep.Summary())
					}
				}
				m.report(b)
				b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/row")
			})
		}
	}
}

// An import holds what it must remember of each row (its key, what finds
// duplicates, the report), never the file nor its lines: the live memory
// of a 20,000-row import read from a file stays under 800 bytes a row
// (whole, the file alone is 450 bytes a row).
func TestImportMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("a 20,000-row import")
	}
	const n = 20_000
	path := filepath.Join(t.TempDir(), "lieux.csv")
	if err := os.WriteFile(path, synthetic(t, n), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st := placestore.New(storetest.SQLite(t))
	live := liveHeap
	base, peak, samples := live(), int64(0), 0
	rep, err := placefile.ImportFile(context.Background(), st, f, placefile.Options{Now: now, Progress: func(rows int, _ float64) {
		if rows%2000 == 0 {
			peak, samples = max(peak, live()-base), samples+1
		}
	}})
	if err != nil || rep.Imported != n {
		t.Fatalf("%v %s", err, rep.Summary())
	}
	if samples < 9 || peak > 800*n {
		t.Fatalf("live memory of the import: %d bytes at most (%d bytes a row, %d samples)", peak, peak/n, samples)
	}
	t.Logf("live memory of the import: %d bytes at most (%d bytes a row)", peak, peak/n)
}

// Importing a file again holds about what importing it the first time held:
// the stored places are read a few hundred rows at a time, never all
// kept. The live memory of importing 6,000 rows again, unchanged and with
// every tenth row changed, stays within a quarter more than the first
// import's, which it measures within ±10% (reading every stored place
// first took about 50% more).
func TestReimportMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("a 6,000-row import, three times")
	}
	const n = 6_000
	data := synthetic(t, n)
	// Every tenth row's date of update changed.
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(records[0], "date_maj")
	for i := 10; i < len(records); i += 10 {
		records[i][col] = "2026-12-01"
	}
	var changed bytes.Buffer
	if err := csv.NewWriter(&changed).WriteAll(records); err != nil {
		t.Fatal(err)
	}
	records = nil
	st := placestore.New(storetest.SQLite(t))
	live := liveHeap
	var first int64
	for _, tc := range []struct {
		name                string
		file                []byte
		imported, unchanged int
	}{{"first", data, n, 0}, {"unchanged", data, 0, n}, {"changed", changed.Bytes(), 0, n - n/10}} {
		base, peak, samples := live(), int64(0), 0
		rep, err := placefile.ImportFile(context.Background(), st, bytes.NewReader(tc.file), placefile.Options{Now: now, Progress: func(rows int, _ float64) {
			if rows%600 == 0 {
				peak, samples = max(peak, live()-base), samples+1
			}
		}})
		if err != nil || rep.Imported != tc.imported || rep.Updated != n-tc.imported || rep.Unchanged != tc.unchanged {
			t.Fatalf("%s: %v %s", tc.name, err, rep.Summary())
		}
		t.Logf("%s import: live memory %d bytes at most (%d bytes a row)", tc.name, peak, peak/n)
		if tc.imported > 0 {
			first = peak
		} else if samples < 9 || peak > first+first/4 {
			t.Fatalf("%s: live memory %d bytes at most, the first import's %d (%d samples)", tc.name, peak, first, samples)
		}
	}
}

func BenchmarkExportCSV(b *testing.B) {
	st := storetest.SQLite(b)
	if _, err := placefile.Import(context.Background(), placestore.New(st), sharedData(b, nationalFile), placefile.Options{Now: now}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		var buf bytes.Buffer
		if n, err := placefile.Export(context.Background(), placestore.New(st), &buf, placefile.FormatSchemaCSV); err != nil || n != 3811 {
			b.Fatal(err)
		}
	}
}

// liveHeap collects garbage and returns the bytes the collection found
// live. The heap in use read after it would also count what the import's
// reading goroutine allocated since, on the other core: more the busier the
// machine.
func liveHeap() int64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	return int64(sample[0].Value.Uint64())
}
