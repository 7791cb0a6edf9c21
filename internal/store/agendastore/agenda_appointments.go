package agendastore

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
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// ErrSlotTaken answers a booking of a slot someone else just took.
var ErrSlotTaken = apperr.New(apperr.Conflict, "Complet : ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez un autre créneau.")

// BlockMinutes is the grain of appointment_blocks.
const BlockMinutes = 5

const appointmentSelect = `SELECT a.id, a.structure_id, s.name, COALESCE(a.place_id, 0), COALESCE(pl.nom, ''), COALESCE(a.permanence_id, 0),
	COALESCE(a.motive_id, 0), a.motive_name, COALESCE(m.discreet, FALSE), a.location, COALESCE(a.staff_id, 0), COALESCE(u.name, ''),
	a.start_at, a.end_at, a.status, COALESCE(a.person_id, 0), a.name, a.phone, a.email, a.need, a.consent_wording, a.booked_via,
	COALESCE(a.booked_by_user, 0), COALESCE(a.booked_by_structure, 0), COALESCE(bs.name, ''), COALESCE(a.referral_id, 0),
	a.cancel_reason, a.cancelled_at, a.reminded_at, a.sequence, a.created_at, a.updated_at, a.language, COALESCE(a.device_id, 0)
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
		&a.CancelReason, &cancelled, &reminded, &a.Sequence, &a.CreatedAt, &a.UpdatedAt, &a.Language, &a.DeviceID)
	a.Start, a.End, a.CreatedAt, a.UpdatedAt = a.Start.UTC(), a.End.UTC(), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	a.CancelledAt, a.RemindedAt = store.UTC(cancelled), store.UTC(reminded)
	return a, err
}

// insertBlocks holds the staff member's minutes of an appointment, or the
// device's for a device at the public's disposal (keyed by the negated
// device id: a user id is never negative).
func insertBlocks(ctx context.Context, tx *sql.Tx, a *agenda.Appointment) error {
	first := a.Start.Unix() / (BlockMinutes * 60)
	last := (a.End.Unix() + BlockMinutes*60 - 1) / (BlockMinutes * 60)
	var b strings.Builder
	holder := a.StaffID
	if a.DeviceID != 0 {
		holder = -a.DeviceID
	}
	args := []any{holder, a.ID}
	b.WriteString("INSERT INTO appointment_blocks (staff_id, block, appointment_id) VALUES ")
	for blk := first; blk < last; blk++ {
		if blk > first {
			b.WriteString(", ")
		}
		args = append(args, blk)
		b.WriteString("($1, $" + strconv.Itoa(len(args)) + ", $2)")
	}
	if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
		if store.IsUniqueViolation(err) {
			return ErrSlotTaken
		}
		return err
	}
	return nil
}

// BookAppointment saves an appointment in the structure's agenda and holds
// its slot; it answers ErrSlotTaken when any of its minutes is already held
// by the staff member. msgs, called with the saved appointment, gives the
// messages recorded in the same transaction; j is journaled in the person's
// file when the appointment is for a person of the structure.
func (s *Store) BookAppointment(ctx context.Context, sc scope.Structure, a *agenda.Appointment, msgs func(agenda.Appointment) []notify.Message, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	a.StructureID = sid
	if a.StaffID == 0 || !a.End.After(a.Start) {
		return apperr.New(apperr.Invalid, "Créneau incomplet.")
	}
	if a.Status == "" {
		a.Status = agenda.StatusPending
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO appointments (structure_id, place_id, permanence_id, motive_id, motive_name, location, staff_id,
			start_at, end_at, status, person_id, name, phone, email, need, consent_wording, booked_via, booked_by_user, booked_by_structure,
			referral_id, created_at, updated_at, language, device_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $22, $23) RETURNING id`,
			a.StructureID, store.NullInt(a.PlaceID), store.NullInt(a.PermanenceID), store.NullInt(a.MotiveID), a.MotiveName, a.Location, a.StaffID,
			store.DBTime(a.Start), store.DBTime(a.End), a.Status, store.NullInt(a.PersonID), a.Name, a.Phone, a.Email, a.Need, a.ConsentWording, a.BookedVia,
			store.NullInt(a.BookedByUserID), store.NullInt(a.BookedByStructureID), store.NullInt(a.ReferralID), store.DBTime(now), store.ResidentLanguage(a.Language), store.NullInt(a.DeviceID)).Scan(&a.ID)
		if err != nil {
			return err
		}
		if !agenda.Freed(a.Status) {
			if err := insertBlocks(ctx, tx, a); err != nil {
				return err
			}
		}
		a.CreatedAt, a.UpdatedAt = now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
		if a.PersonID != 0 {
			j.StructureID, j.PersonID = sid, a.PersonID
			if err := store.InsertJournal(ctx, tx, j, now); err != nil {
				return err
			}
		}
		if msgs != nil {
			return store.InsertMessages(ctx, tx, msgs(*a), now)
		}
		return nil
	})
}

func (s *Store) oneAppointment(ctx context.Context, where string, args ...any) (agenda.Appointment, error) {
	a, err := scanAppointment(s.Reader().QueryRowContext(ctx, appointmentSelect+" WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.NotFoundError()
	}
	return a, err
}

// Appointment returns an appointment of the structure.
func (s *Store) Appointment(ctx context.Context, sc scope.Structure, id int64) (agenda.Appointment, error) {
	sid, err := sc.ID()
	if err != nil {
		return agenda.Appointment{}, err
	}
	return s.oneAppointment(ctx, "a.id = $1 AND a.structure_id = $2", id, sid)
}

// AppointmentForLink returns the appointment of a resident's signed link
// (their page, their opt-out), whatever its structure.
func (s *Store) AppointmentForLink(ctx context.Context, id int64) (agenda.Appointment, error) {
	return s.oneAppointment(ctx, "a.id = $1", id)
}

// Reservation returns an appointment that the booker structure booked in
// another structure's agenda.
func (s *Store) Reservation(ctx context.Context, booker scope.Structure, id int64) (agenda.Appointment, error) {
	bid, err := booker.ID()
	if err != nil {
		return agenda.Appointment{}, err
	}
	return s.oneAppointment(ctx, "a.id = $1 AND a.booked_by_structure = $2 AND a.structure_id <> $2", id, bid)
}

// Reservations lists the appointments that the booker structure booked in
// other structures' agendas, starting from from on, by start.
func (s *Store) Reservations(ctx context.Context, booker scope.Structure, from time.Time) ([]agenda.Appointment, error) {
	bid, err := booker.ID()
	if err != nil {
		return nil, err
	}
	return s.listAppointments(ctx, " WHERE a.booked_by_structure = $1 AND a.structure_id <> $1 AND a.start_at >= $2 ORDER BY a.start_at, a.id", bid, store.DBTime(from))
}

// AppointmentFilter narrows ListAppointments; zero values mean no condition.
type AppointmentFilter struct {
	StaffID    int64
	PlaceID    int64
	From, To   time.Time // start in [From, To)
	ActiveOnly bool
	Status     string // one status (agenda.Statuses)
	// Booked keeps the appointments booked in a permanence ("permanence")
	// or outside one ("hors_permanence"); empty: both.
	Booked string
	Page   *store.SyncPage // a page of a synchronisation, by id; nil: by start
}

// ListAppointments lists the appointments of the structure's agenda.
func (s *Store) ListAppointments(ctx context.Context, sc scope.Structure, f AppointmentFilter) ([]agenda.Appointment, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	args := []any{sid}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := []string{"a.structure_id = $1"}
	if f.StaffID != 0 {
		where = append(where, "a.staff_id = "+arg(f.StaffID))
	}
	if f.PlaceID != 0 {
		where = append(where, "a.place_id = "+arg(f.PlaceID))
	}
	if !f.From.IsZero() {
		where = append(where, "a.start_at >= "+arg(store.DBTime(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "a.start_at < "+arg(store.DBTime(f.To)))
	}
	if f.ActiveOnly {
		where = append(where, "a.status NOT IN ('excuse', 'annule_service')")
	}
	if f.Status != "" {
		where = append(where, "a.status = "+arg(f.Status))
	}
	switch f.Booked {
	case "permanence":
		where = append(where, "a.permanence_id IS NOT NULL")
	case "hors_permanence":
		where = append(where, "a.permanence_id IS NULL")
	}
	order := " ORDER BY a.start_at, a.id"
	if f.Page != nil {
		where, order = f.Page.Where("a", where, arg)
	}
	return s.listAppointments(ctx, " WHERE "+strings.Join(where, " AND ")+order, args...)
}

func (s *Store) listAppointments(ctx context.Context, where string, args ...any) ([]agenda.Appointment, error) {
	var out []agenda.Appointment
	err := s.EachRow(ctx, appointmentSelect+where, args, func(rows *sql.Rows) error {
		a, err := scanAppointment(rows)
		out = append(out, a)
		return err
	})
	return out, err
}

// CancelAppointment frees an appointment of the structure still to come:
// status is agenda.StatusExcused (the person cancels) or
// agenda.StatusCancelled (the service cancels). msgs gives the messages
// recorded with the change.
func (s *Store) CancelAppointment(ctx context.Context, sc scope.Structure, id int64, status, reason string, msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
	sid, err := sc.ID()
	if err != nil {
		return agenda.Appointment{}, err
	}
	return s.cancelAppointment(ctx, "structure_id = $2", sid, id, status, reason, msgs, now)
}

// CancelReservation frees, for the person, an appointment still to come
// that the booker structure booked in another structure's agenda (excusé).
func (s *Store) CancelReservation(ctx context.Context, booker scope.Structure, id int64, reason string, msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
	bid, err := booker.ID()
	if err != nil {
		return agenda.Appointment{}, err
	}
	return s.cancelAppointment(ctx, "booked_by_structure = $2 AND structure_id <> $2", bid, id, agenda.StatusExcused, reason, msgs, now)
}

func (s *Store) cancelAppointment(ctx context.Context, owner string, ownerID, id int64, status, reason string, msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
	var a agenda.Appointment
	if !agenda.Freed(status) {
		return a, errors.New("CancelAppointment: not a cancelling status")
	}
	err := s.Write(ctx, func(tx *sql.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM appointments WHERE id = $1 AND "+owner, id, ownerID).Scan(&current); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundError()
			}
			return err
		}
		if current != agenda.StatusPending {
			if agenda.Freed(current) {
				return apperr.New(apperr.Invalid, "Ce rendez-vous est déjà annulé.")
			}
			return apperr.New(apperr.Invalid, "Ce rendez-vous a déjà eu lieu (statut « "+agenda.Statuses.Label(current)+" ») : il ne peut plus être annulé.")
		}
		res, err := tx.ExecContext(ctx, `UPDATE appointments SET status = $2, cancel_reason = $3, cancelled_at = $4, updated_at = $4, sequence = sequence + 1
			WHERE id = $1 AND status = 'a_renseigner'`, id, status, reason, store.DBTime(now))
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM appointment_blocks WHERE appointment_id = $1", id); err != nil {
			return err
		}
		if a, err = scanAppointment(tx.QueryRowContext(ctx, appointmentSelect+" WHERE a.id = $1", id)); err != nil {
			return err
		}
		if msgs != nil {
			return store.InsertMessages(ctx, tx, msgs(a), now)
		}
		return nil
	})
	return a, err
}

// SetAppointmentStatus records what happened to an appointment of the
// structure: à renseigner, présent, absent, or a freeing status (excusé,
// annulé par le service) that gives the slot back. A freed appointment
// keeps its status.
func (s *Store) SetAppointmentStatus(ctx context.Context, sc scope.Structure, id int64, status string, now time.Time) (agenda.Appointment, error) {
	var a agenda.Appointment
	sid, err := sc.ID()
	if err != nil {
		return a, err
	}
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM appointments WHERE id = $1 AND structure_id = $2", id, sid).Scan(&current); err != nil {
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
			cancelled = store.DBTime(now)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE appointments SET status = $2, cancelled_at = COALESCE(cancelled_at, $3), updated_at = $4 WHERE id = $1",
			id, status, cancelled, store.DBTime(now)); err != nil {
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

// MoveAppointment gives an appointment of the structure still to come a new
// slot (start, end, permanence, site, staff member); ErrSlotTaken when the
// new slot is taken, and then nothing changes.
func (s *Store) MoveAppointment(ctx context.Context, sc scope.Structure, moved agenda.Appointment, msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
	var a agenda.Appointment
	sid, err := sc.ID()
	if err != nil {
		return a, err
	}
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var current string
		if err := tx.QueryRowContext(ctx, "SELECT status FROM appointments WHERE id = $1 AND structure_id = $2", moved.ID, sid).Scan(&current); err != nil {
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
			moved.ID, store.DBTime(moved.Start), store.DBTime(moved.End), store.NullInt(moved.PermanenceID), store.NullInt(moved.PlaceID), moved.StaffID, store.DBTime(now)); err != nil {
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
			return store.InsertMessages(ctx, tx, msgs(a), now)
		}
		return nil
	})
	return a, err
}

// DueAppointmentReminders lists appointments to remind: still to come,
// starting within before, not reminded yet, and booked earlier than before
// ahead of their start (the confirmation did the job otherwise).
func (s *Store) DueAppointmentReminders(ctx context.Context, now time.Time, before time.Duration, limit int) ([]agenda.Appointment, error) {
	list, err := s.listAppointments(ctx, ` WHERE a.status = 'a_renseigner' AND a.reminded_at IS NULL AND a.start_at > $1 AND a.start_at <= $2
		ORDER BY a.start_at, a.id LIMIT $3`, store.DBTime(now), store.DBTime(now.Add(before)), limit)
	var out []agenda.Appointment
	for _, a := range list {
		if a.Start.Sub(a.CreatedAt) > before {
			out = append(out, a)
		}
	}
	return out, err
}

// MarkAppointmentReminded records the reminder and its messages, once:
// of two instances, the one that marks it first records the messages.
func (s *Store) MarkAppointmentReminded(ctx context.Context, a agenda.Appointment, msgs []notify.Message, now time.Time) (bool, error) {
	done := false
	err := s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE appointments SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL AND status = 'a_renseigner' AND start_at = $3",
			a.ID, store.DBTime(now), store.DBTime(a.Start))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		done = true
		return store.InsertMessages(ctx, tx, msgs, now)
	})
	return done, err
}

// AppointmentsOfStaff lists a staff member's appointments in the
// structure's agenda in a range (for their calendar feed); those that gave
// their slot back are left out.
func (s *Store) AppointmentsOfStaff(ctx context.Context, sc scope.Structure, staffID int64, from, to time.Time) ([]agenda.Appointment, error) {
	return s.ListAppointments(ctx, sc, AppointmentFilter{StaffID: staffID, From: from, To: to, ActiveOnly: true})
}
