package store

// The query helpers every capability store shares.

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"
)

// EachRow runs a query on the readers and calls scan on each row.
func (s *Store) EachRow(ctx context.Context, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SyncPage asks for one page of a synchronisation: the rows changed at or
// after Since (every row when zero), with an id above AfterID, by id, Limit
// at most (100 when zero).
type SyncPage struct {
	Since   time.Time
	AfterID int64
	Limit   int
}

// Where adds the page's conditions on the table alias t and returns its
// ORDER BY and LIMIT.
func (p *SyncPage) Where(t string, where []string, arg func(any) string) ([]string, string) {
	if !p.Since.IsZero() {
		where = append(where, t+".updated_at >= "+arg(DBTime(p.Since)))
	}
	if p.AfterID > 0 {
		where = append(where, t+".id > "+arg(p.AfterID))
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 100
	}
	return where, " ORDER BY " + t + ".id LIMIT " + arg(limit)
}

// IDList writes ids as arguments starting at $k, for IN (…).
func IDList(k int, ids []int64) (string, []any) {
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i] = "$" + strconv.Itoa(k+i)
		args[i] = id
	}
	return strings.Join(ph, ", "), args
}

// Execer is what both *sql.DB and *sql.Tx offer.
type Execer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Querier is what both *sql.DB and *sql.Tx offer for reading rows.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// JoinList stores a list of words in one column, separated by |.
func JoinList(l []string) string { return strings.Join(l, "|") }

// SplitList reads back a list stored by JoinList.
func SplitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}
