package stats

import (
	"math"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// NoAnswer is the code of a respondent who did not answer a single-choice question.
const NoAnswer = -1

// Share is one category of a question with its proportion of respondents.
type Share struct {
	Category string
	Proportion
}

// Distribution is the answers to one question, as shares of the respondents
// who answered it.
type Distribution struct {
	Shares        []Share
	Base          int     // respondents who answered
	EffectiveBase float64 // Kish's effective n of those respondents; Base when unweighted
	Missing       int     // respondents who did not answer
	Multiple      bool    // several answers allowed: shares may sum over 100 %
	Weighted      bool
}

// SingleChoice tabulates a question with one answer per respondent:
// answers[i] is a category index or NoAnswer; weights may be nil.
func SingleChoice(categories []string, answers []int, weights []float64) (Distribution, error) {
	if err := checkWeights(weights, len(answers)); err != nil {
		return Distribution{}, err
	}
	hits := make([]float64, len(categories))
	var d Distribution
	var sum, sum2 float64
	for i, a := range answers {
		if a == NoAnswer {
			d.Missing++
			continue
		}
		if a < 0 || a >= len(categories) {
			return Distribution{}, apperr.New(apperr.Invalid, "Une réponse ne correspond à aucune modalité de la question.")
		}
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		hits[a] += w
		sum += w
		sum2 += w * w
		d.Base++
	}
	return d.finish(categories, hits, sum, sum2, weights != nil)
}

// MultipleChoice tabulates a question where a respondent may tick several
// choices: answers[i] lists the chosen indexes (empty: no answer). Shares are
// of respondents, so they may sum over 100 %; a choice ticked twice by the
// same respondent counts once.
func MultipleChoice(choices []string, answers [][]int, weights []float64) (Distribution, error) {
	if err := checkWeights(weights, len(answers)); err != nil {
		return Distribution{}, err
	}
	hits := make([]float64, len(choices))
	seen := make([]int, len(choices)) // respondent index+1 that last ticked the choice
	d := Distribution{Multiple: true}
	var sum, sum2 float64
	for i, picked := range answers {
		if len(picked) == 0 {
			d.Missing++
			continue
		}
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		for _, c := range picked {
			if c < 0 || c >= len(choices) {
				return Distribution{}, apperr.New(apperr.Invalid, "Une réponse ne correspond à aucun choix de la question.")
			}
			if seen[c] == i+1 {
				continue
			}
			seen[c] = i + 1
			hits[c] += w
		}
		sum += w
		sum2 += w * w
		d.Base++
	}
	return d.finish(choices, hits, sum, sum2, weights != nil)
}

func (d Distribution) finish(labels []string, hits []float64, sum, sum2 float64, isWeighted bool) (Distribution, error) {
	if d.Base == 0 || sum <= 0 {
		return Distribution{}, apperr.New(apperr.Invalid, "Personne n'a répondu à la question.")
	}
	d.Weighted = isWeighted
	d.Shares = make([]Share, len(labels))
	for c, label := range labels {
		var p Proportion
		if isWeighted {
			p = weighted(hits[c], sum, sum2, d.Base)
		} else {
			p, _ = NewProportion(int(hits[c]), d.Base)
		}
		d.Shares[c] = Share{Category: label, Proportion: p}
	}
	d.EffectiveBase = float64(d.Base)
	if isWeighted {
		d.EffectiveBase = sum * sum / sum2
	}
	return d, nil
}

// SumPercent is the sum of the shares in percent: 100 for a single choice,
// possibly more for a multiple choice.
func (d Distribution) SumPercent() float64 {
	var s float64
	for _, sh := range d.Shares {
		s += sh.Value
	}
	return s * 100
}

func checkWeights(weights []float64, n int) error {
	if weights == nil {
		return nil
	}
	if len(weights) != n {
		return apperr.New(apperr.Invalid, "Il faut un poids par répondant.")
	}
	for _, w := range weights {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return apperr.New(apperr.Invalid, "Un poids est négatif ou n'est pas un nombre.")
		}
	}
	return nil
}
