package partnershipstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// agreementWhere is the condition of the agreements a reach sees, its
// arguments numbered from n.
func (r Reach) agreementWhere(n int) (string, []any, error) {
	if r.party.Valid() {
		sid, err := r.party.ID()
		if err != nil {
			return "", nil, err
		}
		return "EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id AND p.structure_id = " + arg(n) + ")", []any{sid}, nil
	}
	id, all, err := r.territory.ID()
	if err != nil {
		return "", nil, err
	}
	if all {
		return "TRUE", nil, nil
	}
	return "a.territory_id = " + arg(n), []any{id}, nil
}

const agreementColumns = `a.id, a.territory_id, a.structure_id, a.object, a.partners, a.starts_on, a.ends_on, a.tacit_renewal, a.remind_days,
	COALESCE(a.remind_to, 0), a.signed_pdf IS NOT NULL, a.signed_pdf_name, a.created_at, a.updated_at`

// CreateAgreement records a convention of the territory kept by the
// scope's structure, its parties among the territory's structures, and the
// journal entry, in one transaction.
func (s *Store) CreateAgreement(ctx context.Context, t scope.Territory, sc scope.Structure, a *partnership.Agreement, pdf []byte, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := s.writeParties(ctx, tx, tid, 0, a.Parties); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO agreements (territory_id, structure_id, object, partners, starts_on, ends_on, tacit_renewal, remind_days, remind_to,
			signed_pdf, signed_pdf_name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			tid, sid, a.Object, a.Partners, a.StartsOn, a.EndsOn, a.Tacit, a.RemindDays, store.NullInt(a.RemindTo),
			nullBytes(pdf), a.PDFName, store.DBTime(now)).Scan(&a.ID); err != nil {
			return err
		}
		if err := s.writeParties(ctx, tx, tid, a.ID, a.Parties); err != nil {
			return err
		}
		a.TerritoryID, a.StructureID, a.HasPDF = tid, sid, len(pdf) > 0
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// UpdateAgreement saves a convention of the territory; pdf replaces the
// signed PDF when not empty.
func (s *Store) UpdateAgreement(ctx context.Context, t scope.Territory, a partnership.Agreement, pdf []byte, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var sid int64
		err := tx.QueryRowContext(ctx, "SELECT structure_id FROM agreements WHERE id = $1 AND territory_id = $2", a.ID, tid).Scan(&sid)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		if err := s.writeParties(ctx, tx, tid, 0, a.Parties); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE agreements SET object = $2, partners = $3, starts_on = $4, ends_on = $5, tacit_renewal = $6, remind_days = $7,
			updated_at = $8 WHERE id = $1`, a.ID, a.Object, a.Partners, a.StartsOn, a.EndsOn, a.Tacit, a.RemindDays, store.DBTime(now)); err != nil {
			return err
		}
		if len(pdf) > 0 {
			if _, err := tx.ExecContext(ctx, "UPDATE agreements SET signed_pdf = $2, signed_pdf_name = $3 WHERE id = $1", a.ID, pdf, a.PDFName); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM agreement_parties WHERE agreement_id = $1", a.ID); err != nil {
			return err
		}
		if err := s.writeParties(ctx, tx, tid, a.ID, a.Parties); err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// writeParties checks the parties are structures of the territory, then
// records them when id is not 0.
func (s *Store) writeParties(ctx context.Context, tx *sql.Tx, tid, id int64, parties []partnership.Party) error {
	if id == 0 {
		ids := make([]int64, len(parties))
		for i, p := range parties {
			ids[i] = p.StructureID
		}
		return checkStructures(ctx, tx, tid, ids, "parties", "Choisissez des structures du territoire.")
	}
	for _, p := range parties {
		if _, err := tx.ExecContext(ctx, "INSERT INTO agreement_parties (agreement_id, structure_id) VALUES ($1, $2)", id, p.StructureID); err != nil {
			return err
		}
	}
	return nil
}

func nullBytes(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// Agreements lists the conventions the reach sees, ending soonest first.
func (s *Store) Agreements(ctx context.Context, r Reach) ([]partnership.Agreement, error) {
	return s.agreements(ctx, r, 0)
}

// Agreement returns one convention the reach sees.
func (s *Store) Agreement(ctx context.Context, r Reach, id int64) (partnership.Agreement, error) {
	list, err := s.agreements(ctx, r, id)
	if err != nil {
		return partnership.Agreement{}, err
	}
	if len(list) == 0 {
		return partnership.Agreement{}, apperr.NotFoundError()
	}
	return list[0], nil
}

func (s *Store) agreements(ctx context.Context, r Reach, id int64) ([]partnership.Agreement, error) {
	cond, args, err := r.agreementWhere(1)
	if err != nil {
		return nil, err
	}
	if id != 0 {
		cond += " AND a.id = " + arg(len(args)+1)
		args = append(args, id)
	}
	rows, err := s.Reader().QueryContext(ctx, "SELECT "+agreementColumns+" FROM agreements a WHERE "+cond+" ORDER BY a.ends_on, a.id", args...)
	if err != nil {
		return nil, err
	}
	var out []partnership.Agreement
	index := map[int64]int{}
	for rows.Next() {
		var a partnership.Agreement
		if err := rows.Scan(&a.ID, &a.TerritoryID, &a.StructureID, &a.Object, &a.Partners, &a.StartsOn, &a.EndsOn, &a.Tacit, &a.RemindDays,
			&a.RemindTo, &a.HasPDF, &a.PDFName, &a.CreatedAt, &a.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		index[a.ID] = len(out)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	prows, err := s.Reader().QueryContext(ctx, `SELECT p.agreement_id, p.structure_id, s.name FROM agreement_parties p
		JOIN structures s ON s.id = p.structure_id JOIN agreements a ON a.id = p.agreement_id WHERE `+cond+` ORDER BY s.name, s.id`, args...)
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		var aid int64
		var p partnership.Party
		if err := prows.Scan(&aid, &p.StructureID, &p.Name); err != nil {
			return nil, err
		}
		if i, ok := index[aid]; ok {
			out[i].Parties = append(out[i].Parties, p)
		}
	}
	return out, prows.Err()
}

// AgreementPDF returns the signed PDF of a convention the reach sees.
func (s *Store) AgreementPDF(ctx context.Context, r Reach, id int64) ([]byte, string, error) {
	cond, args, err := r.agreementWhere(2)
	if err != nil {
		return nil, "", err
	}
	var b []byte
	var name string
	err = s.Reader().QueryRowContext(ctx, "SELECT a.signed_pdf, a.signed_pdf_name FROM agreements a WHERE a.id = $1 AND a.signed_pdf IS NOT NULL AND "+cond,
		append([]any{id}, args...)...).Scan(&b, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.NotFoundError()
	}
	return b, name, err
}

// Reminded is a convention whose reminder may be due, with the address of
// the staff member who receives it.
type Reminded struct {
	partnership.Agreement
	Email string
}

// RemindedAgreements lists, across every territory, the conventions with
// the address of each staff member who receives their reminder: the one
// who recorded it, or once they left, every active coordinator of the
// structure that keeps it (a platform task: the reminders).
func (s *Store) RemindedAgreements(ctx context.Context) ([]Reminded, error) {
	rows, err := s.Reader().QueryContext(ctx, "SELECT "+agreementColumns+`, u.email FROM agreements a
		JOIN users u ON u.id = a.remind_to AND u.active
		UNION ALL
		SELECT `+agreementColumns+`, u.email FROM agreements a
		JOIN memberships m ON m.structure_id = a.structure_id AND m.role = 'coordination'
		JOIN users u ON u.id = m.user_id AND u.active
		WHERE NOT EXISTS (SELECT 1 FROM users r WHERE r.id = a.remind_to AND r.active)
		ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reminded
	for rows.Next() {
		var a Reminded
		if err := rows.Scan(&a.ID, &a.TerritoryID, &a.StructureID, &a.Object, &a.Partners, &a.StartsOn, &a.EndsOn, &a.Tacit, &a.RemindDays,
			&a.RemindTo, &a.HasPDF, &a.PDFName, &a.CreatedAt, &a.UpdatedAt, &a.Email); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// EnqueueReminder puts a reminder in the outbox of the structure that keeps
// the convention; its key makes it once per period: queued is false when
// it already was.
func (s *Store) EnqueueReminder(ctx context.Context, sc scope.Structure, m notify.Message, now time.Time) (queued bool, err error) {
	sid, err := sc.ID()
	if err != nil {
		return false, err
	}
	m.StructureID = sid
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE idempotency_key = $1", m.Key).Scan(&n); err != nil || n > 0 {
			return err
		}
		queued = true
		return store.InsertMessages(ctx, tx, []notify.Message{m}, now)
	})
	return queued, err
}
