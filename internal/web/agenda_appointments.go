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
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// agendaJournal records an access to a person's file from the agenda.
func (s *Server) agendaJournal(r *http.Request, personID int64, action, what string) error {
	if personID == 0 {
		return nil
	}
	a := actorFrom(r)
	return s.store.AddJournal(r.Context(), a.Scope(), journal.Entry{StructureID: a.StructureID(), ActorStructureID: a.StructureID(), UserID: a.User.ID,
		Who: a.User.Name + " (" + a.Role().Label() + ")", PersonID: personID, Action: action, What: what, At: s.cfg.Now()})
}

// slotPickerDays is how many days the staff slot picker shows at once.
const slotPickerDays = 7

type agendaBookData struct {
	Motives, Places []option
	Motive          agenda.Motive
	Days            []slotDay
	From            string
	Prev, Next      string
	Move            *agenda.Appointment
	Person          *person.Person
	Consent         string
	Searched        bool
}

// agendaBookForm is the staff booking page: a motive and a site, then the
// free slots of a week as radio buttons in the booking form. With
// ?deplacer=ID it moves that appointment instead.
func (s *Server) agendaBookForm(w http.ResponseWriter, r *http.Request) {
	f := &form{Values: url.Values{}}
	for _, k := range []string{"motif", "lieu", "du", "personne"} {
		f.Set(k, r.URL.Query().Get(k))
	}
	s.renderBook(w, r, http.StatusOK, f, queryID(r, "deplacer"))
}

func (s *Server) renderBook(w http.ResponseWriter, r *http.Request, status int, f *form, moveID int64) {
	a := actorFrom(r)
	ctx := r.Context()
	sid := a.StructureID()
	d := agendaBookData{}
	if moveID != 0 {
		ap, err := s.store.Appointment(ctx, sid, moveID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Move = &ap
		f.Set("motif", itoa64(ap.MotiveID))
	}
	motives, err := s.store.ListMotives(ctx, store.MotiveFilter{StructureID: sid})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Motives = []option{{Value: "", Label: "Choisir un motif"}}
	for _, m := range motives {
		d.Motives = append(d.Motives, option{Value: itoa64(m.ID), Label: m.Name + " (" + agendaItoa(m.Duration) + " min)"})
	}
	names, places, err := s.structurePlaces(r, sid)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Places = append([]option{{Value: "", Label: "Tous les lieux"}}, places...)
	if pid := formID(f.Value("personne")); pid != 0 && d.Move == nil {
		if p, err := s.store.Person(ctx, scope.OfStructure(sid), pid); err == nil && !p.Deleted() && a.Can(account.PermPersons) {
			d.Person = &p
		}
	}
	now := s.cfg.Now()
	from := parseDay(f.Value("du"), now)
	if from.Before(startOfDay(now)) {
		from = now
	}
	if mid := formID(f.Value("motif")); mid != 0 {
		d.Searched = true
		m, slots, err := s.agenda.Slots(ctx, scheduling.SlotRequest{StructureID: sid, MotiveID: mid, PlaceID: formID(f.Value("lieu")),
			From: maxTime(from, now), To: from.AddDate(0, 0, slotPickerDays), Booker: scheduling.ByStaff})
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			s.serverError(w, r, err)
			return
		}
		d.Motive, d.Days = m, slotDays(slots, names)
		q := url.Values{"motif": {f.Value("motif")}, "lieu": {f.Value("lieu")}, "personne": {f.Value("personne")}}
		if d.Move != nil {
			q = url.Values{"deplacer": {itoa64(d.Move.ID)}, "lieu": {f.Value("lieu")}}
		}
		q.Set("du", from.AddDate(0, 0, slotPickerDays).Format(agenda.DateLayout))
		d.Next = "/espace/agenda/rendez-vous/nouveau?" + q.Encode()
		if prev := from.AddDate(0, 0, -slotPickerDays); !prev.Before(now.AddDate(0, 0, -slotPickerDays+1)) {
			q.Set("du", prev.Format(agenda.DateLayout))
			d.Prev = "/espace/agenda/rendez-vous/nouveau?" + q.Encode()
		}
	}
	d.From = from.Format(agenda.DateLayout)
	d.Consent = agenda.ConsentWording(a.Membership.StructureName)
	title := "Prendre un rendez-vous"
	if d.Move != nil {
		title = "Déplacer le rendez-vous de " + d.Move.Name
	}
	s.render(w, r, status, "agenda_book", page{Title: title, Form: f, Data: d})
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// agendaBookSubmit books the chosen slot for a person, by staff.
func (s *Server) agendaBookSubmit(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	pf := r.PostForm
	req := scheduling.BookRequest{StructureID: a.StructureID(), MotiveID: formID(pf.Get("motif")), Booker: scheduling.ByStaff,
		Contact: contactForm(r), Via: agenda.ViaStaff, ByUserID: a.User.ID, ByStructure: a.StructureID()}
	var v apperr.Validation
	perm, start, ok := parseSlot(pf.Get("creneau"))
	if !ok {
		v.Add("creneau", "Choisissez un créneau dans la liste.")
	}
	req.PermanenceID, req.Start = perm, start
	if pid := formID(pf.Get("personne")); pid != 0 {
		if !a.Can(account.PermPersons) {
			v.Add("personne", "Votre rôle ne permet pas d'ouvrir les dossiers des personnes : laissez ce champ vide.")
		} else if p, err := s.store.Person(ctx, a.Scope(), pid); err != nil || p.Deleted() || p.MergedInto != 0 {
			v.Add("personne", "Personne introuvable dans votre structure : vérifiez le numéro de dossier.")
		} else {
			req.PersonID = p.ID
			if strings.TrimSpace(req.Contact.Name) == "" {
				req.Contact.Name = p.Name()
			}
			if req.Contact.Phone == "" && req.Contact.Email == "" {
				req.Contact.Phone, req.Contact.Email = p.Phone, p.Email
			}
		}
	}
	if req.Contact.Phone != "" || req.Contact.Email != "" {
		if pf.Get("accord") != "oui" {
			v.Add("accord", "Cochez la case si la personne accepte de recevoir la confirmation et le rappel ; sinon, n'écrivez ni téléphone ni e-mail.")
		}
		req.Consent = agenda.ConsentWording(a.Membership.StructureName)
	}
	var err error
	if err = v.Err(); err == nil {
		var ap agenda.Appointment
		if ap, err = s.agenda.Book(ctx, req); err == nil {
			if err := s.agendaJournal(r, ap.PersonID, journal.Create, "Rendez-vous du "+frenchDateTime(ap.Start)+" pris"); err != nil {
				s.serverError(w, r, err)
				return
			}
			s.flash(r, "Rendez-vous pris le "+frenchDateTime(ap.Start)+" avec "+ap.StaffName+".")
			redirect(w, r, "/espace/agenda/rendez-vous/"+itoa64(ap.ID))
			return
		}
		if _, ok := apperr.As(err); ok {
			v.Merge(err)
			if !v.Has("creneau") && apperr.Is(err, apperr.Conflict) {
				v.Add("creneau", apperr.MessageOf(err))
			}
			err = v.Err()
		}
	}
	f := newForm(r)
	if !f.Fail(agendaFieldError("creneau", err)) {
		s.fail(w, r, err)
		return
	}
	f.Set("du", pf.Get("du"))
	s.renderBook(w, r, http.StatusUnprocessableEntity, f, 0)
}

type agendaAppointmentData struct {
	Appointment agenda.Appointment
	Statuses    []option
	Messages    []notify.Message
	ActivityURL string
	CanPersons  bool
	Upcoming    bool
	Link        string
}

func (s *Server) agendaAppointmentView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	id, _ := pathID(r, "id")
	ap, err := s.store.Appointment(r.Context(), a.StructureID(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAppointment(w, r, http.StatusOK, ap, nil)
}

func (s *Server) renderAppointment(w http.ResponseWriter, r *http.Request, status int, ap agenda.Appointment, f *form) {
	a := actorFrom(r)
	if err := s.agendaJournal(r, ap.PersonID, journal.Read, "Rendez-vous n° "+itoa64(ap.ID)); err != nil {
		s.serverError(w, r, err)
		return
	}
	msgs, _, err := s.store.ListMessages(r.Context(), a.StructureID(), store.MessageFilter{AppointmentID: ap.ID, Limit: 20})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := agendaAppointmentData{Appointment: ap, Messages: msgs, CanPersons: a.Can(account.PermPersons), Upcoming: ap.Status == agenda.StatusPending && ap.Start.After(s.cfg.Now())}
	for _, c := range agenda.Statuses {
		d.Statuses = append(d.Statuses, option{Value: c.Value, Label: c.Label, Hint: c.Hint})
	}
	// "Présent" proposes the activity report, with the person when known.
	if ap.Status == agenda.StatusPresent && a.Can(account.PermActivities) {
		q := url.Values{}
		q.Set("date", ap.Start.In(paris).Format(activity.DateLayout))
		q.Set("duree", strconv.Itoa(int(ap.End.Sub(ap.Start).Minutes())))
		if ap.PlaceID != 0 {
			q.Set("lieu", itoa64(ap.PlaceID))
		}
		if ap.PersonID != 0 {
			q.Set("personne", itoa64(ap.PersonID))
		}
		d.ActivityURL = "/espace/activites/nouvelle?" + q.Encode()
	}
	if d.Link, err = s.agenda.AppointmentLink(r.Context(), ap.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if f == nil {
		f = &form{Values: url.Values{}}
		f.Set("statut", ap.Status)
		f.Set("qui", "service")
	}
	s.render(w, r, status, "agenda_appointment", page{Title: "Rendez-vous de " + ap.Name, Form: f, Data: d})
}

func (s *Server) agendaAppointmentStatus(w http.ResponseWriter, r *http.Request) {
	sid := actorFrom(r).StructureID()
	id, _ := pathID(r, "id")
	before, err := s.store.Appointment(r.Context(), sid, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ap, err := s.agenda.SetStatus(r.Context(), sid, id, r.PostForm.Get("statut"))
	if err != nil {
		f := newForm(r)
		if !f.Fail(agendaFieldError("statut", err)) {
			s.fail(w, r, err)
			return
		}
		s.renderAppointment(w, r, http.StatusUnprocessableEntity, before, f)
		return
	}
	msg := "Statut enregistré : " + ap.StatusLabel() + "."
	if ap.Status == agenda.StatusPresent && actorFrom(r).Can(account.PermActivities) {
		msg += " Pensez au compte rendu de l'accompagnement : le bouton est sur cette page."
	}
	s.flash(r, msg)
	redirect(w, r, "/espace/agenda/rendez-vous/"+itoa64(id))
}

func (s *Server) agendaAppointmentCancel(w http.ResponseWriter, r *http.Request) {
	sid := actorFrom(r).StructureID()
	id, _ := pathID(r, "id")
	before, err := s.store.Appointment(r.Context(), sid, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reason := strings.TrimSpace(r.PostForm.Get("raison"))
	if len([]rune(reason)) > 300 {
		reason = string([]rune(reason)[:300])
	}
	ap, err := s.agenda.Cancel(r.Context(), sid, id, r.PostForm.Get("qui") == "personne", false, reason)
	if err != nil {
		f := newForm(r)
		if !f.Fail(agendaFieldError("qui", err)) {
			s.fail(w, r, err)
			return
		}
		s.renderAppointment(w, r, http.StatusUnprocessableEntity, before, f)
		return
	}
	s.flash(r, "Rendez-vous annulé ("+ap.StatusLabel()+"). Le créneau est de nouveau libre ; la personne est prévenue si elle a laissé un contact.")
	redirect(w, r, "/espace/agenda/rendez-vous/"+itoa64(id))
}

func (s *Server) agendaAppointmentMove(w http.ResponseWriter, r *http.Request) {
	sid := actorFrom(r).StructureID()
	id, _ := pathID(r, "id")
	if _, err := s.store.Appointment(r.Context(), sid, id); err != nil {
		s.fail(w, r, err)
		return
	}
	perm, start, ok := parseSlot(r.PostForm.Get("creneau"))
	var err error
	if !ok {
		err = &apperr.Error{Code: apperr.Invalid, Message: "Choisissez un créneau.", Fields: []apperr.FieldError{{Field: "creneau", Message: "Choisissez le nouveau créneau dans la liste."}}}
	} else {
		var ap agenda.Appointment
		if ap, err = s.agenda.Move(r.Context(), sid, id, perm, start); err == nil {
			s.flash(r, "Rendez-vous déplacé au "+frenchDateTime(ap.Start)+". La personne est prévenue si elle a laissé un contact.")
			redirect(w, r, "/espace/agenda/rendez-vous/"+itoa64(id))
			return
		}
	}
	f := newForm(r)
	if !f.Fail(agendaFieldError("creneau", err)) {
		s.fail(w, r, err)
		return
	}
	f.Set("lieu", r.PostForm.Get("lieu"))
	f.Set("du", r.PostForm.Get("du"))
	s.renderBook(w, r, http.StatusUnprocessableEntity, f, id)
}

// agendaAppointmentOptOut records that the person wants no more messages.
func (s *Server) agendaAppointmentOptOut(w http.ResponseWriter, r *http.Request) {
	sid := actorFrom(r).StructureID()
	id, _ := pathID(r, "id")
	ap, err := s.store.Appointment(r.Context(), sid, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range []string{ap.Phone, ap.Email} {
		if c == "" {
			continue
		}
		if err := s.store.OptOut(r.Context(), sid, c, "agent", s.cfg.Now()); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.flash(r, "C'est noté : "+ap.Name+" ne recevra plus de messages de votre structure.")
	redirect(w, r, "/espace/agenda/rendez-vous/"+itoa64(id))
}

func (s *Server) agendaAppointmentICS(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	ap, err := s.store.Appointment(r.Context(), actorFrom(r).StructureID(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.agenda.AppointmentFile(r.Context(), ap)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writeICS(w, "rendez-vous.ics", b)
}

// writeICS answers with a calendar file.
func writeICS(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}
