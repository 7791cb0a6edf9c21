package agenda

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type permanenceListData struct {
	Permanences []agenda.Permanence
}

// PermanenceList lists the structure's permanences.
func (h *Handlers) PermanenceList(w http.ResponseWriter, r *http.Request) {
	list, err := h.agenda.Permanences(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "agenda_permanences", ui.Page{Title: "Permanences", Data: permanenceListData{Permanences: list}})
}

type permanenceFormData struct {
	ID                                    int64
	Places, Staff, Weekdays, Every, Modes []ui.Option
	Motives                               []ui.Option
	Cancelled                             []string
	Next                                  []agenda.Occurrence
	NoPlace                               bool
}

// permanenceForm gathers the choices of the form, and the permanence's
// cancelled and next dates when it exists.
func (h *Handlers) permanenceForm(r *http.Request, p agenda.Permanence) (permanenceFormData, error) {
	d := permanenceFormData{ID: p.ID, Weekdays: ui.Choices(agenda.Weekdays), Modes: ui.Choices(agenda.Modes),
		Every: []ui.Option{{Value: "1", Label: "Chaque semaine"}, {Value: "2", Label: "Une semaine sur deux"}, {Value: "3", Label: "Une semaine sur trois"}, {Value: "4", Label: "Une semaine sur quatre"}}}
	var err error
	if d.Places, d.Staff, err = h.team(r); err != nil {
		return d, err
	}
	d.NoPlace = len(d.Places) == 0
	motives, err := h.agenda.Motives(r.Context(), ui.Actor(r), false)
	for _, m := range motives {
		d.Motives = append(d.Motives, ui.Option{Value: ui.Itoa(m.ID), Label: m.Name, Hint: strconv.Itoa(m.Duration) + " min, " + m.BookableByLabel()})
	}
	if p.ID != 0 {
		d.Cancelled = p.Cancelled
		now := h.site.Now()
		for _, o := range p.Occurrences(now, now.AddDate(0, 3, 0)) {
			if len(d.Next) < 10 {
				d.Next = append(d.Next, o)
			}
		}
	}
	return d, err
}

func fillPermanenceForm(f *ui.Form, p agenda.Permanence) {
	f.Set("lieu", ui.Itoa(p.PlaceID))
	f.Values["agents"] = nil
	for _, id := range p.StaffIDs {
		f.Values.Add("agents", ui.Itoa(id))
	}
	f.Set("jour", strconv.Itoa(int(p.Weekday)))
	f.Set("debut", agenda.FormatClock(p.Start))
	f.Set("fin", agenda.FormatClock(p.End))
	f.Set("frequence", strconv.Itoa(p.EveryWeeks))
	f.Set("du", p.From)
	f.Set("au", p.Until)
	if !p.SkipHolidays {
		f.Set("jours_feries", "oui")
	}
	f.Set("mode", p.Mode)
	f.Values["motifs"] = nil
	for _, id := range p.MotiveIDs {
		f.Values.Add("motifs", ui.Itoa(id))
	}
	f.Set("note", p.Note)
}

// PermanenceNew is the form of a new permanence: next week, every Tuesday
// morning, held by the user.
func (h *Handlers) PermanenceNew(w http.ResponseWriter, r *http.Request) {
	d, err := h.permanenceForm(r, agenda.Permanence{})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillPermanenceForm(f, agenda.Permanence{Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60, EveryWeeks: 1, SkipHolidays: true, Mode: agenda.ModeAppointment,
		From: agenda.WeekStart(h.site.Now()).AddDate(0, 0, 7).Format(agenda.DateLayout), StaffIDs: []int64{ui.Actor(r).User.ID}})
	if len(d.Places) > 0 {
		f.Set("lieu", d.Places[0].Value)
	}
	h.site.Render(w, r, http.StatusOK, "agenda_permanence_form", ui.Page{Title: "Nouvelle permanence", Form: f, Data: d})
}

// PermanenceEdit is the form of a permanence, with its next dates.
func (h *Handlers) PermanenceEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	p, err := h.agenda.Permanence(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d, err := h.permanenceForm(r, p)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillPermanenceForm(f, p)
	h.site.Render(w, r, http.StatusOK, "agenda_permanence_form", ui.Page{Title: "Permanence : " + p.PlaceName, Form: f, Data: d})
}

// permanenceInput reads the permanence form.
func permanenceInput(r *http.Request) agendasvc.NewPermanence {
	pf := r.PostForm
	in := agendasvc.NewPermanence{PlaceID: ui.ParseID(pf.Get("lieu")), StaffIDs: ids(r, "agents"), MotiveIDs: ids(r, "motifs"), Weekday: -1,
		Start: pf.Get("debut"), End: pf.Get("fin"), From: pf.Get("du"), Until: pf.Get("au"), KeepHolidays: pf.Get("jours_feries") == "oui",
		Mode: pf.Get("mode"), Note: pf.Get("note")}
	if wd, err := strconv.Atoi(pf.Get("jour")); err == nil {
		in.Weekday = time.Weekday(wd)
	}
	in.EveryWeeks, _ = strconv.Atoi(pf.Get("frequence"))
	return in
}

// PermanenceCreate records a new permanence.
func (h *Handlers) PermanenceCreate(w http.ResponseWriter, r *http.Request) {
	p, err := h.agenda.CreatePermanence(r.Context(), ui.Actor(r), permanenceInput(r))
	if err != nil {
		h.permanenceFailed(w, r, agenda.Permanence{}, err)
		return
	}
	h.site.Flash(r, "Permanence créée : "+p.Recurrence()+".")
	ui.Redirect(w, r, "/espace/agenda/permanences")
}

// PermanenceUpdate saves a permanence.
func (h *Handlers) PermanenceUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	p, err := h.agenda.UpdatePermanence(r.Context(), ui.Actor(r), id, permanenceInput(r))
	if err != nil {
		h.permanenceFailed(w, r, agenda.Permanence{ID: id}, err)
		return
	}
	h.site.Flash(r, "Permanence enregistrée : "+p.Recurrence()+". Les rendez-vous déjà pris ne changent pas.")
	ui.Redirect(w, r, "/espace/agenda/permanences")
}

func (h *Handlers) permanenceFailed(w http.ResponseWriter, r *http.Request, p agenda.Permanence, err error) {
	f := ui.NewForm(r)
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	if p.ID != 0 {
		if got, gerr := h.agenda.Permanence(r.Context(), ui.Actor(r), p.ID); gerr == nil {
			p = got
		}
	}
	d, derr := h.permanenceForm(r, p)
	if derr != nil {
		h.site.Fail(w, r, derr)
		return
	}
	h.site.Render(w, r, http.StatusUnprocessableEntity, "agenda_permanence_form", ui.Page{Title: "Permanence", Form: f, Data: d})
}

// PermanenceCancelDate cancels one date of a permanence, or gives it back
// with retablir=oui.
func (h *Handlers) PermanenceCancelDate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	restore := r.PostForm.Get("retablir") == "oui"
	date, err := h.agenda.CancelPermanenceDate(r.Context(), ui.Actor(r), id, r.PostForm.Get("date"), r.PostForm.Get("raison"), restore)
	if err != nil {
		h.permanenceFailed(w, r, agenda.Permanence{ID: id}, err)
		return
	}
	if restore {
		h.site.Flash(r, "La permanence du "+date+" est rétablie.")
	} else {
		h.site.Flash(r, "La permanence du "+date+" est annulée : plus aucun créneau n'est proposé ce jour-là. Les rendez-vous déjà pris sont dans l'agenda : déplacez-les ou annulez-les.")
	}
	ui.Redirect(w, r, "/espace/agenda/permanences/"+ui.Itoa(id))
}

// PermanenceDelete removes a permanence without appointment to come.
func (h *Handlers) PermanenceDelete(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	if err := h.agenda.DeletePermanence(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Permanence supprimée.")
	ui.Redirect(w, r, "/espace/agenda/permanences")
}
