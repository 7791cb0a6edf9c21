package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Who keeps which place true:
//   - the staff of a structure edit the places it owns, and moderate the
//     reports about them (PermEditPlaces);
//   - a coordinator also answers for its territory (PermReviewTerritoryPlaces):
//     it sees every report about a place of the territory's communes, and
//     edits the places of the territory that no structure owns (national
//     data) — a place another structure owns stays that structure's to edit;
//   - the platform administration acts on any place.
// Anything else answers 404, exactly as a place that does not exist.

// territoryCommunes returns the communes of the territory the actor
// coordinates, nil when it coordinates none or may not review places.
func (s *Server) territoryCommunes(ctx context.Context, a *account.Actor) ([]string, error) {
	if !a.Can(account.PermReviewTerritoryPlaces) || a.Membership.CoordinatedTerritoryID == 0 {
		return nil, nil
	}
	t, err := s.store.Territory(ctx, a.Membership.CoordinatedTerritoryID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	return t.CommuneCodes, err
}

// reportScope is the set of places whose reports the actor moderates.
func (s *Server) reportScope(ctx context.Context, a *account.Actor) (store.PlaceScope, error) {
	if a.Can(account.PermManagePlatform) {
		return store.PlaceScope{All: true}, nil
	}
	var sc store.PlaceScope
	if a.Can(account.PermEditPlaces) {
		sc.StructureID = a.StructureID()
	}
	codes, err := s.territoryCommunes(ctx, a)
	sc.InseeCodes = codes
	return sc, err
}

// canEditPlace applies the rules above to a loaded place.
func (s *Server) canEditPlace(ctx context.Context, a *account.Actor, p *place.Place) (bool, error) {
	switch {
	case a.Can(account.PermManagePlatform):
		return true, nil
	case p.StructureID != 0:
		return a.Can(account.PermEditPlaces) && p.StructureID == a.StructureID(), nil
	}
	codes, err := s.territoryCommunes(ctx, a)
	return slices.Contains(codes, p.InseeCode), err
}

// editablePlace loads a place the actor may edit; any other answers not
// found. The structure's own places are read with the scoped query.
func (s *Server) editablePlace(ctx context.Context, a *account.Actor, id int64) (place.Place, error) {
	if a.Can(account.PermEditPlaces) {
		p, err := s.store.StructurePlace(ctx, a.StructureID(), id)
		if !apperr.Is(err, apperr.NotFound) {
			return p, err
		}
	}
	if !a.Can(account.PermManagePlatform) && !a.Can(account.PermReviewTerritoryPlaces) {
		return place.Place{}, apperr.NotFoundError()
	}
	p, err := s.store.Place(ctx, id)
	if err != nil {
		return p, err
	}
	ok, err := s.canEditPlace(ctx, a, &p)
	if err != nil {
		return p, err
	}
	if !ok {
		return place.Place{}, apperr.NotFoundError()
	}
	return p, nil
}

// loadEditablePlace reads {id} and answers 404 itself when the place is not
// the actor's to edit.
func (s *Server) loadEditablePlace(w http.ResponseWriter, r *http.Request) (place.Place, bool) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return place.Place{}, false
	}
	p, err := s.editablePlace(r.Context(), actorFrom(r), id)
	if err != nil {
		s.fail(w, r, err)
		return p, false
	}
	return p, true
}

// today is the current date in Paris, as date_maj stores it (midnight UTC).
func (s *Server) today() time.Time {
	y, m, d := s.cfg.Now().In(paris).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// localReturn keeps a "retour" target only when it is a path of the staff
// area, so that a form cannot send anyone elsewhere.
func localReturn(target, fallback string) string {
	if strings.HasPrefix(target, "/espace/") && !strings.HasPrefix(target, "//") && !strings.ContainsAny(target, "\\\r\n") {
		return target
	}
	return fallback
}
