package agenda

import (
	"net/http"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type appointmentListData struct {
	Appointments []agenda.Appointment
	Chosen       string // which appointments, in words
}

// AppointmentList lists the structure's appointments of a period (?du=,
// ?au=), of a status (?statut=) and booked in a permanence or not
// (?prise=): the rows behind a figure of the dashboard.
func (h *Handlers) AppointmentList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := agendasvc.ListFilter{From: q.Get("du"), To: q.Get("au"), Status: q.Get("statut"), Booked: q.Get("prise")}
	list, err := h.agenda.List(r.Context(), ui.Actor(r), f)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	words := []string{"du " + dayWords(f.From) + " au " + dayWords(f.To)}
	if f.Status != "" {
		words = append(words, "« "+strings.ToLower(agenda.Statuses.Label(f.Status))+" »")
	}
	if f.Booked != "" {
		words = append(words, strings.ToLower(agendasvc.BookedKinds.Label(f.Booked)))
	}
	d := appointmentListData{Appointments: list, Chosen: "Rendez-vous " + strings.Join(words, ", ")}
	h.site.Render(w, r, http.StatusOK, "agenda_appointments", ui.Page{Title: "Rendez-vous", Data: d})
}

// dayWords writes a YYYY-MM-DD day in words.
func dayWords(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return frtime.Date(t)
}
