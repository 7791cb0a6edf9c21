package itinerantstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

const serviceColumns = `v.id, v.structure_id, s.name, v.name, v.description, v.phone, v.created_at, v.updated_at`

const serviceFrom = ` FROM itinerant_services v JOIN structures s ON s.id = v.structure_id`

func scanService(r interface{ Scan(...any) error }) (itinerant.Service, error) {
	var v itinerant.Service
	err := r.Scan(&v.ID, &v.StructureID, &v.StructureName, &v.Name, &v.Description, &v.Phone, &v.CreatedAt, &v.UpdatedAt)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	return v, err
}

// CreateService records an itinerant service of the scope's structure.
func (s *Store) CreateService(ctx context.Context, sc scope.Structure, v *itinerant.Service, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	v.StructureID, v.CreatedAt, v.UpdatedAt = sid, now.UTC(), now.UTC()
	return s.Writer().QueryRowContext(ctx, `INSERT INTO itinerant_services (structure_id, name, description, phone, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, sid, v.Name, v.Description, v.Phone, store.DBTime(now)).Scan(&v.ID)
}

// UpdateService saves an itinerant service of the structure.
func (s *Store) UpdateService(ctx context.Context, sc scope.Structure, v *itinerant.Service, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, `UPDATE itinerant_services SET name = $3, description = $4, phone = $5, updated_at = $6 WHERE id = $1 AND structure_id = $2`,
		v.ID, sid, v.Name, v.Description, v.Phone, store.DBTime(now))
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// Service returns an itinerant service of the structure.
func (s *Store) Service(ctx context.Context, sc scope.Structure, id int64) (itinerant.Service, error) {
	sid, err := sc.ID()
	if err != nil {
		return itinerant.Service{}, err
	}
	v, err := scanService(s.Reader().QueryRowContext(ctx, "SELECT "+serviceColumns+serviceFrom+" WHERE v.id = $1 AND v.structure_id = $2", id, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return v, apperr.NotFoundError()
	}
	return v, err
}

// PublicService returns any itinerant service, for its public page: what
// it is and where it goes is public.
func (s *Store) PublicService(ctx context.Context, id int64) (itinerant.Service, error) {
	v, err := scanService(s.Reader().QueryRowContext(ctx, "SELECT "+serviceColumns+serviceFrom+" WHERE v.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, apperr.NotFoundError()
	}
	return v, err
}

// Services lists the structure's itinerant services by name.
func (s *Store) Services(ctx context.Context, sc scope.Structure) ([]itinerant.Service, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []itinerant.Service
	err = s.EachRow(ctx, "SELECT "+serviceColumns+serviceFrom+" WHERE v.structure_id = $1 ORDER BY v.name, v.id", []any{sid}, func(r *sql.Rows) error {
		v, err := scanService(r)
		out = append(out, v)
		return err
	})
	return out, err
}

const stopColumns = `t.id, t.service_id, v.name, t.structure_id, COALESCE(t.place_id, 0), COALESCE(p.nom, ''), t.address, t.insee_code, t.weekday, t.start_minute,
	t.end_minute, t.recurrence, t.nth, t.from_date, t.until_date, t.skip_holidays, COALESCE(t.permanence_id, 0), t.created_at, t.updated_at`

const stopFrom = ` FROM itinerant_stops t JOIN itinerant_services v ON v.id = t.service_id LEFT JOIN places p ON p.id = t.place_id`

func scanStop(r interface{ Scan(...any) error }) (itinerant.Stop, error) {
	var t itinerant.Stop
	var weekday int
	err := r.Scan(&t.ID, &t.ServiceID, &t.ServiceName, &t.StructureID, &t.PlaceID, &t.PlaceName, &t.Address, &t.InseeCode, &weekday, &t.Start, &t.End,
		&t.Recurrence, &t.Nth, &t.From, &t.Until, &t.SkipHolidays, &t.PermanenceID, &t.CreatedAt, &t.UpdatedAt)
	t.Weekday = time.Weekday(weekday)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	return t, err
}

// checkStop verifies, in the transaction, that the stop's service and
// permanence are the structure's, its place exists and its permanence is
// held there (a stop at an address takes no appointment); a stop at a place
// takes the place's commune.
func checkStop(ctx context.Context, tx *sql.Tx, sid int64, t *itinerant.Stop) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM itinerant_services WHERE id = $1 AND structure_id = $2", t.ServiceID, sid).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundError()
	}
	if t.PlaceID != 0 {
		var insee string
		err := tx.QueryRowContext(ctx, "SELECT code_insee FROM places WHERE id = $1", t.PlaceID).Scan(&insee)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Field("lieu", "Ce lieu n'est pas sur la carte : choisissez-en un dans la liste, ou écrivez une adresse.")
		}
		if err != nil {
			return err
		}
		if insee != "" {
			t.InseeCode = insee
		}
		if t.InseeCode == "" {
			return apperr.Field("code_insee", "Ce lieu n'a pas de code INSEE : saisissez celui de la commune de l'arrêt.")
		}
	}
	if t.PermanenceID != 0 {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM permanences WHERE id = $1 AND structure_id = $2 AND place_id = $3",
			t.PermanenceID, sid, t.PlaceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Field("permanence", "Choisissez une permanence de votre structure tenue au lieu de l'arrêt.")
		}
	}
	return nil
}

// CreateStop adds a stop to a service of the structure.
func (s *Store) CreateStop(ctx context.Context, sc scope.Structure, t *itinerant.Stop, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	t.StructureID, t.CreatedAt, t.UpdatedAt = sid, now.UTC(), now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := checkStop(ctx, tx, sid, t); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO itinerant_stops (service_id, structure_id, place_id, address, insee_code, weekday, start_minute, end_minute,
			recurrence, nth, from_date, until_date, skip_holidays, permanence_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			t.ServiceID, sid, store.NullInt(t.PlaceID), t.Address, t.InseeCode, int(t.Weekday), t.Start, t.End, t.Recurrence, t.Nth, t.From, t.Until,
			t.SkipHolidays, store.NullInt(t.PermanenceID), store.DBTime(now)).Scan(&t.ID)
	})
}

// UpdateStop saves a stop of the structure; its cancelled dates stay.
func (s *Store) UpdateStop(ctx context.Context, sc scope.Structure, t *itinerant.Stop, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := checkStop(ctx, tx, sid, t); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE itinerant_stops SET place_id = $4, address = $5, insee_code = $6, weekday = $7, start_minute = $8, end_minute = $9,
			recurrence = $10, nth = $11, from_date = $12, until_date = $13, skip_holidays = $14, permanence_id = $15, updated_at = $16
			WHERE id = $1 AND service_id = $2 AND structure_id = $3`,
			t.ID, t.ServiceID, sid, store.NullInt(t.PlaceID), t.Address, t.InseeCode, int(t.Weekday), t.Start, t.End, t.Recurrence, t.Nth, t.From, t.Until,
			t.SkipHolidays, store.NullInt(t.PermanenceID), store.DBTime(now))
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.NotFoundError()
		}
		return nil
	})
}

// DeleteStop removes a stop of the structure and its cancelled dates.
func (s *Store) DeleteStop(ctx context.Context, sc scope.Structure, id int64) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, "DELETE FROM itinerant_stops WHERE id = $1 AND structure_id = $2", id, sid)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// CancelStopDate cancels one date of a stop of the structure, with the
// reason residents see, or gives it back with restore. A stop that names a
// permanence cancels the permanence's date too, in the same transaction, so
// that no slot is offered that day.
func (s *Store) CancelStopDate(ctx context.Context, sc scope.Structure, id int64, date, reason string, restore bool, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var perm sql.NullInt64
		err := tx.QueryRowContext(ctx, "SELECT permanence_id FROM itinerant_stops WHERE id = $1 AND structure_id = $2", id, sid).Scan(&perm)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE itinerant_stops SET updated_at = $2 WHERE id = $1", id, store.DBTime(now)); err != nil {
			return err
		}
		if restore {
			if _, err := tx.ExecContext(ctx, "DELETE FROM itinerant_cancellations WHERE stop_id = $1 AND date = $2", id, date); err != nil {
				return err
			}
			if perm.Valid {
				_, err = tx.ExecContext(ctx, "DELETE FROM permanence_cancellations WHERE permanence_id = $1 AND date = $2", perm.Int64, date)
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO itinerant_cancellations (stop_id, date, reason) VALUES ($1, $2, $3)
			ON CONFLICT (stop_id, date) DO UPDATE SET reason = excluded.reason`, id, date, reason); err != nil {
			return err
		}
		if perm.Valid {
			_, err = tx.ExecContext(ctx, `INSERT INTO permanence_cancellations (permanence_id, date, reason) VALUES ($1, $2, $3)
				ON CONFLICT (permanence_id, date) DO UPDATE SET reason = excluded.reason`, perm.Int64, date, reason)
		}
		return err
	})
}

// StopFilter says which stops to list; the zero filter is refused.
type StopFilter struct {
	ServiceID int64
	InseeCode string // the stops in a commune
	PlaceID   int64  // the stops at a place
}

// Stops lists the stops of a service of the structure, with their
// cancelled dates, by weekday and time.
func (s *Store) Stops(ctx context.Context, sc scope.Structure, serviceID int64) ([]itinerant.Stop, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.stops(ctx, " WHERE t.structure_id = $1 AND t.service_id = $2", []any{sid, serviceID})
}

// Stop returns a stop of the structure with its cancelled dates.
func (s *Store) Stop(ctx context.Context, sc scope.Structure, id int64) (itinerant.Stop, error) {
	sid, err := sc.ID()
	if err != nil {
		return itinerant.Stop{}, err
	}
	list, err := s.stops(ctx, " WHERE t.structure_id = $1 AND t.id = $2", []any{sid, id})
	if err != nil {
		return itinerant.Stop{}, err
	}
	if len(list) == 0 {
		return itinerant.Stop{}, apperr.NotFoundError()
	}
	return list[0], nil
}

// PublicStops lists, for residents, the stops of any structure of one
// service, in one commune or at one place, still running on today.
func (s *Store) PublicStops(ctx context.Context, f StopFilter, today string) ([]itinerant.Stop, error) {
	var where []string
	args := []any{today}
	if f.ServiceID != 0 {
		args = append(args, f.ServiceID)
		where = append(where, "t.service_id = $2")
	}
	if f.InseeCode != "" {
		args = append(args, f.InseeCode)
		where = append(where, "t.insee_code = $"+itoa(len(args)))
	}
	if f.PlaceID != 0 {
		args = append(args, f.PlaceID)
		where = append(where, "t.place_id = $"+itoa(len(args)))
	}
	if len(where) == 0 {
		return nil, errors.New("itinerantstore: PublicStops needs a service, a commune or a place")
	}
	return s.stops(ctx, " WHERE (t.until_date = '' OR t.until_date >= $1) AND "+strings.Join(where, " AND "), args)
}

func itoa(n int) string { return strconv.Itoa(n) }

func (s *Store) stops(ctx context.Context, where string, args []any) ([]itinerant.Stop, error) {
	var out []itinerant.Stop
	index := map[int64]int{}
	err := s.EachRow(ctx, "SELECT "+stopColumns+stopFrom+where+" ORDER BY t.weekday, t.start_minute, t.id", args, func(r *sql.Rows) error {
		t, err := scanStop(r)
		index[t.ID] = len(out)
		out = append(out, t)
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = s.EachRow(ctx, "SELECT c.stop_id, c.date, c.reason FROM itinerant_cancellations c JOIN itinerant_stops t ON t.id = c.stop_id"+where+" ORDER BY c.date", args,
		func(r *sql.Rows) error {
			var id int64
			var c itinerant.Cancellation
			if err := r.Scan(&id, &c.Date, &c.Reason); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].Cancelled = append(out[i].Cancelled, c)
			}
			return nil
		})
	return out, err
}

// Motive is a motive residents may book online, as a stop or a place offers it.
type Motive struct {
	ID       int64
	Name     string
	Location string
	PlaceID  int64
}

// OnlineMotives lists the motives residents may book online in the given
// permanences, by name. Public data: the motives open online.
func (s *Store) OnlineMotives(ctx context.Context, permanenceID int64) ([]Motive, error) {
	var out []Motive
	err := s.EachRow(ctx, `SELECT m.id, m.name, m.location, p.place_id FROM permanence_motives pm JOIN agenda_motives m ON m.id = pm.motive_id
		JOIN permanences p ON p.id = pm.permanence_id
		WHERE pm.permanence_id = $1 AND m.bookable_by = 'tous' AND m.archived = FALSE ORDER BY m.name, m.id`, []any{permanenceID}, func(r *sql.Rows) error {
		var m Motive
		err := r.Scan(&m.ID, &m.Name, &m.Location, &m.PlaceID)
		out = append(out, m)
		return err
	})
	return out, err
}

// RemoteMotivesAt lists the motives residents may book online that are held
// at home or by video from permanences at the given places still running on
// today, once each, by name: a person who cannot travel finds them from the
// places near them. Public data: the motives open online.
func (s *Store) RemoteMotivesAt(ctx context.Context, placeIDs []int64, today string) ([]Motive, error) {
	if len(placeIDs) == 0 {
		return nil, nil
	}
	args := []any{today}
	marks := make([]string, len(placeIDs))
	for i, id := range placeIDs {
		args = append(args, id)
		marks[i] = "$" + itoa(i+2)
	}
	var out []Motive
	seen := map[int64]bool{}
	err := s.EachRow(ctx, `SELECT m.id, m.name, m.location, p.place_id FROM permanence_motives pm JOIN agenda_motives m ON m.id = pm.motive_id
		JOIN permanences p ON p.id = pm.permanence_id
		WHERE m.location IN ('domicile', 'visio') AND m.bookable_by = 'tous' AND m.archived = FALSE
		AND (p.until_date = '' OR p.until_date >= $1) AND p.place_id IN (`+strings.Join(marks, ", ")+`)
		ORDER BY m.name, m.id, p.place_id`, args, func(r *sql.Rows) error {
		var m Motive
		if err := r.Scan(&m.ID, &m.Name, &m.Location, &m.PlaceID); err != nil {
			return err
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m)
		}
		return nil
	})
	return out, err
}
