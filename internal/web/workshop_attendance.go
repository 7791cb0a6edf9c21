package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type workshopSessionData struct {
	Workshop   workshop.Workshop
	Session    workshop.Session
	Number     int
	Registered []workshop.Registration
	Present    map[int64]bool
	Recorded   bool
}

// ownSession loads the workshop and session of the path, of the structure.
func (s *Server) ownSession(r *http.Request) (workshop.Workshop, workshop.Session, int, error) {
	wk, err := s.ownWorkshop(r)
	if err != nil {
		return wk, workshop.Session{}, 0, err
	}
	sid, _ := pathID(r, "session")
	se, err := s.store.Session(r.Context(), wk.StructureID, wk.ID, sid)
	if err != nil {
		return wk, se, 0, err
	}
	n := 0
	for i, x := range wk.Sessions {
		if x.ID == se.ID {
			n = i + 1
		}
	}
	return wk, se, n, nil
}

func (s *Server) workshopAttendanceForm(w http.ResponseWriter, r *http.Request) {
	wk, se, n, err := s.ownSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAttendance(w, r, http.StatusOK, wk, se, n, nil)
}

func (s *Server) renderAttendance(w http.ResponseWriter, r *http.Request, status int, wk workshop.Workshop, se workshop.Session, n int, f *form) {
	regs, err := s.store.Registrations(r.Context(), wk.StructureID, wk.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	present, err := s.store.Attendance(r.Context(), se.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := workshopSessionData{Workshop: wk, Session: se, Number: n, Present: present, Recorded: !se.AttendanceAt.IsZero()}
	for _, reg := range regs {
		if reg.Status == workshop.Registered {
			d.Registered = append(d.Registered, reg)
		}
	}
	if f == nil {
		f = &form{Values: url.Values{}}
		f.Set("sans_inscription", strconv.Itoa(se.WalkIns))
		for id, p := range present {
			if p {
				f.Values.Add("presents", itoa64(id))
			}
		}
	}
	s.render(w, r, status, "workshop_session", page{Title: "Présences – " + wk.Title, Form: f, Data: d})
}

func (s *Server) workshopAttendanceSubmit(w http.ResponseWriter, r *http.Request) {
	wk, se, n, err := s.ownSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	walkIns, cerr := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("sans_inscription")))
	if strings.TrimSpace(r.PostForm.Get("sans_inscription")) == "" {
		walkIns, cerr = 0, nil
	}
	if cerr != nil || walkIns < 0 || walkIns > 500 {
		err = &apperr.Error{Code: apperr.Invalid, Message: "Nombre à corriger.", Fields: []apperr.FieldError{{Field: "sans_inscription",
			Message: "Écrivez le nombre de personnes venues sans inscription, entre 0 et 500 (0 si personne)."}}}
	} else if se.Start.After(s.cfg.Now()) {
		err = &apperr.Error{Code: apperr.Invalid, Message: "La séance n'a pas encore eu lieu : les présences se notent le jour même ou après."}
	} else {
		err = s.store.SetAttendance(r.Context(), wk.StructureID, wk.ID, se.ID, formIDs(r, "presents"), walkIns, s.cfg.Now())
	}
	if err != nil {
		f := newForm(r)
		if !f.Fail(err) {
			s.fail(w, r, err)
			return
		}
		s.renderAttendance(w, r, http.StatusUnprocessableEntity, wk, se, n, f)
		return
	}
	base := "/espace/ateliers/" + itoa64(wk.ID) + "/seances/" + itoa64(se.ID)
	if se.ActivityID == 0 && actorFrom(r).Can(account.PermActivities) {
		s.flash(r, "Présences enregistrées. Vérifiez puis confirmez le compte rendu de la séance.")
		redirect(w, r, base+"/compte-rendu")
		return
	}
	s.flash(r, "Présences enregistrées.")
	redirect(w, r, base)
}

type workshopReportData struct {
	Workshop     workshop.Workshop
	Session      workshop.Session
	Number       int
	Participants []workshop.Registration // followed persons present
	Themes       []option
	Equipment    []option
	Date         string
}

// workshopReport prepares the collective activity report (CRA) of a session
// from its attendance: the followed persons present and the others as
// anonymous counters; the mediator checks it and confirms.
func (s *Server) workshopReportForm(w http.ResponseWriter, r *http.Request) {
	wk, se, n, err := s.ownSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if se.ActivityID != 0 {
		redirect(w, r, "/espace/activites/"+itoa64(se.ActivityID))
		return
	}
	f := &form{Values: url.Values{}}
	f.Values["thematiques"] = wk.Themes
	f.Set("duree", strconv.Itoa(se.Minutes()))
	s.renderReport(w, r, http.StatusOK, wk, se, n, f)
}

func (s *Server) reportParticipants(r *http.Request, wk workshop.Workshop, se workshop.Session) ([]workshop.Registration, int, error) {
	regs, err := s.store.Registrations(r.Context(), wk.StructureID, wk.ID)
	if err != nil {
		return nil, 0, err
	}
	present, err := s.store.Attendance(r.Context(), se.ID)
	if err != nil {
		return nil, 0, err
	}
	var followed []workshop.Registration
	anonymous := se.WalkIns
	for _, reg := range regs {
		if !present[reg.ID] {
			continue
		}
		if reg.PersonID != 0 {
			followed = append(followed, reg)
		} else {
			anonymous++
		}
	}
	return followed, anonymous, nil
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, wk workshop.Workshop, se workshop.Session, n int, f *form) {
	if se.AttendanceAt.IsZero() {
		s.fail(w, r, apperr.New(apperr.Invalid, "Notez d'abord les présences de la séance : le compte rendu se prépare avec elles."))
		return
	}
	followed, anonymous, err := s.reportParticipants(r, wk, se)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if f.Value("anon_total") == "" {
		f.Set("anon_total", strconv.Itoa(anonymous))
		f.Set("anon_deja", "0")
	}
	d := workshopReportData{Workshop: wk, Session: se, Number: n, Participants: followed, Themes: choices(activity.Themes), Equipment: choices(activity.Equipment),
		Date: agenda.DayLabel(se.Start)}
	s.render(w, r, status, "workshop_report", page{Title: "Compte rendu – " + wk.Title, Form: f, Data: d})
}

func (s *Server) workshopReportSubmit(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	if !a.Can(account.PermActivities) {
		s.forbidden(w, r)
		return
	}
	wk, se, n, err := s.ownSession(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if se.ActivityID != 0 {
		redirect(w, r, "/espace/activites/"+itoa64(se.ActivityID))
		return
	}
	if se.AttendanceAt.IsZero() {
		s.fail(w, r, apperr.New(apperr.Invalid, "Notez d'abord les présences de la séance : le compte rendu se prépare avec elles."))
		return
	}
	followed, _, err := s.reportParticipants(r, wk, se)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pf := r.PostForm
	var v apperr.Validation
	act := activity.Activity{Type: activity.TypeWorkshop, Date: se.Start.In(paris).Format(activity.DateLayout), Canal: "lieu_activite",
		PlaceID: wk.PlaceID, PlaceName: wk.PlaceName, Equipment: formList(r, "materiel"), Themes: formList(r, "thematiques"),
		Title: wk.Title, Level: wk.Level, StructureID: wk.StructureID, AuthorID: a.User.ID}
	num := func(field string, dst *int) {
		n, err := strconv.Atoi(strings.TrimSpace(pf.Get(field)))
		if err != nil {
			v.Add(field, "Écrivez un nombre, 0 si personne.")
		}
		*dst = n
	}
	num("duree", &act.Duration)
	num("anon_total", &act.AnonTotal)
	num("anon_deja", &act.AnonReturning)
	ids := make([]int64, 0, len(followed))
	for _, reg := range followed {
		ids = append(ids, reg.PersonID)
	}
	act.SetParticipantIDs(ids)
	act.Normalize()
	if err := act.Validate(s.cfg.Now().In(paris)); err != nil {
		e, _ := apperr.As(ui.RenameFields(err, map[string]string{"anonymes_total": "anon_total", "anonymes_deja_accompagnes": "anon_deja"}))
		for _, fe := range e.Fields {
			if !v.Has(fe.Field) {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	if err = v.Err(); err == nil {
		// One report per session: a lease keeps a double submission from making two.
		now := s.cfg.Now()
		lease, holder := "compte-rendu-seance-"+itoa64(se.ID), itoa64(a.User.ID)+"-"+strconv.FormatInt(now.UnixNano(), 10)
		var got bool
		if got, err = s.store.TakeLease(r.Context(), lease, holder, now.Add(time.Minute), now); err == nil && !got {
			err = apperr.New(apperr.Conflict, "Le compte rendu de cette séance est en cours d'enregistrement : rechargez la page dans un instant.")
		}
		if got {
			defer s.store.ReleaseLease(r.Context(), lease, holder)
		}
		if err == nil {
			entry := journal.Entry{ActorStructureID: a.StructureID(), UserID: a.User.ID, Who: a.User.Name + " (" + a.Role().Label() + ")",
				Action: journal.Create, What: "Atelier « " + wk.Title + " » du " + act.Date + " : compte rendu"}
			if err = s.store.CreateActivity(r.Context(), scope.OfStructure(wk.StructureID), &act, entry, now); err == nil {
				if _, err = s.store.LinkSessionActivity(r.Context(), wk.StructureID, wk.ID, se.ID, act.ID); err == nil {
					s.flash(r, "Compte rendu enregistré : "+strconv.Itoa(act.Count())+" participants.")
					redirect(w, r, "/espace/activites/"+itoa64(act.ID))
					return
				}
			}
		}
	}
	f := newForm(r)
	if !f.Fail(err) {
		s.fail(w, r, err)
		return
	}
	s.renderReport(w, r, http.StatusUnprocessableEntity, wk, se, n, f)
}
