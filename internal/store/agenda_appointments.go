package store

// Appointments. A booking inserts one appointment_blocks row per
// 5 minutes held by the staff member; the primary key (staff_id, block)
// refuses a second booking of any of those minutes in the database itself,
// so that two requests, or two Parcours processes, never give one slot twice.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/notify"
)

// ErrSlotTaken answers a booking of a slot someone else just took.
var ErrSlotTaken = apperr.New(apperr.Conflict, "Complet : ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez un autre créneau.")

// BlockMinutes is the grain of appointment_blocks.
const BlockMinutes = 5

const appointmentSelect = `SELECT a.id, a.structure_id, s.name, COALESCE(a.place_id, 0), COALESCE(pl.nom, ''), COALESCE(a.permanence_id, 0),
	COALESCE(a.motive_id, 0), a.motive_name, COALESCE(m.discreet, FALSE), a.location, COALESCE(a.staff_id, 0), COALESCE(u.name, ''),
	a.start_at, a.end_at, a.status, COALESCE(a.person_id, 0), a.name, a.phone, a.email, a.need, a.consent_wording, a.booked_via,
	COALESCE(a.booked_by_user, 0), COALESCE(a.booked_by_structure, 0), COALESCE(bs.name, ''), COALESCE(a.referral_id, 0),
	a.cancel_reason, a.cancelled_at, a.reminded_at, a.sequence, a.created_at, a.updated_at
	FROM appointments a
	JOIN structures s ON s.id = a.structure_id
	LEFT JOIN places pl ON pl.id = a.place_id
	LEFT JOIN agenda_motives m ON m.id = a.motive_id
	LEFT JOIN users u ON u.id = a.staff_id
	LEFT JOIN structures bs ON bs.id = a.booked_by_structure`

func scanAppointment(row interface{ Scan(...any) error }) (agenda.Appointment, error) {
	var a agenda.Appointment
	var cancelled, reminded sql.NullTime
	err := row.Scan(&a.ID, &a.StructureID, &a.StructureName, &a.PlaceID, &a.PlaceName, &a.PermanenceID,
		&a.MotiveID, &a.MotiveName, &a.MotiveDiscreet, &a.Location, &a.StaffID, &a.StaffName,
		&a.Start, &a.End, &a.Status, &a.PersonID, &a.Name, &a.Phone, &a.Email, &a.Need, &a.ConsentWording, &a.BookedVia,
		&a.BookedByUserID, &a.BookedByStructureID, &a.BookedByStructureName, &a.ReferralID,
		&a.CancelReason, &cancelled, &reminded, &a.Sequence, &a.CreatedAt, &a.UpdatedAt)
	a.Start, a.End, a.CreatedAt, a.UpdatedAt = a.Start.UTC(), a.End.UTC(), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.CancelledAt, a.RemindedAt = utc(cancelled), utc(reminded)
	return a, err
}

// insertBlocks holds the staff member's minutes of an appointment.
func insertBlocks(ctx context.Context, tx *sql.Tx, a *agenda.Appointment) error {
	first := a.Start.Unix() / (BlockMinutes * 60)
	last := (a.End.Unix() + BlockMinutes*60 - 1) / (BlockMinutes * 60)
	var b strings.Builder
	args := []any{a.StaffID, a.ID}
	b.WriteString("INSERT INTO appointment_blocks (staff_id, block, appointment_id) VALUES ")
	for blk := first; blk < last; blk++ {
		if blk > first {
			b.WriteString(", ")
		}
		args = append(args, blk)
		b.WriteString("($1, $" + strconv.Itoa(len(args)) + ", $2)")
	}
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		if isUniqueViolation(err) {
			return ErrSlotTaken
		}
		return err
	}
	return nil
}

// BookAppointment saves an appointment and holds its slot; it answers
// ErrSlotTaken when any of its minutes is already held by the staff member.
// msgs, called with the saved appointment, gives the messages recorded in
// the same transaction.
func (s *Store) BookAppointment(ctx context.Context, a *agenda.Appointment, msgs func(agenda.Appointment) []notify.Message, now time.Time) error {
	if a.StaffID == 0 || !a.End.After(a.Start) {
		return apperr.New(apperr.Invalid, "Créneau incomplet.")
	}
	if a.Status == "" {
		a.Status = agenda.StatusPending
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO appointments (structure_id, place_id, permanence_id, motive_id, motive_name, location, staff_id,
			start_at, end_at, status, person_id, name, phone, email, need, consent_wording, booked_via, booked_by_user, booked_by_structure,
			referral_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21) RETURNING id`,
			a.StructureID, nullInt(a.PlaceID), nullInt(a.PermanenceID), nullInt(a.MotiveID), a.MotiveName, a.Location, a.StaffID,
			ts(a.Start), ts(a.End), a.Status, nullInt(a.PersonID), a.Name, a.Phone, a.Email, a.Need, a.ConsentWording, a.BookedVia,
			nullInt(a.BookedByUserID), nullInt(a.BookedByStructureID), nullInt(a.ReferralID), ts(now)).Scan(&a.ID)
		if err != nil {
			return err
		}
		if !agenda.Freed(a.Status) {
			if err := insertBlocks(ctx, tx, a); err != nil {
				return err
			}
		}
		a.CreatedAt, a.UpdatedAt = now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
		if msgs != nil {
			return insertMessages(ctx, tx, msgs(*a), now)
		}
		return nil
	})
}

// Appointment returns an appointment of the structure.
func (s *Store) Appointment(ctx context.Context, structureID, id int64) (agenda.Appointment, error) {
	a, err := scanAppointment(s.r.QueryRowContext(ctx, appointmentSelect+" WHERE a.id = $1 AND a.structure_id = $2", id, structureID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.NotFoundError()
	}
	return a, err
}

// AppointmentAny returns any appointment, for a resident's signed link.
func (s *Store) AppointmentAny(ctx context.Context, id int64) (agenda.Appointment, error) {
	a, err := scanAppointment(s.r.QueryRowContext(ctx, appointmentSelect+" WHERE a.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.NotFoundError()
	}
	return a, err
}

// AppointmentFilter narrows ListAppointments; zero values mean "any".
type AppointmentFilter struct {
	StructureID         int64
	BookedByStructureID int64 // appointments a partner booked (in other structures)
	StaffID             int64
	PlaceID             int64
	From, To            time.Time // start in [From, To)
	ActiveOnly          bool
	Limit               int
}

// ListAppointments lists appointments by start. Either StructureID or
// BookedByStructureID must be set: no list crosses structures otherwise.
func (s *Store) ListAppointments(ctx context.Context, f AppointmentFilter) ([]agenda.Appointment, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	switch {
	case f.StructureID != 0:
		where = append(where, "a.structure_id = "+arg(f.StructureID))
		if f.BookedByStructureID != 0 {
			where = append(where, "a.booked_by_structure = "+arg(f.BookedByStructureID))
		}
	case f.BookedByStructureID != 0:
		where = append(where, "a.booked_by_structure = "+arg(f.BookedByStructureID), "a.structure_id <> a.booked_by_structure")
	default:
		return nil, errors.New("ListAppointments: no structure")
	}
	if f.StaffID != 0 {
		where = append(where, "a.staff_id = "+arg(f.StaffID))
	}
	if f.PlaceID != 0 {
		where = append(where, "a.place_id = "+arg(f.PlaceID))
	}
	if !f.From.IsZero() {
		where = append(where, "a.start_at >= "+arg(ts(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "a.start_at < "+arg(ts(f.To)))
	}
	if f.ActiveOnly {
		where = append(where, "a.status NOT IN ('excuse', 'annule_service')")
	}
	q := appointmentSelect + " WHERE " + strings.Join(where, " AND ") + " ORDER BY a.start_at, a.id"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agenda.Appointment
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CancelAppointment frees an appointment still to come: status is
// agenda.StatusExcused (the person cancels) or agenda.StatusCancelled (the
// service cancels). The scope is the structure that holds it or, with
// byBooker, the partner structure that booked it. msgs gives the messages
// recorded with the change.
func (s *Store) CancelAppointment(ctx context.Context, structureID int64, byBooker bool, id int64, status, reason string, msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
	var a agenda.Appointment
	if !agenda.Freed(status) {
		return a, errors.New("CancelAppointment: not a cancelling status")
	}
	scope := "structure_id"
	if byBooker {
		scope = "booked_by_structure"
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM appointments WHERE id = $1 AND "+scope+" = $2", id, structureID).Scan(&current); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundError()
			}
			return err
		}
		if current != agenda.StatusPending {
			if agenda.Freed(current) {
				return apperr.New(apperr.Invalid, "Ce rendez-vous est déjà annulé.")
			}
			return apperr.New(apperr.Invalid, "Ce rendez-vous a déjà eu lieu (statut « "+agenda.Label(agenda.Statuses, current)+" ») : il ne peut plus être annulé.")
		}
		res, err := tx.ExecContext(ctx, `UPDATE appointments SET status = $2, cancel_reason = $3, cancelled_at = $4, updated_at = $4, sequence = sequence + 1
			WHERE id = $1 AND status = 'a_renseigner'`, id, status, reason, ts(now))
		if err != nil {
			return err
		}
		if err := expectOne(res); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM appointment_blocks WHERE appointment_id = $1", id); err != nil {
			return err
		}
		if a, err = scanAppointment(tx.QueryRowContext(ctx, appointmentSelect+" WHERE a.id = $1", id)); err != nil {
			return err
		}
		if msgs != nil {
			return insertMessages(ctx, tx, msgs(a), now)
		}
		return nil
	})
	return a, err
}

// SetAppointmentStatus records what happened: à renseigner, présent,
// absent, or a freeing status (excusé, annulé par le service) that gives
// the slot back. A freed appointment keeps its status.
func (s *Store) SetAppointmentStatus(ctx context.Context, structureID, id int64, status string, now time.Time) (agenda.Appointment, error) {
	var a agenda.Appointment
	err := s.write(ctx, func(tx *sql.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM appointments WHERE id = $1 AND structure_id = $2", id, structureID).Scan(&current); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundError()
			}
			return err
		}
		if agenda.Freed(current) && current != status {
			return apperr.New(apperr.Invalid, "Ce rendez-vous est annulé : son créneau a été rendu, son statut ne change plus. Prenez un nouveau rendez-vous.")
		}
		var cancelled any
		if agenda.Freed(status) {
			cancelled = ts(now)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE appointments SET status = $2, cancelled_at = COALESCE(cancelled_at, $3), updated_at = $4 WHERE id = $1",
			id, status, cancelled, ts(now)); err != nil {
			return err
		}
		if agenda.Freed(status) {
			if _, err := tx.ExecContext(ctx, "DELETE FROM appointment_blocks WHERE appointment_id = $1", id); err != nil {
				return err
			}
		}
		var err error
		a, err = scanAppointment(tx.QueryRowContext(ctx, appointmentSelect+" WHERE a.id = $1", id))
		return err
	})
	return a, err
}

// MoveAppointment gives an appointment still to come a new slot (start,
// end, permanence, site, staff member); ErrSlotTaken when the new slot is
// taken, and then nothing changes.
func (s *Store) MoveAppointment(ctx context.Context, structureID int64, moved agenda.Appointment, msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
	var a agenda.Appointment
	err := s.write(ctx, func(tx *sql.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM appointments WHERE id = $1 AND structure_id = $2", moved.ID, structureID).Scan(&current); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundError()
			}
			return err
		}
		if current != agenda.StatusPending {
			return apperr.New(apperr.Invalid, "Seul un rendez-vous à venir peut être déplacé.")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM appointment_blocks WHERE appointment_id = $1", moved.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appointments SET start_at = $2, end_at = $3, permanence_id = $4, place_id = $5, staff_id = $6,
			reminded_at = NULL, sequence = sequence + 1, updated_at = $7 WHERE id = $1`,
			moved.ID, ts(moved.Start), ts(moved.End), nullInt(moved.PermanenceID), nullInt(moved.PlaceID), moved.StaffID, ts(now)); err != nil {
			return err
		}
		if err := insertBlocks(ctx, tx, &moved); err != nil {
			return err
		}
		var err error
		if a, err = scanAppointment(tx.QueryRowContext(ctx, appointmentSelect+" WHERE a.id = $1", moved.ID)); err != nil {
			return err
		}
		if msgs != nil {
			return insertMessages(ctx, tx, msgs(a), now)
		}
		return nil
	})
	return a, err
}

// DueAppointmentReminders lists appointments to remind: still to come,
// starting within before, not reminded yet, and booked earlier than before
// ahead of their start (the confirmation did the job otherwise).
func (s *Store) DueAppointmentReminders(ctx context.Context, now time.Time, before time.Duration, limit int) ([]agenda.Appointment, error) {
	rows, err := s.r.QueryContext(ctx, appointmentSelect+` WHERE a.status = 'a_renseigner' AND a.reminded_at IS NULL AND a.start_at > $1 AND a.start_at <= $2
		ORDER BY a.start_at, a.id LIMIT $3`, ts(now), ts(now.Add(before)), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []agenda.Appointment
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return nil, err
		}
		if a.Start.Sub(a.CreatedAt) > before {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// MarkAppointmentReminded records the reminder and its messages, once:
// of two instances, the one that marks it first records the messages.
func (s *Store) MarkAppointmentReminded(ctx context.Context, a agenda.Appointment, msgs []notify.Message, now time.Time) (bool, error) {
	done := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE appointments SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL AND status = 'a_renseigner' AND start_at = $3",
			a.ID, ts(now), ts(a.Start))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		done = true
		return insertMessages(ctx, tx, msgs, now)
	})
	return done, err
}

// AppointmentsOfStaff lists a staff member's appointments in a range (for
// their calendar feed); those that gave their slot back are left out.
func (s *Store) AppointmentsOfStaff(ctx context.Context, structureID, staffID int64, from, to time.Time) ([]agenda.Appointment, error) {
	return s.ListAppointments(ctx, AppointmentFilter{StructureID: structureID, StaffID: staffID, From: from, To: to, ActiveOnly: true})
}
