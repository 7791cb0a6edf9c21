// Package workshops holds the use cases of collective workshops: a
// structure's staff creates them (one session or a weekly cycle that skips
// public holidays), registers persons, manages the waiting list whose freed
// seats are offered with a deadline, and records the attendance that makes
// the collective activity report; residents register online and follow
// their registration through a signed link. Web pages, the API and the
// agenda's background work call these methods and nothing else.
package workshops

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Outbox delivers the messages recorded for residents and signs the links
// in them (the agenda's outbox).
type Outbox interface {
	// Links returns the signer of residents' links, loaded beforehand so
	// that messages built inside a transaction cannot fail.
	Links(ctx context.Context) (residentlink.Links, error)
	// Recorded delivers, or wakes the delivery of, messages just recorded.
	Recorded(ctx context.Context)
}

// Config is what the service needs.
type Config struct {
	Now        func() time.Time
	OfferDelay time.Duration // how long a person has to confirm an offered seat; 0: 24 h
}

// Service is the workshops' use cases.
type Service struct {
	st         *workshopstore.Store
	activities *activitystore.Store // the activities it reads or records
	out        Outbox
	now        func() time.Time
	offerDelay time.Duration
}

// New returns the service.
func New(st *workshopstore.Store, out Outbox, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.OfferDelay <= 0 {
		cfg.OfferDelay = workshop.DefaultOfferDelay
	}
	return &Service{st: st, activities: activitystore.New(st.Store), out: out, now: cfg.Now, offerDelay: cfg.OfferDelay}
}

// OfferDelay is how long a person has to confirm an offered seat.
func (s *Service) OfferDelay() time.Duration { return s.offerDelay }

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }

// ListFilter narrows a structure's list of workshops.
type ListFilter struct {
	Past bool // those started before now, most recent first; otherwise those not ended yesterday
}

// List returns the structure's workshops.
func (s *Service) List(ctx context.Context, a *account.Actor, f ListFilter) ([]workshop.Workshop, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	now := s.now()
	var sf workshopstore.WorkshopFilter
	if f.Past {
		sf.StartsBefore = now
	} else {
		sf.EndsAfter = now.AddDate(0, 0, -1)
	}
	list, err := s.st.ListWorkshops(ctx, a.Scope(), sf)
	if f.Past {
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
	return list, err
}

// Page is one page of a synchronisation: the objects and the cursor of the
// next page (0: the last page).
type Page[T any] struct {
	Items []T
	Next  int64
}

func page[T any](items []T, limit int, id func(T) int64) Page[T] {
	p := Page[T]{Items: items}
	if len(items) > limit {
		p.Items = items[:limit]
		p.Next = id(p.Items[limit-1])
	}
	return p
}

// Sync is the request of a synchronisation page.
type Sync struct {
	Since   time.Time // changed at or after (zero: every one)
	AfterID int64     // the previous page's cursor
	Limit   int       // 1 to 500; 0: 100
	Ended   bool      // with the workshops already ended
}

func (q Sync) check() (store.SyncPage, error) {
	if q.Limit == 0 {
		q.Limit = 100
	}
	if q.Limit < 1 || q.Limit > 500 {
		return store.SyncPage{}, fieldError("limite", "La limite est un nombre de 1 à 500.")
	}
	return store.SyncPage{Since: q.Since, AfterID: q.AfterID, Limit: q.Limit + 1}, nil
}

// Changed returns a page of the structure's workshops by id, for a partner
// that synchronises.
func (s *Service) Changed(ctx context.Context, a *account.Actor, q Sync) (Page[workshop.Workshop], error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Page[workshop.Workshop]{}, err
	}
	sp, err := q.check()
	if err != nil {
		return Page[workshop.Workshop]{}, err
	}
	f := workshopstore.WorkshopFilter{Page: &sp}
	if !q.Ended {
		f.EndsAfter = s.now()
	}
	list, err := s.st.ListWorkshops(ctx, a.Scope(), f)
	return page(list, sp.Limit-1, func(w workshop.Workshop) int64 { return w.ID }), err
}

// Get returns a workshop of the structure with its sessions.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (workshop.Workshop, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return workshop.Workshop{}, err
	}
	return s.st.Workshop(ctx, a.Scope(), id)
}

// Cycle asks for weekly sessions from a first one.
type Cycle struct {
	First        time.Time
	Minutes      int
	Count        int
	KeepHolidays []string // dates (YYYY-MM-DD) of public holidays kept in the cycle
}

// NewWorkshop is a workshop to create: its description and either its
// sessions or a weekly cycle.
type NewWorkshop struct {
	Workshop workshop.Workshop
	Sessions []workshop.Session // each one validated; a holiday must be kept on purpose
	Cycle    *Cycle             // public holidays are skipped unless kept
}

// Created is a new workshop and the public holidays its cycle skipped.
type Created struct {
	Workshop workshop.Workshop
	Skipped  []time.Time
}

// Create records a workshop of the structure. Errors name the API's fields
// (a cycle's: seance_debut, seance_duree, seances).
func (s *Service) Create(ctx context.Context, a *account.Actor, in NewWorkshop) (Created, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return Created{}, err
	}
	now := s.now()
	w := in.Workshop
	v := describe(&w)
	var out Created
	switch {
	case in.Cycle != nil:
		c := in.Cycle
		if c.Minutes < 15 || c.Minutes > 480 {
			v.Add("seance_duree", "Saisissez la durée en minutes, entre 15 et 480, par exemple 120.")
		}
		if c.Count < 1 || c.Count > workshop.MaxSessions {
			v.Add("seances", "Choisissez entre 1 et 20 séances.")
		}
		if c.First.IsZero() {
			v.Add("seance_debut", "Saisissez la date et l'heure de la séance, par exemple 10/03/2026 et 14:00.")
		}
		if v.Has("seance_duree") || v.Has("seances") || v.Has("seance_debut") {
			break
		}
		w.Sessions, out.Skipped = workshop.Weekly(c.First, c.Minutes, c.Count, c.KeepHolidays)
		for _, se := range w.Sessions {
			if err := workshop.ValidateSession(se, now); err != nil {
				v.Merge(err)
				break
			}
		}
	default:
		if len(in.Sessions) == 0 || len(in.Sessions) > workshop.MaxSessions {
			v.Add("seances", "Donnez de 1 à 20 séances, chacune avec « debut » (date et heure RFC 3339) et « duree » (minutes).")
		}
		for i, se := range in.Sessions {
			if err := checkSession(se, now); err != nil {
				v.Add("seances", apperr.MessageOf(fieldsOnly(err)))
				break
			}
			in.Sessions[i].HolidayKept = onHoliday(se)
		}
		w.Sessions = in.Sessions
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	if err := s.st.CreateWorkshop(ctx, a.Scope(), &w, now); err != nil {
		return out, err
	}
	out.Workshop, _ = s.st.Workshop(ctx, a.Scope(), w.ID)
	return out, nil
}

// describe normalizes and checks a workshop's description.
func describe(w *workshop.Workshop) *apperr.Validation {
	var v apperr.Validation
	w.Normalize()
	v.Merge(w.Validate())
	if w.OnlineRegistration && !w.Published {
		v.Add("inscription_en_ligne", "Pour s'inscrire en ligne, l'atelier doit être dans le programme public : publiez-le aussi.")
	}
	return &v
}

// checkSession checks a session given with its length.
func checkSession(se workshop.Session, now time.Time) error {
	if m := se.Minutes(); !se.Start.IsZero() && (m < 15 || m > 480) {
		return fieldError("seance_duree", "La durée d'une séance est entre 15 et 480 minutes.")
	}
	return workshop.ValidateSession(se, now)
}

// onHoliday reports whether a session kept on a holiday really is on one:
// the mark says nothing of the other days.
func onHoliday(se workshop.Session) bool {
	_, ok := se.Holiday()
	return ok && se.HolidayKept
}

// fieldsOnly keeps the first field message of err as its message.
func fieldsOnly(err error) error {
	if e, ok := apperr.As(err); ok && len(e.Fields) > 0 {
		return apperr.New(e.Code, e.Fields[0].Message)
	}
	return err
}

// Update saves a workshop's description and capacity; seats added to a full
// workshop are offered to the waiting list.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, w workshop.Workshop) (workshop.Workshop, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return w, err
	}
	if _, err := s.st.Workshop(ctx, a.Scope(), id); err != nil {
		return w, err
	}
	if err := describe(&w).Err(); err != nil {
		return w, err
	}
	w.ID = id
	links, err := s.out.Links(ctx)
	if err != nil {
		return w, err
	}
	now := s.now()
	offered, err := s.st.UpdateWorkshop(ctx, a.Scope(), &w, s.offerDelay, offerMessages(links, now), now)
	if err != nil {
		return w, err
	}
	if len(offered) > 0 {
		s.out.Recorded(ctx)
	}
	return s.st.Workshop(ctx, a.Scope(), id)
}

// NewSession is one session added to a workshop.
type NewSession struct {
	Start       time.Time
	Minutes     int
	HolidayKept bool // held on a public holiday on purpose
}

// AddSession adds a session; the persons registered hold a seat for it too.
func (s *Service) AddSession(ctx context.Context, a *account.Actor, workshopID int64, in NewSession) (workshop.Session, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return workshop.Session{}, err
	}
	if _, err := s.st.Workshop(ctx, a.Scope(), workshopID); err != nil {
		return workshop.Session{}, err
	}
	se := workshop.Session{Start: in.Start, End: in.Start.Add(time.Duration(in.Minutes) * time.Minute), HolidayKept: in.HolidayKept}
	se.HolidayKept = onHoliday(se)
	var v apperr.Validation
	if in.Minutes < 15 || in.Minutes > 480 {
		v.Add("seance_duree", "Saisissez la durée en minutes, entre 15 et 480, par exemple 120.")
	}
	if err := workshop.ValidateSession(se, s.now()); err != nil && !v.Has("seance_duree") {
		v.Merge(err)
	}
	if err := v.Err(); err != nil {
		return se, err
	}
	return se, s.st.AddSession(ctx, a.Scope(), workshopID, &se, s.now())
}

// DeleteSession removes a session whose attendance is not recorded.
func (s *Service) DeleteSession(ctx context.Context, a *account.Actor, workshopID, sessionID int64) error {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return err
	}
	return s.st.DeleteSession(ctx, a.Scope(), workshopID, sessionID, s.now())
}

// Session returns a session of a workshop of the structure, with its
// workshop and its number in the cycle (from 1).
func (s *Service) Session(ctx context.Context, a *account.Actor, workshopID, sessionID int64) (workshop.Workshop, workshop.Session, int, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return workshop.Workshop{}, workshop.Session{}, 0, err
	}
	w, err := s.st.Workshop(ctx, a.Scope(), workshopID)
	if err != nil {
		return w, workshop.Session{}, 0, err
	}
	for i, se := range w.Sessions {
		if se.ID == sessionID {
			return w, se, i + 1, nil
		}
	}
	return w, workshop.Session{}, 0, apperr.NotFoundError()
}

// fieldError is an Invalid error on one field.
func fieldError(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}
