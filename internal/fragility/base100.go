package fragility

import (
	"fmt"
	"sort"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Base100 is the 2019–2020 form of the index: each core indicator of a
// commune as a ratio to a reference territory (× 100), the ratios averaged;
// 100 means "like the reference", above means more fragile.
//
// The 2020 open-source implementation (dataforgoodfr/batch8_mednum,
// dockerize-apps/panel/mednum/controlers/overallparameters.py and
// mednum/config) divides each indicator by its aggregate over the reference
// territory, × 100, averages within four axes then across axes; it
// aggregates rates by their median and coverages by their mean. This
// implementation keeps the ratio and the aggregates but scores the five
// current core indicators (REFERENCE §8), oriented so that higher is more
// fragile (non-coverage instead of coverage), and averages them directly:
// the 2020 axes grouped other variables.
type Base100 struct {
	Reference  Reference
	MaxMissing int // core indicators a commune may lack and still be scored on the others
}

// Reference is the territory a Base100 index compares communes with.
type Reference struct {
	Name   string // e.g. "France", "Creuse"
	Values map[Indicator]float64
}

func (Base100) Name() string    { return "base100-2020" }
func (Base100) Version() string { return "parcours-1" }

func (m Base100) Description() string {
	return fmt.Sprintf("Indice de fragilité numérique en base 100, méthode 2019–2020 (version parcours-1) : chaque indicateur "+
		"(locaux sans très haut débit, sans couverture mobile, part des 65 ans et plus, part des peu ou pas diplômés, "+
		"taux de pauvreté) est rapporté à sa valeur sur le territoire de référence « %s » (× 100), puis les rapports "+
		"sont moyennés : 100 = comme la référence, au-dessus = plus fragile. "+
		"Une commune sans valeur pour plus de %d indicateur(s) n'est pas notée.", m.Reference.Name, m.MaxMissing)
}

// referenceAggregate is how the 2020 implementation summarised each indicator over a territory.
var referenceAggregate = map[Indicator]string{
	NoVeryHighSpeed: "moyenne",
	NoMobile:        "moyenne",
	Aged65:          "médiane",
	LowDiploma:      "médiane",
	Poverty:         "médiane",
}

// ReferenceOf computes a reference territory from the communes include
// selects: unweighted mean of the communes for coverage indicators, median
// for rates, as the 2020 implementation did.
func ReferenceOf(d *Dataset, name string, include func(*Commune) bool) (Reference, error) {
	ref := Reference{Name: name, Values: map[Indicator]float64{}}
	for _, ind := range Core {
		i := indexOf(ind)
		var vals []float64
		for ci := range d.Communes {
			c := &d.Communes[ci]
			if c.has[i] && include(c) {
				vals = append(vals, c.values[i].Value)
			}
		}
		if len(vals) == 0 {
			return Reference{}, apperr.New(apperr.Invalid, fmt.Sprintf("Le territoire de référence « %s » n'a aucune commune avec une valeur pour « %s ».", name, ind.Label()))
		}
		if referenceAggregate[ind] == "moyenne" {
			sum := 0.0
			for _, v := range vals {
				sum += v
			}
			ref.Values[ind] = sum / float64(len(vals))
			continue
		}
		sort.Float64s(vals)
		n := len(vals)
		if n%2 == 1 {
			ref.Values[ind] = vals[n/2]
		} else {
			ref.Values[ind] = (vals[n/2-1] + vals[n/2]) / 2
		}
	}
	return ref, nil
}

// Compute scores every commune of d against m.Reference.
func (m Base100) Compute(d *Dataset) (*Result, error) {
	if m.MaxMissing < 0 || m.MaxMissing >= len(Core) {
		return nil, apperr.New(apperr.Invalid, "Le nombre d'indicateurs manquants admis doit être compris entre 0 et 4.")
	}
	for _, ind := range Core {
		if v, ok := m.Reference.Values[ind]; !ok || !(v > 0) {
			return nil, apperr.New(apperr.Invalid, fmt.Sprintf("La valeur de référence de « %s » doit être strictement positive pour servir de base 100.", ind.Label()))
		}
	}
	r := newResult(m, d)
	for _, ind := range Core {
		agg := referenceAggregate[ind]
		r.Notes = append(r.Notes, fmt.Sprintf("%s : référence « %s » = %.2f (%s des communes si calculée par ReferenceOf)", ind.Label(), m.Reference.Name, m.Reference.Values[ind], agg))
	}
	for si := range r.Scores {
		s := &r.Scores[si]
		if len(s.Missing) > m.MaxMissing {
			continue
		}
		sum := 0.0
		for pi := range s.Parts {
			p := &s.Parts[pi]
			p.Points = p.Value.Value / m.Reference.Values[p.Indicator] * 100
			sum += p.Points
		}
		s.Score = sum / float64(len(s.Parts))
		s.Scored = true
	}
	return r, nil
}
