// Package stats analyses a local survey without overstating it: every
// percentage comes with its base and a Wilson 95 % interval, a gap with a
// national figure is called only when the figure lies outside the interval,
// cross-tabs say which test was used and why, and respondents are weighted
// to census margins by raking, with Kish's effective n carried into the
// intervals. A reception-desk sample is not a random sample: the intervals
// measure chance, not the bias of who came to the desk (see SampleNotice).
package stats

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Confidence is the level of every interval in this package.
const Confidence = 0.95

// SampleNotice is shown beside any result computed on people who came to a
// desk or answered of their own accord.
const SampleNotice = "Les personnes interrogées ne forment pas un échantillon aléatoire : " +
	"les intervalles mesurent le hasard de l'échantillon, pas le biais lié à qui a répondu."

// z is the two-sided normal quantile for Confidence.
var z = distuv.UnitNormal.Quantile(1 - (1-Confidence)/2)

// Proportion is a share of respondents with its base and Wilson interval.
type Proportion struct {
	Hits          float64 // respondents giving the answer; a sum of weights when Weighted
	Total         float64 // respondents in the base; a sum of weights when Weighted
	Base          int     // respondents who answered the question (unweighted)
	EffectiveBase float64 // n used by the interval: Base, or Kish's effective n when Weighted
	Value         float64 // share, 0..1
	Low, High     float64 // Wilson interval at Confidence, 0..1
	Weighted      bool
}

// NewProportion returns hits out of base with its Wilson interval.
func NewProportion(hits, base int) (Proportion, error) {
	if base <= 0 {
		return Proportion{}, apperr.New(apperr.Invalid, "Aucune réponse : la proportion ne peut pas être calculée.")
	}
	if hits < 0 || hits > base {
		return Proportion{}, apperr.New(apperr.Invalid, "Le nombre de réponses doit être compris entre 0 et l'effectif de base.")
	}
	p := float64(hits) / float64(base)
	lo, hi := Wilson(p, float64(base))
	return Proportion{Hits: float64(hits), Total: float64(base), Base: base, EffectiveBase: float64(base), Value: p, Low: lo, High: hi}, nil
}

// WeightedProportion returns the weighted share of respondents with hit set,
// among all given respondents, with a Wilson interval on Kish's effective n.
func WeightedProportion(weights []float64, hit []bool) (Proportion, error) {
	if len(weights) != len(hit) {
		return Proportion{}, apperr.New(apperr.Invalid, "Il faut un poids par répondant.")
	}
	var sum, sum2, hits float64
	for i, w := range weights {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return Proportion{}, apperr.New(apperr.Invalid, "Un poids est négatif ou n'est pas un nombre.")
		}
		sum += w
		sum2 += w * w
		if hit[i] {
			hits += w
		}
	}
	if sum <= 0 {
		return Proportion{}, apperr.New(apperr.Invalid, "Aucune réponse pondérée : la proportion ne peut pas être calculée.")
	}
	return weighted(hits, sum, sum2, len(weights)), nil
}

// weighted builds a weighted proportion from sums already accumulated.
func weighted(hits, sum, sum2 float64, base int) Proportion {
	p := hits / sum
	neff := sum * sum / sum2
	lo, hi := Wilson(p, neff)
	return Proportion{Hits: hits, Total: sum, Base: base, EffectiveBase: neff, Value: p, Low: lo, High: hi, Weighted: true}
}

// Wilson returns the Wilson score interval at Confidence for a share p
// observed on n respondents (n may be an effective, non-integer n).
func Wilson(p, n float64) (low, high float64) {
	if n <= 0 {
		return 0, 1
	}
	z2 := z * z
	den := 1 + z2/n
	center := (p + z2/(2*n)) / den
	half := z / den * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	low, high = center-half, center+half
	// The exact bound at p = 0 or 1 is 0 or 1; rounding must not push it past.
	if p == 0 || low < 0 {
		low = 0
	}
	if p == 1 || high > 1 {
		high = 1
	}
	return low, high
}

// EffectiveN is Kish's effective sample size (Σw)² / Σw².
func EffectiveN(weights []float64) float64 {
	var sum, sum2 float64
	for _, w := range weights {
		sum += w
		sum2 += w * w
	}
	if sum2 == 0 {
		return 0
	}
	return sum * sum / sum2
}

// DesignEffect is Kish's design effect of weighting, n / n_eff = 1 + CV² of the weights.
func DesignEffect(weights []float64) float64 {
	neff := EffectiveN(weights)
	if neff == 0 {
		return 0
	}
	return float64(len(weights)) / neff
}
