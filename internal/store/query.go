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

// InsertRows inserts n rows of cols values (suffix: an ON CONFLICT clause). SQLite runs one prepared
// single-row statement per row (numbered parameters make long statements
// slow to prepare there); PostgreSQL takes multi-row statements, one round
// trip per 500 rows.
func (s *Store) InsertRows(ctx context.Context, tx *sql.Tx, insert string, cols, n int, row func(i int) []any, suffix ...string) error {
	tail := strings.Join(suffix, "")
	placeholders := func(first int) string {
		var b strings.Builder
		b.WriteString("(")
		for k := 0; k < cols; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString("$" + strconv.Itoa(first+k))
		}
		b.WriteString(")")
		return b.String()
	}
	if s.dialect == SQLite {
		stmt, err := tx.PrepareContext(ctx, insert+" VALUES "+placeholders(1)+tail)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := 0; i < n; i++ {
			if _, err := stmt.ExecContext(ctx, row(i)...); err != nil {
				return err
			}
		}
		return nil
	}
	const batch = 500
	for start := 0; start < n; start += batch {
		end := min(start+batch, n)
		var b strings.Builder
		b.WriteString(insert + " VALUES ")
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			if i > start {
				b.WriteString(", ")
			}
			b.WriteString(placeholders(len(args) + 1))
			args = append(args, row(i)...)
		}
		b.WriteString(tail)
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// ResidentLanguage is the language kept with a booking or a registration:
// French when none was chosen (staff booking for a person).
func ResidentLanguage(code string) string {
	if code == "" {
		return "fr"
	}
	return code
}
