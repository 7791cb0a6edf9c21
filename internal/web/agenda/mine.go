package agenda

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type publicAppointmentData struct {
	Appointment  agenda.Appointment
	Site         agenda.Site
	When         string
	Token        string
	New          bool
	JustCanceled bool
	Confirming   bool // the cancellation asked, to confirm once
	Upcoming     bool
	Instructions string
	After        string
}

// Mine is the resident's own page, behind its signed link: when, where,
// what to bring, add to a calendar, cancel. A forged link is not found.
func (h *Handlers) Mine(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	mine, err := h.agenda.ByLink(r.Context(), token)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	a := mine.Appointment
	d := publicAppointmentData{Appointment: a, Site: mine.Site, Token: token, New: r.URL.Query().Get("nouveau") == "1",
		JustCanceled: r.URL.Query().Get("annule") == "1", Confirming: r.URL.Query().Get("annuler") == "1", Upcoming: mine.Upcoming, Instructions: mine.Instructions, After: mine.After,
		When: ui.LangOf(r).Span(a.Start, a.End)}
	h.site.Render(w, r, http.StatusOK, "agenda_public_appointment", ui.Page{Title: ui.LangOf(r).T("appointments.yours"), Data: d})
}

// MineCancel cancels the resident's appointment once confirmed; without
// the confirmation it asks for it (one tap never cancels).
func (h *Handlers) MineCancel(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	if r.PostFormValue(ui.ConfirmField) != ui.ConfirmValue {
		ui.Redirect(w, r, residentlink.AppointmentPath+token+"?annuler=1#annulation")
		return
	}
	if _, err := h.agenda.CancelByLink(r.Context(), token); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	ui.Redirect(w, r, residentlink.AppointmentPath+token+"?annule=1")
}

// MineICS is the calendar file of the resident's appointment.
func (h *Handlers) MineICS(w http.ResponseWriter, r *http.Request) {
	b, err := h.agenda.FileByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	writeICS(w, "rendez-vous.ics", b)
}

type optOutData struct {
	Token         string
	StructureName string
	Contact       string // masked
	Done          bool
}

// OptOutForm asks the person to confirm they want no more messages.
func (h *Handlers) OptOutForm(w http.ResponseWriter, r *http.Request) {
	u, err := h.agenda.OptOutByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "agenda_optout", ui.Page{Title: ui.LangOf(r).T("optout.title"), Data: optOutData{Token: r.PathValue("token"), StructureName: u.StructureName, Contact: u.Contact}})
}

// OptOut stops the messages to the contact of the link.
func (h *Handlers) OptOut(w http.ResponseWriter, r *http.Request) {
	u, err := h.agenda.StopByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "agenda_optout", ui.Page{Title: ui.LangOf(r).T("optout.done_title"), Data: optOutData{Token: r.PathValue("token"), StructureName: u.StructureName, Contact: u.Contact, Done: true}})
}
