package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type agendaOutboxData struct {
	Messages      []notify.Message
	Total         int
	Statuses      []option
	Prev, Next    string
	EmailOn       bool
	SMSOn         bool
	OptOuts       []store.OptOutEntry
	ReminderHours int
	OfferHours    int
}

const outboxPage = 50

// agendaOutbox shows the structure's messages to residents, with each
// attempt's receipt: what was sent, or what would have been sent when no
// channel is configured.
func (s *Server) agendaOutbox(w http.ResponseWriter, r *http.Request) {
	s.renderOutbox(w, r, http.StatusOK, &form{Values: url.Values{"statut": {r.URL.Query().Get("statut")}}})
}

func (s *Server) renderOutbox(w http.ResponseWriter, r *http.Request, status int, f *form) {
	sid := actorFrom(r).StructureID()
	pageN, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageN = max(pageN, 1)
	filter := f.Value("statut")
	msgs, total, err := s.store.ListMessages(r.Context(), sid, store.MessageFilter{Status: filter, Limit: outboxPage, Offset: (pageN - 1) * outboxPage})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	optouts, err := s.store.ListOptOuts(r.Context(), sid)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := agendaOutboxData{Messages: msgs, Total: total, OptOuts: optouts,
		ReminderHours: int(s.agenda.ReminderBefore() / time.Hour), OfferHours: int(s.agenda.OfferDelay() / time.Hour)}
	d.EmailOn, d.SMSOn = s.agenda.Channels()
	d.Statuses = []option{{Value: "", Label: "Tous les messages"}}
	for _, st := range []string{notify.Outbox, notify.Sent, notify.Pending, notify.Failed, notify.OptedOut} {
		d.Statuses = append(d.Statuses, option{Value: st, Label: notify.StatusLabel(st)})
	}
	q := url.Values{}
	if filter != "" {
		q.Set("statut", filter)
	}
	if pageN > 1 {
		q.Set("page", strconv.Itoa(pageN-1))
		d.Prev = "/espace/agenda/envois?" + q.Encode()
	}
	if pageN*outboxPage < total {
		q.Set("page", strconv.Itoa(pageN+1))
		d.Next = "/espace/agenda/envois?" + q.Encode()
	}
	s.render(w, r, status, "agenda_outbox", page{Title: "Messages aux personnes", Form: f, Data: d})
}

// agendaOutboxOptOut records, on a person's request, that a phone number or
// an e-mail address gets no more messages from the structure.
func (s *Server) agendaOutboxOptOut(w http.ResponseWriter, r *http.Request) {
	sid := actorFrom(r).StructureID()
	contact, ok := notify.ContactKey(r.PostForm.Get("contact"))
	if !ok {
		f := newForm(r)
		f.Fail(&apperr.Error{Code: apperr.Invalid, Message: "Contact à corriger.", Fields: []apperr.FieldError{{Field: "contact",
			Message: "Écrivez un numéro de téléphone (06 12 34 56 78) ou une adresse e-mail."}}})
		s.renderOutbox(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	var err error
	msg := "C'est noté : plus aucun message ne sera envoyé à " + notify.Message{To: contact}.ToLabel() + "."
	if r.PostForm.Get("retablir") == "oui" {
		err = s.store.OptIn(r.Context(), sid, contact)
		msg = "Les messages à " + notify.Message{To: contact}.ToLabel() + " sont de nouveau envoyés."
	} else {
		err = s.store.OptOut(r.Context(), sid, contact, "agent", s.cfg.Now())
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, msg)
	redirect(w, r, "/espace/agenda/envois")
}

type agendaCalendarsData struct {
	Sites       []calendarFeed
	Personal    string // the new secret URL, shown once
	HasPersonal bool
	CreatedAt   time.Time
}

type calendarFeed struct {
	Name string
	URL  string
}

// agendaCalendars lists the subscribable calendars: each site's public
// one, and the staff member's private one.
func (s *Server) agendaCalendars(w http.ResponseWriter, r *http.Request) {
	s.renderCalendars(w, r, "")
}

func (s *Server) renderCalendars(w http.ResponseWriter, r *http.Request, secretURL string) {
	a := actorFrom(r)
	places, err := s.store.ListPlaces(r.Context(), store.PlaceFilter{StructureID: a.StructureID()})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := agendaCalendarsData{Personal: secretURL}
	for _, p := range places {
		d.Sites = append(d.Sites, calendarFeed{Name: p.Name, URL: s.absoluteURL(r, "/agenda/lieux/"+itoa64(p.ID)+"/calendrier.ics")})
	}
	if d.CreatedAt, err = s.store.CalendarTokenCreated(r.Context(), a.User.ID, a.StructureID()); err != nil {
		s.serverError(w, r, err)
		return
	}
	d.HasPersonal = !d.CreatedAt.IsZero()
	s.render(w, r, http.StatusOK, "agenda_calendars", page{Title: "Calendriers à suivre", Data: d})
}

// agendaCalendarToken makes a new private feed address (the old one stops
// working) and shows it once.
func (s *Server) agendaCalendarToken(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	secret, hash := scheduling.FeedToken()
	if err := s.store.SetCalendarToken(r.Context(), a.User.ID, a.StructureID(), hash, s.cfg.Now()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderCalendars(w, r, s.absoluteURL(r, "/agenda/agents/"+secret+"/calendrier.ics"))
}

// feedRange is what feeds hold: a month back, six months ahead.
func (s *Server) feedRange() (time.Time, time.Time) {
	now := s.cfg.Now()
	return now.AddDate(0, -1, 0), now.AddDate(0, 6, 0)
}

// agendaSiteFeed is a site's public calendar: permanences and published
// workshops, never a person.
func (s *Server) agendaSiteFeed(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	ctx := r.Context()
	p, err := s.store.Place(ctx, id)
	if err != nil || p.StructureID == 0 {
		s.fail(w, r, apperr.NotFoundError())
		return
	}
	perms, err := s.store.PlacePermanences(ctx, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	from, to := s.feedRange()
	all, err := s.store.ListWorkshops(ctx, store.WorkshopFilter{StructureID: p.StructureID, PublishedOnly: true, EndsAfter: from})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var here []workshop.Workshop
	for _, wk := range all {
		if wk.PlaceID == id {
			here = append(here, wk)
		}
	}
	b := scheduling.SiteFeed(p, perms, here, from, to, s.cfg.Now(), s.absoluteURL(r, "/rendez-vous"))
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=900")
	w.Write(b)
}

// agendaStaffFeed is a staff member's private calendar, behind the secret
// of its address.
func (s *Server) agendaStaffFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	userID, sid, err := s.store.CalendarTokenOwner(ctx, scheduling.HashFeedToken(r.PathValue("token")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.store.User(ctx, userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	from, to := s.feedRange()
	appts, err := s.store.AppointmentsOfStaff(ctx, sid, userID, from, to)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	all, err := s.store.ListPermanences(ctx, sid, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var perms []agenda.Permanence
	for _, p := range all {
		if p.HasStaff(userID) {
			perms = append(perms, p)
		}
	}
	workshops, err := s.store.ListWorkshops(ctx, store.WorkshopFilter{StructureID: sid, StaffID: userID, EndsAfter: from})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := s.cfg.BaseURL
	if base == "" {
		base = s.absoluteURL(r, "")
	}
	b := scheduling.StaffFeed(u.Name, base, appts, perms, workshops, from, to, s.cfg.Now())
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}
