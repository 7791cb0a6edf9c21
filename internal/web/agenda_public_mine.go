package web

import (
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scheduling"
)

type agendaPublicAppointmentData struct {
	Appointment  agenda.Appointment
	Site         scheduling.Site
	When         string
	Token        string
	New          bool
	JustCanceled bool
	Upcoming     bool
	Instructions string
	After        string
}

// residentAppointment reads the appointment of a signed link; a bad or
// forged link is simply not found.
func (s *Server) residentAppointment(r *http.Request) (agenda.Appointment, string, error) {
	token := r.PathValue("token")
	id, ok, err := s.agenda.AppointmentFromToken(r.Context(), token)
	if err != nil {
		return agenda.Appointment{}, "", err
	}
	if !ok {
		return agenda.Appointment{}, "", apperr.NotFoundError()
	}
	a, err := s.store.AppointmentAny(r.Context(), id)
	return a, token, err
}

// agendaPublicAppointment is the resident's own page: when, where, what
// to bring, add to a calendar, cancel.
func (s *Server) agendaPublicAppointment(w http.ResponseWriter, r *http.Request) {
	a, token, err := s.residentAppointment(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderResidentAppointment(w, r, http.StatusOK, a, token, nil)
}

func (s *Server) renderResidentAppointment(w http.ResponseWriter, r *http.Request, status int, a agenda.Appointment, token string, f *form) {
	site, err := s.agenda.Site(r.Context(), a.PlaceID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := agendaPublicAppointmentData{Appointment: a, Site: site, Token: token, New: r.URL.Query().Get("nouveau") == "1",
		JustCanceled: r.URL.Query().Get("annule") == "1", Upcoming: a.Status == agenda.StatusPending && a.Start.After(s.cfg.Now()),
		When: agenda.DayLabel(a.Start) + ", de " + agenda.TimeLabel(a.Start) + " à " + agenda.TimeLabel(a.End)}
	if m, err := s.store.Motive(r.Context(), a.StructureID, a.MotiveID); err == nil {
		d.Instructions, d.After = m.InstructionsBefore, m.InstructionsAfter
	}
	s.render(w, r, status, "agenda_public_appointment", page{Title: "Votre rendez-vous", Form: f, Data: d})
}

func (s *Server) agendaPublicCancel(w http.ResponseWriter, r *http.Request) {
	a, token, err := s.residentAppointment(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.agenda.Cancel(r.Context(), a.StructureID, a.ID, true, false, "Annulé par la personne"); err != nil {
		f := &form{}
		if !f.Fail(err) {
			s.fail(w, r, err)
			return
		}
		s.renderResidentAppointment(w, r, http.StatusUnprocessableEntity, a, token, f)
		return
	}
	redirect(w, r, scheduling.AppointmentPath+token+"?annule=1")
}

func (s *Server) agendaPublicICS(w http.ResponseWriter, r *http.Request) {
	a, _, err := s.residentAppointment(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.agenda.AppointmentFile(r.Context(), a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writeICS(w, "rendez-vous.ics", b)
}

type agendaOptOutData struct {
	Token         string
	StructureName string
	Contact       string // masked
	Done          bool
}

// maskContact shows enough of a contact for its owner to recognise it.
func maskContact(c string) string {
	if at := strings.LastIndex(c, "@"); at > 0 {
		name := []rune(c[:at])
		keep := min(2, len(name))
		return string(name[:keep]) + strings.Repeat("•", 3) + c[at:]
	}
	d := notify.Message{To: c}.ToLabel()
	if len(d) == 14 { // "06 12 34 56 78"
		return d[:2] + " •• •• •• " + d[12:]
	}
	return "•••"
}

func (s *Server) optOutTarget(r *http.Request) (int64, string, string, error) {
	o, ok, err := s.agenda.OptOutFromToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return 0, "", "", err
	}
	if !ok {
		return 0, "", "", apperr.NotFoundError()
	}
	sid, contact, err := s.agenda.OptOutContact(r.Context(), o)
	if err != nil {
		return 0, "", "", err
	}
	st, err := s.store.Structure(r.Context(), sid)
	return sid, contact, st.Name, err
}

// agendaOptOutForm asks the person to confirm they want no more messages.
func (s *Server) agendaOptOutForm(w http.ResponseWriter, r *http.Request) {
	_, contact, name, err := s.optOutTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "agenda_optout", page{Title: "Ne plus recevoir de messages", Data: agendaOptOutData{Token: r.PathValue("token"), StructureName: name, Contact: maskContact(contact)}})
}

func (s *Server) agendaOptOutSubmit(w http.ResponseWriter, r *http.Request) {
	sid, contact, name, err := s.optOutTarget(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.OptOut(r.Context(), sid, contact, "lien", s.cfg.Now()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "agenda_optout", page{Title: "C'est noté", Data: agendaOptOutData{Token: r.PathValue("token"), StructureName: name, Contact: maskContact(contact), Done: true}})
}
