package surveyanalysis

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/disclosure"
	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// Comparison is a local share read against a national benchmark.
type Comparison struct {
	Benchmark  survey.Benchmark
	Subgroup   string // the local respondents compared: « ensemble », « 75 ans et plus »
	Comparable bool   // false: populations do not match, or the base is too small
	Local      stats.Proportion
	Hits       int
	Gap        bool   // the national value lies outside the local interval
	Position   string // « inférieur », « supérieur », « pas différent »
	Sentence   string // the reading in plain words
	Notes      []string
}

// compareQuestion reads a question's shares against its benchmarks.
func compareQuestion(def *survey.Definition, qr *QuestionResult, c *coded, weights []float64, pol disclosure.Policy, bs []survey.Benchmark, now time.Time) []Comparison {
	var out []Comparison
	col := c.cols[qr.Key]
	for _, b := range bs {
		if b.QuestionKey != qr.Key || !b.Linked() {
			continue
		}
		cmp := Comparison{Benchmark: b, Subgroup: "ensemble des répondants"}
		if b.Breakdown != "" && b.Breakdown != "ensemble" {
			cmp.Subgroup = b.Breakdown
		}
		want := make([]bool, len(col.values))
		var missing []string
		for _, v := range b.ChoiceValues {
			i := slices.Index(col.values, v)
			if i < 0 {
				missing = append(missing, v)
				continue
			}
			want[i] = true
		}
		if len(missing) > 0 {
			cmp.Sentence = "Pas de comparaison : le questionnaire n'a pas le ou les choix « " + strings.Join(missing, ", ") + " » auxquels ce chiffre national est relié."
			out = append(out, cmp)
			continue
		}
		in, label, note, ok := subgroup(def, b, c)
		if !ok {
			cmp.Sentence = note
			out = append(out, cmp)
			continue
		}
		if label != "" {
			cmp.Subgroup = label
		} else {
			cmp.Subgroup = "ensemble des répondants"
		}
		if note != "" {
			cmp.Notes = append(cmp.Notes, note)
		}
		var hits, base int
		var ws []float64
		var hs []bool
		for i := 0; i < c.n; i++ {
			if in != nil && !in(i) {
				continue
			}
			answered, hit := col.hits(i, want)
			if !answered {
				continue
			}
			base++
			if hit {
				hits++
			}
			if weights != nil {
				ws = append(ws, weights[i])
				hs = append(hs, hit)
			}
		}
		cmp.Hits = hits
		if base == 0 {
			cmp.Sentence = "Pas de comparaison : aucun répondant dans ce groupe n'a répondu à la question."
			out = append(out, cmp)
			continue
		}
		if sh := pol.Percent(hits, base); sh.Hidden {
			cmp.Sentence = withheld(sh.Reason, base, pol)
			out = append(out, cmp)
			continue
		}
		var p stats.Proportion
		if weights != nil {
			p, _ = stats.WeightedProportion(ws, hs)
		} else {
			p, _ = stats.NewProportion(hits, base)
		}
		ref := stats.Reference{Indicator: b.Indicator, Value: b.Value, Source: b.Source, Year: b.Year, Population: b.Population, Publication: b.Publication}
		r := stats.Compare(p, ref)
		cmp.Comparable, cmp.Local, cmp.Gap = true, p, r.Gap
		cmp.Position = map[stats.Position]string{stats.NotDifferent: "pas différent", stats.Below: "inférieur", stats.Above: "supérieur"}[r.Position]
		cmp.Sentence = r.Sentence + ". " + plain(r)
		if now.Year()-b.Year >= 5 {
			cmp.Notes = append(cmp.Notes, fmt.Sprintf("Le chiffre national date de %d : les usages ont pu changer depuis.", b.Year))
		}
		out = append(out, cmp)
	}
	return out
}

// withheld says why a comparison is not published.
func withheld(r disclosure.Reason, base int, pol disclosure.Policy) string {
	if r == disclosure.SmallBase {
		return fmt.Sprintf("Pas de comparaison publiée : seulement %d répondant(s) dans ce groupe, moins de %d.", base, pol.MinBase)
	}
	return fmt.Sprintf("Pas de comparaison publiée : le nombre de répondants concernés (ou non concernés) est inférieur à %d, il pourrait désigner des personnes.", pol.MinCount)
}

// plain says what the comparison means, in words a board member reads.
func plain(r stats.Comparison) string {
	gap := math.Abs(r.Local.Value-r.Reference.Value) * 100
	switch r.Position {
	case stats.Below:
		return "Le chiffre national est au-dessus de l'intervalle : l'écart n'est probablement pas dû au hasard du tirage des répondants."
	case stats.Above:
		return "Le chiffre national est au-dessous de l'intervalle : l'écart n'est probablement pas dû au hasard du tirage des répondants."
	}
	return fmt.Sprintf("Le chiffre national est dans l'intervalle : l'écart de %.0f point(s) peut venir du hasard, on ne peut pas dire que le territoire est différent.", gap)
}

// subgroup finds the local respondents a benchmark describes: everyone, an
// age range made of whole age bands, or a profile breakdown. It says when
// populations do not match (ok false: no comparison).
func subgroup(def *survey.Definition, b survey.Benchmark, c *coded) (in func(int) bool, label, note string, ok bool) {
	var filters []func(int) bool
	bands, hasAge := def.AgeBands()
	localMin := 0
	if hasAge && len(bands) > 0 {
		localMin = bands[0].AgeMin
	}
	// "18 and over" against "15 and over" is the same population give or take
	// a few ages: compared with a note; a narrower range is a breakdown.
	ageBreakdown := b.AgeMax != 0 || b.AgeMin > max(localMin, 18)
	switch {
	case ageBreakdown && !hasAge:
		return nil, "", "Pas de comparaison : le chiffre national porte sur les " + b.AgeLabel() + " et le questionnaire ne demande pas l'âge.", false
	case ageBreakdown:
		from, to := -1, -1
		for i, band := range bands {
			if band.AgeMin == b.AgeMin {
				from = i
			}
			if band.AgeMax == b.AgeMax && from >= 0 {
				to = i
				break
			}
		}
		if from < 0 || to < 0 {
			var names []string
			for _, band := range bands {
				names = append(names, survey.AgeLabel(band.AgeMin, band.AgeMax))
			}
			return nil, "", fmt.Sprintf("Pas de comparaison : le chiffre national porte sur les %s, que les tranches d'âge du questionnaire (%s) ne permettent pas de retrouver. Les sources découpent les âges différemment (Credoc : 60–69 et 70 ans et plus ; Insee : 60–74 et 75 ans et plus).",
				b.AgeLabel(), strings.Join(names, ", ")), false
		}
		age, _ := def.ByRole(survey.RoleAge)
		col := c.cols[age.Key]
		filters = append(filters, func(i int) bool { k := col.single[i]; return k >= from && k <= to })
		label = b.AgeLabel()
	case !hasAge:
		note = "Le questionnaire ne demande pas l'âge : la comparaison suppose que les répondants ont l'âge de la population de la source (" + b.AgeLabel() + ")."
	case b.AgeMin != localMin:
		note = fmt.Sprintf("Populations proches mais différentes : la source couvre les %s, le questionnaire les %s.", b.AgeLabel(), survey.AgeLabel(localMin, 0))
	}
	if b.SubgroupRole != "" {
		q, found := def.ByRole(b.SubgroupRole)
		if !found {
			return nil, "", "Pas de comparaison : le chiffre national porte sur un sous-groupe (" + b.Breakdown + ") que le questionnaire ne permet pas de retrouver (pas de question « " + b.SubgroupRole.Label() + " »).", false
		}
		col := c.cols[q.Key]
		want := make([]bool, len(col.values))
		for _, v := range b.SubgroupValues {
			i := slices.Index(col.values, v)
			if i < 0 {
				return nil, "", "Pas de comparaison : la question « " + q.Label + " » n'a pas le choix « " + v + " » du sous-groupe national (" + b.Breakdown + ").", false
			}
			want[i] = true
		}
		filters = append(filters, func(i int) bool { k := col.single[i]; return k >= 0 && want[k] })
		if label != "" {
			label += ", "
		}
		label += b.Breakdown
	}
	if len(filters) == 0 {
		return nil, label, note, true
	}
	return func(i int) bool {
		for _, f := range filters {
			if !f(i) {
				return false
			}
		}
		return true
	}, label, note, true
}
