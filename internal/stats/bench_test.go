package stats

import (
	"math/rand/v2"
	"testing"
)

// survey is a synthetic survey: 3 raking variables, 17 single-choice and 3
// multiple-choice questions.
type survey struct {
	age, sex, diploma []int
	single            [][]int
	singleCats        [][]string
	multiple          [][][]int
	multipleCats      [][]string
}

func synthetic(n int) survey {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(probs []float64) int {
		u := rng.Float64()
		for i, p := range probs {
			if u < p {
				return i
			}
			u -= p
		}
		return len(probs) - 1
	}
	labels := func(k int) []string {
		out := make([]string, k)
		for i := range out {
			out[i] = string(rune('a' + i))
		}
		return out
	}
	s := survey{age: make([]int, n), sex: make([]int, n), diploma: make([]int, n)}
	for i := 0; i < n; i++ {
		s.age[i] = pick([]float64{0.1, 0.15, 0.2, 0.3, 0.25})
		s.sex[i] = pick([]float64{0.6, 0.4})
		s.diploma[i] = pick([]float64{0.3, 0.35, 0.2, 0.15})
	}
	for q := 0; q < 17; q++ {
		k := 2 + q%5
		s.singleCats = append(s.singleCats, labels(k))
		a := make([]int, n)
		for i := range a {
			a[i] = rng.IntN(k)
			if rng.IntN(20) == 0 {
				a[i] = NoAnswer
			}
		}
		s.single = append(s.single, a)
	}
	for q := 0; q < 3; q++ {
		s.multipleCats = append(s.multipleCats, labels(6))
		a := make([][]int, n)
		for i := range a {
			for c := 0; c < 6; c++ {
				if rng.IntN(3) == 0 {
					a[i] = append(a[i], c)
				}
			}
		}
		s.multiple = append(s.multiple, a)
	}
	return s
}

// analyse is the whole analysis of a survey: raking on age × sex and
// diploma with trimming, 20 weighted questions, 5 weighted cross-tabs.
func (s survey) analyse() error {
	ageSex := Margin{Name: "âge × sexe", Categories: labels10, Codes: JointCodes(s.age, s.sex, 2),
		Targets: []float64{2600, 2700, 2800, 2750, 2900, 2800, 2500, 2300, 1700, 950}}
	diploma := Margin{Name: "diplôme", Categories: []string{"aucun", "cap-bep", "bac", "supérieur"}, Codes: s.diploma,
		Targets: []float64{4800, 7200, 5040, 6960}}
	r, err := Rake(nil, []Margin{ageSex, diploma}, RakeOptions{Trim: &DefaultTrim})
	if err != nil {
		return err
	}
	for q, a := range s.single {
		if _, err := SingleChoice(s.singleCats[q], a, r.Weights); err != nil {
			return err
		}
	}
	for q, a := range s.multiple {
		if _, err := MultipleChoice(s.multipleCats[q], a, r.Weights); err != nil {
			return err
		}
	}
	ages := []string{"15-29", "30-44", "45-59", "60-74", "75+"}
	for q := 0; q < 5; q++ {
		t, err := NewTable(ages, s.singleCats[q], s.age, s.single[q], r.Weights)
		if err != nil {
			return err
		}
		if _, err := Analyse(t); err != nil {
			return err
		}
	}
	return nil
}

var labels10 = []string{"15-29 F", "15-29 M", "30-44 F", "30-44 M", "45-59 F", "45-59 M", "60-74 F", "60-74 M", "75+ F", "75+ M"}

func TestSyntheticAnalysis(t *testing.T) {
	t.Parallel()
	if err := synthetic(2000).analyse(); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkAnalyse100k(b *testing.B) {
	s := synthetic(100_000)
	b.ResetTimer()
	for b.Loop() {
		if err := s.analyse(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRake100k(b *testing.B) {
	s := synthetic(100_000)
	ageSex := Margin{Name: "âge × sexe", Categories: labels10, Codes: JointCodes(s.age, s.sex, 2),
		Targets: []float64{2600, 2700, 2800, 2750, 2900, 2800, 2500, 2300, 1700, 950}}
	diploma := Margin{Name: "diplôme", Categories: []string{"aucun", "cap-bep", "bac", "supérieur"}, Codes: s.diploma,
		Targets: []float64{4800, 7200, 5040, 6960}}
	sex := Margin{Name: "sexe", Categories: []string{"F", "M"}, Codes: s.sex, Targets: []float64{12500, 11500}}
	b.ResetTimer()
	for b.Loop() {
		r, err := Rake(nil, []Margin{ageSex, diploma, sex}, RakeOptions{Trim: &DefaultTrim})
		if err != nil || !r.Converged {
			b.Fatal(err, r.Converged)
		}
	}
}
