package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

type agendaAbsencesData struct {
	Absences []agenda.Absence
	Staff    []option
}

func (s *Server) agendaAbsenceList(w http.ResponseWriter, r *http.Request) {
	f := &form{Values: url.Values{}}
	f.Set("agent", itoa64(actorFrom(r).User.ID))
	f.Set("debut_heure", "08:00")
	f.Set("fin_heure", "19:00")
	s.renderAbsences(w, r, http.StatusOK, f)
}

func (s *Server) renderAbsences(w http.ResponseWriter, r *http.Request, status int, f *form) {
	sid := actorFrom(r).StructureID()
	list, err := s.store.ListAbsences(r.Context(), sid, s.cfg.Now())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	staff, _, err := s.staffOptions(r, sid)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "agenda_absences", page{Title: "Absences", Form: f, Data: agendaAbsencesData{Absences: list, Staff: staff}})
}

func (s *Server) agendaAbsenceCreate(w http.ResponseWriter, r *http.Request) {
	pf := r.PostForm
	a := agenda.Absence{StructureID: actorFrom(r).StructureID(), UserID: formID(pf.Get("agent")), Reason: strings.TrimSpace(pf.Get("motif"))}
	var v apperr.Validation
	var ok bool
	if a.Start, ok = formDateTime(pf.Get("debut_date"), pf.Get("debut_heure")); !ok {
		v.Add("debut_date", "Saisissez le premier jour de l'absence et l'heure, par exemple 02/03/2026 et 08:00.")
	}
	if a.End, ok = formDateTime(pf.Get("fin_date"), pf.Get("fin_heure")); !ok {
		v.Add("fin_date", "Saisissez le dernier jour de l'absence et l'heure, par exemple 06/03/2026 et 19:00.")
	}
	if v.Err() == nil {
		if err := a.Validate(); err != nil {
			e, _ := apperr.As(err)
			for _, fe := range e.Fields {
				field := fe.Field
				if field == "debut" || field == "fin" {
					field += "_date"
				}
				v.Add(field, fe.Message)
			}
		}
	}
	err := v.Err()
	if err == nil {
		if err = s.store.CreateAbsence(r.Context(), &a, actorFrom(r).User.ID, s.cfg.Now()); err == nil {
			s.flash(r, "Absence enregistrée : aucun créneau ne sera proposé avec cette personne pendant l'absence. Les rendez-vous déjà pris restent dans l'agenda.")
			redirect(w, r, "/espace/agenda/absences")
			return
		}
	}
	f := newForm(r)
	if !f.Fail(err) {
		s.fail(w, r, err)
		return
	}
	s.renderAbsences(w, r, http.StatusUnprocessableEntity, f)
}

func (s *Server) agendaAbsenceDelete(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	if err := s.store.DeleteAbsence(r.Context(), actorFrom(r).StructureID(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Absence supprimée.")
	redirect(w, r, "/espace/agenda/absences")
}
