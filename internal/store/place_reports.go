package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placereport"
)

// PlaceScope says which places an actor answers for; the report queries
// filter on it, so a query cannot forget whose reports it reads. The zero
// scope matches nothing.
type PlaceScope struct {
	All         bool     // the platform: every place
	StructureID int64    // the places this structure owns
	InseeCodes  []string // the places of these communes (a coordinator's territory), owned or not
}

// where returns the SQL condition on the places table aliased p.
func (sc PlaceScope) where(arg func(any) string) string {
	if sc.All {
		return "TRUE"
	}
	var or []string
	if sc.StructureID != 0 {
		or = append(or, "p.structure_id = "+arg(sc.StructureID))
	}
	if len(sc.InseeCodes) > 0 {
		ph := make([]string, len(sc.InseeCodes))
		for i, c := range sc.InseeCodes {
			ph[i] = arg(c)
		}
		or = append(or, "p.code_insee IN ("+strings.Join(ph, ", ")+")")
	}
	if len(or) == 0 {
		return "FALSE"
	}
	return "(" + strings.Join(or, " OR ") + ")"
}

// args builds a placeholder list as a query grows.
type reportArgs struct{ list []any }

func (a *reportArgs) add(v any) string {
	a.list = append(a.list, v)
	return fmt.Sprintf("$%d", len(a.list))
}

const reportSelect = `SELECT r.id, r.place_id, r.section, r.correction, r.contact, r.status, r.note,
	COALESCE(r.decided_by, 0), COALESCE(u.name, ''), r.decided_at, r.created_at,
	p.nom, p.commune, p.code_insee, COALESCE(p.structure_id, 0)
	FROM place_reports r JOIN places p ON p.id = r.place_id LEFT JOIN users u ON u.id = r.decided_by`

func scanReport(row interface{ Scan(...any) error }) (placereport.Report, error) {
	var r placereport.Report
	var section, status string
	var decidedAt sql.NullTime
	err := row.Scan(&r.ID, &r.PlaceID, &section, &r.Correction, &r.Contact, &status, &r.Note,
		&r.DecidedBy, &r.Decider, &decidedAt, &r.CreatedAt,
		&r.PlaceName, &r.PlaceCommune, &r.PlaceInseeCode, &r.PlaceStructureID)
	r.Section, r.Status = placereport.Section(section), placereport.Status(status)
	r.DecidedAt, r.CreatedAt = utc(decidedAt), r.CreatedAt.UTC()
	return r, err
}

// CreatePlaceReport files a resident's report about a place (public data,
// no scope) and erases the sender keys that have served their time.
// senderKey is placereport.SenderKey of the client address, or "".
func (s *Store) CreatePlaceReport(ctx context.Context, r *placereport.Report, senderKey string, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE place_reports SET sender_key = '' WHERE sender_key <> '' AND created_at < $1",
			ts(now.Add(-placereport.SenderKeyKept))); err != nil {
			return err
		}
		var exists int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM places WHERE id = $1", r.PlaceID).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return apperr.NotFoundError()
		}
		r.Status = placereport.StatusNew
		err := tx.QueryRowContext(ctx, `INSERT INTO place_reports (place_id, section, correction, contact, status, sender_key, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			r.PlaceID, string(r.Section), r.Correction, r.Contact, string(r.Status), senderKey, ts(now)).Scan(&r.ID)
		if err != nil {
			return err
		}
		r.CreatedAt = now.UTC().Truncate(time.Microsecond)
		return nil
	})
}

// CountRecentPlaceReports counts the reports sent with this key since a
// time, for the rate limit.
func (s *Store) CountRecentPlaceReports(ctx context.Context, senderKey string, since time.Time) (int, error) {
	if senderKey == "" {
		return 0, nil
	}
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM place_reports WHERE sender_key = $1 AND created_at >= $2", senderKey, ts(since)).Scan(&n)
	return n, err
}

// ReportFilter narrows PlaceReports; zero values mean "any".
type ReportFilter struct {
	Status  placereport.Status
	PlaceID int64
	Limit   int
}

// PlaceReports lists the reports about the places of a scope, newest first.
func (s *Store) PlaceReports(ctx context.Context, scope PlaceScope, f ReportFilter) ([]placereport.Report, error) {
	var a reportArgs
	q := reportSelect + " WHERE " + scope.where(a.add)
	if f.Status != "" {
		q += " AND r.status = " + a.add(string(f.Status))
	}
	if f.PlaceID != 0 {
		q += " AND r.place_id = " + a.add(f.PlaceID)
	}
	q += " ORDER BY r.created_at DESC, r.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + a.add(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, a.list...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []placereport.Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PlaceReport returns one report if its place is in the scope; otherwise
// not found, exactly as for a report that does not exist.
func (s *Store) PlaceReport(ctx context.Context, scope PlaceScope, id int64) (placereport.Report, error) {
	var a reportArgs
	q := reportSelect + " WHERE r.id = " + a.add(id) + " AND " + scope.where(a.add)
	r, err := scanReport(s.r.QueryRowContext(ctx, q, a.list...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	return r, err
}

// DecidePlaceReport records a moderator's decision on an open report of the
// scope, and erases the sender's contact: it served only to ask about this
// report. A report already decided is a conflict.
func (s *Store) DecidePlaceReport(ctx context.Context, scope PlaceScope, id int64, d placereport.Decision, userID int64, now time.Time) error {
	if d.Status != placereport.StatusDone && d.Status != placereport.StatusRejected {
		return apperr.New(apperr.Invalid, "Décision inconnue.")
	}
	var a reportArgs
	q := "UPDATE place_reports SET status = " + a.add(string(d.Status)) + ", note = " + a.add(d.Note) +
		", decided_by = " + a.add(nullInt(userID)) + ", decided_at = " + a.add(ts(now)) +
		", contact = '' WHERE id = " + a.add(id) + " AND status = 'nouveau' AND place_id IN (SELECT p.id FROM places p WHERE " + scope.where(a.add) + ")"
	res, err := s.w.ExecContext(ctx, q, a.list...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	r, err := s.PlaceReport(ctx, scope, id)
	if err != nil {
		return err
	}
	msg := "Ce signalement a déjà été traité"
	if r.Decider != "" {
		msg += " par " + r.Decider
	}
	return apperr.New(apperr.Conflict, msg+".")
}

// OpenPlaceReportCounts counts the open reports of each place of a scope.
func (s *Store) OpenPlaceReportCounts(ctx context.Context, scope PlaceScope) (map[int64]int, error) {
	var a reportArgs
	q := "SELECT r.place_id, COUNT(*) FROM place_reports r JOIN places p ON p.id = r.place_id WHERE r.status = 'nouveau' AND " +
		scope.where(a.add) + " GROUP BY r.place_id"
	rows, err := s.r.QueryContext(ctx, q, a.list...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
