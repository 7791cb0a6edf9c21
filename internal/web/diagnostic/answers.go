package diagnostic

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type disagreementsData struct {
	Q     survey.Questionnaire
	Base  string
	Items []disagreementView
}

type disagreementView struct {
	Reference string
	Action    string
	Rows      []disagreementRow
}

type disagreementRow struct {
	Key, Label, First, Second string
}

// Disagreements lists the paper questionnaires whose two entries differ, each with a form to settle it.
func (h *Handlers) Disagreements(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	h.renderDisagreements(w, r, http.StatusOK, q, &ui.Form{})
}

func (h *Handlers) renderDisagreements(w http.ResponseWriter, r *http.Request, status int, q survey.Questionnaire, f *ui.Form) {
	ds, err := h.surveys.Disagreements(r.Context(), ui.Actor(r), q.ID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := disagreementsData{Q: q, Base: base(q.ID)}
	for _, x := range ds {
		v := disagreementView{Reference: x.Reference, Action: base(q.ID) + "/desaccords/" + url.PathEscape(x.Reference)}
		for _, qq := range x.Questions {
			v.Rows = append(v.Rows, disagreementRow{Key: qq.Key, Label: qq.Label, First: qq.Display(x.First.Answers[qq.Key]), Second: qq.Display(x.Second.Answers[qq.Key])})
		}
		d.Items = append(d.Items, v)
	}
	h.site.Render(w, r, status, "diagnostic_disagreements", ui.Page{Title: "Désaccords de double saisie – " + q.Title, Form: f, Data: d})
}

// Resolve settles one disagreement with the entries chosen question by question.
func (h *Handlers) Resolve(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	ref := r.PathValue("ref")
	chosen := map[string]string{}
	for k, vs := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "choix_"); ok && len(vs) > 0 {
			chosen[key] = vs[0]
		}
	}
	if err := h.surveys.Resolve(r.Context(), ui.Actor(r), q.ID, ref, chosen); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			h.renderDisagreements(w, r, http.StatusUnprocessableEntity, q, &ui.Form{Message: "Questionnaire " + ref + " : " + draftOrMessage(err)})
			return
		}
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Désaccord du questionnaire "+ref+" tranché : la réponse est comptée.")
	ui.Redirect(w, r, base(q.ID)+"/desaccords")
}

// draftOrMessage lists field errors, or gives the error's message.
func draftOrMessage(err error) string {
	e, _ := apperr.As(err)
	if len(e.Fields) == 0 {
		return e.Message
	}
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Message
	}
	return strings.Join(msgs, " ")
}

type responsesData struct {
	Q        survey.Questionnaire
	Base     string
	Rows     []responseRow
	Next     string
	Statuses []ui.Option
	Status   string
}

type responseRow struct {
	ID                                  int64
	Channel, Status, Date, Ref, Version string
	Answers                             []answerView
}

type answerView struct{ Label, Value string }

// Responses lists the answers, 50 at a time, each with its answers written out.
func (h *Handlers) Responses(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("apres"), 10, 64)
	status := survey.Status(r.URL.Query().Get("statut"))
	rs, err := h.surveys.Responses(r.Context(), ui.Actor(r), q.ID, surveys.ResponseFilter{Status: status, AfterID: after, Limit: 50})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := responsesData{Q: q, Base: base(q.ID), Status: string(status), Statuses: []ui.Option{{Value: "", Label: "Tous les statuts"}}}
	for _, st := range survey.Statuses {
		d.Statuses = append(d.Statuses, ui.Option{Value: string(st), Label: st.Label()})
	}
	for _, resp := range rs {
		def := versionDefinition(q, resp.VersionID)
		row := responseRow{ID: resp.ID, Channel: resp.Channel.Label(), Status: resp.Status.Label(), Date: frtime.Date(resp.CreatedAt), Ref: resp.ExternalID, Version: itoa(resp.VersionNumber)}
		for _, qq := range def.Questions() {
			if vals, ok := resp.Answers[qq.Key]; ok {
				row.Answers = append(row.Answers, answerView{Label: qq.Label, Value: qq.Display(vals)})
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if len(rs) == 50 {
		v := url.Values{"apres": {strconv.FormatInt(rs[len(rs)-1].ID, 10)}}
		if status != "" {
			v.Set("statut", string(status))
		}
		d.Next = base(q.ID) + "/reponses?" + v.Encode()
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_responses", ui.Page{Title: "Réponses – " + q.Title, Data: d})
}

func versionDefinition(q survey.Questionnaire, versionID int64) *survey.Definition {
	for i := range q.Versions {
		if q.Versions[i].ID == versionID {
			return &q.Versions[i].Definition
		}
	}
	return &survey.Definition{}
}
