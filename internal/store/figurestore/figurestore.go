// Package figurestore reads what the dashboard and the bilans count
// beside the activity reports: the orientations, the evaluations and the
// autonomy reached over successive sessions, the workshops and the
// appointments of a structure or of a territory. It returns rows without
// names; the service tallies them.
package figurestore

import (
	"context"
	"database/sql"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Store reads the figures' rows.
type Store struct{ *store.Store }

// New returns the store.
func New(s *store.Store) *Store { return &Store{s} }

// Within is whose rows are read: one structure, or a territory's
// structures. Build it with OfStructure or OfTerritory.
type Within struct {
	structure scope.Structure
	territory scope.Territory
	wide      bool
}

// OfStructure reads one structure's rows.
func OfStructure(sc scope.Structure) Within { return Within{structure: sc} }

// OfTerritory reads the rows of a territory's structures.
func OfTerritory(t scope.Territory) Within { return Within{territory: t, wide: true} }

// cond is the condition on col, its arguments numbered from 1.
func (w Within) cond(col string) (string, []any, error) {
	if w.wide {
		return store.TerritoryCondition(w.territory, col, 1)
	}
	id, err := w.structure.ID()
	if err != nil {
		return "", nil, err
	}
	return col + " = $1", []any{id}, nil
}

// Period is a period's bounds as instants: [From, Until).
type Period struct{ From, Until time.Time }

// Referral is an orientation sent by a structure read.
type Referral struct {
	SenderID, ReceiverID int64 // ReceiverID 0: a place, not a structure
	ReceiverName         string
	State                string
	RefusalReasons       []string
	CreatedAt            time.Time
	ClosedAt             time.Time // zero while open
	Received             bool      // received by a structure read (structure's figures), not sent by it
}

// Referrals returns the orientations sent or received by the structures
// read and created in the period.
func (s *Store) Referrals(ctx context.Context, w Within, p Period) ([]Referral, error) {
	sent, args, err := w.cond("r.sender_structure_id")
	if err != nil {
		return nil, err
	}
	recv, _, _ := w.cond("r.receiver_structure_id")
	n := len(args)
	args = append(args, store.DBTime(p.From), store.DBTime(p.Until))
	q := `SELECT r.sender_structure_id, COALESCE(r.receiver_structure_id, 0), r.receiver_name, r.state, r.refusal_reasons, r.created_at, r.closed_at, ` +
		`CASE WHEN ` + sent + ` THEN FALSE ELSE TRUE END
		FROM referrals r WHERE (` + sent + ` OR ` + recv + `) AND r.created_at >= $` + store.Itoa(n+1) + ` AND r.created_at < $` + store.Itoa(n+2) + ` ORDER BY r.id`
	var out []Referral
	err = s.EachRow(ctx, q, args, func(rows *sql.Rows) error {
		var r Referral
		var reasons string
		var closed sql.NullTime
		if err := rows.Scan(&r.SenderID, &r.ReceiverID, &r.ReceiverName, &r.State, &reasons, &r.CreatedAt, &closed, &r.Received); err != nil {
			return err
		}
		r.RefusalReasons, r.CreatedAt = store.SplitList(reasons), r.CreatedAt.UTC()
		if closed.Valid {
			r.ClosedAt = closed.Time.UTC()
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// Evaluation is one evaluation of a person, in order for that person.
type Evaluation struct {
	ID        int64
	PersonID  int64
	Score     int
	CreatedAt time.Time
}

// Evaluations returns, for the persons evaluated in the period in the
// structures read, their evaluations made before the period's end, by
// person then time.
func (s *Store) Evaluations(ctx context.Context, w Within, p Period) ([]Evaluation, error) {
	cond, args, err := w.cond("e.structure_id")
	if err != nil {
		return nil, err
	}
	inner, _, _ := w.cond("v.structure_id")
	n := len(args)
	args = append(args, store.DBTime(p.From), store.DBTime(p.Until))
	f, u := "$"+store.Itoa(n+1), "$"+store.Itoa(n+2)
	var out []Evaluation
	err = s.EachRow(ctx, `SELECT e.id, e.person_id, e.score, e.created_at FROM evaluations e WHERE `+cond+` AND e.created_at < `+u+
		` AND e.person_id IN (SELECT v.person_id FROM evaluations v WHERE `+inner+` AND v.created_at >= `+f+` AND v.created_at < `+u+`)`+
		` ORDER BY e.person_id, e.created_at, e.id`, args, func(rows *sql.Rows) error {
		var e Evaluation
		if err := rows.Scan(&e.ID, &e.PersonID, &e.Score, &e.CreatedAt); err != nil {
			return err
		}
		e.CreatedAt = e.CreatedAt.UTC()
		out = append(out, e)
		return nil
	})
	return out, err
}

// Session is an individual session of a followed person.
type Session struct {
	PersonID int64
	Date     string
	Autonomy string
}

// IndividualSessions returns, for the followed persons with an individual
// session in the period (days YYYY-MM-DD, inclusive) in the structures
// read, their individual sessions up to the period's last day, by person
// then date: the rank of a session is its place in that order.
func (s *Store) IndividualSessions(ctx context.Context, w Within, from, to string) ([]Session, error) {
	cond, args, err := w.cond("a.structure_id")
	if err != nil {
		return nil, err
	}
	inner, _, _ := w.cond("b.structure_id")
	n := len(args)
	args = append(args, from, to)
	f, t := "$"+store.Itoa(n+1), "$"+store.Itoa(n+2)
	var out []Session
	err = s.EachRow(ctx, `SELECT a.person_id, a.date, a.autonomie FROM activities a WHERE `+cond+` AND a.type = 'individuel' AND a.person_id IS NOT NULL AND a.date <= `+t+
		` AND a.person_id IN (SELECT b.person_id FROM activities b WHERE `+inner+` AND b.type = 'individuel' AND b.person_id IS NOT NULL AND b.date >= `+f+` AND b.date <= `+t+`)`+
		` ORDER BY a.person_id, a.date, a.id`, args, func(rows *sql.Rows) error {
		var x Session
		if err := rows.Scan(&x.PersonID, &x.Date, &x.Autonomy); err != nil {
			return err
		}
		out = append(out, x)
		return nil
	})
	return out, err
}

// WorkshopSession is a workshop session of the period with its fill and
// attendance.
type WorkshopSession struct {
	WorkshopID, SessionID         int64
	Title                         string
	Start                         time.Time
	Capacity, Registered, Waiting int
	Present, Absent, WalkIns      int
	Marked                        bool // attendance taken
}

// WorkshopSessions returns the sessions of the structures' workshops that
// start in the period: capacity, registered and waiting persons of the
// workshop, and the attendance marked.
func (s *Store) WorkshopSessions(ctx context.Context, w Within, p Period) ([]WorkshopSession, error) {
	cond, args, err := w.cond("w.structure_id")
	if err != nil {
		return nil, err
	}
	n := len(args)
	args = append(args, store.DBTime(p.From), store.DBTime(p.Until))
	q := `SELECT w.id, ws.id, w.title, ws.start_at, w.capacity,
		(SELECT COUNT(*) FROM workshop_registrations r WHERE r.workshop_id = w.id AND r.status IN ('inscrit', 'offre')),
		(SELECT COUNT(*) FROM workshop_registrations r WHERE r.workshop_id = w.id AND r.status = 'attente'),
		(SELECT COUNT(*) FROM workshop_attendance t WHERE t.session_id = ws.id AND t.present),
		(SELECT COUNT(*) FROM workshop_attendance t WHERE t.session_id = ws.id AND NOT t.present),
		ws.walk_ins, ws.attendance_at IS NOT NULL
		FROM workshop_sessions ws JOIN workshops w ON w.id = ws.workshop_id
		WHERE ` + cond + ` AND ws.start_at >= $` + store.Itoa(n+1) + ` AND ws.start_at < $` + store.Itoa(n+2) + ` ORDER BY ws.id`
	var out []WorkshopSession
	err = s.EachRow(ctx, q, args, func(rows *sql.Rows) error {
		var x WorkshopSession
		if err := rows.Scan(&x.WorkshopID, &x.SessionID, &x.Title, &x.Start, &x.Capacity, &x.Registered, &x.Waiting, &x.Present, &x.Absent, &x.WalkIns, &x.Marked); err != nil {
			return err
		}
		x.Start = x.Start.UTC()
		out = append(out, x)
		return nil
	})
	return out, err
}

// AppointmentCount is how many appointments of a status at a place.
type AppointmentCount struct {
	Status    string
	Permanent bool // booked in a permanence
	N         int
}

// Appointments counts the appointments of the structures read that start
// in the period, by status and whether they were booked in a permanence.
func (s *Store) Appointments(ctx context.Context, w Within, p Period) ([]AppointmentCount, error) {
	cond, args, err := w.cond("ap.structure_id")
	if err != nil {
		return nil, err
	}
	n := len(args)
	args = append(args, store.DBTime(p.From), store.DBTime(p.Until))
	var out []AppointmentCount
	err = s.EachRow(ctx, `SELECT ap.status, ap.permanence_id IS NOT NULL, COUNT(*) FROM appointments ap WHERE `+cond+
		` AND ap.start_at >= $`+store.Itoa(n+1)+` AND ap.start_at < $`+store.Itoa(n+2)+` GROUP BY ap.status, ap.permanence_id IS NOT NULL ORDER BY 1, 2`, args,
		func(rows *sql.Rows) error {
			var x AppointmentCount
			if err := rows.Scan(&x.Status, &x.Permanent, &x.N); err != nil {
				return err
			}
			out = append(out, x)
			return nil
		})
	return out, err
}
