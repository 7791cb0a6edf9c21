// Package agenda holds the use cases of a structure's agenda: its
// permanences, motives and staff absences, the free slots they give, the
// appointments booked by staff, by partner structures and by residents
// online, the messages that tell residents (recorded in the same
// transaction, delivered by the outbox), the calendar feeds, and the
// background work (reminders, waiting-list offers, retention) that one
// instance at a time runs under a database lease. Web pages, the API and the
// background loop call these methods and nothing else.
package agenda

import (
	"context"
	"log/slog"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
)

// Defaults and periods of the background work.
const (
	DefaultReminderBefore = 48 * time.Hour
	// ChoreLease is how long one instance keeps the periodic work.
	ChoreLease = 5 * time.Minute
)

// Config is what the service needs.
type Config struct {
	Now            func() time.Time
	ReminderBefore time.Duration // 0: 48 h
	Log            *slog.Logger
}

// Service is the agenda's use cases.
type Service struct {
	st             *agendastore.Store
	places         *placestore.Store    // the places it names
	workshops      *workshopstore.Store // the workshops shown beside appointments
	out            *Outbox
	ws             *workshops.Service
	now            func() time.Time
	reminderBefore time.Duration
	log            *slog.Logger
}

// New returns the service on the outbox out, whose background work also
// runs the workshops' (ws).
func New(st *agendastore.Store, out *Outbox, ws *workshops.Service, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ReminderBefore <= 0 {
		cfg.ReminderBefore = DefaultReminderBefore
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, places: placestore.New(st.Store), workshops: workshopstore.New(st.Store), out: out, ws: ws, now: cfg.Now, reminderBefore: cfg.ReminderBefore, log: cfg.Log}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// ReminderBefore is how long before an appointment or a session the
// reminder leaves.
func (s *Service) ReminderBefore() time.Duration { return s.reminderBefore }

// OfferDelay is how long a person has to confirm an offered seat.
func (s *Service) OfferDelay() time.Duration { return s.ws.OfferDelay() }

// Channels reports which channels really send.
func (s *Service) Channels() (email, sms bool) { return s.out.Channels() }

// Kicked delivers a signal when messages wait to be sent.
func (s *Service) Kicked() <-chan struct{} { return s.out.Kicked() }

// Kick delivers messages another capability just recorded (an
// orientation's e-mail), as after a booking.
func (s *Service) Kick(ctx context.Context) { s.out.Recorded(ctx) }

// ChoreReport says what one pass did.
type ChoreReport struct {
	Leader    bool // this instance held the lease
	Expired   int  // offers past their deadline
	Offered   int  // seats offered to the next person
	Reminders int  // appointments and sessions reminded
	Sent      int
}

// RunChores is one pass of the periodic work: under the lease, waiting-list
// offers past their deadline go to the next person, reminders are recorded
// for what starts within ReminderBefore;
// then (every instance) the outbox is delivered. It is idempotent: a second
// pass, or a second instance, records nothing more.
func (s *Service) RunChores(ctx context.Context) (ChoreReport, error) {
	var rep ChoreReport
	now := s.now()
	leader, err := s.st.TakeLease(ctx, "agenda", s.out.cfg.Holder, now.Add(ChoreLease), now)
	if err != nil {
		return rep, err
	}
	rep.Leader = leader
	if leader {
		if err := s.leaderChores(ctx, now, &rep); err != nil {
			return rep, err
		}
		if err := s.st.ReleaseLease(ctx, "agenda", s.out.cfg.Holder); err != nil {
			return rep, err
		}
	}
	rep.Sent, err = s.out.Deliver(ctx)
	return rep, err
}

func (s *Service) leaderChores(ctx context.Context, now time.Time, rep *ChoreReport) error {
	wr, err := s.ws.RunChores(ctx, s.reminderBefore)
	rep.Expired, rep.Offered, rep.Reminders = wr.Expired, wr.Offered, wr.Reminders
	if err != nil {
		return err
	}
	n, err := s.remindAppointments(ctx, now)
	rep.Reminders += n
	if err != nil {
		return err
	}
	// Retention of appointments, messages and registrations: the daily
	// retention run (internal/service/retention).
	return nil
}

// site describes a place for messages and pages.
func (s *Service) site(ctx context.Context, placeID int64) (agenda.Site, error) {
	if placeID == 0 {
		return agenda.Site{}, nil
	}
	p, err := s.places.Place(ctx, placeID)
	if err != nil {
		return agenda.Site{}, err
	}
	return agenda.SiteOf(p), nil
}

// instructions are what a motive asks to read before coming ("" when the
// motive is gone).
func (s *Service) instructions(ctx context.Context, a agenda.Appointment) (before, after string) {
	m, err := s.st.Motive(ctx, scope.OfStructure(a.StructureID), a.MotiveID)
	if err != nil {
		return "", ""
	}
	return m.InstructionsBefore, m.InstructionsAfter
}

// fieldError is an Invalid error on one field.
func fieldError(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}
