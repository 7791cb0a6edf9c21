package store

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"
)

// PersonBooking is an appointment or a workshop registration of a person.
type PersonBooking struct {
	Appointment bool // false: a workshop registration
	At          time.Time
	Title       string // the motive or the workshop
	Status      string
}

// PersonBookings returns the appointments and workshop registrations of a
// person of the structure, oldest first, for the person's right of access.
func (s *Store) PersonBookings(ctx context.Context, sc scope.Structure, personID int64) ([]PersonBooking, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []PersonBooking
	for _, q := range []struct {
		appointment bool
		sql         string
	}{
		{true, "SELECT start_at, motive_name, status FROM appointments WHERE structure_id = $1 AND person_id = $2 ORDER BY start_at"},
		{false, `SELECT r.created_at, w.title, r.status FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id
			WHERE r.structure_id = $1 AND r.person_id = $2 ORDER BY r.created_at`},
	} {
		rows, err := s.r.QueryContext(ctx, q.sql, sid, personID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			b := PersonBooking{Appointment: q.appointment}
			if err := rows.Scan(&b.At, &b.Title, &b.Status); err != nil {
				rows.Close()
				return nil, err
			}
			b.At = b.At.UTC()
			out = append(out, b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
