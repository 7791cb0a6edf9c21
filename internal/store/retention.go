package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/retention"
)

// AnonymisedName replaces the person's name in a referral past its retention.
const AnonymisedName = "Personne anonymisée"

// errDryRun rolls back a retention run that only reports.
var errDryRun = errors.New("dry run")

// lastContactBefore selects the files still carrying an identity or a
// contact whose person had no contact since $1: not changed, not evaluated,
// in no activity, appointment, registration or referral since then.
const lastContactBefore = `SELECT p.id, p.structure_id FROM persons p
	WHERE p.deleted_at IS NULL AND p.merged_into IS NULL AND p.updated_at < $1
	AND (p.first_name <> '' OR p.last_name <> '' OR p.phone <> '' OR p.email <> '')
	AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.person_id = p.id AND e.created_at >= $1)
	AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.person_id = p.id AND a.created_at >= $1)
	AND NOT EXISTS (SELECT 1 FROM activity_participants ap JOIN activities a ON a.id = ap.activity_id WHERE ap.person_id = p.id AND a.created_at >= $1)
	AND NOT EXISTS (SELECT 1 FROM appointments x WHERE x.person_id = p.id AND x.end_at >= $1)
	AND NOT EXISTS (SELECT 1 FROM workshop_registrations w WHERE w.person_id = p.id AND w.updated_at >= $1)
	AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = p.id AND r.updated_at >= $1)
	AND NOT EXISTS (SELECT 1 FROM safe_documents sd WHERE sd.person_id = p.id AND sd.created_at >= $1)
	AND NOT EXISTS (SELECT 1 FROM safe_accesses sa JOIN safe_documents sd ON sd.id = sa.document_id WHERE sd.person_id = p.id AND sa.at >= $1)
	ORDER BY p.id`

// ApplyRetention applies the retention cutoffs to every structure, in one
// transaction, and says per table what it did. With dry it does all of it
// and rolls back, so that the figures are exactly what a real run would
// touch and nothing changes. It is a platform operation: the daily run and
// the command line.
func (s *Store) ApplyRetention(ctx context.Context, c retention.Cutoffs, dry bool, now time.Time) ([]retention.Line, error) {
	var lines []retention.Line
	err := s.Write(ctx, func(tx *sql.Tx) error {
		exec := func(table, action string, before time.Time, q string, args ...any) error {
			res, err := tx.ExecContext(ctx, q, args...)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			lines = append(lines, retention.Line{Table: table, Action: action, Before: before, Rows: n})
			return err
		}
		// A person's file first: its erasure reaches the rows below.
		rows, err := tx.QueryContext(ctx, lastContactBefore, DBTime(c.Persons))
		if err != nil {
			return err
		}
		var files [][2]int64
		for rows.Next() {
			var f [2]int64
			if err := rows.Scan(&f[0], &f[1]); err != nil {
				rows.Close()
				return err
			}
			files = append(files, f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, f := range files {
			if err := erasePerson(ctx, tx, f[1], f[0], now); err != nil {
				return err
			}
			j := journal.Entry{StructureID: f[1], PersonID: f[0], Who: "Parcours (durée de conservation)", Action: journal.Delete,
				What: "Dossier effacé : aucun contact depuis le " + c.Persons.Format("02/01/2006"), At: now}
			if err := InsertJournal(ctx, tx, j, now); err != nil {
				return err
			}
		}
		lines = append(lines, retention.Line{Table: "persons", Action: "dossiers effacés (identité et coordonnées, partout)", Before: c.Persons, Rows: int64(len(files))})
		if err := exec("referral_events", "détails d'orientation effacés", c.Referrals,
			"UPDATE referral_events SET detail = '' WHERE detail <> '' AND referral_id IN (SELECT id FROM referrals WHERE created_at < $1)", DBTime(c.Referrals)); err != nil {
			return err
		}
		if err := exec("referrals", "orientations anonymisées", c.Referrals,
			`UPDATE referrals SET person_name = $2, contact_value = '', available_from = '', reason = '', comment = '', updated_at = $3
			WHERE created_at < $1 AND (person_name NOT IN ($2, '`+ErasedName+`') OR contact_value <> '' OR available_from <> '' OR reason <> '' OR comment <> '')`,
			DBTime(c.Referrals), AnonymisedName, DBTime(now)); err != nil {
			return err
		}
		if err := exec("notifications", "messages et accusés supprimés", c.Messages,
			"DELETE FROM notifications WHERE created_at < $1", DBTime(c.Messages)); err != nil {
			return err
		}
		if err := exec("appointments", "rendez-vous supprimés", c.Appointments,
			"DELETE FROM appointments WHERE end_at < $1", DBTime(c.Appointments)); err != nil {
			return err
		}
		if err := exec("workshop_registrations", "inscriptions aux ateliers terminés supprimées", c.Messages,
			`DELETE FROM workshop_registrations WHERE workshop_id IN (SELECT w.id FROM workshops w
				WHERE EXISTS (SELECT 1 FROM workshop_sessions x WHERE x.workshop_id = w.id)
				AND NOT EXISTS (SELECT 1 FROM workshop_sessions x WHERE x.workshop_id = w.id AND x.end_at >= $1))`, DBTime(c.Messages)); err != nil {
			return err
		}
		n, err := purgeJournal(ctx, tx, c.Journal)
		if err != nil {
			return err
		}
		lines = append(lines, retention.Line{Table: "journal", Action: "entrées du journal supprimées (ancre de la chaîne gardée)", Before: c.Journal, Rows: n})
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
