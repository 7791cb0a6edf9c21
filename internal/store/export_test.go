package store

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// SessionKeysForTest reads every stored session key, as a copy of the
// database would show them.
func (s *Store) SessionKeysForTest(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT token_hash FROM sessions")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// MigrateTo moves the schema down or up to a version, for the tests of a
// migration's data changes.
func (s *Store) MigrateTo(ctx context.Context, version int64, down bool) error {
	dir, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return err
	}
	gd := goose.DialectSQLite3
	if s.dialect == Postgres {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, s.w, dir)
	if err != nil {
		return err
	}
	if down {
		_, err = p.DownTo(ctx, version)
	} else {
		_, err = p.UpTo(ctx, version)
	}
	return err
}

// Exec runs a statement on the writer, for tests that plant rows as an
// older version wrote them.
func (s *Store) Exec(ctx context.Context, q string, args ...any) error {
	_, err := s.w.ExecContext(ctx, q, args...)
	return err
}
