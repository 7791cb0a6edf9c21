package diagnostic

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type questionnaireData struct {
	Q          survey.Questionnaire
	Base       string
	Current    *survey.Version
	Draft      *survey.Version
	PublicURL  string
	Counts     []statusCount
	Complete   int
	Disagree   int
	Questions  int
	Versions   []survey.Version
	CanPublish bool
}

type statusCount struct {
	Label string
	Count int
}

// Questionnaire is the overview of one questionnaire: versions, answers, links.
func (h *Handlers) Questionnaire(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	h.renderQuestionnaire(w, r, http.StatusOK, q, ui.NewForm(r))
}

func (h *Handlers) renderQuestionnaire(w http.ResponseWriter, r *http.Request, status int, q survey.Questionnaire, f *ui.Form) {
	d := questionnaireData{Q: q, Base: base(q.ID), PublicURL: h.site.AbsoluteURL(r, "/enquetes/"+q.PublicToken), Versions: q.Versions}
	d.Current, _ = q.Current()
	d.Draft, d.CanPublish = q.Draft()
	if d.Current != nil {
		d.Questions = len(d.Current.Definition.Questions())
	}
	list, err := h.surveys.List(r.Context(), ui.Actor(r), surveys.ListFilter{Limit: 200})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	for _, s := range list {
		if s.ID != q.ID {
			continue
		}
		for _, st := range survey.Statuses {
			if n := s.Counts[st]; n > 0 {
				d.Counts = append(d.Counts, statusCount{Label: st.Label(), Count: n})
			}
		}
		d.Complete, d.Disagree = s.Counts[survey.Complete], s.Counts[survey.Disagree]
	}
	if f.Values == nil {
		f.Set("titre", q.Title)
		if q.Open {
			f.Set("ouvert", "1")
		}
		if q.DoubleEntry {
			f.Set("double_saisie", "1")
		}
	}
	h.site.Render(w, r, status, "diagnostic_questionnaire", ui.Page{Title: q.Title, Form: f, Data: d})
}

// Settings renames the questionnaire, opens or closes online answers and switches double entry.
func (h *Handlers) Settings(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	in := surveys.Settings{Title: r.PostForm.Get("titre"), Open: r.PostForm.Get("ouvert") == "1", DoubleEntry: r.PostForm.Get("double_saisie") == "1"}
	if _, err := h.surveys.UpdateSettings(r.Context(), ui.Actor(r), q.ID, in); err != nil {
		f := ui.NewForm(r)
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderQuestionnaire(w, r, http.StatusUnprocessableEntity, q, f)
		return
	}
	h.site.Flash(r, "Réglages enregistrés.")
	ui.Redirect(w, r, base(q.ID))
}

// Publish freezes the draft as the version answers are given on.
func (h *Handlers) Publish(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	q2, err := h.surveys.Publish(r.Context(), ui.Actor(r), q.ID)
	if err != nil {
		f := &ui.Form{Message: draftErrors(err)}
		if f.Message == "" {
			h.site.Fail(w, r, err)
			return
		}
		h.renderQuestionnaire(w, r, http.StatusUnprocessableEntity, q, f)
		return
	}
	cur, _ := q2.Current()
	msg := "Version " + itoa(cur.Number) + " publiée : elle ne changera plus. Les réponses déjà données gardent leur version."
	if !q2.Open {
		msg += " Ouvrez les réponses en ligne pour diffuser le lien."
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, base(q.ID))
}
