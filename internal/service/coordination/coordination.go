// Package coordination holds the use cases of the coordinators' own
// activities: the animations, events and partnerships through which they
// run the territory's network, recorded with La Coop's codes.
package coordination

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
)

// Service is the coordination activities' use cases.
type Service struct {
	st  *coordinationstore.Store
	now func() time.Time
}

// New returns the service.
func New(st *coordinationstore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// Record saves a coordination activity of the actor (one who animates the
// territory's network) in its structure, the actor as its author, and
// journals it. Field errors are named as the API names them.
func (s *Service) Record(ctx context.Context, a *account.Actor, c activity.Coordination) (activity.Coordination, error) {
	if err := a.Require(account.PermNetworkAnimate); err != nil {
		return c, err
	}
	if !a.Scope().Valid() {
		return c, apperr.New(apperr.Forbidden, "Choisissez d'abord votre structure.")
	}
	now := s.now()
	c.Normalize()
	if err := c.Validate(now.In(frtime.Paris)); err != nil {
		return c, err
	}
	c.AuthorID, c.AuthorName = a.User.ID, a.User.Name
	err := s.st.Create(ctx, a.Scope(), &c, journal.By(a, journal.Create, "Activité de coordination du "+c.Date+" enregistrée ("+c.TypeLabel()+")"), now)
	return c, err
}

// List returns the coordination activities of the actor's structure for a
// period (dates YYYY-MM-DD, inclusive; empty: no bound), newest first.
func (s *Service) List(ctx context.Context, a *account.Actor, from, to string) ([]activity.Coordination, error) {
	if err := a.Require(account.PermNetworkAnimate); err != nil {
		return nil, err
	}
	var v apperr.Validation
	for k, d := range map[string]string{"du": from, "au": to} {
		if _, err := time.Parse(activity.DateLayout, d); d != "" && err != nil {
			v.Add(k, "Date au format AAAA-MM-JJ.")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.st.List(ctx, a.Scope(), coordinationstore.Filter{From: from, To: to})
}

// RecordOnce saves the coordination activity another capability derives
// from its object (source names it, such as a network meeting's
// attendance): recorded once for the actor's structure, the actor as its
// first author, then updated, never duplicated; journaled.
func (s *Service) RecordOnce(ctx context.Context, a *account.Actor, source string, c activity.Coordination) (activity.Coordination, error) {
	if err := a.Require(account.PermNetworkAnimate); err != nil {
		return c, err
	}
	if !a.Scope().Valid() {
		return c, apperr.New(apperr.Forbidden, "Choisissez d'abord votre structure.")
	}
	now := s.now()
	c.Normalize()
	if err := c.Validate(now.In(frtime.Paris)); err != nil {
		return c, err
	}
	c.AuthorID, c.AuthorName = a.User.ID, a.User.Name
	err := s.st.Save(ctx, a.Scope(), source, &c, journal.By(a, journal.Create, "Activité de coordination du "+c.Date+" enregistrée ("+c.TypeLabel()+", "+c.Title+")"), now)
	return c, err
}
