package surveyanalysis

import (
	"fmt"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// rake weights the respondents who have an age band and a census sex (and a
// diploma when diploma margins are given) to the margins, with the default
// trimming; it returns the indexes of the respondents weighted and their
// weights, or a note saying why the results are not weighted.
func rake(def *survey.Definition, m *survey.Margins, rs []survey.Response) (*Weighting, []int, []float64, string) {
	if m == nil {
		return nil, nil, nil, "Résultats non pondérés : les effectifs du recensement (marges) ne sont pas saisis pour ce questionnaire."
	}
	if err := def.ValidateMargins(*m); err != nil {
		return nil, nil, nil, "Résultats non pondérés : les marges saisies ne correspondent pas aux questions de cette version (" + apperr.MessageOf(err) + ")."
	}
	age, _ := def.ByRole(survey.RoleAge)
	sex, _ := def.ByRole(survey.RoleSex)
	dip, hasDip := def.ByRole(survey.RoleDiploma)
	useDip := hasDip && len(m.Diploma) > 0
	ageIdx := map[string]int{}
	var cells []string
	var targets []float64
	for i, c := range age.Choices {
		ageIdx[c.Value] = i
		for _, s := range []string{survey.Female, survey.Male} {
			cells = append(cells, c.Label+" × "+s)
			targets = append(targets, m.AgeSex[c.Value][s])
		}
	}
	dipIdx := map[string]int{}
	var dipLabels []string
	var dipTargets []float64
	if useDip {
		for i, c := range dip.Choices {
			dipIdx[c.Value] = i
			dipLabels = append(dipLabels, c.Label)
			dipTargets = append(dipTargets, m.Diploma[c.Value])
		}
	}
	var kept []int
	var joint, dips []int
	for i := range rs {
		a := rs[i].Answers
		ai, okA := ageIdx[a.Value(age.Key)]
		s := a.Value(sex.Key)
		if !okA || (s != survey.Female && s != survey.Male) {
			continue
		}
		di := 0
		if useDip {
			var okD bool
			if di, okD = dipIdx[a.Value(dip.Key)]; !okD {
				continue
			}
		}
		si := 0
		if s == survey.Male {
			si = 1
		}
		kept = append(kept, i)
		joint = append(joint, ai*2+si)
		dips = append(dips, di)
	}
	left := len(rs) - len(kept)
	if len(kept) == 0 {
		return nil, nil, nil, "Résultats non pondérés : aucun répondant n'a à la fois une tranche d'âge et un sexe du recensement."
	}
	margins := []stats.Margin{{Name: "tranche d'âge × sexe", Categories: cells, Targets: targets, Codes: joint}}
	names := []string{"tranche d'âge × sexe"}
	if useDip {
		margins = append(margins, stats.Margin{Name: "diplôme", Categories: dipLabels, Targets: dipTargets, Codes: dips})
		names = append(names, "diplôme")
	}
	r, err := stats.Rake(nil, margins, stats.RakeOptions{Trim: &stats.DefaultTrim})
	if err != nil {
		return nil, nil, nil, "Résultats non pondérés : " + apperr.MessageOf(err)
	}
	w := &Weighting{Source: m.Source, Margins: names, Converged: r.Converged, Iterations: r.Iterations, MaxGap: r.MaxGap,
		Trimmed: r.Trimmed, TrimRounds: r.TrimRounds, WithinBounds: r.WithinBounds, Infeasible: r.Infeasible,
		MinRatio: r.MinRatio, MaxRatio: r.MaxRatio, EffectiveN: r.EffectiveN, DesignEffect: r.DesignEffect, LeftOut: left}
	note := ""
	if left > 0 {
		note = fmt.Sprintf("%d répondant(s) sans tranche d'âge ou sans sexe « femme » ou « homme »%s ne figurent pas dans les résultats pondérés.",
			left, map[bool]string{true: " (ou sans diplôme)", false: ""}[useDip])
	}
	return w, kept, r.Weights, note
}
