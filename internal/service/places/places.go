// Package places holds the use cases of keeping places true: a structure's
// staff create and edit the places it owns, confirm them each year and
// close them; the coordination of a territory edits the places no
// structure owns there and hands them to a structure; residents report
// errors, which the owner or the coordination accepts or rejects. Web
// pages, the API and commands call these methods and nothing else.
//
// Who may act on which place:
//   - the staff of a structure, on the places it owns (PermEditPlaces);
//   - the coordination of a territory (PermReviewTerritoryPlaces), on every
//     report about a place of its communes, and on the places there that no
//     structure owns: a place a structure owns stays that structure's;
//   - the platform administration, on any place.
//
// Any other place answers not found, exactly as one that does not exist.
package places

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Service is the places' use cases.
type Service struct {
	st  *placestore.Store
	now func() time.Time
}

// New returns the service.
func New(st *placestore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// territory is the wider scope an actor answers for: the platform, or the
// territory it coordinates; ok is false for everyone else.
func territory(a *account.Actor) (scope.Territory, bool) {
	if !a.Can(account.PermReviewTerritoryPlaces) && !a.Can(account.PermManagePlatform) {
		return scope.Territory{}, false
	}
	return a.TerritoryScope()
}

func platform(a *account.Actor) bool { return a.Can(account.PermManagePlatform) }

// access is how an actor reaches a place it may edit: as its owner, or
// through its territory (the platform's being every place).
type access struct {
	owner     bool
	territory scope.Territory
}

// editable loads a place the actor may edit, and how.
func (s *Service) editable(ctx context.Context, a *account.Actor, id int64) (place.Place, access, error) {
	if err := a.Require(account.PermEditPlaces); err != nil {
		return place.Place{}, access{}, err
	}
	p, err := s.st.StructurePlace(ctx, a.Scope(), id)
	if err == nil {
		return p, access{owner: true}, nil
	}
	if !apperr.Is(err, apperr.NotFound) {
		return p, access{}, err
	}
	tc, ok := territory(a)
	if !ok {
		return place.Place{}, access{}, apperr.NotFoundError()
	}
	p, err = s.st.PlaceInTerritory(ctx, tc, id)
	if err != nil {
		return p, access{}, err
	}
	if p.StructureID != 0 && !platform(a) {
		return place.Place{}, access{}, apperr.NotFoundError() // another structure's to edit
	}
	return p, access{territory: tc}, nil
}

// save writes a place through the way the actor reached it.
func (s *Service) save(ctx context.Context, a *account.Actor, how access, p *place.Place) error {
	if how.owner {
		return s.st.UpdatePlace(ctx, a.Scope(), p, s.now())
	}
	return s.st.UpdatePlaceInTerritory(ctx, how.territory, p, s.now())
}

// today is the current date in Paris, as date_maj stores it (midnight UTC).
func (s *Service) today() time.Time {
	y, m, d := s.now().In(frtime.Paris).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// canEdit tells whether the actor may edit a place it sees.
func canEdit(a *account.Actor, structureID int64, inTerritory bool) bool {
	switch {
	case platform(a):
		return true
	case structureID != 0:
		return a.Can(account.PermEditPlaces) && structureID == a.StructureID()
	}
	return inTerritory
}

// MonthsSince counts whole months between a date and now, for "confirmée
// il y a 14 mois".
func MonthsSince(t, now time.Time) int {
	if t.IsZero() {
		return 0
	}
	m := (now.Year()-t.Year())*12 + int(now.Month()-t.Month())
	if now.Day() < t.Day() {
		m--
	}
	return max(m, 0)
}
