package agenda

import (
	"net/http"
	"net/url"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type absencesData struct {
	Absences []agenda.Absence
	Staff    []ui.Option
}

// AbsenceList lists the absences to come, with the form to add one.
func (h *Handlers) AbsenceList(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("agent", ui.Itoa(ui.Actor(r).User.ID))
	f.Set("debut_heure", "08:00")
	f.Set("fin_heure", "19:00")
	h.renderAbsences(w, r, http.StatusOK, f)
}

func (h *Handlers) renderAbsences(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	list, err := h.agenda.Absences(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	_, staff, err := h.team(r)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	h.site.Render(w, r, status, "agenda_absences", ui.Page{Title: "Absences", Form: f, Data: absencesData{Absences: list, Staff: staff}})
}

// absenceFields are the form's inputs of the service's fields.
var absenceFields = map[string]string{"debut": "debut_date", "fin": "fin_date"}

// AbsenceCreate records an absence; a date that does not read is left
// empty, for the service to ask for it.
func (h *Handlers) AbsenceCreate(w http.ResponseWriter, r *http.Request) {
	pf := r.PostForm
	ab := agenda.Absence{UserID: ui.ParseID(pf.Get("agent")), Reason: pf.Get("motif")}
	ab.Start, _ = agenda.ParseDateTime(pf.Get("debut_date"), pf.Get("debut_heure"))
	ab.End, _ = agenda.ParseDateTime(pf.Get("fin_date"), pf.Get("fin_heure"))
	if _, err := h.agenda.CreateAbsence(r.Context(), ui.Actor(r), ab); err != nil {
		f := ui.NewForm(r)
		if !shown(f, ui.RenameFields(err, absenceFields)) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderAbsences(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Absence enregistrée : aucun créneau ne sera proposé avec cette personne pendant l'absence. Les rendez-vous déjà pris restent dans l'agenda.")
	ui.Redirect(w, r, "/espace/agenda/absences")
}

// AbsenceDelete removes an absence.
func (h *Handlers) AbsenceDelete(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	if err := h.agenda.DeleteAbsence(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Absence supprimée.")
	ui.Redirect(w, r, "/espace/agenda/absences")
}
