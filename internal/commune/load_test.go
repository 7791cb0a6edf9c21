package commune

import (
	"runtime"
	"testing"
)

// BenchmarkLoad measures what the first call of any function pays: gunzip
// and parse of the embedded data. It reports the heap kept afterwards.
func BenchmarkLoad(b *testing.B) {
	retained := retainedMB(func() any { d, _ := parse(communesGz); return d })
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse(communesGz); err != nil {
			b.Fatal(err)
		}
	}
	// After the loop, which would reset it.
	b.ReportMetric(retained, "retained-MB")
}

// BenchmarkLoadAll adds the indexes that Search, ByPostalCode, Nearest and
// Within build on their first call.
func BenchmarkLoadAll(b *testing.B) {
	all := func() any {
		d, _ := parse(communesGz)
		d.names()
		d.postal()
		d.geo()
		return d
	}
	retained := retainedMB(all)
	b.ReportAllocs()
	for b.Loop() {
		all()
	}
	b.ReportMetric(retained, "retained-MB")
}

func BenchmarkLoadIndex(b *testing.B) {
	d, err := parse(communesGz)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Names", func(b *testing.B) {
		for b.Loop() {
			buildNames(d)
		}
	})
	b.Run("Postal", func(b *testing.B) {
		for b.Loop() {
			d.buildPostal()
		}
	})
	b.Run("Geo", func(b *testing.B) {
		for b.Loop() {
			buildGeo(d.rows)
		}
	})
}

// retainedMB is the growth of the live heap while f's result is kept.
func retainedMB(f func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}
