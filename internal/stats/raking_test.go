package stats

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// fixture is testdata/raking-respondents.csv and raking-margins.csv, written by raking.R.
type fixture struct {
	w0, wAgeSexDiploma, wAgeSexSeparate []float64
	codes                               map[string][]int // variable → category index per respondent
	margins                             map[string]Margin
}

func readCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func loadFixture(t testing.TB) fixture {
	fx := fixture{codes: map[string][]int{}, margins: map[string]Margin{}}
	for _, r := range readCSV(t, "testdata/raking-margins.csv") {
		m := fx.margins[r["margin"]]
		m.Name = r["margin"]
		m.Categories = append(m.Categories, r["category"])
		m.Targets = append(m.Targets, num(t, r["target"]))
		fx.margins[r["margin"]] = m
	}
	for _, r := range readCSV(t, "testdata/raking-respondents.csv") {
		fx.w0 = append(fx.w0, num(t, r["w0"]))
		fx.wAgeSexDiploma = append(fx.wAgeSexDiploma, num(t, r["w_agesex_diploma"]))
		fx.wAgeSexSeparate = append(fx.wAgeSexSeparate, num(t, r["w_age_sex_diploma"]))
		for _, v := range []string{"agesex", "age", "sex", "diploma"} {
			code := -1
			for c, cat := range fx.margins[v].Categories {
				if cat == r[v] {
					code = c
				}
			}
			if code < 0 {
				t.Fatalf("category %q of %s not in the margins", r[v], v)
			}
			fx.codes[v] = append(fx.codes[v], code)
		}
	}
	for name, m := range fx.margins {
		m.Codes = fx.codes[name]
		fx.margins[name] = m
	}
	return fx
}

// The expected weights come from survey::rake (see testdata/README.md).
func TestRakeMatchesRSurvey(t *testing.T) {
	t.Parallel()
	fx := loadFixture(t)
	for _, c := range []struct {
		name    string
		margins []string
		want    []float64
	}{
		{"AgeSexJointAndDiploma", []string{"agesex", "diploma"}, fx.wAgeSexDiploma},
		{"AgeSexDiplomaThreeMargins", []string{"age", "sex", "diploma"}, fx.wAgeSexSeparate},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ms []Margin
			for _, name := range c.margins {
				ms = append(ms, fx.margins[name])
			}
			r, err := Rake(fx.w0, ms, RakeOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Converged || r.MaxGap > 1e-9 || r.Iterations < 2 {
				t.Errorf("converged=%v gap=%v iterations=%d", r.Converged, r.MaxGap, r.Iterations)
			}
			worst := 0.0
			for i, w := range r.Weights {
				worst = max(worst, math.Abs(w-c.want[i]))
			}
			if worst > 1e-6 {
				t.Errorf("largest difference with survey::rake: %g", worst)
			}
			if !near(r.EffectiveN, EffectiveN(c.want), 1e-6) || !near(r.DesignEffect*r.EffectiveN, 200, 1e-9) {
				t.Errorf("n_eff %v", r.EffectiveN)
			}
		})
	}
	// The input design weights are not modified.
	if fx.w0[0] != 1.5 {
		t.Errorf("w0[0] = %v", fx.w0[0])
	}
}

func TestRakeTrim(t *testing.T) {
	t.Parallel()
	fx := loadFixture(t)
	ms := []Margin{fx.margins["agesex"], fx.margins["diploma"]}
	untrimmed, _ := Rake(fx.w0, ms, RakeOptions{})
	if untrimmed.MaxRatio < 3 {
		t.Fatalf("fixture should have a weight over 3× the mean, max ratio %v", untrimmed.MaxRatio)
	}
	t.Run("InfeasibleBoundsAreReported", func(t *testing.T) {
		// 4 men aged 15-29 must weigh 2,700: 675 each on average, 5.6 × the mean of 120.
		r, err := Rake(fx.w0, ms, RakeOptions{Trim: &DefaultTrim})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Infeasible) != 1 || !strings.Contains(r.Infeasible[0], "« 15-29|M » : 4 répondant(s) pour une cible de 2700, soit 5.6 fois") {
			t.Errorf("infeasible %q", r.Infeasible)
		}
		if r.WithinBounds || r.TrimRounds != 0 || !r.Converged {
			t.Errorf("%+v", r)
		}
	})
	bounds := Trim{Lower: 0.2, Upper: 6}
	r, err := Rake(fx.w0, ms, RakeOptions{Trim: &bounds})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Infeasible) != 0 || r.TrimRounds == 0 || r.Trimmed == 0 {
		t.Errorf("nothing trimmed: %+v", r)
	}
	// Re-raking after each trim keeps the margins; the bounds hold when the loop ends early.
	if !r.Converged || r.MaxGap > 1e-9 {
		t.Errorf("margins lost after trimming: converged=%v gap=%v", r.Converged, r.MaxGap)
	}
	if r.WithinBounds != (r.MinRatio >= 0.2*(1-1e-3) && r.MaxRatio <= 6*(1+1e-3)) {
		t.Errorf("WithinBounds %v but ratios %v–%v", r.WithinBounds, r.MinRatio, r.MaxRatio)
	}
	if !r.WithinBounds || r.TrimRounds >= 50 {
		t.Errorf("trimming did not settle: rounds=%d ratios %v–%v", r.TrimRounds, r.MinRatio, r.MaxRatio)
	}
	if r.EffectiveN <= untrimmed.EffectiveN {
		t.Errorf("trimming should raise n_eff: %v ≤ %v", r.EffectiveN, untrimmed.EffectiveN)
	}
	t.Run("BoundsThatDoNotSettleAreReported", func(t *testing.T) {
		// Mean weight 10, bounds [5, 20]: the margins leave a single solution on the
		// upper bound (w0 = w1 = w9 = 20), which trimming only approaches round after round.
		a := Margin{Name: "a", Categories: []string{"a", "b"}, Targets: []float64{40, 60}, Codes: []int{0, 0, 1, 1, 1, 1, 1, 1, 1, 1}}
		b := Margin{Name: "b", Categories: []string{"x", "y"}, Targets: []float64{40, 60}, Codes: []int{0, 1, 1, 1, 1, 1, 1, 1, 1, 0}}
		r, err := Rake(nil, []Margin{a, b}, RakeOptions{Trim: &Trim{Lower: 0.5, Upper: 2, MaxRounds: 3}})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Infeasible) != 0 || r.WithinBounds || r.TrimRounds != 3 || r.MaxRatio <= 2*(1+1e-3) {
			t.Errorf("%+v", r)
		}
		r, _ = Rake(nil, []Margin{a, b}, RakeOptions{Trim: &Trim{Lower: 0.5, Upper: 2}})
		if !r.WithinBounds || !near(r.Weights[0], 20, 0.02) || r.MaxGap > 1e-9 {
			t.Errorf("with more rounds: %+v", r)
		}
	})
}

func TestRakeReportsNonConvergence(t *testing.T) {
	t.Parallel()
	fx := loadFixture(t)
	r, err := Rake(fx.w0, []Margin{fx.margins["age"], fx.margins["sex"], fx.margins["diploma"]}, RakeOptions{MaxIterations: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Converged || r.Iterations != 1 || r.MaxGap < 1e-6 {
		t.Errorf("converged=%v iterations=%d gap=%v", r.Converged, r.Iterations, r.MaxGap)
	}
}

func TestRakeRescalesMargins(t *testing.T) {
	t.Parallel()
	fx := loadFixture(t)
	d := fx.margins["diploma"]
	shares := make([]float64, len(d.Targets))
	for i, v := range d.Targets {
		shares[i] = v / 24000
	}
	d.Targets = shares
	r, err := Rake(fx.w0, []Margin{fx.margins["agesex"], d}, RakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Rescaled) != 1 || r.Rescaled[0] != "diploma" {
		t.Errorf("rescaled %v", r.Rescaled)
	}
	for i, w := range r.Weights {
		if math.Abs(w-fx.wAgeSexDiploma[i]) > 1e-6 {
			t.Fatalf("weight %d: %v vs %v", i, w, fx.wAgeSexDiploma[i])
		}
	}
}

func TestRakeErrors(t *testing.T) {
	t.Parallel()
	m := func(codes []int, targets ...float64) Margin {
		return Margin{Name: "âge", Categories: []string{"jeune", "âgé"}[:len(targets)], Targets: targets, Codes: codes}
	}
	for name, c := range map[string]struct {
		init []float64
		ms   []Margin
	}{
		"NoMargin":                      {nil, nil},
		"EmptyCategory":                 {nil, []Margin{m([]int{0, 0}, 1, 1)}},
		"CodeOutOfRange":                {nil, []Margin{m([]int{0, 2}, 1, 1)}},
		"MissingAnswer":                 {nil, []Margin{m([]int{0, NoAnswer}, 1, 1)}},
		"ZeroTarget":                    {nil, []Margin{m([]int{0, 1}, 1, 0)}},
		"WrongInitialCount":             {[]float64{1}, []Margin{m([]int{0, 1}, 1, 1)}},
		"ZeroInitialWeight":             {[]float64{1, 0}, []Margin{m([]int{0, 1}, 1, 1)}},
		"MarginsOfDifferentRespondents": {nil, []Margin{m([]int{0, 1}, 1, 1), m([]int{0, 1, 1}, 1, 1)}},
	} {
		if _, err := Rake(c.init, c.ms, RakeOptions{}); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Rake(nil, []Margin{m([]int{0, 1}, 1, 1)}, RakeOptions{Trim: &Trim{Lower: 2, Upper: 3}}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("bad trim bounds: %v", err)
	}
}

func TestJointCodes(t *testing.T) {
	t.Parallel()
	got := JointCodes([]int{0, 1, 4, NoAnswer}, []int{1, 0, 1, 0}, 2)
	want := []int{1, 2, 9, NoAnswer}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
}
