package stats

import (
	"math"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Newcombe (1998), Statistics in Medicine 17:857–872, table I, method 3 (score).
func TestWilsonPublished(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		hits, n   int
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0.0000, 0.1611},
		{1, 29, 0.0061, 0.1718},
	} {
		p, err := NewProportion(c.hits, c.n)
		if err != nil {
			t.Fatal(err)
		}
		// Published to 4 decimals: the exact bound is within half a unit of the last digit.
		if !near(p.Low, c.low, 0.00005) || !near(p.High, c.high, 0.00005) {
			t.Errorf("%d/%d: [%.5f, %.5f], want [%.4f, %.4f]", c.hits, c.n, p.Low, p.High, c.low, c.high)
		}
	}
}

// Bounds from R 4.2.2: prop.test(x, n, correct = FALSE)$conf.int, which is the Wilson interval.
func TestWilsonAgainstR(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		hits, n   int
		low, high float64
	}{
		{81, 263, 0.2552885199, 0.3662095770},
		{138, 177, 0.7130205749, 0.8344202645},
		{1, 29, 0.006113214293, 0.171755218793},
	} {
		p, _ := NewProportion(c.hits, c.n)
		if !near(p.Low, c.low, 1e-9) || !near(p.High, c.high, 1e-9) {
			t.Errorf("%d/%d: [%.10f, %.10f], want [%.10f, %.10f]", c.hits, c.n, p.Low, p.High, c.low, c.high)
		}
	}
}

func TestWilsonEdges(t *testing.T) {
	t.Parallel()
	p, _ := NewProportion(20, 20)
	if p.High != 1 || p.Low >= 1 || p.Low < 0.83 {
		t.Errorf("20/20: [%v, %v]", p.Low, p.High)
	}
	p, _ = NewProportion(0, 20)
	if p.Low != 0 {
		t.Errorf("0/20 low = %v", p.Low)
	}
	for _, c := range []struct{ hits, n int }{{1, 0}, {-1, 10}, {11, 10}} {
		if _, err := NewProportion(c.hits, c.n); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%d/%d: %v", c.hits, c.n, err)
		}
	}
}

func TestWeightedProportion(t *testing.T) {
	t.Parallel()
	t.Run("EqualWeightsGiveTheUnweightedInterval", func(t *testing.T) {
		hit := make([]bool, 263)
		w := make([]float64, 263)
		for i := range hit {
			hit[i] = i < 81
			w[i] = 2.5
		}
		p, err := WeightedProportion(w, hit)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := NewProportion(81, 263)
		if !near(p.EffectiveBase, 263, 1e-9) || !near(p.Low, u.Low, 1e-12) || !near(p.High, u.High, 1e-12) || !p.Weighted {
			t.Errorf("%+v vs %+v", p, u)
		}
	})
	t.Run("UnequalWeightsWidenTheInterval", func(t *testing.T) {
		// Half the respondents weigh 3, half 1: n_eff = (2n)²/(10n/2·…) = 0.8 n.
		n := 200
		hit := make([]bool, n)
		w := make([]float64, n)
		for i := range hit {
			hit[i] = i%4 == 0
			w[i] = 1
			if i%2 == 0 {
				w[i] = 3
			}
		}
		p, _ := WeightedProportion(w, hit)
		// Σw = 400, Σw² = 100·9 + 100·1 = 1000, n_eff = 160000/1000 = 160.
		if !near(p.EffectiveBase, 160, 1e-9) {
			t.Errorf("n_eff = %v", p.EffectiveBase)
		}
		// Hits are the i%4 == 0 respondents, all of weight 3: 50·3/400.
		if !near(p.Value, 150.0/400, 1e-12) {
			t.Errorf("p = %v", p.Value)
		}
		lo, hi := Wilson(p.Value, 160)
		if p.Low != lo || p.High != hi {
			t.Errorf("interval not on n_eff")
		}
		lo200, hi200 := Wilson(p.Value, 200)
		if !(p.High-p.Low > hi200-lo200) {
			t.Errorf("weighted interval should be wider than on n = 200")
		}
	})
	t.Run("Errors", func(t *testing.T) {
		if _, err := WeightedProportion([]float64{1}, []bool{true, false}); !apperr.Is(err, apperr.Invalid) {
			t.Error(err)
		}
		if _, err := WeightedProportion([]float64{-1, 2}, []bool{true, false}); !apperr.Is(err, apperr.Invalid) {
			t.Error(err)
		}
		if _, err := WeightedProportion([]float64{0, 0}, []bool{true, false}); !apperr.Is(err, apperr.Invalid) {
			t.Error(err)
		}
	})
}

func TestKish(t *testing.T) {
	t.Parallel()
	w := []float64{1, 2, 3, 4}
	// (10)² / (1+4+9+16) = 100/30.
	if got := EffectiveN(w); !near(got, 100.0/30, 1e-12) {
		t.Errorf("n_eff = %v", got)
	}
	if got := DesignEffect(w); !near(got, 4/(100.0/30), 1e-12) {
		t.Errorf("deff = %v", got)
	}
	if EffectiveN(nil) != 0 || DesignEffect([]float64{0, 0}) != 0 {
		t.Error("empty weights")
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	credoc := Reference{Indicator: "possède un ordinateur", Value: 0.81, Source: "Credoc", Year: 2017}
	for _, c := range []struct {
		name     string
		hits, n  int
		ref      Reference
		pos      Position
		sentence string
	}{
		// The worked example of benchmarks-numerique.md: 78 % at n = 177.
		{"NotDifferent", 138, 177, credoc, NotDifferent, "78 % (71–83 %, n = 177) : pas différent du chiffre national de 81 % (Credoc 2017)"},
		{"Below", 106, 177, credoc, Below, "60 % (53–67 %, n = 177) : inférieur au chiffre national de 81 % (Credoc 2017)"},
		{"Above", 170, 177, credoc, Above, "96 % (92–98 %, n = 177) : supérieur au chiffre national de 81 % (Credoc 2017)"},
		{"SmallBaseWideInterval", 14, 20, credoc, NotDifferent, "70 % (48–85 %, n = 20) : pas différent du chiffre national de 81 % (Credoc 2017)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, _ := NewProportion(c.hits, c.n)
			cmp := Compare(p, c.ref)
			if cmp.Position != c.pos || cmp.Gap != (c.pos != NotDifferent) || cmp.Sentence != c.sentence {
				t.Errorf("got %v %v %q", cmp.Position, cmp.Gap, cmp.Sentence)
			}
		})
	}
	t.Run("Weighted", func(t *testing.T) {
		p := weighted(78, 100, 125, 177) // n_eff = 100²/125 = 80
		got := Compare(p, credoc).Sentence
		want := "78 % (68–86 %, n = 177, n effectif = 80) : pas différent du chiffre national de 81 % (Credoc 2017)"
		if got != want {
			t.Errorf("got %q", got)
		}
	})
}

func TestPercent(t *testing.T) {
	t.Parallel()
	for share, want := range map[float64]string{0: "0 %", 0.004: "< 1 %", 0.005: "1 %", 0.995: "> 99 %", 1: "100 %", 0.785: "79 %"} {
		if got := Percent(share); got != want {
			t.Errorf("%v: %q, want %q", share, got, want)
		}
	}
}

func TestNationalFigures(t *testing.T) {
	t.Parallel()
	for _, f := range NationalFigures {
		if f.Value <= 0 || f.Value >= 1 || f.Source == "" || f.Year < 2017 || f.Year > 2024 || f.Population == "" || f.Publication == "" || f.Indicator == "" {
			t.Errorf("incomplete national figure: %+v", f)
		}
	}
}
