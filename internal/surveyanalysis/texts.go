package surveyanalysis

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// texts writes the limits and the method of a report, in French.
func texts(rep Report, def *survey.Definition) (notices, method []string) {
	pol := rep.Policy
	notices = append(notices, stats.SampleNotice+" Les personnes qui répondent au guichet, en atelier ou en ligne ne représentent pas toute la population : "+
		"les plus éloignées du numérique y sont souvent plus nombreuses, ou au contraire absentes d'une enquête en ligne.")
	if rep.Analysed < 100 {
		notices = append(notices, fmt.Sprintf("Seulement %d réponses analysées : les intervalles sont larges, lisez les écarts avec prudence.", rep.Analysed))
	}
	if rep.WeightingNote != "" {
		notices = append(notices, rep.WeightingNote)
	}
	if rep.OtherVersions > 0 {
		notices = append(notices, fmt.Sprintf("%d réponse(s) ont été données sur une version antérieure du questionnaire : elles comptent pour les questions de même clé ; une réponse dont le choix n'existe plus est mise à part.", rep.OtherVersions))
	}
	method = []string{
		"Chaque pourcentage est donné avec sa base (le nombre de personnes qui ont répondu à la question) et son intervalle de confiance à 95 % (méthode de Wilson) : " +
			"la vraie valeur a 95 chances sur 100 de s'y trouver si les répondants avaient été tirés au hasard.",
		"Questions à choix multiple : pourcentages des répondants à la question ; leur somme peut dépasser 100 %. " +
			"Les personnes à qui la logique du questionnaire n'a pas posé une question (« non concernées ») ne sont pas dans sa base.",
		"Comparaison avec les chiffres nationaux : chaque chiffre est daté (année du terrain) et sourcé, avec sa population. " +
			"Un écart n'est signalé que si le chiffre national est en dehors de l'intervalle local. La comparaison ne se fait qu'entre populations comparables : " +
			"les tranches d'âge diffèrent selon les sources (Credoc : 12 ans et plus, 60–69 et 70 ans et plus ; Insee : 15 ans et plus, 60–74 et 75 ans et plus).",
		"Tableaux croisés : test du khi² de Pearson (effectifs théoriques calculés à partir des marges) quand la règle de Cochran est respectée " +
			"(aucun effectif théorique inférieur à 1, au plus 20 % inférieurs à 5) ; sinon, regroupement de modalités voisines, ou test exact de Fisher pour un tableau 2 × 2. " +
			"Le V de Cramér mesure la force du lien (moins de 0,1 : négligeable ; 0,1 à 0,2 : faible ; 0,2 à 0,3 : modéré ; au-delà : fort). Les pourcentages des tableaux croisés sont ceux de chaque colonne (chaque groupe).",
		fmt.Sprintf("Secret statistique (%s) : les effectifs de 1 à %d sont masqués, aucun pourcentage n'est donné sur une base de moins de %d personnes, "+
			"et une seconde case est masquée quand une case masquée pourrait être retrouvée par soustraction à partir des totaux.", rep.Audience.Label(), pol.MinCount-1, pol.MinBase),
	}
	if w := rep.Weighting; w != nil {
		state := "atteinte"
		if !w.Converged {
			state = "non atteinte (résultats approchés)"
		}
		m := fmt.Sprintf("Redressement : les réponses sont pondérées par calage sur marges (raking, ajustement proportionnel itératif) sur %s, "+
			"d'après : %s. Convergence %s en %d itération(s), écart maximal aux marges %s %%. Poids écrêtés entre 0,3 et 3 fois le poids moyen "+
			"(%d poids ramenés aux bornes) ; poids de %s à %s fois la moyenne. Effectif efficace de Kish : %.0f (effet de plan %s) : "+
			"les intervalles sont calculés sur cet effectif efficace, plus petit que le nombre de répondants.",
			strings.Join(w.Margins, " et "), w.Source, state, w.Iterations, decimal(w.MaxGap*100, 4), w.Trimmed,
			decimal(w.MinRatio, 2), decimal(w.MaxRatio, 2), w.EffectiveN, decimal(w.DesignEffect, 2))
		if len(w.Infeasible) > 0 {
			m += " Écrêtage impossible sans trahir les marges : " + strings.Join(w.Infeasible, " ; ") + "."
		}
		method = append(method, m)
	} else {
		method = append(method, "Pas de redressement : chaque répondant compte pour un. Les résultats décrivent les répondants, pas la population du territoire.")
	}
	return notices, method
}

// Headline is one figure of the board summary.
type Headline struct {
	Label string
	Text  string // « 78 % (71–83 %, n = 177) » or « non diffusé »
	Note  string // the national comparison, in words
	Gap   bool
}

// Summary is the one-page summary for the board.
type Summary struct {
	Title       string
	Respondents int
	Period      string
	Channels    string
	Weighted    bool
	Headlines   []Headline
	Gaps        []string // significant gaps with a national figure
	Links       []string // significant cross-tabs
	Notices     []string
}

// Summarize picks the figures a board reads: the overall share linked to each
// benchmark question, the significant gaps and cross-tabs, and the limits.
func Summarize(rep Report, period string) Summary {
	s := Summary{Title: rep.Title, Respondents: rep.Respondents, Period: period, Weighted: rep.Weighting != nil, Notices: rep.Notices}
	var parts []string
	for _, c := range rep.Channels {
		parts = append(parts, fmt.Sprintf("%s : %d", strings.ToLower(c.Channel.Label()), c.Count))
	}
	s.Channels = strings.Join(parts, ", ")
	seen := map[string]bool{}
	for _, q := range rep.Questions {
		for _, c := range q.Comparisons {
			if !c.Comparable || c.Subgroup != "ensemble des répondants" {
				continue
			}
			key := q.Key + "|" + strings.Join(c.Benchmark.ChoiceValues, ",")
			if !seen[key] {
				seen[key] = true
				s.Headlines = append(s.Headlines, Headline{Label: headlineLabel(q, c), Text: stats.Describe(c.Local),
					Note: fmt.Sprintf("national : %s (%s %d)", stats.Percent(c.Benchmark.Value), c.Benchmark.Source, c.Benchmark.Year), Gap: c.Gap})
			}
			if c.Gap {
				s.Gaps = append(s.Gaps, headlineLabel(q, c)+" : "+c.Sentence)
			}
		}
	}
	for _, ct := range rep.Crosstabs {
		if ct.Significant {
			s.Links = append(s.Links, ct.Title()+" : "+ct.Sentence)
		}
	}
	sort.SliceStable(s.Headlines, func(i, j int) bool { return s.Headlines[i].Gap && !s.Headlines[j].Gap })
	if len(s.Headlines) > 8 {
		s.Headlines = s.Headlines[:8]
	}
	return s
}

func headlineLabel(q QuestionResult, c Comparison) string {
	l := c.Benchmark.Indicator
	if l == "" {
		l = q.Label
	}
	r, n := utf8.DecodeRuneInString(l)
	return strings.ToUpper(string(r)) + l[n:]
}
