// Package partnershipstore holds the SQL of the conventions with partners
// and of the territory's action plan.
package partnershipstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Store reads and writes conventions and the action plan; the core's
// methods stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the store on the core store.
func New(s *store.Store) *Store { return &Store{s} }

// Reach is whose rows a read returns: a whole territory's (its
// coordination), or only those a structure is party to, leads or co-leads.
type Reach struct {
	territory scope.Territory
	party     scope.Structure
}

// OfTerritory reaches every row of a territory.
func OfTerritory(t scope.Territory) Reach { return Reach{territory: t} }

// OfParty reaches the rows that concern one structure.
func OfParty(sc scope.Structure) Reach { return Reach{party: sc} }

// territoryID is the one territory a write belongs to: the platform scope
// writes nowhere.
func territoryID(t scope.Territory) (int64, error) {
	id, all, err := t.ID()
	if err != nil {
		return 0, err
	}
	if all {
		return 0, apperr.New(apperr.Forbidden, "Choisissez le territoire concerné.")
	}
	return id, nil
}

// checkStructures answers a field error unless every structure is in the
// territory.
func checkStructures(ctx context.Context, tx *sql.Tx, tid int64, ids []int64, field, msg string) error {
	for _, id := range ids {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM structures WHERE id = $1 AND territory_id = $2", id, tid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Field(field, msg)
		}
	}
	return nil
}

func arg(n int) string { return "$" + strconv.Itoa(n) }
