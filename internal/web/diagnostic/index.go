package diagnostic

import (
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type indexData struct {
	Questionnaires []listRow
	Models         []ui.Option
	Districts      string
}

// Index lists the structure's questionnaires and offers to create one.
func (h *Handlers) Index(w http.ResponseWriter, r *http.Request) {
	h.renderIndex(w, r, http.StatusOK, ui.NewForm(r))
}

func (h *Handlers) renderIndex(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	list, err := h.surveys.List(r.Context(), ui.Actor(r), surveys.ListFilter{Limit: 200})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if f.Value("modele") == "" {
		f.Set("modele", "abs")
	}
	var d []string
	for _, c := range survey.DefaultDistricts {
		d = append(d, c.Label)
	}
	data := indexData{Questionnaires: rows(list), Districts: strings.Join(d, "\n"),
		Models: []ui.Option{
			{Value: "abs", Label: "Le modèle « besoins numériques » de l'analyse des besoins sociaux", Hint: "Équipement, connexion, usages, démarches faites et abandonnées, difficultés, aide souhaitée, lieux d'aide, profil. Relié aux chiffres nationaux."},
			{Value: "vide", Label: "Un questionnaire vide"},
		}}
	if f.Value("quartiers") == "" {
		f.Set("quartiers", data.Districts)
	}
	h.site.Render(w, r, status, "diagnostic_index", ui.Page{Title: "Diagnostic du territoire", Form: f, Data: data})
}

// Create makes a questionnaire from the template or from nothing.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	in := surveys.NewQuestionnaire{Title: r.PostForm.Get("titre"), Template: r.PostForm.Get("modele") != "vide"}
	if in.Template {
		in.Districts = districtChoices(r.PostForm.Get("quartiers"))
	}
	q, err := h.surveys.Create(r.Context(), ui.Actor(r), in)
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderIndex(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Questionnaire créé. Relisez-le, adaptez-le, puis publiez-le pour recueillir des réponses.")
	ui.Redirect(w, r, base(q.ID)+"/brouillon")
}

// districtChoices turns one district per line into choices with generated values.
func districtChoices(text string) []survey.Choice {
	var out []survey.Choice
	seen := map[string]bool{}
	for _, l := range lines(text) {
		v := valueOf(l)
		for i := 2; seen[v]; i++ {
			v = valueOf(l) + "_" + itoa(i)
		}
		seen[v] = true
		out = append(out, survey.Choice{Value: v, Label: l})
	}
	return out
}

// listRow is a questionnaire in a list, with its counted answers.
type listRow struct {
	surveystore.QuestionnaireSummary
	Complete int
}

func rows(list []surveystore.QuestionnaireSummary) []listRow {
	out := make([]listRow, len(list))
	for i, q := range list {
		out[i] = listRow{QuestionnaireSummary: q, Complete: q.Counts[survey.Complete]}
	}
	return out
}
