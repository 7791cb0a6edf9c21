package agenda

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/notify"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type outboxData struct {
	Messages      []notify.Message
	Total         int
	Statuses      []ui.Option
	Prev, Next    string
	EmailOn       bool
	SMSOn         bool
	OptOuts       []store.OptOutEntry
	ReminderHours int
	OfferHours    int
}

// Outbox shows the structure's messages to residents, with each attempt's
// receipt: what was sent, or what would have been sent when no channel is
// configured.
func (h *Handlers) Outbox(w http.ResponseWriter, r *http.Request) {
	h.renderOutbox(w, r, http.StatusOK, &ui.Form{Values: url.Values{"statut": {r.URL.Query().Get("statut")}}})
}

func (h *Handlers) renderOutbox(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	filter := f.Value("statut")
	p, err := h.agenda.Messages(r.Context(), ui.Actor(r), filter, n)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := outboxData{Messages: p.Messages, Total: p.Total, OptOuts: p.OptOuts, EmailOn: p.Email, SMSOn: p.SMS,
		ReminderHours: int(p.ReminderBefore / time.Hour), OfferHours: int(p.OfferDelay / time.Hour)}
	d.Statuses = []ui.Option{{Value: "", Label: "Tous les messages"}}
	for _, st := range []string{notify.Outbox, notify.Sent, notify.Pending, notify.Failed, notify.OptedOut} {
		d.Statuses = append(d.Statuses, ui.Option{Value: st, Label: notify.StatusLabel(st)})
	}
	q := url.Values{}
	if filter != "" {
		q.Set("statut", filter)
	}
	if p.Page > 1 {
		q.Set("page", strconv.Itoa(p.Page-1))
		d.Prev = "/espace/agenda/envois?" + q.Encode()
	}
	if p.Page*agendasvc.MessagesPerPage < p.Total {
		q.Set("page", strconv.Itoa(p.Page+1))
		d.Next = "/espace/agenda/envois?" + q.Encode()
	}
	h.site.Render(w, r, status, "agenda_outbox", ui.Page{Title: "Messages aux personnes", Form: f, Data: d})
}

// OutboxStop records, on a person's request, that a phone number or an
// e-mail address gets no more messages from the structure (or again, with
// retablir=oui).
func (h *Handlers) OutboxStop(w http.ResponseWriter, r *http.Request) {
	restore := r.PostForm.Get("retablir") == "oui"
	contact, err := h.agenda.StopMessages(r.Context(), ui.Actor(r), r.PostForm.Get("contact"), !restore)
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderOutbox(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	label := notify.Message{To: contact}.ToLabel()
	if restore {
		h.site.Flash(r, "Les messages à "+label+" sont de nouveau envoyés.")
	} else {
		h.site.Flash(r, "C'est noté : plus aucun message ne sera envoyé à "+label+".")
	}
	ui.Redirect(w, r, "/espace/agenda/envois")
}

type calendarsData struct {
	Sites       []calendarFeed
	Personal    string // the new secret address, shown once
	HasPersonal bool
	CreatedAt   time.Time
}

type calendarFeed struct {
	Name string
	URL  string
}

// Calendars lists the subscribable calendars: each site's public one, and
// the staff member's private one.
func (h *Handlers) Calendars(w http.ResponseWriter, r *http.Request) { h.renderCalendars(w, r, "") }

func (h *Handlers) renderCalendars(w http.ResponseWriter, r *http.Request, secret string) {
	c, err := h.agenda.Calendars(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := calendarsData{CreatedAt: c.PersonalCreated, HasPersonal: !c.PersonalCreated.IsZero()}
	if secret != "" {
		d.Personal = h.site.AbsoluteURL(r, "/agenda/agents/"+secret+"/calendrier.ics")
	}
	for _, p := range c.Places {
		d.Sites = append(d.Sites, calendarFeed{Name: p.Name, URL: h.site.AbsoluteURL(r, "/agenda/lieux/"+ui.Itoa(p.ID)+"/calendrier.ics")})
	}
	h.site.Render(w, r, http.StatusOK, "agenda_calendars", ui.Page{Title: "Calendriers à suivre", Data: d})
}

// CalendarAddress makes a new private calendar address (the old one stops
// working) and shows it once.
func (h *Handlers) CalendarAddress(w http.ResponseWriter, r *http.Request) {
	secret, err := h.agenda.NewCalendarAddress(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderCalendars(w, r, secret)
}

// SiteFeed is a site's public calendar: permanences and published
// workshops, never a person.
func (h *Handlers) SiteFeed(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	b, err := h.agenda.SiteFeed(r.Context(), id, h.site.AbsoluteURL(r, "/rendez-vous"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=900")
	w.Write(b)
}

// StaffFeed is a staff member's private calendar, behind the secret of
// its address.
func (h *Handlers) StaffFeed(w http.ResponseWriter, r *http.Request) {
	b, err := h.agenda.StaffFeed(r.Context(), r.PathValue("token"), h.site.AbsoluteURL(r, ""))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}
