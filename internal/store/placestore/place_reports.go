package placestore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

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
	r.DecidedAt, r.CreatedAt = store.UTC(decidedAt), r.CreatedAt.UTC()
	return r, err
}

// CreatePlaceReport files a resident's report about a place (public data,
// no scope) and erases the sender keys that have served their time.
// senderKey is placereport.SenderKey of the client address, or "".
func (s *Store) CreatePlaceReport(ctx context.Context, r *placereport.Report, senderKey string, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE place_reports SET sender_key = '' WHERE sender_key <> '' AND created_at < $1",
			store.DBTime(now.Add(-placereport.SenderKeyKept))); err != nil {
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
			r.PlaceID, string(r.Section), r.Correction, r.Contact, string(r.Status), senderKey, store.DBTime(now)).Scan(&r.ID)
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
	err := s.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM place_reports WHERE sender_key = $1 AND created_at >= $2", senderKey, store.DBTime(since)).Scan(&n)
	return n, err
}

// ReportFilter narrows PlaceReports; zero values mean "any".
type ReportFilter struct {
	Status  placereport.Status
	PlaceID int64
	Limit   int
}

// reportScope limits report queries to the places of a structure, or of a
// territory's communes (every place for the platform).
type reportScope struct {
	structure scope.Structure
	territory scope.Territory
	wide      bool // territory rather than structure
}

func (sc reportScope) where(w *placeWhere) error {
	if sc.wide {
		return w.inTerritory(sc.territory, "p.")
	}
	return w.ownedBy(sc.structure, "p.structure_id")
}

// PlaceReports lists the reports about the places the scope's structure
// owns, newest first.
func (s *Store) PlaceReports(ctx context.Context, sc scope.Structure, f ReportFilter) ([]placereport.Report, error) {
	return s.placeReports(ctx, reportScope{structure: sc}, f)
}

// PlaceReportsInTerritory lists the reports about the places of the
// territory's communes, owned or not (every place for the platform),
// newest first.
func (s *Store) PlaceReportsInTerritory(ctx context.Context, tc scope.Territory, f ReportFilter) ([]placereport.Report, error) {
	return s.placeReports(ctx, reportScope{territory: tc, wide: true}, f)
}

func (s *Store) placeReports(ctx context.Context, sc reportScope, f ReportFilter) ([]placereport.Report, error) {
	var w placeWhere
	if err := sc.where(&w); err != nil {
		return nil, err
	}
	if f.Status != "" {
		w.add("r.status = " + w.arg(string(f.Status)))
	}
	if f.PlaceID != 0 {
		w.add("r.place_id = " + w.arg(f.PlaceID))
	}
	q := reportSelect + w.sql() + " ORDER BY r.created_at DESC, r.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit)
	}
	rows, err := s.Reader().QueryContext(ctx, q, w.args...)
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

// PlaceReport returns one report about a place the scope's structure owns;
// any other answers not found, exactly as a report that does not exist.
func (s *Store) PlaceReport(ctx context.Context, sc scope.Structure, id int64) (placereport.Report, error) {
	return s.placeReport(ctx, reportScope{structure: sc}, id)
}

// PlaceReportInTerritory returns one report about a place of the
// territory's communes (any place for the platform).
func (s *Store) PlaceReportInTerritory(ctx context.Context, tc scope.Territory, id int64) (placereport.Report, error) {
	return s.placeReport(ctx, reportScope{territory: tc, wide: true}, id)
}

func (s *Store) placeReport(ctx context.Context, sc reportScope, id int64) (placereport.Report, error) {
	w := placeWhere{args: []any{id}}
	w.add("r.id = $1")
	if err := sc.where(&w); err != nil {
		return placereport.Report{}, err
	}
	r, err := scanReport(s.Reader().QueryRowContext(ctx, reportSelect+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	return r, err
}

// DecidePlaceReport records a moderator's decision on an open report about
// a place the scope's structure owns, and erases the sender's contact: it
// served only to ask about this report. A report already decided is a
// conflict.
func (s *Store) DecidePlaceReport(ctx context.Context, sc scope.Structure, id int64, d placereport.Decision, userID int64, now time.Time) error {
	return s.decidePlaceReport(ctx, reportScope{structure: sc}, id, d, userID, now)
}

// DecidePlaceReportInTerritory is DecidePlaceReport for a report about a
// place of the territory's communes (any place for the platform).
func (s *Store) DecidePlaceReportInTerritory(ctx context.Context, tc scope.Territory, id int64, d placereport.Decision, userID int64, now time.Time) error {
	return s.decidePlaceReport(ctx, reportScope{territory: tc, wide: true}, id, d, userID, now)
}

func (s *Store) decidePlaceReport(ctx context.Context, sc reportScope, id int64, d placereport.Decision, userID int64, now time.Time) error {
	if d.Status != placereport.StatusDone && d.Status != placereport.StatusRejected {
		return apperr.New(apperr.Invalid, "Décision inconnue.")
	}
	w := placeWhere{args: []any{string(d.Status), d.Note, store.NullInt(userID), store.DBTime(now), id}}
	if err := sc.where(&w); err != nil {
		return err
	}
	q := "UPDATE place_reports SET status = $1, note = $2, decided_by = $3, decided_at = $4, contact = '' WHERE id = $5 AND status = 'nouveau' AND place_id IN (SELECT p.id FROM places p" + w.sql() + ")"
	res, err := s.Writer().ExecContext(ctx, q, w.args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	r, err := s.placeReport(ctx, sc, id)
	if err != nil {
		return err
	}
	msg := "Ce signalement a déjà été traité"
	if r.Decider != "" {
		msg += " par " + r.Decider
	}
	return apperr.New(apperr.Conflict, msg+".")
}

// OpenPlaceReportCounts counts the open reports of each place the scope's
// structure owns.
func (s *Store) OpenPlaceReportCounts(ctx context.Context, sc scope.Structure) (map[int64]int, error) {
	return s.openPlaceReportCounts(ctx, reportScope{structure: sc})
}

// OpenPlaceReportCountsInTerritory counts the open reports of each place of
// the territory's communes (every place for the platform).
func (s *Store) OpenPlaceReportCountsInTerritory(ctx context.Context, tc scope.Territory) (map[int64]int, error) {
	return s.openPlaceReportCounts(ctx, reportScope{territory: tc, wide: true})
}

func (s *Store) openPlaceReportCounts(ctx context.Context, sc reportScope) (map[int64]int, error) {
	var w placeWhere
	w.add("r.status = 'nouveau'")
	if err := sc.where(&w); err != nil {
		return nil, err
	}
	rows, err := s.Reader().QueryContext(ctx, "SELECT r.place_id, COUNT(*) FROM place_reports r JOIN places p ON p.id = r.place_id"+w.sql()+" GROUP BY r.place_id", w.args...)
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
