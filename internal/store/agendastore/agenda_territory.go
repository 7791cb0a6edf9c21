package agendastore

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// PermanencesInTerritory lists the permanences of the territory's
// structures that have not ended on day (YYYY-MM-DD), by site, weekday and
// time: what the network's letter announces.
func (s *Store) PermanencesInTerritory(ctx context.Context, t scope.Territory, day string) ([]agenda.Permanence, error) {
	cond, args, err := store.TerritoryCondition(t, "p.structure_id", 1)
	if err != nil {
		return nil, err
	}
	args = append(args, day)
	n := "$" + store.Itoa(len(args))
	return s.listPermanences(ctx, " WHERE "+cond+" AND (p.until_date = '' OR p.until_date >= "+n+") ORDER BY pl.nom, p.place_id, (p.weekday + 6) % 7, p.start_minute, p.id", args)
}
