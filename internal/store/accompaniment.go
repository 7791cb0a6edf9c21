package store

import (
	"context"
	"database/sql"
)

// HasAccompaniment reports whether a person already had an activity in the
// structure. Exported: evaluations (here) and activities (activitystore) ask.
func HasAccompaniment(ctx context.Context, tx *sql.Tx, structureID, personID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM activities WHERE structure_id = $1 AND person_id = $2)
		+ (SELECT COUNT(*) FROM activity_participants ap JOIN activities a ON a.id = ap.activity_id WHERE a.structure_id = $1 AND ap.person_id = $2)`,
		structureID, personID).Scan(&n)
	return n > 0, err
}
