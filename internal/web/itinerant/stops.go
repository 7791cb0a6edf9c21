package itinerant

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type stopFormData struct {
	ServiceID   int64
	ID          int64
	Places      []ui.Option
	Permanences []ui.Option
	Weekdays    []ui.Option
	Recurrences []ui.Option
	Nths        []ui.Option
	Cancelled   []itinerant.Cancellation
	Next        []itinerant.Passage
}

// stopForm gathers the form's choices: the structure's places and
// permanences, and the stop's next passages when it exists.
func (h *Handlers) stopForm(r *http.Request, serviceID int64, t itinerant.Stop) (stopFormData, error) {
	d := stopFormData{ServiceID: serviceID, ID: t.ID, Weekdays: ui.Choices(agenda.Weekdays), Recurrences: ui.Choices(itinerant.Recurrences), Nths: ui.Choices(itinerant.Nths)}
	a := ui.Actor(r)
	team, err := h.agenda.Team(r.Context(), a)
	if err != nil {
		return d, err
	}
	d.Places = []ui.Option{{Value: "", Label: "Aucun : une adresse, écrite plus bas"}}
	for _, p := range team.Places {
		d.Places = append(d.Places, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
	}
	perms, err := h.agenda.Permanences(r.Context(), a)
	if err != nil {
		return d, err
	}
	d.Permanences = []ui.Option{{Value: "", Label: "Aucune : pas de rendez-vous à cet arrêt"}}
	for _, p := range perms {
		d.Permanences = append(d.Permanences, ui.Option{Value: ui.Itoa(p.ID), Label: p.PlaceName + " – " + p.Recurrence()})
	}
	if t.ID != 0 {
		d.Cancelled = t.Cancelled
		now := h.site.Now()
		for _, p := range t.Passages(now, now.AddDate(0, 3, 0)) {
			if len(d.Next) < 10 {
				d.Next = append(d.Next, p)
			}
		}
	}
	return d, nil
}

func fillStop(f *ui.Form, t itinerant.Stop) {
	if t.PlaceID != 0 {
		f.Set("lieu", ui.Itoa(t.PlaceID))
	}
	f.Set("adresse", t.Address)
	f.Set("code_insee", t.InseeCode)
	f.Set("jour", strconv.Itoa(int(t.Weekday)))
	f.Set("debut", agenda.FormatClock(t.Start))
	f.Set("fin", agenda.FormatClock(t.End))
	f.Set("recurrence", t.Recurrence)
	if t.Nth != 0 {
		f.Set("rang", strconv.Itoa(t.Nth))
	}
	f.Set("du", t.From)
	f.Set("au", t.Until)
	if !t.SkipHolidays {
		f.Set("jours_feries", "oui")
	}
	if t.PermanenceID != 0 {
		f.Set("permanence", ui.Itoa(t.PermanenceID))
	}
}

func stopInput(r *http.Request) itinerantsvc.NewStop {
	pf := r.PostForm
	in := itinerantsvc.NewStop{PlaceID: ui.ParseID(pf.Get("lieu")), Address: pf.Get("adresse"), InseeCode: pf.Get("code_insee"), Weekday: -1,
		Start: pf.Get("debut"), End: pf.Get("fin"), Recurrence: pf.Get("recurrence"), From: pf.Get("du"), Until: pf.Get("au"),
		KeepHolidays: pf.Get("jours_feries") == "oui", PermanenceID: ui.ParseID(pf.Get("permanence"))}
	if wd, err := strconv.Atoi(pf.Get("jour")); err == nil {
		in.Weekday = time.Weekday(wd)
	}
	in.Nth, _ = strconv.Atoi(pf.Get("rang"))
	return in
}

// StopNew is the form of a new stop: every Tuesday afternoon from next week.
func (h *Handlers) StopNew(w http.ResponseWriter, r *http.Request) {
	serviceID, _ := ui.PathID(r, "id")
	if _, err := h.it.Timetable(r.Context(), ui.Actor(r), serviceID); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d, err := h.stopForm(r, serviceID, itinerant.Stop{})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillStop(f, itinerant.Stop{Weekday: time.Tuesday, Start: 14 * 60, End: 17 * 60, Recurrence: itinerant.Weekly, SkipHolidays: true,
		From: agenda.WeekStart(h.site.Now()).AddDate(0, 0, 7).Format(itinerant.DateLayout)})
	h.site.Render(w, r, http.StatusOK, "itinerant_stop", ui.Page{Title: "Nouvel arrêt", Form: f, Data: d})
}

// StopCreate adds a stop to a service.
func (h *Handlers) StopCreate(w http.ResponseWriter, r *http.Request) {
	serviceID, _ := ui.PathID(r, "id")
	t, err := h.it.CreateStop(r.Context(), ui.Actor(r), serviceID, stopInput(r))
	if err != nil {
		h.stopFailed(w, r, serviceID, 0, err)
		return
	}
	h.site.Flash(r, "Arrêt ajouté : "+t.RecurrenceText()+".")
	ui.Redirect(w, r, "/espace/itinerance/"+ui.Itoa(serviceID))
}

// StopEdit is a stop's form, with its next passages and cancelled dates.
func (h *Handlers) StopEdit(w http.ResponseWriter, r *http.Request) {
	t, ok := h.stopOf(w, r)
	if !ok {
		return
	}
	d, err := h.stopForm(r, t.ServiceID, t)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillStop(f, t)
	h.site.Render(w, r, http.StatusOK, "itinerant_stop", ui.Page{Title: "Arrêt : " + t.Where(), Form: f, Data: d})
}

// StopUpdate saves a stop.
func (h *Handlers) StopUpdate(w http.ResponseWriter, r *http.Request) {
	old, ok := h.stopOf(w, r)
	if !ok {
		return
	}
	id := old.ID
	t, err := h.it.UpdateStop(r.Context(), ui.Actor(r), id, stopInput(r))
	if err != nil {
		h.stopFailed(w, r, 0, id, err)
		return
	}
	h.site.Flash(r, "Arrêt enregistré : "+t.RecurrenceText()+".")
	ui.Redirect(w, r, "/espace/itinerance/"+ui.Itoa(t.ServiceID))
}

func (h *Handlers) stopFailed(w http.ResponseWriter, r *http.Request, serviceID, id int64, err error) {
	f := ui.NewForm(r)
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	t := itinerant.Stop{ID: id, ServiceID: serviceID}
	if id != 0 {
		got, gerr := h.it.Stop(r.Context(), ui.Actor(r), id)
		if gerr != nil {
			h.site.Fail(w, r, gerr)
			return
		}
		t = got
	}
	d, derr := h.stopForm(r, t.ServiceID, t)
	if derr != nil {
		h.site.Fail(w, r, derr)
		return
	}
	h.site.Render(w, r, http.StatusUnprocessableEntity, "itinerant_stop", ui.Page{Title: "Arrêt", Form: f, Data: d})
}

// StopCancelDate cancels one date of a stop, with the reason residents
// read, or gives it back with retablir=oui.
func (h *Handlers) StopCancelDate(w http.ResponseWriter, r *http.Request) {
	t, ok := h.stopOf(w, r)
	if !ok {
		return
	}
	id, serviceID := t.ID, t.ServiceID
	restore := r.PostForm.Get("retablir") == "oui"
	date, err := h.it.CancelStopDate(r.Context(), ui.Actor(r), id, r.PostForm.Get("date"), r.PostForm.Get("raison"), restore)
	if err != nil {
		h.stopFailed(w, r, 0, id, err)
		return
	}
	if restore {
		h.site.Flash(r, "Le passage du "+date+" est rétabli.")
	} else {
		h.site.Flash(r, "Le passage du "+date+" est annulé : les habitants voient la raison, et aucun rendez-vous n'est proposé ce jour-là.")
	}
	ui.Redirect(w, r, "/espace/itinerance/"+ui.Itoa(serviceID)+"/arrets/"+ui.Itoa(id))
}

// StopDelete removes a stop.
func (h *Handlers) StopDelete(w http.ResponseWriter, r *http.Request) {
	t, ok := h.stopOf(w, r)
	if !ok {
		return
	}
	if err := h.it.DeleteStop(r.Context(), ui.Actor(r), t.ID); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Arrêt supprimé.")
	ui.Redirect(w, r, "/espace/itinerance/"+ui.Itoa(t.ServiceID))
}

// stopOf reads the stop of the path, which must be a stop of the path's
// service; it answers the error itself.
func (h *Handlers) stopOf(w http.ResponseWriter, r *http.Request) (itinerant.Stop, bool) {
	serviceID, _ := ui.PathID(r, "id")
	id, _ := ui.PathID(r, "stop")
	t, err := h.it.StopOf(r.Context(), ui.Actor(r), serviceID, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return t, false
	}
	return t, true
}
