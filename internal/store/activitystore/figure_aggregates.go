package activitystore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// The pre-aggregated figures (tables activity_figures_month and
// activity_figures_day): counts per structure, month or day, conseiller and
// commune, one row a (dimension, value). The database's triggers mark the
// (structure, month) every write touches; RefreshFigures rebuilds the
// marked months from the activities before the figures are read, so the
// aggregates always equal the direct count.

// FigureCount is one count of the pre-aggregated figures.
type FigureCount struct {
	Day         string // YYYY-MM-DD
	StructureID int64
	AuthorID    int64 // 0 when the author's account is gone
	Commune     string
	Dim, Value  string
	N           int
}

// Tally turns one month's activities of a structure, grouped by day and
// author, into the counts to keep, by day.
type Tally func(groups []ActivityGroup, parts []ParticipantGroup) []FigureCount

// RefreshFigures rebuilds the marked months of the structure.
func (s *Store) RefreshFigures(ctx context.Context, sc scope.Structure, tally Tally) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.refreshFigures(ctx, "structure_id = $1", []any{sid}, tally)
}

// RefreshFiguresInTerritory rebuilds the marked months of the territory's
// structures (of every structure for the whole platform).
func (s *Store) RefreshFiguresInTerritory(ctx context.Context, t scope.Territory, tally Tally) error {
	cond, args, err := store.TerritoryCondition(t, "structure_id", 1)
	if err != nil {
		return err
	}
	return s.refreshFigures(ctx, cond, args, tally)
}

type dirtyMonth struct {
	structureID int64
	month       string
}

func (s *Store) refreshFigures(ctx context.Context, cond string, args []any, tally Tally) error {
	var marked []dirtyMonth
	err := s.EachRow(ctx, `SELECT structure_id, month FROM activity_figures_dirty WHERE `+cond+` ORDER BY structure_id, month`, args, func(r *sql.Rows) error {
		var d dirtyMonth
		if err := r.Scan(&d.structureID, &d.month); err != nil {
			return err
		}
		marked = append(marked, d)
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range marked {
		if err := s.rebuildMonth(ctx, d, tally); err != nil {
			return err
		}
	}
	if len(marked) >= 12 && s.Dialect() == store.Postgres {
		// Many counts replaced at once (a first build): PostgreSQL's
		// statistics would otherwise still describe empty tables until
		// autovacuum passes, and the reads scan whole indexes.
		if _, err := s.Writer().ExecContext(ctx, `ANALYZE activity_figures_month, activity_figures_day`); err != nil {
			return err
		}
	}
	return nil
}

// rebuildMonth replaces a structure's counts of one month by the
// activities' and clears the mark unless a write marked it again since.
func (s *Store) rebuildMonth(ctx context.Context, d dirtyMonth, tally Tally) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.Dialect() == store.Postgres {
			lock = " FOR UPDATE" // one rebuilder at a time; a writer's mark waits
		}
		var version int64
		err := tx.QueryRowContext(ctx, `SELECT version FROM activity_figures_dirty WHERE structure_id = $1 AND month = $2`+lock, d.structureID, d.month).Scan(&version)
		if err == sql.ErrNoRows {
			return nil // rebuilt by another reader meanwhile
		}
		if err != nil {
			return err
		}
		first, last := d.month+"-01", d.month+"-31"
		groups, parts, err := s.activityGroups(ctx, tx, true, "a.structure_id = $1", []any{d.structureID}, FigureFilter{From: first, To: last})
		if err != nil {
			return err
		}
		days := tally(groups, parts)
		if _, err := tx.ExecContext(ctx, `DELETE FROM activity_figures_month WHERE structure_id = $1 AND month = $2`, d.structureID, d.month); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activity_figures_day WHERE structure_id = $1 AND day >= $2 AND day <= $3`, d.structureID, first, last); err != nil {
			return err
		}
		// Each count for its conseiller and commune, and summed over
		// conseillers, communes or both (author -1, commune "*").
		type key struct {
			day               string
			author            int64
			commune, dim, val string
		}
		dayN, monthN := map[key]int{}, map[key]int{}
		var dayKeys, monthKeys []key
		for _, c := range days {
			for _, v := range [4]struct {
				author  int64
				commune string
			}{{c.AuthorID, c.Commune}, {c.AuthorID, "*"}, {-1, c.Commune}, {-1, "*"}} {
				k := key{c.Day, v.author, v.commune, c.Dim, c.Value}
				if _, ok := dayN[k]; !ok {
					dayKeys = append(dayKeys, k)
				}
				dayN[k] += c.N
				k.day = ""
				if _, ok := monthN[k]; !ok {
					monthKeys = append(monthKeys, k)
				}
				monthN[k] += c.N
			}
		}
		if err := s.InsertRows(ctx, tx, `INSERT INTO activity_figures_day (structure_id, day, author_id, commune_code, dim, value, n)`, 7, len(dayKeys), func(i int) []any {
			k := dayKeys[i]
			return []any{d.structureID, k.day, k.author, k.commune, k.dim, k.val, dayN[k]}
		}); err != nil {
			return err
		}
		if err := s.InsertRows(ctx, tx, `INSERT INTO activity_figures_month (structure_id, month, author_id, commune_code, dim, value, n)`, 7, len(monthKeys), func(i int) []any {
			k := monthKeys[i]
			return []any{d.structureID, d.month, k.author, k.commune, k.dim, k.val, monthN[k]}
		}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM activity_figures_dirty WHERE structure_id = $1 AND month = $2 AND version = $3`, d.structureID, d.month, version)
		return err
	})
}

// FigureSum is the sum of a (dimension, value) over a period.
type FigureSum struct {
	Dim, Value string
	N          int
}

// SumFigures adds up the pre-aggregated counts of the structure over the
// filter's period (both ends required); call RefreshFigures first.
func (s *Store) SumFigures(ctx context.Context, sc scope.Structure, f FigureFilter) ([]FigureSum, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.sumFigures(ctx, "structure_id = $1", []any{sid}, f)
}

// SumFiguresInTerritory adds up the pre-aggregated counts of the
// territory's structures; call RefreshFiguresInTerritory first.
func (s *Store) SumFiguresInTerritory(ctx context.Context, t scope.Territory, f FigureFilter) ([]FigureSum, error) {
	cond, args, err := store.TerritoryCondition(t, "id", 1)
	if err != nil {
		return nil, err
	}
	// The structures named one by one: each is the head of the counts'
	// key, whatever the planner knows of the tables.
	var ids []int64
	err = s.EachRow(ctx, `SELECT id FROM structures WHERE `+cond+` ORDER BY id`, args, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	list, idArgs := store.IDList(1, ids)
	return s.sumFigures(ctx, "structure_id IN ("+list+")", idArgs, f)
}

// periodParts splits [from, to] (days, inclusive) into whole months,
// read from the month table, and the days of the months it covers in part.
func periodParts(from, to string) (months [][2]string, days [][2]string) {
	f, err1 := time.Parse("2006-01-02", from)
	t, err2 := time.Parse("2006-01-02", to)
	if err1 != nil || err2 != nil || t.Before(f) {
		return nil, nil
	}
	lastDay := func(d time.Time) time.Time { return time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC) }
	firstWhole := f
	if f.Day() != 1 {
		end := lastDay(f)
		if !end.Before(t) {
			return nil, [][2]string{{from, to}}
		}
		days = append(days, [2]string{from, end.Format("2006-01-02")})
		firstWhole = end.AddDate(0, 0, 1)
	}
	lastWhole := t
	if !lastDay(t).Equal(t) {
		start := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		days = append(days, [2]string{start.Format("2006-01-02"), to})
		lastWhole = start.AddDate(0, 0, -1)
	}
	if !lastWhole.Before(firstWhole) {
		months = append(months, [2]string{firstWhole.Format("2006-01"), lastWhole.Format("2006-01")})
	}
	return months, days
}

func (s *Store) sumFigures(ctx context.Context, cond string, args []any, f FigureFilter) ([]FigureSum, error) {
	months, days := periodParts(f.From, f.To)
	var parts []string
	var qargs []any
	qargs = append(qargs, args...)
	arg := func(v any) string {
		qargs = append(qargs, v)
		return "$" + strconv.Itoa(len(qargs))
	}
	// The counts summed over conseillers or communes unless one is chosen.
	author, commune := int64(-1), "*"
	if f.AuthorID != 0 {
		author = f.AuthorID
	}
	if f.CommuneCode != "" {
		commune = f.CommuneCode
	}
	filters := func() string {
		w := " AND author_id = " + arg(author) + " AND commune_code = " + arg(commune)
		if f.StructureID != 0 {
			w += " AND structure_id = " + arg(f.StructureID)
		}
		return w
	}
	for _, m := range months {
		parts = append(parts, `SELECT dim, value, n FROM activity_figures_month WHERE `+cond+` AND month >= `+arg(m[0])+` AND month <= `+arg(m[1])+filters())
	}
	for _, d := range days {
		parts = append(parts, `SELECT dim, value, n FROM activity_figures_day WHERE `+cond+` AND day >= `+arg(d[0])+` AND day <= `+arg(d[1])+filters())
	}
	if len(parts) == 0 {
		return nil, nil
	}
	q := ""
	for i, p := range parts {
		if i > 0 {
			q += " UNION ALL "
		}
		q += p
	}
	var out []FigureSum
	err := s.EachRow(ctx, `SELECT dim, value, SUM(n) FROM (`+q+`) x GROUP BY dim, value`, qargs, func(r *sql.Rows) error {
		var c FigureSum
		if err := r.Scan(&c.Dim, &c.Value, &c.N); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// MarkAllFigures marks every month of every structure's activities for a
// rebuild (the aggregates are rebuilt from scratch).
func (s *Store) MarkAllFigures(ctx context.Context) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO activity_figures_dirty (structure_id, month)
			SELECT DISTINCT structure_id, SUBSTR(date, 1, 7) FROM activities WHERE TRUE
			ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1`)
		return err
	})
}

// MarkedFigureMonths counts the months marked for a rebuild.
func (s *Store) MarkedFigureMonths(ctx context.Context) (int, error) {
	var n int
	err := s.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM activity_figures_dirty`).Scan(&n)
	return n, err
}
