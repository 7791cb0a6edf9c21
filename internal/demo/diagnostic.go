package demo

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// DiagnosticAnswers is how many synthetic answers the demo questionnaire has.
const DiagnosticAnswers = 200

// loadDiagnostic publishes the ABS digital-needs questionnaire for the CCAS
// with synthetic answers (online and on paper), census-like margins and the
// template's cross-tabs, so that a CCAS sees a report at once. The answers
// are drawn so that age and diploma matter, as in the field reports; they
// describe no real person.
func loadDiagnostic(ctx context.Context, core *store.Store, t *Territory) error {
	st := surveystore.New(core)
	sc := scope.OfStructure(t.Structures[CCAS])
	j := journal.Entry{ActorStructureID: t.Structures[CCAS], Who: "Démonstration", Action: journal.Create, What: "Questionnaire de démonstration"}
	def := survey.Template(nil)
	m := demoMargins()
	q := survey.Questionnaire{Title: survey.TemplateTitle + " (démonstration)", PublicToken: "demo-besoins-numeriques", Open: true,
		Settings: survey.Settings{Crosstabs: survey.TemplateCrosstabs, Margins: &m}}
	start := t.Now.AddDate(0, 0, -70)
	if err := st.CreateQuestionnaire(ctx, sc, &q, def, j, start); err != nil {
		return err
	}
	if err := st.PublishDraft(ctx, sc, q.ID, j, start.Add(time.Hour)); err != nil {
		return err
	}
	if err := st.UpdateQuestionnaire(ctx, sc, q, j, start.Add(time.Hour)); err != nil {
		return err
	}
	full, err := st.Questionnaire(ctx, sc, q.ID)
	if err != nil {
		return err
	}
	v, _ := full.Current()
	rng := rand.New(rand.NewPCG(2026, 14))
	rs := make([]survey.Response, 0, DiagnosticAnswers)
	for i := 0; i < DiagnosticAnswers; i++ {
		a, err := def.Check(demoAnswers(rng, t), true)
		if err != nil {
			return err
		}
		at := start.Add(time.Duration(2+rng.IntN(65*24)) * time.Hour)
		r := survey.Response{VersionID: v.ID, Channel: survey.Online, Status: survey.Complete, Answers: a, SubmittedAt: at}
		if i%3 == 0 {
			r.Channel, r.ExternalID, r.Entry = survey.Paper, "P-"+strconv.Itoa(1000+i), 1
		}
		rs = append(rs, r)
	}
	return st.AddResponses(ctx, sc, q.ID, rs, journal.Entry{ActorStructureID: t.Structures[CCAS], Who: "Démonstration", Action: journal.Create, What: "Réponses de démonstration"}, t.Now)
}

// demoMargins are round, census-like counts for a town of about 20,000
// people aged 15 and over: for the demonstration only.
func demoMargins() survey.Margins {
	return survey.Margins{Source: "Effectifs de démonstration (ordre de grandeur d'une ville de 20 000 habitants de 15 ans et plus), à remplacer par ceux du recensement de l'Insee",
		AgeSex: map[string]map[string]float64{
			"15-24": {survey.Female: 1150, survey.Male: 1200},
			"25-39": {survey.Female: 1650, survey.Male: 1550},
			"40-59": {survey.Female: 2900, survey.Male: 2700},
			"60-74": {survey.Female: 2450, survey.Male: 2150},
			"75+":   {survey.Female: 1900, survey.Male: 1150},
		}}
}

// demoAnswers draws one respondent: a reception-desk sample, older and more
// often women than the town, where age and diploma drive the answers.
func demoAnswers(rng *rand.Rand, t *Territory) survey.Answers {
	pick := func(weights ...float64) int {
		var total float64
		for _, w := range weights {
			total += w
		}
		u := rng.Float64() * total
		for i, w := range weights {
			if u < w {
				return i
			}
			u -= w
		}
		return len(weights) - 1
	}
	p := func(x float64) bool { return rng.Float64() < x }
	age := pick(10, 18, 28, 26, 18)
	old := float64(age) / 4 // 0 for the youngest band, 1 for 75 and over
	dip := pick(22+10*old, 30, 18, 12, 14-8*old)
	low := float64(4-dip) / 4 // 1 without any diploma
	a := survey.Answers{
		"age":      {[]string{"15-24", "25-39", "40-59", "60-74", "75+"}[age]},
		"sexe":     {[]string{survey.Female, survey.Male, "autre"}[pick(60, 38, 2)]},
		"diplome":  {[]string{"aucun_cep", "brevet_cap_bep", "bac", "bac2", "bac3plus"}[dip]},
		"quartier": {survey.DefaultDistricts[pick(30, 20, 20, 15, 10, 5)].Value},
		"menage":   {[]string{"seul", "couple", "couple_enfants", "monoparental", "autre"}[pick(20+25*old, 25, 25-20*old, 12, 5)]},
	}
	csp := []string{"agriculteur", "independant", "cadre", "intermediaire", "employe", "ouvrier", "retraite", "sans_activite"}
	switch {
	case age >= 3 && p(0.85):
		a["csp"] = []string{"retraite"}
	case p(0.25 + 0.2*low):
		a["csp"] = []string{"sans_activite"}
	default:
		a["csp"] = []string{csp[pick(1, 3, 6-4*low, 12, 30, 14+8*low)]}
	}
	n := 1 + pick(30, 35, 15, 12, 8)
	if a["menage"][0] == "seul" {
		n = 1
	}
	a["foyer_personnes"] = []string{strconv.Itoa(n)}
	if len(t.Communes) > 0 && p(0.9) {
		a["commune"] = []string{t.Communes[min(pick(70, 10, 8, 6, 6), len(t.Communes)-1)].Code}
	}
	var devices []string
	if p(0.97 - 0.35*old) {
		devices = append(devices, "smartphone")
	}
	if p(0.85 - 0.3*old - 0.25*low) {
		devices = append(devices, "ordinateur")
	}
	if p(0.35 - 0.1*old) {
		devices = append(devices, "tablette")
	}
	if p(0.4 - 0.15*low) {
		devices = append(devices, "imprimante")
	}
	if len(devices) == 0 {
		devices = []string{"aucun"}
	}
	a["equip_appareils"] = devices
	switch {
	case p(0.06 + 0.28*old):
		a["connexion_domicile"] = []string{"non"}
	case p(0.15):
		a["connexion_domicile"] = []string{"mobile"}
	default:
		a["connexion_domicile"] = []string{"box"}
	}
	if a["connexion_domicile"][0] != "non" {
		a["connexion_qualite"] = []string{[]string{"bonne", "moyenne", "aleatoire"}[pick(55, 30, 15)]}
	}
	use := pick(70-45*old-10*low, 14, 6+8*old, 3+10*old, 2+20*old+6*low)
	a["usage_internet"] = []string{[]string{"quotidien", "hebdomadaire", "trimestre", "rarement", "jamais"}[use]}
	if use < 4 {
		uses := ticked(p, []string{"messagerie", "visio", "reseaux", "achats", "banque", "sante", "emploi", "information"}, []float64{0.75, 0.45, 0.6 - 0.3*old, 0.5 - 0.2*old, 0.55, 0.45, 0.25 - 0.2*old, 0.6})
		if len(uses) > 0 {
			a["usages"] = uses
		}
	}
	did := pick(55-30*old-20*low, 20+10*old, 25+15*old)
	a["demarche_en_ligne"] = []string{[]string{"seul", "aide", "non"}[did]}
	procs := []string{"caf", "impots", "sante", "emploi", "retraite", "papiers", "logement", "mairie", "autre"}
	if did < 2 {
		done := ticked(p, procs, []float64{0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3})
		if len(done) == 0 {
			done = []string{"impots"}
		}
		a["demarches_faites"] = done
	}
	if p(0.25 + 0.2*old + 0.15*low) {
		a["demarche_abandon"] = []string{"oui"}
		a["demarches_abandonnees"] = []string{procs[pick(20, 15, 10, 10, 10, 20, 8, 5, 2)]}
	} else {
		a["demarche_abandon"] = []string{"non"}
	}
	a["difficulte_demarches"] = []string{[]string{"souvent", "parfois", "jamais", "sans_objet"}[pick(12+25*old+15*low, 30, 35-20*old, 8+10*old)]}
	diff := ticked(p, []string{"peur_erreur", "site_mal_fait", "langage", "identifiants", "materiel", "connexion", "lecture", "francais"}, []float64{0.2 + 0.15*old, 0.18, 0.12 + 0.1*low, 0.3, 0.08 + 0.1*old, 0.1, 0.04 + 0.08*low, 0.04})
	if len(diff) == 0 {
		diff = []string{"aucune"}
	}
	a["difficultes"] = diff
	a["aisance"] = []string{strconv.Itoa(1 + pick(5+20*old, 10+10*low, 25, 30-15*old, 25-15*old))}
	help := ticked(p, []string{"bases", "accompagnement", "a_ma_place", "materiel", "connexion", "ateliers"}, []float64{0.15 + 0.25*old, 0.3 + 0.15*old, 0.08 + 0.12*old, 0.12, 0.1, 0.18})
	if len(help) == 0 {
		help = []string{"rien"}
	}
	a["aide_souhaitee"] = help
	places := ticked(p, []string{"proches", "mairie", "ccas", "france_services", "mediatheque", "association", "epn"}, []float64{0.55, 0.3, 0.25, 0.18, 0.12, 0.1, 0.06})
	if len(places) == 0 {
		places = []string{"personne"}
	}
	a["aide_lieux"] = places
	a["aide_forme"] = []string{[]string{"en_personne", "domicile", "telephone", "atelier"}[pick(55, 10+10*old, 15, 20)]}
	return a
}

// ticked draws each choice with its probability, in order.
func ticked(p func(float64) bool, choices []string, probs []float64) []string {
	var out []string
	for i, c := range choices {
		if p(probs[i]) {
			out = append(out, c)
		}
	}
	return out
}
