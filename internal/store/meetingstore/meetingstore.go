// Package meetingstore holds the SQL of the network meetings: the meetings
// a territory's coordination keeps, their invitations with the attendance,
// and their decisions.
package meetingstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Store reads and writes the meetings; the core's methods stay reachable
// through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the meetings store on the core store.
func New(s *store.Store) *Store { return &Store{s} }

// oneTerritory is the territory a scope names; the whole platform is not a
// territory with a network, and is refused.
func oneTerritory(t scope.Territory) (int64, error) {
	id, all, err := t.ID()
	switch {
	case err != nil:
		return 0, err
	case all:
		return 0, apperr.New(apperr.Conflict, "Les réunions sont celles du réseau d'un territoire : choisissez-en un.")
	}
	return id, nil
}

// resolveInvitations checks that every invited structure is of the
// territory and every staff member invited by name is listed in its
// directory, and fills each staff invitation's structure.
func resolveInvitations(ctx context.Context, tx *sql.Tx, tid int64, list []meeting.Invitation) error {
	var v apperr.Validation
	for i, in := range list {
		if in.UserID == 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM structures WHERE id = $1 AND territory_id = $2", in.StructureID, tid).Scan(&n); err != nil {
				return err
			}
			if n == 0 && !v.Has("structures") {
				v.Add("structures", "Choisissez des structures du territoire.")
			}
			continue
		}
		err := tx.QueryRowContext(ctx, `SELECT dl.structure_id FROM directory_listings dl JOIN structures s ON s.id = dl.structure_id
			WHERE dl.user_id = $1 AND s.territory_id = $2 ORDER BY dl.structure_id LIMIT 1`, in.UserID, tid).Scan(&list[i].StructureID)
		if errors.Is(err, sql.ErrNoRows) {
			if !v.Has("personnes") {
				v.Add("personnes", "Choisissez des professionnels inscrits dans l'annuaire du réseau.")
			}
			continue
		}
		if err != nil {
			return err
		}
	}
	return v.Err()
}

// Create records a meeting of the territory with its invitations, and
// journals it for the coordinating structure.
func (s *Store) Create(ctx context.Context, t scope.Territory, m *meeting.Meeting, j journal.Entry, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := resolveInvitations(ctx, tx, tid, m.Invitations); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO network_meetings (territory_id, structure_id, title, starts_at, ends_at, place_id, location, agenda,
			animation_type, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			tid, m.StructureID, m.Title, store.DBTime(m.Start), store.DBTime(m.End), store.NullInt(m.PlaceID), m.Location, m.Agenda, m.AnimationType, store.DBTime(now)).Scan(&m.ID); err != nil {
			return err
		}
		m.TerritoryID = tid
		if err := insertInvitations(ctx, tx, m.ID, m.Invitations, nil); err != nil {
			return err
		}
		e := j
		e.StructureID = m.StructureID
		return store.InsertJournal(ctx, tx, e, now)
	})
}

func insertInvitations(ctx context.Context, tx *sql.Tx, id int64, list []meeting.Invitation, kept map[[2]int64]meeting.Invitation) error {
	for _, in := range list {
		old := kept[[2]int64{in.StructureID, in.UserID}]
		if _, err := tx.ExecContext(ctx, `INSERT INTO network_meeting_invitations (meeting_id, structure_id, user_id, people, present, sent_sequence)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (meeting_id, structure_id, user_id) DO NOTHING`,
			id, in.StructureID, in.UserID, old.People, old.Present, old.SentSeq); err != nil {
			return err
		}
	}
	return nil
}

// Update saves a meeting's fields and invitations; the attendance and the
// sendings of the invitations kept stay. The sequence rises when the time
// or the place changes.
func (s *Store) Update(ctx context.Context, t scope.Territory, m *meeting.Meeting, j journal.Entry, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		old, err := s.meeting(ctx, tx, "m.id = $1 AND m.territory_id = $2", m.ID, tid)
		if err != nil {
			return err
		}
		if old.Cancelled() {
			return ErrCancelled
		}
		if err := resolveInvitations(ctx, tx, tid, m.Invitations); err != nil {
			return err
		}
		m.Sequence = old.Sequence
		if !old.Start.Equal(m.Start) || !old.End.Equal(m.End) || old.PlaceID != m.PlaceID || old.Location != m.Location {
			m.Sequence++
		}
		if _, err := tx.ExecContext(ctx, `UPDATE network_meetings SET title = $1, starts_at = $2, ends_at = $3, place_id = $4, location = $5, agenda = $6,
			animation_type = $7, sequence = $8, updated_at = $9 WHERE id = $10`,
			m.Title, store.DBTime(m.Start), store.DBTime(m.End), store.NullInt(m.PlaceID), m.Location, m.Agenda, m.AnimationType, m.Sequence, store.DBTime(now), m.ID); err != nil {
			return err
		}
		kept := map[[2]int64]meeting.Invitation{}
		for _, in := range old.Invitations {
			kept[[2]int64{in.StructureID, in.UserID}] = in
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM network_meeting_invitations WHERE meeting_id = $1", m.ID); err != nil {
			return err
		}
		if err := insertInvitations(ctx, tx, m.ID, m.Invitations, kept); err != nil {
			return err
		}
		e := j
		e.StructureID = old.StructureID
		return store.InsertJournal(ctx, tx, e, now)
	})
}

const meetingSelect = `SELECT m.id, m.territory_id, m.structure_id, m.title, m.starts_at, m.ends_at, COALESCE(m.place_id, 0), COALESCE(p.nom, ''), m.location,
	m.agenda, m.animation_type, m.minutes, m.sequence, m.attendance_at, m.cancelled_at, m.created_at, m.updated_at
	FROM network_meetings m LEFT JOIN places p ON p.id = m.place_id`

func scanMeeting(row interface{ Scan(...any) error }) (meeting.Meeting, error) {
	var m meeting.Meeting
	var at, cancelled sql.NullTime
	err := row.Scan(&m.ID, &m.TerritoryID, &m.StructureID, &m.Title, &m.Start, &m.End, &m.PlaceID, &m.PlaceName, &m.Location,
		&m.Agenda, &m.AnimationType, &m.Minutes, &m.Sequence, &at, &cancelled, &m.CreatedAt, &m.UpdatedAt)
	m.Start, m.End, m.CreatedAt, m.UpdatedAt, m.AttendanceAt = m.Start.UTC(), m.End.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC(), store.UTC(at)
	m.CancelledAt = store.UTC(cancelled)
	return m, err
}

// db is what both *sql.DB and *sql.Tx offer for reading.
type db interface {
	store.Querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// meeting reads one meeting with its invitations and decisions.
func (s *Store) meeting(ctx context.Context, db db, where string, args ...any) (meeting.Meeting, error) {
	m, err := scanMeeting(db.QueryRowContext(ctx, meetingSelect+" WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperr.NotFoundError()
	}
	if err != nil {
		return m, err
	}
	if m.Invitations, err = invitations(ctx, db, m.ID); err != nil {
		return m, err
	}
	if m.WalkIns, err = walkIns(ctx, db, m.ID); err != nil {
		return m, err
	}
	m.Decisions, err = decisions(ctx, db, m.ID)
	return m, err
}

func walkIns(ctx context.Context, db store.Querier, id int64) ([]meeting.WalkIn, error) {
	rows, err := db.QueryContext(ctx, `SELECT w.id, COALESCE(w.structure_id, 0), COALESCE(s.name, ''), w.user_id, COALESCE(u.name, ''), w.name, w.organization, w.people
		FROM network_meeting_walk_ins w LEFT JOIN structures s ON s.id = w.structure_id LEFT JOIN users u ON u.id = w.user_id AND w.user_id <> 0
		WHERE w.meeting_id = $1 ORDER BY w.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.WalkIn
	for rows.Next() {
		var w meeting.WalkIn
		if err := rows.Scan(&w.ID, &w.StructureID, &w.StructureName, &w.UserID, &w.UserName, &w.Name, &w.Organization, &w.People); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// AddWalkIn notes someone who came to a meeting of the territory without an
// invitation (meeting.Meeting.WalkIn checked it) and marks the attendance
// recorded, journaled for the coordinating structure, in one transaction:
// a structure must be of the territory, a staff member listed in its
// directory (its structure is the one it is listed for). A cancelled
// meeting takes none (ErrCancelled).
func (s *Store) AddWalkIn(ctx context.Context, t scope.Territory, m meeting.Meeting, w *meeting.WalkIn, j journal.Entry, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := s.attendanceTaken(ctx, tx, tid, m.ID, now); err != nil {
			return err
		}
		switch {
		case w.UserID != 0:
			err := tx.QueryRowContext(ctx, `SELECT dl.structure_id FROM directory_listings dl JOIN structures s ON s.id = dl.structure_id
				WHERE dl.user_id = $1 AND s.territory_id = $2 ORDER BY dl.structure_id LIMIT 1`, w.UserID, tid).Scan(&w.StructureID)
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.Field("collegue", "Choisissez un professionnel inscrit dans l'annuaire du réseau.")
			}
			if err != nil {
				return err
			}
		case w.StructureID != 0:
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM structures WHERE id = $1 AND territory_id = $2", w.StructureID, tid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("structure_venue", "Choisissez une structure du territoire.")
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO network_meeting_walk_ins (meeting_id, structure_id, user_id, name, organization, people, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, m.ID, store.NullInt(w.StructureID), w.UserID, w.Name, w.Organization, w.People, store.DBTime(now)).Scan(&w.ID); err != nil {
			return err
		}
		e := j
		e.StructureID = m.StructureID
		return store.InsertJournal(ctx, tx, e, now)
	})
}

// RemoveWalkIn withdraws someone noted by mistake among those who came
// without an invitation, journaled; a cancelled meeting changes no more.
func (s *Store) RemoveWalkIn(ctx context.Context, t scope.Territory, m meeting.Meeting, walkInID int64, j journal.Entry, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := s.attendanceTaken(ctx, tx, tid, m.ID, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM network_meeting_walk_ins WHERE id = $1 AND meeting_id = $2", walkInID, m.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundError()
		}
		e := j
		e.StructureID = m.StructureID
		return store.InsertJournal(ctx, tx, e, now)
	})
}

// attendanceTaken marks a meeting of the territory's attendance recorded
// now; a meeting not of the territory is not found, a cancelled one
// refused (ErrCancelled).
func (s *Store) attendanceTaken(ctx context.Context, tx *sql.Tx, tid, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, "UPDATE network_meetings SET attendance_at = $1, updated_at = $1 WHERE id = $2 AND territory_id = $3 AND cancelled_at IS NULL",
		store.DBTime(now), id, tid)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.meeting(ctx, tx, "m.id = $1 AND m.territory_id = $2", id, tid); err != nil {
			return err
		}
		return ErrCancelled
	}
	return nil
}

func invitations(ctx context.Context, db store.Querier, id int64) ([]meeting.Invitation, error) {
	rows, err := db.QueryContext(ctx, `SELECT i.structure_id, s.name, i.user_id, COALESCE(u.name, ''), COALESCE(u.email, ''), i.people, i.present, i.sent_sequence
		FROM network_meeting_invitations i JOIN structures s ON s.id = i.structure_id LEFT JOIN users u ON u.id = i.user_id AND i.user_id <> 0
		WHERE i.meeting_id = $1 ORDER BY CASE WHEN i.user_id = 0 THEN 0 ELSE 1 END, s.name, u.name, i.user_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Invitation
	for rows.Next() {
		var in meeting.Invitation
		if err := rows.Scan(&in.StructureID, &in.StructureName, &in.UserID, &in.UserName, &in.Email, &in.People, &in.Present, &in.SentSeq); err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

func decisions(ctx context.Context, db store.Querier, id int64) ([]meeting.Decision, error) {
	rows, err := db.QueryContext(ctx, `SELECT d.id, d.text, COALESCE(d.structure_id, 0), COALESCE(s.name, ''), d.due
		FROM network_meeting_decisions d LEFT JOIN structures s ON s.id = d.structure_id WHERE d.meeting_id = $1 ORDER BY d.position, d.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []meeting.Decision
	for rows.Next() {
		var d meeting.Decision
		if err := rows.Scan(&d.ID, &d.Text, &d.StructureID, &d.Structure, &d.Due); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Meeting returns a meeting of the territory.
func (s *Store) Meeting(ctx context.Context, t scope.Territory, id int64) (meeting.Meeting, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return meeting.Meeting{}, err
	}
	return s.meeting(ctx, s.Reader(), "m.id = $1 AND m.territory_id = $2", id, tid)
}

// invitedCondition keeps the meetings the structure is invited to, as a
// whole or through the user invited by name.
const invitedCondition = `m.id IN (SELECT i.meeting_id FROM network_meeting_invitations i WHERE i.structure_id = $1 AND (i.user_id = 0 OR i.user_id = $2))
	AND m.territory_id = (SELECT territory_id FROM structures WHERE id = $1)`

// InvitedMeeting returns a meeting the scope's structure, or the user
// acting for it, is invited to; any other is not found.
func (s *Store) InvitedMeeting(ctx context.Context, sc scope.Structure, userID, id int64) (meeting.Meeting, error) {
	sid, err := sc.ID()
	if err != nil {
		return meeting.Meeting{}, err
	}
	return s.meeting(ctx, s.Reader(), invitedCondition+" AND m.id = $3", sid, userID, id)
}

// List returns the territory's meetings, the next ones first then the past
// ones, newest first (invitations and decisions are not read).
func (s *Store) List(ctx context.Context, t scope.Territory) ([]meeting.Meeting, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, "m.territory_id = $1", tid)
}

// ListInvited returns the meetings the scope's structure, or the user
// acting for it, is invited to.
func (s *Store) ListInvited(ctx context.Context, sc scope.Structure, userID int64) ([]meeting.Meeting, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.list(ctx, invitedCondition, sid, userID)
}

func (s *Store) list(ctx context.Context, where string, args ...any) ([]meeting.Meeting, error) {
	var out []meeting.Meeting
	err := s.EachRow(ctx, meetingSelect+" WHERE "+where+" ORDER BY m.starts_at DESC, m.id DESC", args, func(rows *sql.Rows) error {
		m, err := scanMeeting(rows)
		out = append(out, m)
		return err
	})
	return out, err
}

// SetAttendance records the attendance on the meeting's invitations.
func (s *Store) SetAttendance(ctx context.Context, t scope.Territory, m meeting.Meeting, j journal.Entry, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE network_meetings SET attendance_at = $1, updated_at = $1 WHERE id = $2 AND territory_id = $3 AND cancelled_at IS NULL",
			store.DBTime(now), m.ID, tid)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := s.meeting(ctx, tx, "m.id = $1 AND m.territory_id = $2", m.ID, tid); err != nil {
				return err
			}
			return ErrCancelled
		}
		for _, in := range m.Invitations {
			if _, err := tx.ExecContext(ctx, "UPDATE network_meeting_invitations SET people = $1, present = $2 WHERE meeting_id = $3 AND structure_id = $4 AND user_id = $5",
				in.People, in.Present, m.ID, in.StructureID, in.UserID); err != nil {
				return err
			}
		}
		e := j
		e.StructureID = m.StructureID
		return store.InsertJournal(ctx, tx, e, now)
	})
}

// SetMinutes saves the minutes and replaces the decisions; each decision's
// structure must be of the territory.
func (s *Store) SetMinutes(ctx context.Context, t scope.Territory, m meeting.Meeting, j journal.Entry, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE network_meetings SET minutes = $1, updated_at = $2 WHERE id = $3 AND territory_id = $4", m.Minutes, store.DBTime(now), m.ID, tid)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.NotFoundError()
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM network_meeting_decisions WHERE meeting_id = $1", m.ID); err != nil {
			return err
		}
		for i, d := range m.Decisions {
			if d.StructureID != 0 {
				var n int
				if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM structures WHERE id = $1 AND territory_id = $2", d.StructureID, tid).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					return &apperr.Error{Code: apperr.Invalid, Message: "Le compte rendu n'est pas enregistré.",
						Fields: []apperr.FieldError{{Field: "structure_" + strconv.Itoa(d.Row), Message: "Choisissez une structure du territoire."}}}
				}
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO network_meeting_decisions (meeting_id, position, text, structure_id, due) VALUES ($1, $2, $3, $4, $5)",
				m.ID, i, d.Text, store.NullInt(d.StructureID), d.Due); err != nil {
				return err
			}
		}
		e := j
		e.StructureID = m.StructureID
		return store.InsertJournal(ctx, tx, e, now)
	})
}

// Recipient is one address an invitation goes to.
type Recipient struct {
	Email  string
	Update bool // the invitee already received the meeting: this is a change
}

// SendInvitations queues, in one transaction, the invitation of each
// invitee who has not received the meeting as it is now: a staff member
// invited by name at their account's address, a structure at the
// addresses of its staff listed in the network's directory (each address
// once). It returns how many messages were queued.
func (s *Store) SendInvitations(ctx context.Context, t scope.Territory, id int64, msg func(Recipient) notify.Message, now time.Time) (int, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.Write(ctx, func(tx *sql.Tx) error {
		n = 0
		m, err := s.meeting(ctx, tx, "m.id = $1 AND m.territory_id = $2", id, tid)
		if err != nil || m.Cancelled() {
			return err
		}
		sent := map[string]bool{}
		var msgs []notify.Message
		add := func(email string, update bool) {
			email = strings.ToLower(strings.TrimSpace(email))
			if email == "" || sent[email] {
				return
			}
			sent[email] = true
			msgs = append(msgs, msg(Recipient{Email: email, Update: update}))
		}
		for _, in := range m.Invitations {
			if in.SentSeq == m.Sequence+1 {
				continue
			}
			update := in.SentSeq > 0
			emails, err := addresses(ctx, tx, in)
			if err != nil {
				return err
			}
			for _, e := range emails {
				add(e, update)
			}
			if _, err := tx.ExecContext(ctx, "UPDATE network_meeting_invitations SET sent_sequence = $1 WHERE meeting_id = $2 AND structure_id = $3 AND user_id = $4",
				m.Sequence+1, m.ID, in.StructureID, in.UserID); err != nil {
				return err
			}
		}
		n = len(msgs)
		return store.InsertMessages(ctx, tx, msgs, now)
	})
	return n, err
}

// addresses are where an invitation's e-mails go: the staff member's
// account address, or the addresses of the structure's staff listed in the
// network's directory.
func addresses(ctx context.Context, tx *sql.Tx, in meeting.Invitation) ([]string, error) {
	if in.UserID != 0 {
		return []string{in.Email}, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT u.email FROM directory_listings dl JOIN users u ON u.id = dl.user_id
		WHERE dl.structure_id = $1 AND u.active ORDER BY u.email`, in.StructureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var emails []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		emails = append(emails, e)
	}
	return emails, rows.Err()
}

// ErrCancelled refuses to change a cancelled meeting.
var ErrCancelled = apperr.New(apperr.Conflict, "La réunion est annulée : elle ne prend plus de présences ni de changements.")

// ErrStarted refuses to cancel a meeting, or withdraw an invitation, once
// the meeting has begun.
var ErrStarted = apperr.New(apperr.Conflict, "La réunion a commencé : elle ne peut plus être annulée ni ses invitations retirées.")

// Cancellation builds the message that cancels the meeting for one
// address; the meeting given carries the cancellation's sequence.
type Cancellation func(m meeting.Meeting, email string) notify.Message

// openMeeting reads, in the transaction, a meeting that is neither
// cancelled nor begun.
func (s *Store) openMeeting(ctx context.Context, tx *sql.Tx, tid, id int64, now time.Time) (meeting.Meeting, error) {
	m, err := s.meeting(ctx, tx, "m.id = $1 AND m.territory_id = $2", id, tid)
	switch {
	case err != nil:
		return m, err
	case m.Cancelled():
		return m, ErrCancelled
	case m.Started(now):
		return m, ErrStarted
	}
	return m, nil
}

// cancellations are the messages, one per address, for the invitations
// already sent among list, leaving out the addresses in keep.
func cancellations(ctx context.Context, tx *sql.Tx, m meeting.Meeting, list []meeting.Invitation, keep map[string]bool, msg Cancellation) ([]notify.Message, error) {
	var msgs []notify.Message
	done := map[string]bool{}
	for _, in := range list {
		if in.SentSeq == 0 {
			continue
		}
		emails, err := addresses(ctx, tx, in)
		if err != nil {
			return nil, err
		}
		for _, e := range emails {
			e = strings.ToLower(strings.TrimSpace(e))
			if e == "" || done[e] || keep[e] {
				continue
			}
			done[e] = true
			msgs = append(msgs, msg(m, e))
		}
	}
	return msgs, nil
}

// Cancel cancels a meeting still to come and queues, in the same
// transaction, its cancellation to every address its invitation was sent
// to; the sequence rises so that calendars take the cancellation. It
// returns the meeting cancelled and how many messages were queued.
func (s *Store) Cancel(ctx context.Context, t scope.Territory, id int64, j journal.Entry, msg Cancellation, now time.Time) (meeting.Meeting, int, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return meeting.Meeting{}, 0, err
	}
	var m meeting.Meeting
	n := 0
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = s.openMeeting(ctx, tx, tid, id, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE network_meetings SET cancelled_at = $1, sequence = sequence + 1, updated_at = $1 WHERE id = $2",
			store.DBTime(now), m.ID); err != nil {
			return err
		}
		m.Sequence++
		m.CancelledAt = now.UTC()
		msgs, err := cancellations(ctx, tx, m, m.Invitations, nil, msg)
		if err != nil {
			return err
		}
		n = len(msgs)
		e := j
		e.StructureID = m.StructureID
		if err := store.InsertJournal(ctx, tx, e, now); err != nil {
			return err
		}
		return store.InsertMessages(ctx, tx, msgs, now)
	})
	return m, n, err
}

// RemoveInvitation withdraws one invitation of a meeting still to come (a
// structure: userID 0) and queues, in the same transaction, the
// cancellation to its addresses when the invitation was sent, except the
// addresses another invitation still covers. The sequence rises so that
// the cancellation outranks the invitation; the other invitees, already
// up to date, stay so and receive nothing.
func (s *Store) RemoveInvitation(ctx context.Context, t scope.Territory, id, structureID, userID int64, j journal.Entry, msg Cancellation, now time.Time) (meeting.Meeting, int, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return meeting.Meeting{}, 0, err
	}
	var m meeting.Meeting
	n := 0
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = s.openMeeting(ctx, tx, tid, id, now); err != nil {
			return err
		}
		var removed []meeting.Invitation
		var kept []meeting.Invitation
		for _, in := range m.Invitations {
			if in.StructureID == structureID && in.UserID == userID {
				removed = append(removed, in)
			} else {
				kept = append(kept, in)
			}
		}
		if len(removed) == 0 {
			return apperr.New(apperr.NotFound, "Cette invitation n'existe pas, ou a déjà été retirée.")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM network_meeting_invitations WHERE meeting_id = $1 AND structure_id = $2 AND user_id = $3",
			m.ID, structureID, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE network_meetings SET sequence = sequence + 1, updated_at = $1 WHERE id = $2", store.DBTime(now), m.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE network_meeting_invitations SET sent_sequence = sent_sequence + 1 WHERE meeting_id = $1 AND sent_sequence = $2",
			m.ID, m.Sequence+1); err != nil {
			return err
		}
		m.Sequence++
		keep := map[string]bool{}
		for _, in := range kept {
			if in.SentSeq == 0 {
				continue
			}
			emails, err := addresses(ctx, tx, in)
			if err != nil {
				return err
			}
			for _, e := range emails {
				keep[strings.ToLower(strings.TrimSpace(e))] = true
			}
		}
		msgs, err := cancellations(ctx, tx, m, removed, keep, msg)
		if err != nil {
			return err
		}
		n = len(msgs)
		e := j
		e.StructureID = m.StructureID
		if err := store.InsertJournal(ctx, tx, e, now); err != nil {
			return err
		}
		if err := store.InsertMessages(ctx, tx, msgs, now); err != nil {
			return err
		}
		m.Invitations = kept
		return nil
	})
	return m, n, err
}
