package commune

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDistanceKm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tolerance        float64
	}{
		{"Same", 48.8566, 2.3522, 48.8566, 2.3522, 0, 1e-9},
		{"ParisMarseille", 48.8566, 2.3522, 43.2965, 5.3698, 661, 2},
		{"ParisSaintDenisReunion", 48.8566, 2.3522, -20.8823, 55.4504, 9370, 15},
		{"OneDegreeOfLatitude", 45, 0, 46, 0, 111.2, 0.1},
		{"Antipodes", 0, 0, 0, 180, math.Pi * earthRadiusKm, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := DistanceKm(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if math.Abs(got-tt.want) > tt.tolerance {
				t.Errorf("DistanceKm = %.3f, want %.3f ± %g", got, tt.want, tt.tolerance)
			}
			if back := DistanceKm(tt.lat2, tt.lon2, tt.lat1, tt.lon1); math.Abs(back-got) > 1e-9 {
				t.Errorf("DistanceKm is not symmetric: %v, %v", got, back)
			}
		})
	}
}

func TestNearest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		lat, lon float64
		want     string
	}{
		{"SaintGermainEnLaye", 48.93095, 2.10524, "78551"},
		{"Igny", 48.7375, 2.2229, "91312"},
		{"Ajaccio", 41.92274, 8.70583, "2A004"},
		{"SaintDenisReunion", -20.94342, 55.4444, "97411"},
		{"Paris11eNotWholeParis", 48.86007, 2.38156, "75111"},
		{"WholeParisCentroidIsAnArrondissement", 48.85982, 2.34561, ""},
		{"FarAtSea", 45, -30, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, ok := Nearest(tt.lat, tt.lon)
			if !ok {
				t.Fatalf("Nearest(%v, %v) found nothing", tt.lat, tt.lon)
			}
			if tt.want != "" && c.Code != tt.want {
				t.Errorf("Nearest(%v, %v) = %s %s, want %s", tt.lat, tt.lon, c.Code, c.Name, tt.want)
			}
			if c.Kind == KindDelegated || c.Code == "75056" || !c.HasCoords {
				t.Errorf("Nearest(%v, %v) = %+v, want a commune or arrondissement with coordinates", tt.lat, tt.lon, c)
			}
		})
	}
	for _, p := range [][2]float64{{91, 0}, {0, 181}, {math.NaN(), 0}, {0, math.Inf(1)}} {
		if c, ok := Nearest(p[0], p[1]); ok {
			t.Errorf("Nearest(%v, %v) = %+v, want nothing", p[0], p[1], c)
		}
	}
}

// TestNearestMatchesBruteForce compares the grid search with a scan of every
// point, in mainland France, overseas and anywhere on Earth.
func TestNearestMatchesBruteForce(t *testing.T) {
	t.Parallel()
	g := loaded().geo()
	rng := rand.New(rand.NewPCG(1, 2))
	areas := []struct{ lat0, lat1, lon0, lon1 float64 }{
		{41, 51.5, -5.5, 10}, // mainland and Corsica
		{48.7, 49, 2.1, 2.6}, // Paris, where cells are dense
		{-21.5, -20.8, 55.1, 55.9},
		{15.8, 16.6, -61.9, -61},
		{2, 6, -55, -51},
		{-90, 90, -180, 180},
	}
	for _, a := range areas {
		for range 400 {
			lat := a.lat0 + rng.Float64()*(a.lat1-a.lat0)
			lon := a.lon0 + rng.Float64()*(a.lon1-a.lon0)
			x, y, z := unitVector(lat, lon)
			want := math.Inf(1)
			for _, p := range g.pts {
				want = min(want, chord2(p, x, y, z))
			}
			i := g.nearest(lat, lon)
			got := math.Inf(1)
			for _, p := range g.pts {
				if int(p.rec) == i {
					got = chord2(p, x, y, z)
				}
			}
			if got != want {
				t.Fatalf("nearest(%v, %v): chord² %v, brute force %v", lat, lon, got, want)
			}
		}
	}
}

func TestWithin(t *testing.T) {
	t.Parallel()
	igny, _ := Lookup("91312")
	got := Within(igny.Lat, igny.Lon, 5)
	if len(got) < 5 || got[0].Code != "91312" {
		t.Fatalf("Within(Igny, 5 km) = %v, want Igny first and its neighbours", codesOf(got))
	}
	for _, code := range []string{"91064" /* Bièvres */, "91477" /* Palaiseau */} {
		if !slices.Contains(codesOf(got), code) {
			t.Errorf("Within(Igny, 5 km) = %v, want %s among them", codesOf(got), code)
		}
	}
	prev := 0.0
	for _, c := range got {
		d := DistanceKm(igny.Lat, igny.Lon, c.Lat, c.Lon)
		if d > 5+1e-9 || d < prev-1e-9 {
			t.Errorf("%s at %.3f km after %.3f km", c.Code, d, prev)
		}
		prev = d
	}

	lyon, _ := Lookup("69123")
	for _, c := range Within(lyon.Lat, lyon.Lon, 3) {
		if c.Code == "69123" || c.Kind == KindDelegated {
			t.Errorf("Within(Lyon) lists %+v", c)
		}
	}
	if n := len(Within(0, 0, 25000)); n != len(loaded().geo().pts) {
		t.Errorf("Within(0, 0, 25000 km) = %d communes, want all %d", n, len(loaded().geo().pts))
	}
	for _, km := range []float64{-1, math.NaN()} {
		if got := Within(igny.Lat, igny.Lon, km); got != nil {
			t.Errorf("Within(Igny, %v) = %v, want nil", km, codesOf(got))
		}
	}
}

// TestWithinMatchesBruteForce checks that the grid scan misses no point.
func TestWithinMatchesBruteForce(t *testing.T) {
	t.Parallel()
	d := loaded()
	g := d.geo()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		lat, lon := 41+rng.Float64()*10.5, -5.5+rng.Float64()*15.5
		km := rng.Float64() * 60
		var want []int32
		for _, p := range g.pts {
			r := &d.rows[p.rec]
			if DistanceKm(lat, lon, r.lat, r.lon) <= km-1e-6 {
				want = append(want, p.rec)
			}
		}
		var got []int32
		for _, f := range g.within(lat, lon, km) {
			got = append(got, f.rec)
		}
		for _, rec := range want {
			if !slices.Contains(got, rec) {
				t.Fatalf("within(%v, %v, %v) misses %s", lat, lon, km, d.rows[rec].code)
			}
		}
		if len(got) > len(want)+2 {
			t.Fatalf("within(%v, %v, %v) = %d points, brute force %d", lat, lon, km, len(got), len(want))
		}
	}
}

func BenchmarkNearest(b *testing.B) {
	loaded().geo()
	points := []struct {
		name     string
		lat, lon float64
	}{
		{"Paris", 48.8566, 2.3522},
		{"Lozere", 44.5, 3.5},
		{"Reunion", -21.1, 55.5},
		{"AtSea", 45, -30},
	}
	for _, p := range points {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkCommune, _ = Nearest(p.lat, p.lon)
			}
		})
	}
}

func BenchmarkWithin(b *testing.B) {
	loaded().geo()
	b.ReportAllocs()
	for b.Loop() {
		sinkCommunes = Within(48.7375, 2.2229, 10)
	}
}
