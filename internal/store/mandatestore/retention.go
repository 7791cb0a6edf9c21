package mandatestore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/store"
)

// errDryRun rolls back a retention run that only reports.
var errDryRun = errors.New("dry run")

// mandateEnd is when a mandate ended: every category revoked, or its term.
const mandateEnd = "COALESCE(ended_at, ends_at)"

// ApplyRetention archives the mandates of every structure ended before
// c.MandatesArchive and deletes, with their categories and history, those
// ended before c.MandatesDelete (the journal keeps its own lines). With dry
// it does all of it and rolls back. It is a platform operation: the daily
// retention run and the command line.
func (s *Store) ApplyRetention(ctx context.Context, c retention.Cutoffs, dry bool, now time.Time) ([]retention.Line, error) {
	var lines []retention.Line
	err := s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM mandates WHERE "+mandateEnd+" < $1", store.DBTime(c.MandatesDelete))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		lines = append(lines, retention.Line{Table: "mandates", Action: "mandats archivés supprimés, avec leur historique", Before: c.MandatesDelete, Rows: n})
		res, err = tx.ExecContext(ctx, "UPDATE mandates SET archived_at = $2 WHERE archived_at IS NULL AND "+mandateEnd+" < $1",
			store.DBTime(c.MandatesArchive), store.DBTime(now))
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		lines = append(lines, retention.Line{Table: "mandates", Action: "mandats terminés archivés", Before: c.MandatesArchive, Rows: n})
		if dry {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	return lines, err
}
