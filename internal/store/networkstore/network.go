package networkstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// SetDirectoryListing records that a member of the scope's structure
// agrees to be listed in the directory, with what they show; a user who is
// not a member of that structure is not found.
func (s *Store) SetDirectoryListing(ctx context.Context, sc scope.Structure, l network.Listing, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND structure_id = $2", l.UserID, sid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundError()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO directory_listings (user_id, structure_id, job_function, phone, show_email, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (user_id, structure_id) DO UPDATE SET job_function = excluded.job_function, phone = excluded.phone,
				show_email = excluded.show_email, updated_at = excluded.updated_at`,
			l.UserID, sid, l.Function, l.Phone, l.ShowEmail, store.DBTime(now))
		return err
	})
}

// RemoveDirectoryListing takes a member of the scope's structure out of
// the directory.
func (s *Store) RemoveDirectoryListing(ctx context.Context, sc scope.Structure, userID int64) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	_, err = s.Writer().ExecContext(ctx, "DELETE FROM directory_listings WHERE user_id = $1 AND structure_id = $2", userID, sid)
	return err
}

// DirectoryListing returns a member's listing in the scope's structure;
// ok is false when they are not listed.
func (s *Store) DirectoryListing(ctx context.Context, sc scope.Structure, userID int64) (l network.Listing, ok bool, err error) {
	sid, err := sc.ID()
	if err != nil {
		return l, false, err
	}
	rows, err := s.Reader().QueryContext(ctx, listingQuery+" WHERE d.user_id = $1 AND d.structure_id = $2", userID, sid)
	if err != nil {
		return l, false, err
	}
	list, err := scanListings(rows)
	if err != nil || len(list) == 0 {
		return l, false, err
	}
	return list[0], true, nil
}

// DirectoryListingsInTerritory returns the listings of the scope's
// structures, by name: only active accounts that are still members of the
// structure they are listed for.
func (s *Store) DirectoryListingsInTerritory(ctx context.Context, t scope.Territory) ([]network.Listing, error) {
	cond, args, err := store.TerritoryCondition(t, "d.structure_id", 1)
	if err != nil {
		return nil, err
	}
	rows, err := s.Reader().QueryContext(ctx, listingQuery+" WHERE "+cond+" ORDER BY u.name, u.id", args...)
	if err != nil {
		return nil, err
	}
	return scanListings(rows)
}

const listingQuery = `SELECT d.user_id, d.structure_id, u.name, u.email, d.job_function, d.phone, d.show_email
	FROM directory_listings d
	JOIN users u ON u.id = d.user_id AND u.active
	JOIN memberships m ON m.user_id = d.user_id AND m.structure_id = d.structure_id`

func scanListings(rows *sql.Rows) ([]network.Listing, error) {
	defer rows.Close()
	var out []network.Listing
	for rows.Next() {
		var l network.Listing
		if err := rows.Scan(&l.UserID, &l.StructureID, &l.Name, &l.Email, &l.Function, &l.Phone, &l.ShowEmail); err != nil {
			return nil, err
		}
		if !l.ShowEmail {
			l.Email = ""
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return out, nil
}
