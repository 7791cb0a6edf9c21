// Package scheduling carries the agenda's operations from end to end, for
// the web pages, the API and the background work alike: it checks a slot
// against the permanences, books it in the store (where the database
// refuses a double booking), records the messages in the same transaction,
// delivers them through the configured channels, and runs the periodic
// work (reminders, waiting-list offers and their expiry, retention) under
// a database lease so that two instances never do it twice.
package scheduling

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Defaults of the configurable delays.
const (
	DefaultReminderBefore = 48 * time.Hour
	DefaultOfferDelay     = 24 * time.Hour
	// ChoreLease is how long one instance keeps the periodic work.
	ChoreLease = 5 * time.Minute
	// ClaimFor is how long an instance keeps a message it is sending.
	ClaimFor = 2 * time.Minute
	// AppointmentRetention and MessageRetention are the retention periods.
	AppointmentRetention = 2 * 365 * 24 * time.Hour
	MessageRetention     = 365 * 24 * time.Hour
)

// Config is what the service needs.
type Config struct {
	BaseURL        string // absolute links in messages; empty: paths only
	Now            func() time.Time
	ReminderBefore time.Duration
	OfferDelay     time.Duration
	Email          notify.EmailSender // nil: e-mails stay in the outbox
	SMS            notify.SMSSender   // nil: SMS stay in the outbox
	Holder         string             // this instance's name in leases and claims
	Log            *slog.Logger
}

// Service is the agenda's operations.
type Service struct {
	cfg       Config
	st        *store.Store
	kick      chan struct{}
	mu        sync.Mutex
	secret    []byte
	lastPurge time.Time
}

// New builds the service; zero values of cfg get their defaults.
func New(st *store.Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ReminderBefore <= 0 {
		cfg.ReminderBefore = DefaultReminderBefore
	}
	if cfg.OfferDelay <= 0 {
		cfg.OfferDelay = DefaultOfferDelay
	}
	if cfg.Holder == "" {
		host, _ := os.Hostname()
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		cfg.Holder = host + "-" + strconv.Itoa(os.Getpid()) + "-" + hex.EncodeToString(b)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{cfg: cfg, st: st, kick: make(chan struct{}, 1)}
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// OfferDelay is how long a person has to confirm an offered seat.
func (s *Service) OfferDelay() time.Duration { return s.cfg.OfferDelay }

// ReminderBefore is how long before an appointment the reminder leaves.
func (s *Service) ReminderBefore() time.Duration { return s.cfg.ReminderBefore }

// Channels reports which channels really send.
func (s *Service) Channels() (email, sms bool) { return s.cfg.Email != nil, s.cfg.SMS != nil }

// Kicked delivers a signal when messages wait to be sent.
func (s *Service) Kicked() <-chan struct{} { return s.kick }

// Kick delivers messages another capability just recorded (an orientation's
// e-mail), as after a booking.
func (s *Service) Kick(ctx context.Context) { s.afterCommit(ctx) }

// afterCommit delivers what was just recorded: at once when no channel is
// configured (the outbox is a database update), otherwise by waking the
// background loop, so that no request waits for an SMTP server.
func (s *Service) afterCommit(ctx context.Context) {
	if s.cfg.Email == nil && s.cfg.SMS == nil {
		if _, err := s.Deliver(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("agenda : boîte d'envoi", "err", err)
		}
		return
	}
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// --- signed links

func (s *Service) key(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secret == nil {
		k, err := s.st.AgendaSecret(ctx)
		if err != nil {
			return nil, err
		}
		s.secret = k
	}
	return s.secret, nil
}

func mac(key []byte, purpose string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte("parcours-agenda:" + purpose))
	return base64.RawURLEncoding.EncodeToString(h.Sum(nil)[:15])
}

func (s *Service) sign(ctx context.Context, purpose string) (string, error) {
	k, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	return purpose + "." + mac(k, purpose), nil
}

// verify returns the purpose of a valid token, "" otherwise.
func (s *Service) verify(ctx context.Context, token string) (string, error) {
	purpose, sig, ok := strings.Cut(token, ".")
	if !ok || purpose == "" {
		return "", nil
	}
	k, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	if !hmac.Equal([]byte(sig), []byte(mac(k, purpose))) {
		return "", nil
	}
	return purpose, nil
}

func (s *Service) idToken(ctx context.Context, prefix string, id int64) (string, error) {
	return s.sign(ctx, prefix+strconv.FormatInt(id, 10))
}

func (s *Service) idFromToken(ctx context.Context, prefix, token string) (int64, bool, error) {
	p, err := s.verify(ctx, token)
	if err != nil || !strings.HasPrefix(p, prefix) {
		return 0, false, err
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(p, prefix), 10, 64)
	return id, err == nil && id > 0, nil
}

// Paths of the residents' pages.
const (
	AppointmentPath  = "/mon-rendez-vous/"
	RegistrationPath = "/mon-inscription/"
	OptOutPath       = "/messages/arret/"
)

// AppointmentToken signs the link to a resident's appointment page.
func (s *Service) AppointmentToken(ctx context.Context, id int64) (string, error) {
	return s.idToken(ctx, "r", id)
}

// AppointmentFromToken reads an appointment link.
func (s *Service) AppointmentFromToken(ctx context.Context, token string) (int64, bool, error) {
	return s.idFromToken(ctx, "r", token)
}

// RegistrationToken signs the link to a resident's registration page.
func (s *Service) RegistrationToken(ctx context.Context, id int64) (string, error) {
	return s.idToken(ctx, "i", id)
}

// RegistrationFromToken reads a registration link.
func (s *Service) RegistrationFromToken(ctx context.Context, token string) (int64, bool, error) {
	return s.idFromToken(ctx, "i", token)
}

// OptOut names what an opt-out link is about: the appointment or the
// registration whose contact (by that channel) asks for no more messages.
type OptOut struct {
	Appointment bool
	ID          int64
	Channel     notify.Channel
}

// OptOutToken signs an opt-out link; the contact itself is never in it.
func (s *Service) OptOutToken(ctx context.Context, o OptOut) (string, error) {
	p := "ai"
	if o.Appointment {
		p = "ar"
	}
	c := "e"
	if o.Channel == notify.SMS {
		c = "s"
	}
	return s.sign(ctx, p+c+strconv.FormatInt(o.ID, 10))
}

// OptOutFromToken reads an opt-out link.
func (s *Service) OptOutFromToken(ctx context.Context, token string) (OptOut, bool, error) {
	p, err := s.verify(ctx, token)
	if err != nil || len(p) < 4 || p[0] != 'a' {
		return OptOut{}, false, err
	}
	o := OptOut{Appointment: p[1] == 'r', Channel: notify.Email}
	if p[2] == 's' {
		o.Channel = notify.SMS
	}
	id, err := strconv.ParseInt(p[3:], 10, 64)
	o.ID = id
	return o, err == nil && id > 0 && (p[1] == 'r' || p[1] == 'i'), nil
}

// FeedToken makes a new secret for a staff member's calendar feed and
// returns it with its stored hash.
func FeedToken() (secret, hash string) {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, HashFeedToken(secret)
}

// HashFeedToken is how a feed token is stored.
func HashFeedToken(secret string) string {
	h := sha256.Sum256([]byte("parcours-feed:" + secret))
	return hex.EncodeToString(h[:])
}

// --- delivery and periodic work

// Deliver sends the messages waiting in the outbox through the configured
// channels. Each message is claimed first, so that two instances never send
// the same one; each attempt leaves a receipt.
func (s *Service) Deliver(ctx context.Context) (int, error) {
	sent := 0
	for {
		now := s.cfg.Now()
		msgs, err := s.st.DeliverableMessages(ctx, now, 100)
		if err != nil || len(msgs) == 0 {
			return sent, err
		}
		progress := false
		for _, m := range msgs {
			ok, err := s.st.ClaimMessage(ctx, m.ID, s.cfg.Holder, now.Add(ClaimFor), now)
			if err != nil {
				return sent, err
			}
			if !ok {
				continue
			}
			progress = true
			status, r := s.send(ctx, m)
			if err := s.st.FinishMessage(ctx, m.ID, s.cfg.Holder, status, r, s.cfg.Now()); err != nil {
				return sent, err
			}
			if status == notify.Sent {
				sent++
			}
		}
		if !progress || len(msgs) < 100 {
			return sent, nil
		}
	}
}

func (s *Service) send(ctx context.Context, m notify.Message) (string, notify.Receipt) {
	r := notify.Receipt{Channel: m.Channel}
	if out, err := s.st.OptedOut(ctx, m.StructureID, m.To); err == nil && out {
		r.Result, r.Detail = notify.OptedOut, "La personne a demandé à ne plus recevoir de messages."
		return notify.OptedOut, r
	}
	sctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	var id string
	var err error
	switch m.Channel {
	case notify.SMS:
		if s.cfg.SMS == nil {
			r.Result, r.Detail = notify.Outbox, "Aucun service d'envoi de SMS n'est configuré : le message reste dans la boîte d'envoi."
			return notify.Outbox, r
		}
		id, err = s.cfg.SMS.SendSMS(sctx, m.To, m.Body, string(m.Kind))
	default:
		if s.cfg.Email == nil {
			r.Result, r.Detail = notify.Outbox, "Aucun serveur d'e-mail (SMTP) n'est configuré : le message reste dans la boîte d'envoi."
			return notify.Outbox, r
		}
		var unsubscribe string
		if i := strings.LastIndex(m.Body, s.cfg.BaseURL+OptOutPath); i >= 0 && s.cfg.BaseURL != "" {
			unsubscribe = strings.TrimSpace(m.Body[i:])
		}
		name := "rendez-vous.ics"
		if m.RegistrationID != 0 {
			name = "atelier.ics"
		}
		id, err = s.cfg.Email.SendEmail(sctx, notify.EmailMessage{To: m.To, Subject: m.Subject, Text: m.Body, ICS: m.ICS, ICSName: name, ListUnsubscribe: unsubscribe})
	}
	if err != nil {
		r.Result, r.Detail = notify.Failed, err.Error()
		if m.Attempts+1 >= notify.MaxAttempts {
			return notify.Failed, r
		}
		return notify.Pending, r
	}
	r.Result, r.ProviderID = notify.Sent, id
	return notify.Sent, r
}

// ChoreReport says what one pass did.
type ChoreReport struct {
	Leader    bool // this instance held the lease
	Expired   int  // offers past their deadline
	Offered   int  // seats offered to the next person
	Reminders int  // appointments and sessions reminded
	Purged    int64
	Sent      int
}

// RunChores is one pass of the periodic work: under the lease, waiting-list
// offers past their deadline go to the next person, reminders are recorded
// for what starts within ReminderBefore, and retention runs once an hour;
// then (every instance) the outbox is delivered. It is idempotent: a second
// pass, or a second instance, records nothing more.
func (s *Service) RunChores(ctx context.Context) (ChoreReport, error) {
	var rep ChoreReport
	now := s.cfg.Now()
	leader, err := s.st.TakeLease(ctx, "agenda", s.cfg.Holder, now.Add(ChoreLease), now)
	if err != nil {
		return rep, err
	}
	rep.Leader = leader
	if leader {
		if err := s.leaderChores(ctx, now, &rep); err != nil {
			return rep, err
		}
		if err := s.st.ReleaseLease(ctx, "agenda", s.cfg.Holder); err != nil {
			return rep, err
		}
	}
	rep.Sent, err = s.Deliver(ctx)
	return rep, err
}

func (s *Service) leaderChores(ctx context.Context, now time.Time, rep *ChoreReport) error {
	g, err := s.signer(ctx)
	if err != nil {
		return err
	}
	offered, expired, err := s.st.ExpireOffers(ctx, now, s.cfg.OfferDelay, offerMessages(g, now))
	if err != nil {
		return err
	}
	rep.Expired, rep.Offered = expired, len(offered)
	n, err := s.remindAppointments(ctx, g, now)
	if err != nil {
		return err
	}
	rep.Reminders += n
	if n, err = s.remindSessions(ctx, g, now); err != nil {
		return err
	}
	rep.Reminders += n
	s.mu.Lock()
	due := now.Sub(s.lastPurge) >= time.Hour
	if due {
		s.lastPurge = now
	}
	s.mu.Unlock()
	if due {
		if rep.Purged, err = s.st.PurgeAgenda(ctx, now.Add(-AppointmentRetention), now.Add(-MessageRetention)); err != nil {
			return err
		}
	}
	return nil
}
