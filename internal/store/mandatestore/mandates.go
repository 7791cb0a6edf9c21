package mandatestore

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/mandate"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// SignCharter records that a professional of the scope's structure signed
// the aidant charter of a version, with the hash of its wording.
func (s *Store) SignCharter(ctx context.Context, sc scope.Structure, c mandate.CharterSignature, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO aidant_charters (user_id, structure_id, version, wording_hash, signed_at) VALUES ($1, $2, $3, $4, $5)",
			c.UserID, sid, c.Version, c.WordingHash, store.DBTime(now))
		if store.IsUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "Vous avez déjà signé cette version de la charte.")
		}
		if err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// CharterSigned returns when a professional signed a version of the charter
// in the scope's structure (zero when not).
func (s *Store) CharterSigned(ctx context.Context, sc scope.Structure, userID int64, version string) (time.Time, error) {
	sid, err := sc.ID()
	if err != nil {
		return time.Time{}, err
	}
	var at time.Time
	err = s.Reader().QueryRowContext(ctx, "SELECT signed_at FROM aidant_charters WHERE user_id = $1 AND structure_id = $2 AND version = $3", userID, sid, version).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return at.UTC(), err
}

// AllowedCategories returns the categories the structure restricts its
// mandates to (none: every category).
func (s *Store) AllowedCategories(ctx context.Context, sc scope.Structure) ([]string, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.EachRow(ctx, "SELECT category FROM mandate_structure_categories WHERE structure_id = $1", []any{sid}, func(r *sql.Rows) error {
		var c string
		out = append(out, c)
		return r.Scan(&out[len(out)-1])
	})
	return mandate.NormalizeCategories(out), err
}

// SetAllowedCategories restricts the structure's mandates to categories
// (none: every category).
func (s *Store) SetAllowedCategories(ctx context.Context, sc scope.Structure, categories []string) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM mandate_structure_categories WHERE structure_id = $1", sid); err != nil {
			return err
		}
		for _, c := range categories {
			if _, err := tx.ExecContext(ctx, "INSERT INTO mandate_structure_categories (structure_id, category) VALUES ($1, $2)", sid, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// PersonName returns the first and last names of a current person of the
// scope's structure.
func (s *Store) PersonName(ctx context.Context, sc scope.Structure, personID int64) (first, last string, err error) {
	sid, err := sc.ID()
	if err != nil {
		return "", "", err
	}
	err = s.Reader().QueryRowContext(ctx, "SELECT first_name, last_name FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL AND kind = 'suivie'",
		personID, sid).Scan(&first, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", apperr.Field("personne", "Choisissez une personne suivie par votre structure.")
	}
	return first, last, err
}

// CreateMandate records a mandate with its categories, its first event and
// the journal's entry. When it renews another mandate of the structure, the
// old one's categories still running end now, in the same transaction.
func (s *Store) CreateMandate(ctx context.Context, sc scope.Structure, m *mandate.Mandate, ev mandate.Event, userID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	m.StructureID, m.CreatedAt = sid, now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		if m.RenewedFrom != 0 {
			res, err := tx.ExecContext(ctx, "UPDATE mandates SET ended_at = $3 WHERE id = $1 AND structure_id = $2 AND ended_at IS NULL AND ends_at > $3",
				m.RenewedFrom, sid, store.DBTime(now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.New(apperr.Conflict, "Ce mandat est déjà arrêté ou expiré : créez un nouveau mandat.")
			}
			if _, err := tx.ExecContext(ctx, "UPDATE mandate_categories SET revoked_at = $2, revoked_by = $3 WHERE mandate_id = $1 AND revoked_at IS NULL",
				m.RenewedFrom, store.DBTime(now), store.NullInt(userID)); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO mandates (structure_id, person_id, person_initials, aidant_id, aidant_name, starts_at, ends_at, days,
			wording_version, wording_hash, token, renewed_from, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			sid, m.PersonID, m.PersonInitials, store.NullInt(m.AidantID), m.AidantName, store.DBTime(m.StartsAt), store.DBTime(m.EndsAt), m.Days,
			m.WordingVersion, m.WordingHash, m.Token, store.NullInt(m.RenewedFrom), store.DBTime(now)).Scan(&m.ID); err != nil {
			return err
		}
		for _, c := range m.Categories {
			if _, err := tx.ExecContext(ctx, "INSERT INTO mandate_categories (mandate_id, category) VALUES ($1, $2)", m.ID, c.Code); err != nil {
				return err
			}
		}
		if m.RenewedFrom != 0 {
			old := ev
			old.Kind, old.Detail = mandate.EventRenewed, "il est remplacé par le mandat n° "+itoa(m.ID)
			if err := insertEvent(ctx, tx, m.RenewedFrom, old, userID, now); err != nil {
				return err
			}
		}
		if err := insertEvent(ctx, tx, m.ID, ev, userID, now); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, m.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func insertEvent(ctx context.Context, tx *sql.Tx, mandateID int64, e mandate.Event, userID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO mandate_events (mandate_id, kind, category, demarche, detail, user_id, who, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		mandateID, e.Kind, e.Category, e.Demarche, e.Detail, store.NullInt(userID), e.Who, store.DBTime(now))
	return err
}

const mandateSelect = `SELECT m.id, m.structure_id, s.name, COALESCE(m.person_id, 0), m.person_initials, COALESCE(m.aidant_id, 0), m.aidant_name,
	m.starts_at, m.ends_at, m.days, m.wording_version, m.wording_hash, m.token, COALESCE(m.renewed_from, 0), m.signature, m.signed_at, m.scan_type,
	m.ended_at, m.archived_at, m.created_at, ` + personGone + ` FROM mandates m JOIN structures s ON s.id = m.structure_id`

// personGone is true when the mandate's person's file was deleted.
const personGone = `(m.person_id IS NULL OR EXISTS (SELECT 1 FROM persons gp WHERE gp.id = m.person_id AND gp.deleted_at IS NOT NULL))`

func scanMandate(r interface{ Scan(...any) error }) (mandate.Mandate, error) {
	var m mandate.Mandate
	var signed, ended, archived sql.NullTime
	err := r.Scan(&m.ID, &m.StructureID, &m.StructureName, &m.PersonID, &m.PersonInitials, &m.AidantID, &m.AidantName, &m.StartsAt, &m.EndsAt, &m.Days,
		&m.WordingVersion, &m.WordingHash, &m.Token, &m.RenewedFrom, &m.Signature, &signed, &m.ScanType, &ended, &archived, &m.CreatedAt, &m.PersonGone)
	m.StartsAt, m.EndsAt, m.CreatedAt = m.StartsAt.UTC(), m.EndsAt.UTC(), m.CreatedAt.UTC()
	m.SignedAt, m.EndedAt, m.ArchivedAt = store.UTC(signed), store.UTC(ended), store.UTC(archived)
	return m, err
}

// mandates reads the mandates a condition selects, with their categories.
func (s *Store) mandates(ctx context.Context, where string, args ...any) ([]mandate.Mandate, error) {
	var out []mandate.Mandate
	index := map[int64]int{}
	err := s.EachRow(ctx, mandateSelect+" WHERE "+where+" ORDER BY m.created_at DESC, m.id DESC", args, func(r *sql.Rows) error {
		m, err := scanMandate(r)
		index[m.ID] = len(out)
		out = append(out, m)
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = s.EachRow(ctx, "SELECT c.mandate_id, c.category, c.revoked_at FROM mandate_categories c JOIN mandates m ON m.id = c.mandate_id WHERE "+where, args, func(r *sql.Rows) error {
		var id int64
		var c mandate.Category
		var revoked sql.NullTime
		if err := r.Scan(&id, &c.Code, &revoked); err != nil {
			return err
		}
		c.RevokedAt = store.UTC(revoked)
		if i, ok := index[id]; ok {
			out[i].Categories = append(out[i].Categories, c)
		}
		return nil
	})
	order := mandate.Categories.Values()
	for i := range out {
		slices.SortFunc(out[i].Categories, func(a, b mandate.Category) int { return slices.Index(order, a.Code) - slices.Index(order, b.Code) })
	}
	return out, err
}

// Mandate returns a mandate of the scope's structure.
func (s *Store) Mandate(ctx context.Context, sc scope.Structure, id int64) (mandate.Mandate, error) {
	sid, err := sc.ID()
	if err != nil {
		return mandate.Mandate{}, err
	}
	list, err := s.mandates(ctx, "m.id = $1 AND m.structure_id = $2", id, sid)
	if err != nil {
		return mandate.Mandate{}, err
	}
	if len(list) == 0 {
		return mandate.Mandate{}, apperr.NotFoundError()
	}
	return list[0], nil
}

// MandateByToken returns the mandate a verification address names: the
// public page's only way in.
func (s *Store) MandateByToken(ctx context.Context, token string) (mandate.Mandate, error) {
	list, err := s.mandates(ctx, "m.token = $1", token)
	if err != nil {
		return mandate.Mandate{}, err
	}
	if len(list) == 0 {
		return mandate.Mandate{}, apperr.NotFoundError()
	}
	return list[0], nil
}

// Mandates lists the scope's structure's mandates not archived, of one
// person when personID is not 0, the latest first.
func (s *Store) Mandates(ctx context.Context, sc scope.Structure, personID int64) ([]mandate.Mandate, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.mandates(ctx, "m.structure_id = $1 AND ($2 = 0 OR m.person_id = $2) AND m.archived_at IS NULL", sid, personID)
}

// Events returns the history of the scope's structure's mandates of one
// person (personID not 0) or of one mandate (mandateID not 0), oldest first.
func (s *Store) Events(ctx context.Context, sc scope.Structure, personID, mandateID int64) ([]mandate.Event, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	if personID == 0 && mandateID == 0 {
		return nil, errors.New("mandatestore: events of no person and no mandate")
	}
	var out []mandate.Event
	err = s.EachRow(ctx, `SELECT e.id, e.mandate_id, e.kind, e.category, e.demarche, e.detail, e.who, e.at FROM mandate_events e JOIN mandates m ON m.id = e.mandate_id
		WHERE m.structure_id = $1 AND ($2 = 0 OR m.person_id = $2) AND ($3 = 0 OR m.id = $3) ORDER BY e.at, e.id`, []any{sid, personID, mandateID}, func(r *sql.Rows) error {
		var e mandate.Event
		err := r.Scan(&e.ID, &e.MandateID, &e.Kind, &e.Category, &e.Demarche, &e.Detail, &e.Who, &e.At)
		e.At = e.At.UTC()
		out = append(out, e)
		return err
	})
	return out, err
}

// RecordUse records that an aidant acted for the person under the mandate,
// for one category still covered at now: the check and the record are one
// transaction, so that a use never follows a revocation.
func (s *Store) RecordUse(ctx context.Context, sc scope.Structure, id int64, ev mandate.Event, userID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var person int64
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(m.person_id, 0) FROM mandates m JOIN mandate_categories c ON c.mandate_id = m.id
			WHERE m.id = $1 AND m.structure_id = $2 AND c.category = $3 AND c.revoked_at IS NULL AND m.signature <> '' AND m.ended_at IS NULL AND m.ends_at > $4
			AND NOT `+personGone,
			id, sid, ev.Category, store.DBTime(now)).Scan(&person)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Field("categorie", "Ce mandat ne couvre pas cette catégorie aujourd'hui : il est expiré, arrêté, pas encore signé, ou la catégorie est révoquée.")
		}
		if err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, id, ev, userID, now); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, person
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// RevokeCategories stops categories of a running mandate (all of them when
// categories is empty) and returns those it stopped; the mandate ends when
// none is left. Each stop is an event and a line of the journal.
func (s *Store) RevokeCategories(ctx context.Context, sc scope.Structure, id int64, categories []string, ev mandate.Event, userID int64, j journal.Entry, now time.Time) ([]string, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var stopped []string
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var person int64
		err := tx.QueryRowContext(ctx, "SELECT COALESCE(person_id, 0) FROM mandates WHERE id = $1 AND structure_id = $2 AND ended_at IS NULL AND ends_at > $3",
			id, sid, store.DBTime(now)).Scan(&person)
		if errors.Is(err, sql.ErrNoRows) {
			if _, err := s.Mandate(ctx, sc, id); err != nil {
				return err
			}
			return apperr.New(apperr.Conflict, "Ce mandat est déjà arrêté ou expiré.")
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT category FROM mandate_categories WHERE mandate_id = $1 AND revoked_at IS NULL", id)
		if err != nil {
			return err
		}
		var running []string
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			running = append(running, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, c := range running {
			if len(categories) == 0 || slices.Contains(categories, c) {
				stopped = append(stopped, c)
			}
		}
		if len(stopped) == 0 {
			return apperr.Field("categories", "Choisissez au moins une catégorie encore active de ce mandat.")
		}
		stopped = mandate.NormalizeCategories(stopped)
		for _, c := range stopped {
			if _, err := tx.ExecContext(ctx, "UPDATE mandate_categories SET revoked_at = $3, revoked_by = $4 WHERE mandate_id = $1 AND category = $2",
				id, c, store.DBTime(now), store.NullInt(userID)); err != nil {
				return err
			}
			e := ev
			e.Category = c
			if err := insertEvent(ctx, tx, id, e, userID, now); err != nil {
				return err
			}
		}
		if len(stopped) == len(running) {
			if _, err := tx.ExecContext(ctx, "UPDATE mandates SET ended_at = $2 WHERE id = $1", id, store.DBTime(now)); err != nil {
				return err
			}
		}
		j.StructureID, j.PersonID = sid, person
		j.What += " : " + mandate.LabelsOf(stopped)
		return store.InsertJournal(ctx, tx, j, now)
	})
	return stopped, err
}

// RecordSignature records the person's signature of a printed mandate not
// yet signed, ended nor expired: on paper, or with the scan of the signed page.
func (s *Store) RecordSignature(ctx context.Context, sc scope.Structure, id int64, kind string, scan []byte, scanType string, ev mandate.Event, userID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var person int64
		var content any
		if len(scan) > 0 {
			content = scan
		}
		err := tx.QueryRowContext(ctx, `UPDATE mandates SET signature = $3, scan = $4, scan_type = $5, signed_at = $6, signed_by = $7
			WHERE id = $1 AND structure_id = $2 AND signature = '' AND ended_at IS NULL AND ends_at > $6 RETURNING COALESCE(person_id, 0)`,
			id, sid, kind, content, scanType, store.DBTime(now), store.NullInt(userID)).Scan(&person)
		if errors.Is(err, sql.ErrNoRows) {
			if _, err := s.Mandate(ctx, sc, id); err != nil {
				return err
			}
			return apperr.New(apperr.Conflict, "La signature de ce mandat est déjà enregistrée, ou le mandat est arrêté ou expiré.")
		}
		if err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, id, ev, userID, now); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, person
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Scan returns the scanned signed page of a mandate of the scope's structure.
func (s *Store) Scan(ctx context.Context, sc scope.Structure, id int64) ([]byte, string, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, "", err
	}
	var b []byte
	var typ string
	err = s.Reader().QueryRowContext(ctx, "SELECT scan, scan_type FROM mandates WHERE id = $1 AND structure_id = $2 AND scan IS NOT NULL", id, sid).Scan(&b, &typ)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.NotFoundError()
	}
	return b, typ, err
}
