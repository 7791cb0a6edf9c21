package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
)

type agendaPermanenceListData struct {
	Permanences []agenda.Permanence
}

func (s *Server) agendaPermanenceList(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ListPermanences(r.Context(), actorFrom(r).StructureID(), 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "agenda_permanences", page{Title: "Permanences", Data: agendaPermanenceListData{Permanences: list}})
}

type agendaPermanenceFormData struct {
	ID                                    int64
	Places, Staff, Weekdays, Every, Modes []option
	Motives                               []option
	Cancelled                             []string
	Next                                  []agenda.Occurrence
	NoPlace                               bool
}

func (s *Server) permanenceFormData(r *http.Request, id int64) (agendaPermanenceFormData, error) {
	sid := actorFrom(r).StructureID()
	d := agendaPermanenceFormData{ID: id}
	_, places, err := s.structurePlaces(r, sid)
	if err != nil {
		return d, err
	}
	d.Places, d.NoPlace = places, len(places) == 0
	if d.Staff, _, err = s.staffOptions(r, sid); err != nil {
		return d, err
	}
	for _, c := range agenda.Weekdays {
		d.Weekdays = append(d.Weekdays, option{Value: c.Value, Label: c.Label})
	}
	d.Every = []option{{Value: "1", Label: "Chaque semaine"}, {Value: "2", Label: "Une semaine sur deux"}, {Value: "3", Label: "Une semaine sur trois"}, {Value: "4", Label: "Une semaine sur quatre"}}
	for _, c := range agenda.Modes {
		d.Modes = append(d.Modes, option{Value: c.Value, Label: c.Label, Hint: c.Hint})
	}
	motives, err := s.store.ListMotives(r.Context(), store.MotiveFilter{StructureID: sid})
	if err != nil {
		return d, err
	}
	for _, m := range motives {
		d.Motives = append(d.Motives, option{Value: itoa64(m.ID), Label: m.Name, Hint: strconv.Itoa(m.Duration) + " min, " + m.BookableByLabel()})
	}
	return d, nil
}

func fillPermanenceForm(f *form, p agenda.Permanence) {
	f.Set("lieu", itoa64(p.PlaceID))
	f.Values["agents"] = nil
	for _, id := range p.StaffIDs {
		f.Values.Add("agents", itoa64(id))
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
		f.Values.Add("motifs", itoa64(id))
	}
	f.Set("note", p.Note)
}

func (s *Server) agendaPermanenceNew(w http.ResponseWriter, r *http.Request) {
	d, err := s.permanenceFormData(r, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{Values: url.Values{}}
	next := weekStart(s.cfg.Now()).AddDate(0, 0, 7)
	fillPermanenceForm(f, agenda.Permanence{Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60, EveryWeeks: 1, From: next.Format(agenda.DateLayout),
		SkipHolidays: true, Mode: agenda.ModeAppointment, StaffIDs: []int64{actorFrom(r).User.ID}})
	if len(d.Places) > 0 {
		f.Set("lieu", d.Places[0].Value)
	}
	s.render(w, r, http.StatusOK, "agenda_permanence_form", page{Title: "Nouvelle permanence", Form: f, Data: d})
}

func (s *Server) agendaPermanenceEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	p, err := s.store.Permanence(r.Context(), actorFrom(r).StructureID(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.permanenceFormData(r, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Cancelled = p.Cancelled
	now := s.cfg.Now()
	for _, o := range p.Occurrences(now, now.AddDate(0, 3, 0)) {
		if len(d.Next) < 10 {
			d.Next = append(d.Next, o)
		}
	}
	f := &form{Values: url.Values{}}
	fillPermanenceForm(f, p)
	s.render(w, r, http.StatusOK, "agenda_permanence_form", page{Title: "Permanence : " + p.PlaceName, Form: f, Data: d})
}

// parsePermanence reads the permanence form.
func parsePermanence(r *http.Request) (agenda.Permanence, error) {
	var v apperr.Validation
	pf := r.PostForm
	p := agenda.Permanence{PlaceID: formID(pf.Get("lieu")), StaffIDs: formIDs(r, "agents"), MotiveIDs: formIDs(r, "motifs"),
		Mode: pf.Get("mode"), Note: pf.Get("note"), SkipHolidays: pf.Get("jours_feries") != "oui"}
	if wd, err := strconv.Atoi(pf.Get("jour")); err == nil {
		p.Weekday = time.Weekday(wd)
	} else {
		p.Weekday = -1
	}
	var ok bool
	if p.Start, ok = agenda.ParseClock(pf.Get("debut")); !ok {
		v.Add("debut", "Saisissez l'heure de début, par exemple 09:00.")
	}
	if p.End, ok = agenda.ParseClock(pf.Get("fin")); !ok {
		v.Add("fin", "Saisissez l'heure de fin, par exemple 12:00.")
	}
	p.EveryWeeks, _ = strconv.Atoi(pf.Get("frequence"))
	if p.From, ok = formDate(pf.Get("du")); !ok {
		v.Add("du", "Date illisible : écrivez-la comme 02/03/2026.")
	}
	if p.Until, ok = formDate(pf.Get("au")); !ok {
		v.Add("au", "Date illisible : écrivez-la comme 30/06/2026, ou laissez vide.")
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		if e, ok := apperr.As(err); ok {
			for _, fe := range e.Fields {
				if !v.Has(fe.Field) {
					v.Add(fe.Field, fe.Message)
				}
			}
		}
	}
	return p, v.Err()
}

func (s *Server) agendaPermanenceCreate(w http.ResponseWriter, r *http.Request) {
	p, err := parsePermanence(r)
	if err == nil {
		p.StructureID = actorFrom(r).StructureID()
		if err = s.store.CreatePermanence(r.Context(), &p, s.cfg.Now()); err == nil {
			s.flash(r, "Permanence créée : "+p.Recurrence()+".")
			redirect(w, r, "/espace/agenda/permanences")
			return
		}
	}
	s.permanenceFormFailed(w, r, 0, err)
}

func (s *Server) agendaPermanenceUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	if _, err := s.store.Permanence(r.Context(), actorFrom(r).StructureID(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := parsePermanence(r)
	if err == nil {
		p.ID, p.StructureID = id, actorFrom(r).StructureID()
		if err = s.store.UpdatePermanence(r.Context(), &p, s.cfg.Now()); err == nil {
			s.flash(r, "Permanence enregistrée : "+p.Recurrence()+". Les rendez-vous déjà pris ne changent pas.")
			redirect(w, r, "/espace/agenda/permanences")
			return
		}
	}
	s.permanenceFormFailed(w, r, id, err)
}

func (s *Server) permanenceFormFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	f := newForm(r)
	if !f.Fail(err) {
		s.fail(w, r, err)
		return
	}
	d, derr := s.permanenceFormData(r, id)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	if id != 0 {
		if p, err := s.store.Permanence(r.Context(), actorFrom(r).StructureID(), id); err == nil {
			d.Cancelled = p.Cancelled
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "agenda_permanence_form", page{Title: "Permanence", Form: f, Data: d})
}

// agendaPermanenceCancelDate cancels one date of a permanence, or gives it
// back with retablir=oui.
func (s *Server) agendaPermanenceCancelDate(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	sid := actorFrom(r).StructureID()
	p, err := s.store.Permanence(r.Context(), sid, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	date, ok := formDate(r.PostForm.Get("date"))
	restore := r.PostForm.Get("retablir") == "oui"
	if !ok || date == "" {
		s.permanenceFormFailed(w, r, id, &apperr.Error{Code: apperr.Invalid, Message: "Date à corriger.",
			Fields: []apperr.FieldError{{Field: "date", Message: "Saisissez la date à annuler, par exemple 14/07/2026."}}})
		return
	}
	if err := s.store.CancelPermanenceDate(r.Context(), sid, id, date, r.PostForm.Get("raison"), restore); err != nil {
		s.fail(w, r, err)
		return
	}
	if restore {
		s.flash(r, "La permanence du "+date+" est rétablie.")
	} else {
		s.flash(r, "La permanence du "+date+" est annulée : plus aucun créneau n'est proposé ce jour-là. Les rendez-vous déjà pris sont dans l'agenda : déplacez-les ou annulez-les.")
	}
	redirect(w, r, "/espace/agenda/permanences/"+itoa64(p.ID))
}

func (s *Server) agendaPermanenceDelete(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	if err := s.store.DeletePermanence(r.Context(), actorFrom(r).StructureID(), id, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Permanence supprimée.")
	redirect(w, r, "/espace/agenda/permanences")
}
