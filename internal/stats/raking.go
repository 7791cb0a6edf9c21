package stats

import (
	"fmt"
	"math"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Margin is one census margin the weights are raked to: a joint margin such
// as age band × sex is one Margin whose categories are the crossed cells
// (see JointCodes).
type Margin struct {
	Name       string
	Categories []string
	Targets    []float64 // population per category (counts or shares)
	Codes      []int     // category index of each respondent
}

// JointCodes crosses two codings into one (a*nb + b), e.g. age band × sex;
// a respondent missing either gets NoAnswer.
func JointCodes(a, b []int, nb int) []int {
	out := make([]int, len(a))
	for i := range a {
		if a[i] < 0 || b[i] < 0 {
			out[i] = NoAnswer
			continue
		}
		out[i] = a[i]*nb + b[i]
	}
	return out
}

// Trim bounds weights to [Lower, Upper] × the mean weight; after trimming the
// weights are raked again, and so on until every weight lies within the
// bounds give or take Tolerance (relative), for at most MaxRounds rounds:
// raking pushes trimmed weights back out, by less each round.
type Trim struct {
	Lower, Upper float64
	MaxRounds    int     // 0 means 50
	Tolerance    float64 // 0 means 1e-3: a weight 0.1 % over a bound counts as within
}

// DefaultTrim keeps every weight between 0.3 and 3 times the mean weight.
var DefaultTrim = Trim{Lower: 0.3, Upper: 3}

// RakeOptions tune Rake; the zero value uses the defaults.
type RakeOptions struct {
	Tolerance     float64 // largest relative gap to a target at convergence; 0 means 1e-10
	MaxIterations int     // full cycles over the margins; 0 means 200
	Trim          *Trim   // nil: no trimming
}

// Raking is the result of Rake.
type Raking struct {
	Weights      []float64
	Iterations   int      // full cycles over the margins, all rounds included
	Converged    bool     // the last raking met the tolerance within MaxIterations
	MaxGap       float64  // largest relative gap |total − target| / target after the last raking
	Rescaled     []string // margins whose targets were scaled to the first margin's total
	Trimmed      int      // weights clamped, all rounds included
	TrimRounds   int
	WithinBounds bool     // with Trim: every final weight lies within the bounds, give or take Trim.Tolerance
	Infeasible   []string // with Trim: categories whose mean weight must lie outside the bounds (then no trimming is done)
	MinRatio     float64  // smallest weight / mean weight
	MaxRatio     float64  // largest weight / mean weight
	EffectiveN   float64  // Kish's (Σw)² / Σw²
	DesignEffect float64  // n / EffectiveN
}

// Rake adjusts initial weights (nil: all 1) by iterative proportional fitting
// so that the weighted count of each category of each margin equals its
// target. Each margin's targets are scaled to the first margin's total when
// they differ (reported in Rescaled). Convergence: one full cycle in which no
// category needed a relative adjustment larger than Tolerance.
func Rake(initial []float64, margins []Margin, opt RakeOptions) (Raking, error) {
	if len(margins) == 0 {
		return Raking{}, apperr.New(apperr.Invalid, "Il faut au moins une marge pour le redressement.")
	}
	n := len(margins[0].Codes)
	if initial != nil && len(initial) != n {
		return Raking{}, apperr.New(apperr.Invalid, "Il faut un poids initial par répondant.")
	}
	if n == 0 {
		return Raking{}, apperr.New(apperr.Invalid, "Aucun répondant à redresser.")
	}
	if opt.Tolerance <= 0 {
		opt.Tolerance = 1e-10
	}
	if opt.MaxIterations <= 0 {
		opt.MaxIterations = 200
	}
	var trim Trim
	if opt.Trim != nil {
		trim = *opt.Trim
		if !(trim.Lower > 0 && trim.Lower < 1 && trim.Upper > 1) {
			return Raking{}, apperr.New(apperr.Invalid, "Les bornes d'écrêtage doivent encadrer le poids moyen (inférieure < 1 < supérieure).")
		}
		if trim.MaxRounds <= 0 {
			trim.MaxRounds = 50
		}
		if trim.Tolerance <= 0 {
			trim.Tolerance = 1e-3
		}
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
		if initial != nil {
			w[i] = initial[i]
			if !(w[i] > 0) || math.IsInf(w[i], 0) {
				return Raking{}, apperr.New(apperr.Invalid, "Un poids initial n'est pas strictement positif.")
			}
		}
	}
	targets, counts, rescaled, err := checkMargins(margins, n)
	if err != nil {
		return Raking{}, err
	}
	r := Raking{Weights: w, Rescaled: rescaled}
	sums := make([][]float64, len(margins))
	for k := range margins {
		sums[k] = make([]float64, len(margins[k].Categories))
	}
	r.rake(margins, targets, sums, opt)
	if opt.Trim != nil {
		r.Infeasible = infeasible(margins, targets, counts, n, trim)
		for len(r.Infeasible) == 0 && r.TrimRounds < trim.MaxRounds {
			clamped := clamp(w, trim.Lower, trim.Upper, trim.Tolerance)
			if clamped == 0 {
				break
			}
			r.Trimmed += clamped
			r.TrimRounds++
			r.rake(margins, targets, sums, opt)
		}
	}
	var sum float64
	for _, v := range w {
		sum += v
	}
	mean := sum / float64(n)
	r.MinRatio, r.MaxRatio = math.Inf(1), 0
	for _, v := range w {
		r.MinRatio = min(r.MinRatio, v/mean)
		r.MaxRatio = max(r.MaxRatio, v/mean)
	}
	if opt.Trim != nil {
		r.WithinBounds = r.MinRatio >= trim.Lower*(1-trim.Tolerance) && r.MaxRatio <= trim.Upper*(1+trim.Tolerance)
	}
	r.EffectiveN = EffectiveN(w)
	r.DesignEffect = float64(n) / r.EffectiveN
	return r, nil
}

// rake runs iterative proportional fitting on r.Weights in place.
func (r *Raking) rake(margins []Margin, targets [][]float64, sums [][]float64, opt RakeOptions) {
	w := r.Weights
	r.Converged = false
	for it := 0; it < opt.MaxIterations; it++ {
		r.Iterations++
		worst := 0.0
		for k, m := range margins {
			s := sums[k]
			clear(s)
			for i, c := range m.Codes {
				s[c] += w[i]
			}
			for c := range s {
				f := targets[k][c] / s[c]
				worst = max(worst, math.Abs(f-1))
				s[c] = f
			}
			for i, c := range m.Codes {
				w[i] *= s[c]
			}
		}
		if worst <= opt.Tolerance {
			r.Converged = true
			break
		}
	}
	r.MaxGap = 0
	for k, m := range margins {
		s := sums[k]
		clear(s)
		for i, c := range m.Codes {
			s[c] += w[i]
		}
		for c := range s {
			r.MaxGap = max(r.MaxGap, math.Abs(s[c]-targets[k][c])/targets[k][c])
		}
	}
}

// clamp bounds the weights to [lower, upper] × their mean and returns how
// many moved; a weight within tol (relative) of a bound is left alone.
func clamp(w []float64, lower, upper, tol float64) int {
	var sum float64
	for _, v := range w {
		sum += v
	}
	mean := sum / float64(len(w))
	lo, hi := lower*mean, upper*mean
	moved := 0
	for i, v := range w {
		switch {
		case v < lo*(1-tol):
			w[i] = lo
			moved++
		case v > hi*(1+tol):
			w[i] = hi
			moved++
		}
	}
	return moved
}

// infeasible lists the categories whose respondents must weigh, on average,
// more than Upper or less than Lower times the mean weight to meet their target:
// no trimming can then keep both the margins and the bounds.
func infeasible(margins []Margin, targets [][]float64, counts [][]int, n int, t Trim) []string {
	var total float64
	for _, v := range targets[0] {
		total += v
	}
	mean := total / float64(n)
	var out []string
	for k, m := range margins {
		for c, target := range targets[k] {
			ratio := target / float64(counts[k][c]) / mean
			if ratio > t.Upper*(1+1e-9) || ratio < t.Lower*(1-1e-9) {
				out = append(out, fmt.Sprintf("marge « %s », modalité « %s » : %d répondant(s) pour une cible de %.0f, soit %.1f fois le poids moyen ; regroupez des modalités ou élargissez les bornes",
					m.Name, m.Categories[c], counts[k][c], target, ratio))
			}
		}
	}
	return out
}

// checkMargins validates the margins and returns their targets on a common
// total and the respondents per category.
func checkMargins(margins []Margin, n int) ([][]float64, [][]int, []string, error) {
	targets := make([][]float64, len(margins))
	counts := make([][]int, len(margins))
	var total float64
	var rescaled []string
	for k, m := range margins {
		if len(m.Codes) != n {
			return nil, nil, nil, apperr.New(apperr.Invalid, fmt.Sprintf("La marge « %s » n'a pas une modalité par répondant.", m.Name))
		}
		if len(m.Targets) != len(m.Categories) || len(m.Categories) == 0 {
			return nil, nil, nil, apperr.New(apperr.Invalid, fmt.Sprintf("La marge « %s » n'a pas une cible par modalité.", m.Name))
		}
		count := make([]int, len(m.Categories))
		for _, c := range m.Codes {
			if c < 0 || c >= len(m.Categories) {
				return nil, nil, nil, apperr.New(apperr.Invalid, fmt.Sprintf("Un répondant n'a pas de modalité valide pour la marge « %s » : le redressement exige une réponse de chacun.", m.Name))
			}
			count[c]++
		}
		counts[k] = count
		var sum float64
		for c, t := range m.Targets {
			if !(t > 0) || math.IsInf(t, 0) {
				return nil, nil, nil, apperr.New(apperr.Invalid, fmt.Sprintf("La cible de « %s » dans la marge « %s » doit être strictement positive.", m.Categories[c], m.Name))
			}
			if count[c] == 0 {
				return nil, nil, nil, apperr.New(apperr.Invalid, fmt.Sprintf("Aucun répondant dans « %s » de la marge « %s » : regroupez cette modalité avec une voisine.", m.Categories[c], m.Name))
			}
			sum += t
		}
		targets[k] = append([]float64(nil), m.Targets...)
		if k == 0 {
			total = sum
			continue
		}
		if math.Abs(sum-total) > 1e-9*total {
			rescaled = append(rescaled, m.Name)
			for c := range targets[k] {
				targets[k][c] *= total / sum
			}
		}
	}
	return targets, counts, rescaled, nil
}
