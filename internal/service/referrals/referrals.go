// Package referrals holds the use cases of the tracked orientation: send a
// person to a structure using Parcours (its inbox) or to a place without
// Parcours (a signed link, e-mailed when the place has an address, and a
// printable sheet with a QR code), answer it, remind and expire it, and
// lead the sender to booking an appointment there. Web pages, the API and
// the server's background loop call these methods and nothing else.
package referrals

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/signedlink"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Config is what the service needs besides the store.
type Config struct {
	BaseURL string // public address links start with; empty: the caller's
	Now     func() time.Time
	// Deliver sends the messages just recorded (the agenda's delivery).
	Deliver func(context.Context)
	Log     *slog.Logger
}

// Service is the referrals' use cases.
type Service struct {
	st     *store.Store
	places *placestore.Store // the places it names
	cfg    Config
}

// New returns the service.
func New(st *store.Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Deliver == nil {
		cfg.Deliver = func(context.Context) {}
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, places: placestore.New(st), cfg: cfg}
}

// who names the actor in a referral's history: "Agnès Martin (CCAS)".
func who(a *account.Actor) string {
	w := a.User.Name + " (" + a.Membership.StructureName
	if a.Via != account.ViaWeb {
		w += ", " + a.Via
	}
	return w + ")"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func fieldError(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}

// base is where links start: the configured address, else the caller's.
func (s *Service) base(caller string) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	return strings.TrimRight(caller, "/")
}

func (s *Service) signer(ctx context.Context) (signedlink.Signer, error) {
	secret, err := s.st.ReferralSecret(ctx)
	if err != nil {
		return signedlink.Signer{}, err
	}
	return signedlink.New(secret, referral.LinkPurpose), nil
}

// LinkPath is the path of a referral's signed link.
func LinkPath(token string) string { return "/orientation/" + token }

func link(sg signedlink.Signer, base string, r referral.Referral) string {
	return base + LinkPath(sg.Sign(r.ID, r.LinkExpiresAt))
}

// NewReferral is a referral to send; field errors are named as the API
// names them.
type NewReferral struct {
	PersonID      int64
	EvaluationID  int64
	StructureID   int64 // a structure using Parcours…
	PlaceID       int64 // …or a place of the map
	Name          string
	Contact       string
	ContactValue  string
	Service       string
	AvailableFrom string // YYYY-MM-DD
	Reason        string
	Informed      bool
	ShareConsent  bool   // the person agreed to the sharing wording just read
	Base          string // the caller's public address, when none is configured
}

// Created is a referral just sent: its signed link when the receiver does
// not use Parcours, and whether the link was e-mailed to the place.
type Created struct {
	Referral referral.Referral
	Link     string
	Mailed   bool
}

// Create sends a referral of a person of the actor's structure, followed or
// anonymous: the receiver gets only the name and contact typed here, the
// need, the availability and the reason, with the person's sharing consent
// (recorded now when given now). A place without Parcours gets a signed
// link, e-mailed through the outbox when it has an address.
func (s *Service) Create(ctx context.Context, a *account.Actor, in NewReferral) (Created, error) {
	if err := a.Require(account.PermSendReferrals); err != nil {
		return Created{}, err
	}
	now := s.cfg.Now()
	p, err := s.st.Person(ctx, a.Scope(), in.PersonID)
	if err == nil && (p.Deleted() || p.MergedInto != 0) {
		err = apperr.NotFoundError()
	}
	if err != nil {
		return Created{}, err
	}
	ref := referral.Referral{PersonID: p.ID, PersonName: in.Name, ContactMethod: in.Contact, ContactValue: in.ContactValue,
		Service: in.Service, AvailableFrom: in.AvailableFrom, Reason: in.Reason, Informed: in.Informed, CreatedBy: a.User.ID}
	if strings.TrimSpace(ref.PersonName) == "" && p.Kind == person.Followed {
		ref.PersonName = p.Name()
	}
	var v apperr.Validation
	if in.EvaluationID != 0 {
		if e, err := s.st.Evaluation(ctx, a.Scope(), in.EvaluationID); err != nil || e.PersonID != p.ID {
			v.Add("evaluation_id", "Évaluation introuvable pour cette personne.")
		} else {
			ref.EvaluationID = e.ID
		}
	}
	if err := s.destination(ctx, a, in, &ref, &v); err != nil {
		return Created{}, err
	}
	ref.Normalize()
	if e, ok := apperr.As(ref.Validate(now)); ok {
		for _, fe := range e.Fields {
			if !v.Has(fe.Field) && !(fe.Field == "structure_id" && v.Has("lieu_id")) {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	consentID, err := s.activeShareConsent(ctx, a, p.ID)
	if err != nil {
		return Created{}, err
	}
	if consentID == 0 && !in.ShareConsent {
		v.Add("consentement_partage", "Lisez la phrase « partage » à la personne : sans son accord, rien n'est envoyé.")
	}
	if err := v.Err(); err != nil {
		return Created{}, err
	}
	nr := store.NewReferral{Referral: &ref, Who: who(a), Journal: journal.By(a, journal.Create, "Orientation vers "+ref.ReceiverName)}
	ref.ConsentID = consentID
	if consentID == 0 {
		c, _ := person.NewConsent(person.ConsentShare, a.Membership.StructureName)
		c.CollectedBy = a.User.ID
		nr.Consent, nr.ConsentJournal = &c, journal.By(a, journal.Update, "Consentement recueilli : "+c.PurposeLabel())
	}
	var out Created
	var sg signedlink.Signer
	if ref.ViaLink() {
		ref.LinkExpiresAt = now.Add(referral.LinkValidity).Truncate(time.Second)
		if sg, err = s.signer(ctx); err != nil {
			return out, err
		}
		if nr.Mail, out.Mailed, err = s.mailer(ctx, sg, s.base(in.Base), ref.ReceiverPlaceID, notify.ReferralLink); err != nil {
			return out, err
		}
	}
	if err := s.st.CreateReferral(ctx, a.Scope(), nr, now); err != nil {
		return out, err
	}
	out.Referral = ref
	if ref.ViaLink() {
		out.Link = link(sg, s.base(in.Base), ref)
	}
	if out.Mailed {
		s.cfg.Deliver(ctx)
	}
	return out, nil
}

// destination sets the receiver: a structure using Parcours (its inbox), or
// a place, answered in its structure's inbox when that structure has
// members, through a signed link otherwise.
func (s *Service) destination(ctx context.Context, a *account.Actor, in NewReferral, ref *referral.Referral, v *apperr.Validation) error {
	switch {
	case in.StructureID != 0 && in.PlaceID != 0:
		v.Add("structure_id", "Donnez une structure ou un lieu, pas les deux.")
	case in.StructureID != 0:
		st, err := s.st.Structure(ctx, in.StructureID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			v.Add("structure_id", "Structure inconnue.")
		case err != nil:
			return err
		case st.ID == a.StructureID():
			v.Add("structure_id", "Une structure ne s'oriente pas une personne à elle-même : choisissez une autre structure.")
		default:
			ref.ReceiverStructureID, ref.ReceiverName = st.ID, st.Name
		}
	case in.PlaceID != 0:
		pl, err := s.places.Place(ctx, in.PlaceID)
		if apperr.Is(err, apperr.NotFound) || err == nil && !pl.Open() {
			v.Add("lieu_id", "Lieu inconnu ou fermé.")
			return nil
		}
		if err != nil {
			return err
		}
		ref.ReceiverPlaceID, ref.ReceiverName = pl.ID, pl.Name
		if pl.StructureID != 0 && pl.StructureID != a.StructureID() {
			members, err := s.st.StructureMembers(ctx, scope.OfStructure(pl.StructureID))
			if err != nil {
				return err
			}
			if len(members) > 0 {
				ref.ReceiverStructureID = pl.StructureID
			}
		}
	}
	return nil
}

func (s *Service) activeShareConsent(ctx context.Context, a *account.Actor, personID int64) (int64, error) {
	consents, err := s.st.Consents(ctx, a.Scope(), personID)
	if err != nil {
		return 0, err
	}
	for _, c := range consents {
		if c.Purpose == person.ConsentShare && c.Active() {
			return c.ID, nil
		}
	}
	return 0, nil
}

// mailer builds the e-mail that gives a place without Parcours the signed
// link of an orientation: the service asked for and the link, never the
// person's name or reason (those are behind the link). ok is false when the
// place has no e-mail address: the sender prints the sheet with its QR code.
func (s *Service) mailer(ctx context.Context, sg signedlink.Signer, base string, placeID int64, kind notify.Kind) (m store.Mailer, ok bool, err error) {
	pl, err := s.places.Place(ctx, placeID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil || len(pl.Emails) == 0 {
		return nil, false, err
	}
	to := pl.Emails[0]
	return func(r referral.Referral) ([]notify.Message, error) {
		return []notify.Message{referralMail(r, link(sg, base, r), to, kind)}, nil
	}, true, nil
}

func referralMail(r referral.Referral, link, to string, kind notify.Kind) notify.Message {
	subject := "Orientation n° " + itoa(r.ID) + " : une personne vous est orientée"
	intro := r.SenderName + " vous oriente une personne pour : " + r.Service + "."
	if kind == notify.ReferralReminder {
		subject = "Rappel – " + subject
		intro = "Rappel : " + r.SenderName + " attend votre réponse à l'orientation d'une personne pour : " + r.Service + "."
	}
	body := "Bonjour,\n\n" + intro + "\n\n" +
		"Pour voir l'orientation et répondre, sans compte, ouvrez ce lien avant le " + frtime.Date(r.LinkExpiresAt) + " :\n" + link + "\n\n" +
		"Sans réponse, l'orientation expire 30 jours après son envoi.\n\nMerci.\n" + r.SenderName
	return notify.Message{StructureID: r.SenderStructureID, Kind: kind, Channel: notify.Email, To: to, Subject: subject, Body: body,
		Key: "orientation:" + itoa(r.ID) + ":" + strconv.FormatInt(r.LinkExpiresAt.Unix(), 10)}
}

// Filter narrows a list of referrals.
type Filter struct {
	Box   string // store.BoxReceived, store.BoxSent; empty: both
	State string
	// From and To (YYYY-MM-DD, inclusive, days in Paris time) keep the
	// referrals created in the period, as the dashboard's funnel counts them.
	From, To string
	// Reason keeps the referrals refused for this reason (referral.RefusalReasons).
	Reason string
	// Delay keeps the referrals decided after this delay (referral.DecisionDelays).
	Delay string
	Limit int // 1 to 500
	// Sync lists by increasing id, after the id After, those changed since
	// UpdatedSince.
	Sync         bool
	After        int64
	UpdatedSince time.Time
}

// Page is a list of referrals; Next is the id to list after for the next
// page of a synchronisation, 0 at the end.
type Page struct {
	Referrals []referral.Referral
	Next      int64
}

// List returns the referrals the actor's structure sent and received, newest
// first (or by id for a synchronisation); a role that cannot send sees only
// what it received. The sender's file numbers are not given to the receiver.
func (s *Service) List(ctx context.Context, a *account.Actor, f Filter) (Page, error) {
	if err := a.Require(account.PermReceiveReferrals); err != nil {
		return Page{}, err
	}
	var v apperr.Validation
	if f.Box != "" && f.Box != store.BoxReceived && f.Box != store.BoxSent {
		v.Add("boite", "Boîte inconnue. Valeurs permises : recues, envoyees.")
	}
	if f.State != "" && !vocab.List(referral.States).Has(f.State) {
		v.Add("etat", "État inconnu. Valeurs permises : "+strings.Join(vocab.List(referral.States).Values(), ", ")+".")
	}
	if f.Reason != "" && !vocab.List(referral.RefusalReasons).Has(f.Reason) {
		v.Add("motif", "Motif de refus inconnu. Valeurs permises : "+strings.Join(vocab.List(referral.RefusalReasons).Values(), ", ")+".")
	}
	if f.Delay != "" && !vocab.List(referral.DecisionDelays).Has(f.Delay) {
		v.Add("delai", "Délai inconnu. Valeurs permises : "+strings.Join(vocab.List(referral.DecisionDelays).Values(), ", ")+".")
	}
	var from, to time.Time
	var e1, e2 error
	if f.From != "" {
		from, e1 = time.ParseInLocation("2006-01-02", f.From, frtime.Paris)
		if e1 != nil {
			v.Add("du", "Date au format AAAA-MM-JJ.")
		}
	}
	if f.To != "" {
		to, e2 = time.ParseInLocation("2006-01-02", f.To, frtime.Paris)
		if e2 != nil {
			v.Add("au", "Date au format AAAA-MM-JJ.")
		} else {
			to = to.AddDate(0, 0, 1)
		}
	}
	if f.Limit == 0 {
		f.Limit = 200
	}
	if f.Limit < 1 || f.Limit > 500 {
		v.Add("limite", "La limite est un nombre de 1 à 500.")
	}
	if err := v.Err(); err != nil {
		return Page{}, err
	}
	if !a.Can(account.PermSendReferrals) {
		f.Box = store.BoxReceived
	}
	sf := store.ReferralFilter{Box: f.Box, State: referral.State(f.State), Limit: f.Limit, UpdatedSince: f.UpdatedSince, CreatedFrom: from, CreatedUntil: to, RefusalReason: f.Reason,
		DecisionDelay: f.Delay}
	if f.Sync {
		sf.ByID, sf.AfterID, sf.Limit = true, f.After, f.Limit+1
	}
	refs, err := s.st.ListReferrals(ctx, a.Scope(), sf)
	if err != nil {
		return Page{}, err
	}
	out := Page{Referrals: refs}
	if f.Sync && len(refs) > f.Limit {
		out.Referrals, out.Next = refs[:f.Limit], refs[f.Limit-1].ID
	}
	for i := range out.Referrals {
		s.forReader(a, &out.Referrals[i])
	}
	j := journal.By(a, journal.List, "Liste des orientations")
	j.At = s.cfg.Now()
	return out, s.st.AddJournal(ctx, a.Scope(), j)
}

// forReader keeps the sender's file numbers from the receiver.
func (s *Service) forReader(a *account.Actor, r *referral.Referral) {
	if r.SenderStructureID != a.StructureID() {
		r.PersonID, r.EvaluationID, r.ConsentID = 0, 0, 0
	}
}

// DecisionInput is the receiver's answer: "valider" or "refuser" with the
// reasons (referral.RefusalReasons) and a comment.
type DecisionInput struct {
	Decision string
	Reasons  []string
	Comment  string
}

func (in DecisionInput) decision() (referral.Decision, error) {
	d := referral.Decision{Reasons: in.Reasons, Comment: in.Comment}
	switch in.Decision {
	case "valider":
		d.Accept, d.Reasons = true, nil
	case "refuser":
	default:
		return d, fieldError("decision", "Choisissez : valider ou refuser l'orientation.")
	}
	return d, d.Validate()
}

// Decide records the answer of the actor's structure to a referral it
// received; the sender sees it, and the person's journal says so.
func (s *Service) Decide(ctx context.Context, a *account.Actor, id int64, in DecisionInput) (referral.Referral, error) {
	if err := a.Require(account.PermReceiveReferrals); err != nil {
		return referral.Referral{}, err
	}
	ref, err := s.st.Referral(ctx, a.Scope(), id)
	if err != nil {
		return ref, err
	}
	if ref.ReceiverStructureID != a.StructureID() {
		return ref, apperr.New(apperr.Forbidden, "Seule la structure qui reçoit l'orientation y répond.")
	}
	d, err := in.decision()
	if err != nil {
		return ref, err
	}
	if err := s.st.DecideReferral(ctx, a.Scope(), id, d, a.User.ID, who(a), s.cfg.Now()); err != nil {
		return ref, err
	}
	ref, err = s.st.Referral(ctx, a.Scope(), id)
	s.forReader(a, &ref)
	return ref, err
}
