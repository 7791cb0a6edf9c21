package meetings

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/meeting"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// blankDecisions is how many empty decision lines the form offers.
const blankDecisions = 3

// row is a decision line of the form: its index in the field names, its number for the reader.
type row struct{ I, N int }

type minutesData struct {
	Meeting    meeting.Meeting
	Rows       []row
	Structures []ui.Option
}

// Minutes is the form of the minutes and the decisions.
func (h *Handlers) Minutes(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	m, err := h.svc.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	f.Set("compte_rendu", m.Minutes)
	for i, d := range m.Decisions {
		n := strconv.Itoa(i)
		f.Set("decision_"+n, d.Text)
		if d.StructureID != 0 {
			f.Set("structure_"+n, itoa(d.StructureID))
		}
		if d.Due != "" {
			f.Set("echeance_"+n, d.Due)
		}
	}
	h.renderMinutes(w, r, http.StatusOK, m, len(m.Decisions)+blankDecisions, f)
}

func (h *Handlers) renderMinutes(w http.ResponseWriter, r *http.Request, status int, m meeting.Meeting, rows int, f *ui.Form) {
	o, err := h.svc.Options(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := minutesData{Meeting: m, Structures: []ui.Option{{Value: "", Label: "Aucune structure"}}}
	for _, s := range o.Structures {
		d.Structures = append(d.Structures, ui.Option{Value: itoa(s.ID), Label: s.Name})
	}
	for i := range min(rows, meeting.MaxDecisions+blankDecisions) {
		d.Rows = append(d.Rows, row{I: i, N: i + 1})
	}
	h.site.Render(w, r, status, "meetings_minutes", ui.Page{Title: "Compte rendu – " + m.Title, Form: f, Data: d})
}

// MinutesSave saves the minutes and the decisions; lines left empty are dropped.
func (h *Handlers) MinutesSave(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	var decisions []meeting.Decision
	rows := 0
	for i := range meeting.MaxDecisions + blankDecisions {
		n := strconv.Itoa(i)
		if _, ok := r.PostForm["decision_"+n]; !ok {
			break
		}
		rows = i + 1
		decisions = append(decisions, meeting.Decision{Text: r.PostForm.Get("decision_" + n), StructureID: ui.ParseID(r.PostForm.Get("structure_" + n)),
			Due: r.PostForm.Get("echeance_" + n)})
	}
	a := ui.Actor(r)
	m, err := h.svc.SetMinutes(r.Context(), a, id, r.PostForm.Get("compte_rendu"), decisions)
	if err == nil {
		h.site.Flash(r, "Le compte rendu est enregistré, avec "+strconv.Itoa(len(m.Decisions))+" "+plural(len(m.Decisions), "décision", "décisions")+".")
		ui.Redirect(w, r, meetingsvc.Path(id))
		return
	}
	f := ui.NewForm(r)
	if !refused(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	if m, err = h.svc.Get(r.Context(), a, id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderMinutes(w, r, http.StatusUnprocessableEntity, m, max(rows, 1), f)
}
