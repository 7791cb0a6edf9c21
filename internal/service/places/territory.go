package places

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TerritoryReview is the coordination's view of its territory's places.
type TerritoryReview struct {
	Territory   string // "" when the actor coordinates no territory
	Total       int    // open places of the territory
	Stale       []Row  // not confirmed for a year, owned or not
	Unowned     []Row  // open data that no structure keeps true yet
	OpenReports int
	Structures  []structure.Structure // the territory's, to hand places to
}

// Territory reviews the places of the territory the actor coordinates:
// listings not confirmed for a year, open reports, and the places no
// structure keeps true, which the coordination can hand to one.
func (s *Service) Territory(ctx context.Context, a *account.Actor) (TerritoryReview, error) {
	if err := a.Require(account.PermReviewTerritoryPlaces); err != nil {
		return TerritoryReview{}, err
	}
	tid := a.Membership.CoordinatedTerritoryID
	if tid == 0 {
		return TerritoryReview{}, nil
	}
	terr, err := s.st.Territory(ctx, tid)
	if err != nil {
		return TerritoryReview{}, err
	}
	tc := scope.OfTerritory(tid)
	d := TerritoryReview{Territory: terr.Name}
	places, err := s.st.PlacesInTerritory(ctx, tc)
	if err != nil {
		return d, err
	}
	counts, err := s.st.OpenPlaceReportCountsInTerritory(ctx, tc)
	if err != nil {
		return d, err
	}
	if d.Structures, err = s.st.ListStructuresInTerritory(ctx, tc, ""); err != nil {
		return d, err
	}
	names := map[int64]string{}
	for _, st := range d.Structures {
		names[st.ID] = st.Name
	}
	now := s.now()
	for _, p := range places {
		if !p.Open() {
			continue
		}
		d.Total++
		row := Row{Place: p, Completion: place.CompletionOf(&p), Stale: p.Stale(now), OpenReports: counts[p.ID],
			MonthsOld: MonthsSince(p.UpdatedOn, now), Owner: names[p.StructureID], CanEdit: canEdit(a, p.StructureID, true)}
		if p.StructureID != 0 && row.Owner == "" {
			if st, err := s.st.Structure(ctx, p.StructureID); err == nil {
				names[p.StructureID], row.Owner = st.Name, st.Name
			}
		}
		d.OpenReports += row.OpenReports
		if row.Stale {
			d.Stale = append(d.Stale, row)
		}
		if p.StructureID == 0 {
			d.Unowned = append(d.Unowned, row)
		}
	}
	return d, nil
}

// Assign hands a place of the territory that no structure keeps true to one
// of the territory's structures (any structure for the platform), which
// then keeps it true. The error's field is "structure".
func (s *Service) Assign(ctx context.Context, a *account.Actor, placeID, structureID int64) (place.Place, structure.Structure, error) {
	if err := a.Require(account.PermReviewTerritoryPlaces); err != nil {
		return place.Place{}, structure.Structure{}, err
	}
	tc, ok := territory(a)
	if !ok {
		return place.Place{}, structure.Structure{}, apperr.NotFoundError()
	}
	p, err := s.st.PlaceInTerritory(ctx, tc, placeID)
	if err != nil {
		return p, structure.Structure{}, err
	}
	invalid := func(msg string) error {
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: "structure", Message: msg}}}
	}
	if structureID <= 0 {
		return p, structure.Structure{}, invalid("Choisissez la structure qui tiendra « " + p.Name + " » à jour.")
	}
	st, err := s.st.Structure(ctx, structureID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return p, st, err
	}
	if err != nil || !platform(a) && st.TerritoryID != a.Membership.CoordinatedTerritoryID {
		return p, st, invalid("Choisissez une structure du territoire dans la liste.")
	}
	if p.StructureID != 0 {
		return p, st, invalid("« " + p.Name + " » est déjà tenu à jour par une structure.")
	}
	if err := s.st.AssignPlaceInTerritory(ctx, tc, p.ID, st.ID, s.now()); err != nil {
		return p, st, err
	}
	p.StructureID = st.ID
	return p, st, nil
}
