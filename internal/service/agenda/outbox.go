package agenda

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
)

// ClaimFor is how long an instance keeps a message it is sending.
const ClaimFor = 2 * time.Minute

// OutboxConfig is how messages leave.
type OutboxConfig struct {
	BaseURL string             // absolute links in messages; empty: paths only
	Now     func() time.Time   //
	Email   notify.EmailSender // nil: e-mails stay in the outbox
	SMS     notify.SMSSender   // nil: SMS stay in the outbox
	Holder  string             // this instance's name in leases and claims
	Log     *slog.Logger
}

// Outbox delivers the messages recorded for residents (appointments,
// workshops, orientations) through the configured channels, and signs
// the links in them. Each message is claimed before it is sent, so that two
// instances never send one twice; each attempt leaves a receipt.
type Outbox struct {
	cfg   OutboxConfig
	st    *agendastore.Store
	kick  chan struct{}
	mu    sync.Mutex
	links *residentlink.Links
}

// NewOutbox returns the outbox; zero values of cfg get their defaults.
func NewOutbox(st *store.Store, cfg OutboxConfig) *Outbox {
	if cfg.Now == nil {
		cfg.Now = time.Now
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
	return &Outbox{cfg: cfg, st: agendastore.New(st), kick: make(chan struct{}, 1)}
}

// Links returns the signer of residents' links; its secret is read once.
func (o *Outbox) Links(ctx context.Context) (residentlink.Links, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.links == nil {
		secret, err := o.st.AgendaSecret(ctx)
		if err != nil {
			return residentlink.Links{}, err
		}
		l := residentlink.New(secret, o.cfg.BaseURL)
		o.links = &l
	}
	return *o.links, nil
}

// Channels reports which channels really send.
func (o *Outbox) Channels() (email, sms bool) { return o.cfg.Email != nil, o.cfg.SMS != nil }

// Kicked delivers a signal when messages wait to be sent.
func (o *Outbox) Kicked() <-chan struct{} { return o.kick }

// Recorded delivers what was just recorded: at once when no channel is
// configured (the outbox is a database update), otherwise by waking the
// background loop, so that no request waits for an SMTP server.
func (o *Outbox) Recorded(ctx context.Context) {
	if o.cfg.Email == nil && o.cfg.SMS == nil {
		if _, err := o.Deliver(ctx); err != nil && ctx.Err() == nil {
			o.cfg.Log.Error("agenda : boîte d'envoi", "err", err)
		}
		return
	}
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Deliver sends the messages waiting in the outbox.
func (o *Outbox) Deliver(ctx context.Context) (int, error) {
	sent := 0
	for {
		now := o.cfg.Now()
		msgs, err := o.st.DeliverableMessages(ctx, now, 100)
		if err != nil || len(msgs) == 0 {
			return sent, err
		}
		progress := false
		for _, m := range msgs {
			ok, err := o.st.ClaimMessage(ctx, m.ID, o.cfg.Holder, now.Add(ClaimFor), now)
			if err != nil {
				return sent, err
			}
			if !ok {
				continue
			}
			progress = true
			status, r := o.send(ctx, m)
			if err := o.st.FinishMessage(ctx, m.ID, o.cfg.Holder, status, r, o.cfg.Now()); err != nil {
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

func (o *Outbox) send(ctx context.Context, m notify.Message) (string, notify.Receipt) {
	r := notify.Receipt{Channel: m.Channel}
	if out, err := o.st.OptedOut(ctx, scope.OfStructure(m.StructureID), m.To); err == nil && out {
		r.Result, r.Detail = notify.OptedOut, "La personne a demandé à ne plus recevoir de messages."
		return notify.OptedOut, r
	}
	sctx, cancel := context.WithTimeout(ctx, 45*time.Second)
	defer cancel()
	var id string
	var err error
	switch m.Channel {
	case notify.SMS:
		if o.cfg.SMS == nil {
			r.Result, r.Detail = notify.Outbox, "Aucun service d'envoi de SMS n'est configuré : le message reste dans la boîte d'envoi."
			return notify.Outbox, r
		}
		id, err = o.cfg.SMS.SendSMS(sctx, m.To, m.Body, string(m.Kind))
	default:
		if o.cfg.Email == nil {
			r.Result, r.Detail = notify.Outbox, "Aucun serveur d'e-mail (SMTP) n'est configuré : le message reste dans la boîte d'envoi."
			return notify.Outbox, r
		}
		var unsubscribe string
		oneClick := false
		optOut := residentlink.OptOutPath
		if m.Kind == notify.Newsletter {
			// The letter's link unsubscribes with a POST alone, as mail
			// clients' one-click button sends it.
			optOut, oneClick = network.UnsubscribePath, true
		}
		if i := strings.LastIndex(m.Body, o.cfg.BaseURL+optOut); i >= 0 && o.cfg.BaseURL != "" {
			unsubscribe = strings.TrimSpace(m.Body[i:])
		}
		name := "rendez-vous.ics"
		switch {
		case m.RegistrationID != 0:
			name = "atelier.ics"
		case m.Kind == notify.MeetingInvitation:
			name = "reunion.ics"
		}
		id, err = o.cfg.Email.SendEmail(sctx, notify.EmailMessage{To: m.To, Subject: m.Subject, Text: m.Body, ICS: m.ICS, ICSName: name, ListUnsubscribe: unsubscribe, OneClick: oneClick})
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
