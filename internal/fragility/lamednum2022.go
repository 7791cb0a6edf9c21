package fragility

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// LaMedNum2022 is the 2022 form of La MedNum's index: each core indicator
// scored −3..+3 by the commune's position in the national distribution, the
// points summed and scaled to −10..+10.
//
// What is known of the 2022 method: the five core indicators (no THD, no 4G,
// aged 65+, few or no diplomas, poverty; infos.fragilite-numerique.fr,
// "Comment est construit l'Indice de fragilité numérique ?") and the
// −3..+3 / −10..+10 scales (REFERENCE §8). The exact cut rule of the
// positions was not found in what could be read, so this implementation
// chooses one and says so: septiles of the national distribution.
//
// Rule chosen: for each indicator, the national distribution is every
// commune of the dataset with a value, unweighted. Its six septile cut points
// are the empirical quantiles q_k = x_(⌈k·n/7⌉) of the sorted values, k = 1..6.
// A value gets as many classes as cut points it strictly exceeds (0..6), so
// tied values share the lower class, and points = class − 3. The score is
// Σ points × 10 / (3 × number of indicators with a value).
type LaMedNum2022 struct {
	// MaxMissing is how many core indicators a commune may lack and still be
	// scored on the others (scaled on those); 0 requires all five.
	MaxMissing int
}

func (LaMedNum2022) Name() string    { return "lamednum-2022" }
func (LaMedNum2022) Version() string { return "parcours-1" }

func (m LaMedNum2022) Description() string {
	return "Indice de fragilité numérique, méthode La MedNum 2022 (version parcours-1) : chacun des cinq indicateurs " +
		"(locaux sans très haut débit, sans couverture mobile, part des 65 ans et plus, part des peu ou pas diplômés, " +
		"taux de pauvreté) reçoit de −3 à +3 points selon le septile de la commune dans la distribution nationale " +
		"des communes (découpage en septiles choisi par Parcours : la règle exacte de La MedNum n'est pas publiée " +
		"dans les sources consultées) ; la somme est ramenée sur une échelle de −10 à +10. " +
		fmt.Sprintf("Une commune sans valeur pour plus de %d indicateur(s) n'est pas notée.", m.MaxMissing)
}

// Compute scores every commune of d; d must hold the national set of communes.
func (m LaMedNum2022) Compute(d *Dataset) (*Result, error) {
	if m.MaxMissing < 0 || m.MaxMissing >= len(Core) {
		return nil, apperr.New(apperr.Invalid, "Le nombre d'indicateurs manquants admis doit être compris entre 0 et 4.")
	}
	r := newResult(m, d)
	r.Min, r.Max = -10, 10
	cuts := make(map[Indicator][]float64, len(Core))
	for _, ind := range Core {
		i := indexOf(ind)
		vals := make([]float64, 0, len(d.Communes))
		for ci := range d.Communes {
			if d.Communes[ci].has[i] {
				vals = append(vals, d.Communes[ci].values[i].Value)
			}
		}
		if len(vals) == 0 {
			return nil, apperr.New(apperr.Invalid, fmt.Sprintf("Aucune commune n'a de valeur pour « %s » : l'indice ne peut pas être calculé.", ind.Label()))
		}
		sort.Float64s(vals)
		c := septiles(vals)
		cuts[ind] = c
		parts := make([]string, len(c))
		for k, v := range c {
			parts[k] = fmt.Sprintf("%.2f", v)
		}
		r.Notes = append(r.Notes, fmt.Sprintf("%s : %d communes, seuils des septiles %s", ind.Label(), len(vals), strings.Join(parts, " ; ")))
	}
	for si := range r.Scores {
		s := &r.Scores[si]
		if len(s.Missing) > m.MaxMissing {
			continue
		}
		sum := 0.0
		for pi := range s.Parts {
			p := &s.Parts[pi]
			p.Points = float64(classOf(p.Value.Value, cuts[p.Indicator]) - 3)
			sum += p.Points
		}
		s.Score = sum * 10 / (3 * float64(len(s.Parts)))
		s.Scored = true
	}
	return r, nil
}

// septiles returns the six cut points x_(⌈k·n/7⌉), k = 1..6, of sorted values.
func septiles(sorted []float64) []float64 {
	n := len(sorted)
	c := make([]float64, 6)
	for k := 1; k <= 6; k++ {
		pos := int(math.Ceil(float64(k*n)/7)) - 1
		c[k-1] = sorted[max(pos, 0)]
	}
	return c
}

// classOf counts the cut points v strictly exceeds.
func classOf(v float64, cuts []float64) int {
	return sort.Search(len(cuts), func(k int) bool { return cuts[k] >= v })
}
