// Package activities holds the use cases of the activity reports (CRA): record
// an individual accompaniment or a workshop session, read and list them
// (notes for their author only), export a period without names, and give
// the form the author's last context to start from.
package activities

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Service is the activities' use cases.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the service.
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// Record saves an activity of the actor's structure, the actor as its
// author. Field errors are named as the API names them; nothing submitted is
// dropped silently (précisions without the démarches theme are refused).
func (s *Service) Record(ctx context.Context, a *account.Actor, act activity.Activity) (activity.Activity, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return act, err
	}
	now := s.now()
	act.Normalize()
	var v apperr.Validation
	act.PlaceName = ""
	if act.PlaceID != 0 {
		pl, err := s.st.StructurePlace(ctx, a.Scope(), act.PlaceID)
		switch {
		case apperr.Is(err, apperr.NotFound):
			v.Add("lieu_id", "Choisissez un lieu de votre structure.")
		case err != nil:
			return act, err
		default:
			act.PlaceName = pl.Name
		}
	}
	if e, ok := apperr.As(act.Validate(now.In(frtime.Paris))); ok {
		for _, fe := range e.Fields {
			v.Add(fe.Field, fe.Message)
		}
	}
	if err := v.Err(); err != nil {
		return act, err
	}
	act.AuthorID = a.User.ID
	if err := s.st.CreateActivity(ctx, a.Scope(), &act, journal.By(a, journal.Create, "Accompagnement du "+act.Date+" enregistré"), now); err != nil {
		return act, err
	}
	return s.st.Activity(ctx, a.Scope(), act.ID)
}

// Check returns every field error of an activity without saving it (the
// place and the persons are checked when it is recorded).
func (s *Service) Check(a *account.Actor, act activity.Activity) error {
	if err := a.Require(account.PermActivities); err != nil {
		return err
	}
	act.Normalize()
	return act.Validate(s.now().In(frtime.Paris))
}

// Get returns an activity of the actor's structure, its notes for their
// author only, and journals the read when it names a person.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (activity.Activity, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return activity.Activity{}, err
	}
	act, err := s.st.Activity(ctx, a.Scope(), id)
	if err != nil {
		return act, err
	}
	act.RedactNotesFor(a.User.ID)
	if act.PersonID != 0 {
		if err := s.journal(ctx, a, act.PersonID, journal.Read, "Accompagnement du "+act.Date); err != nil {
			return act, err
		}
	}
	return act, nil
}

func (s *Service) journal(ctx context.Context, a *account.Actor, personID int64, action, what string) error {
	e := journal.By(a, action, what)
	e.PersonID, e.At = personID, s.now()
	return s.st.AddJournal(ctx, a.Scope(), e)
}

// Filter narrows a list of activities.
type Filter struct {
	From, To string // dates (YYYY-MM-DD), inclusive; fields du and au
	PersonID int64
	Page     int // from 1
	PerPage  int // 1 to 500
	// Sync lists by increasing id, after the id After, those changed since
	// UpdatedSince.
	Sync         bool
	After        int64
	UpdatedSince time.Time
}

// Page is a page of activities and how many match in all; Next is the id to
// list after for the next page of a synchronisation, 0 at the end.
type Page struct {
	Activities []activity.Activity
	Total      int
	Page       int
	PerPage    int
	Next       int64
}

// HasNext reports whether a page follows.
func (p Page) HasNext() bool { return p.Page*p.PerPage < p.Total }

func (f *Filter) validate() error {
	var v apperr.Validation
	for k, d := range map[string]string{"du": f.From, "au": f.To} {
		if _, err := time.Parse(activity.DateLayout, d); d != "" && err != nil {
			v.Add(k, "Date au format AAAA-MM-JJ.")
		}
	}
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PerPage == 0 {
		f.PerPage = 50
	}
	if f.Page < 1 || f.Page > 1_000_000 {
		v.Add("page", "Le numéro de page doit être entre 1 et 1 000 000.")
	}
	if f.PerPage < 1 || f.PerPage > 500 {
		v.Add("limite", "La limite est un nombre de 1 à 500.")
	}
	return v.Err()
}

// List returns a page of the structure's activities, newest first (or by id
// for a synchronisation), notes for their author only, and journals it.
func (s *Service) List(ctx context.Context, a *account.Actor, f Filter) (Page, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return Page{}, err
	}
	if err := f.validate(); err != nil {
		return Page{}, err
	}
	sf := store.ActivityFilter{From: f.From, To: f.To, PersonID: f.PersonID, UpdatedSince: f.UpdatedSince, Limit: f.PerPage, Offset: (f.Page - 1) * f.PerPage}
	if f.Sync {
		sf.ByID, sf.AfterID, sf.Limit, sf.Offset = true, f.After, f.PerPage+1, 0
	}
	acts, total, err := s.st.ListActivities(ctx, a.Scope(), sf)
	if err != nil {
		return Page{}, err
	}
	out := Page{Activities: acts, Total: total, Page: f.Page, PerPage: f.PerPage}
	if f.Sync && len(acts) > f.PerPage {
		out.Activities, out.Next = acts[:f.PerPage], acts[f.PerPage-1].ID
	}
	for i := range out.Activities {
		out.Activities[i].RedactNotesFor(a.User.ID)
	}
	if f.PersonID != 0 {
		err = s.journal(ctx, a, f.PersonID, journal.Read, "Accompagnements de la personne")
	} else {
		err = s.journal(ctx, a, 0, journal.List, "Liste des accompagnements")
	}
	return out, err
}

// Export returns the rows of a period's export (activity.Columns), one per
// accompaniment, without names nor notes, and journals it.
func (s *Service) Export(ctx context.Context, a *account.Actor, from, to string) ([][]string, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return nil, err
	}
	f := Filter{From: from, To: to}
	if err := f.validate(); err != nil {
		return nil, err
	}
	acts, _, err := s.st.ListActivities(ctx, a.Scope(), store.ActivityFilter{From: from, To: to})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, act := range acts {
		if act.PersonID != 0 {
			ids = append(ids, act.PersonID)
		}
		for _, p := range act.Participants {
			ids = append(ids, p.PersonID)
		}
	}
	attrs, err := s.st.PersonAttributes(ctx, a.Scope(), ids)
	if err != nil {
		return nil, err
	}
	if err := s.journal(ctx, a, 0, journal.Export, "Export des accompagnements (sans nom)"); err != nil {
		return nil, err
	}
	return activity.Rows(acts, attrs), nil
}

// LastContext is the author's latest activity in the structure, for the
// form to start from (ok false when there is none).
func (s *Service) LastContext(ctx context.Context, a *account.Actor) (activity.Activity, bool, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return activity.Activity{}, false, err
	}
	return s.st.LastActivity(ctx, a.Scope(), a.User.ID)
}

// Places lists the places of the actor's structure, where activities happen.
func (s *Service) Places(ctx context.Context, a *account.Actor) ([]place.Place, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return nil, err
	}
	return s.st.ListPlaces(ctx, store.PlaceFilter{StructureID: a.StructureID()})
}
