package agendastore

// Agenda: motives, permanences, staff absences, the agenda's
// signing secret and the staff members' calendar feed tokens.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// SettingAgendaSecret keys the secret that signs the links sent to residents.
const SettingAgendaSecret = "agenda_secret"

// AgendaSecret returns the secret that signs residents' links (their
// appointment, their registration, their opt-out), created on first use;
// two instances creating it together keep the first.
func (s *Store) AgendaSecret(ctx context.Context) ([]byte, error) {
	return s.Secret(ctx, SettingAgendaSecret)
}

// --- motives

const motiveSelect = `SELECT m.id, m.structure_id, s.name, m.name, m.duration, m.location, m.bookable_by, m.min_delay_hours, m.max_delay_days,
	m.instructions_before, m.instructions_after, m.discreet, m.archived, COALESCE(m.device_id, 0), m.created_at, m.updated_at
	FROM agenda_motives m JOIN structures s ON s.id = m.structure_id`

func scanMotive(row interface{ Scan(...any) error }) (agenda.Motive, error) {
	var m agenda.Motive
	err := row.Scan(&m.ID, &m.StructureID, &m.StructureName, &m.Name, &m.Duration, &m.Location, &m.BookableBy, &m.MinDelayHours, &m.MaxDelayDays,
		&m.InstructionsBefore, &m.InstructionsAfter, &m.Discreet, &m.Archived, &m.DeviceID, &m.CreatedAt, &m.UpdatedAt)
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, err
}

// CreateMotive saves a validated motive of the structure.
func (s *Store) CreateMotive(ctx context.Context, sc scope.Structure, m *agenda.Motive, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	m.StructureID = sid
	err = s.Writer().QueryRowContext(ctx, `INSERT INTO agenda_motives (structure_id, name, duration, location, bookable_by, min_delay_hours, max_delay_days,
		instructions_before, instructions_after, discreet, archived, created_at, updated_at, device_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id`,
		m.StructureID, m.Name, m.Duration, m.Location, m.BookableBy, m.MinDelayHours, m.MaxDelayDays,
		m.InstructionsBefore, m.InstructionsAfter, m.Discreet, m.Archived, store.DBTime(now), store.NullInt(m.DeviceID)).Scan(&m.ID)
	m.CreatedAt, m.UpdatedAt = now.UTC(), now.UTC()
	return err
}

// UpdateMotive saves a motive of the structure.
func (s *Store) UpdateMotive(ctx context.Context, sc scope.Structure, m *agenda.Motive, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	m.StructureID = sid
	res, err := s.Writer().ExecContext(ctx, `UPDATE agenda_motives SET name = $3, duration = $4, location = $5, bookable_by = $6, min_delay_hours = $7,
		max_delay_days = $8, instructions_before = $9, instructions_after = $10, discreet = $11, archived = $12, updated_at = $13, device_id = $14
		WHERE id = $1 AND structure_id = $2`,
		m.ID, m.StructureID, m.Name, m.Duration, m.Location, m.BookableBy, m.MinDelayHours, m.MaxDelayDays,
		m.InstructionsBefore, m.InstructionsAfter, m.Discreet, m.Archived, store.DBTime(now), store.NullInt(m.DeviceID))
	if err != nil {
		return err
	}
	if err := store.ExpectOne(res); err != nil {
		return err
	}
	m.UpdatedAt = now.UTC()
	return nil
}

func (s *Store) oneMotive(ctx context.Context, where string, args ...any) (agenda.Motive, error) {
	m, err := scanMotive(s.Reader().QueryRowContext(ctx, motiveSelect+" WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperr.NotFoundError()
	}
	return m, err
}

// Motive returns a motive of the structure.
func (s *Store) Motive(ctx context.Context, sc scope.Structure, id int64) (agenda.Motive, error) {
	sid, err := sc.ID()
	if err != nil {
		return agenda.Motive{}, err
	}
	return s.oneMotive(ctx, "m.id = $1 AND m.structure_id = $2", id, sid)
}

// MotiveOnline returns a motive residents may book on the public pages:
// open online and not archived, of any structure.
func (s *Store) MotiveOnline(ctx context.Context, id int64) (agenda.Motive, error) {
	return s.oneMotive(ctx, "m.id = $1 AND m.bookable_by = 'tous' AND m.archived = FALSE", id)
}

// MotiveOpenToPartners returns a motive that another structure of the
// territory than except opens to partners, not archived.
func (s *Store) MotiveOpenToPartners(ctx context.Context, t scope.Territory, except scope.Structure, id int64) (agenda.Motive, error) {
	where, args, err := partnerMotives(t, except)
	if err != nil {
		return agenda.Motive{}, err
	}
	return s.oneMotive(ctx, where+" AND m.id = $3", append(args, id)...)
}

// partnerMotives is the condition of the motives open to partners of a
// territory, except one structure's ($1 and $2).
func partnerMotives(t scope.Territory, except scope.Structure) (string, []any, error) {
	tid, all, err := t.ID()
	if err != nil {
		return "", nil, err
	}
	if all {
		return "", nil, errors.New("store: partner motives are of one territory")
	}
	sid, err := except.ID()
	if err != nil {
		return "", nil, err
	}
	return "s.territory_id = $1 AND m.structure_id <> $2 AND m.bookable_by IN ('partenaires', 'tous') AND m.archived = FALSE", []any{tid, sid}, nil
}

// ListMotives lists the structure's motives by name; archived ones only with includeArchived.
func (s *Store) ListMotives(ctx context.Context, sc scope.Structure, includeArchived bool) ([]agenda.Motive, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	where := "m.structure_id = $1"
	if !includeArchived {
		where += " AND m.archived = FALSE"
	}
	return s.listMotives(ctx, where, sid)
}

// MotivesOnline lists, for the public booking page, the motives of every
// structure that residents may book online, by structure then name.
func (s *Store) MotivesOnline(ctx context.Context) ([]agenda.Motive, error) {
	return s.listMotives(ctx, "m.bookable_by = 'tous' AND m.archived = FALSE")
}

// MotiveSitesOnline lists where the motives residents may book online are
// held: the places of their permanences still running on day ("2006-01-02"),
// by place name then motive name; placeID 0 means every place. Public data:
// the sites of public motives.
func (s *Store) MotiveSitesOnline(ctx context.Context, day string, placeID int64) ([]agenda.MotiveSite, error) {
	var out []agenda.MotiveSite
	where, args := "", []any{day}
	if placeID != 0 {
		where, args = " AND p.place_id = $2", append(args, placeID)
	}
	err := s.EachRow(ctx, `SELECT DISTINCT pm.motive_id, m.name, p.place_id, pl.nom, COALESCE(pl.code_postal, ''), COALESCE(pl.commune, '')
		FROM permanence_motives pm JOIN permanences p ON p.id = pm.permanence_id
		JOIN agenda_motives m ON m.id = pm.motive_id JOIN places pl ON pl.id = p.place_id
		WHERE m.bookable_by = 'tous' AND m.archived = FALSE AND (p.until_date = '' OR p.until_date >= $1)`+where+`
		ORDER BY pl.nom, p.place_id, m.name, pm.motive_id`, args, func(rows *sql.Rows) error {
		var ms agenda.MotiveSite
		err := rows.Scan(&ms.MotiveID, &ms.MotiveName, &ms.PlaceID, &ms.PlaceName, &ms.PostalCode, &ms.Commune)
		out = append(out, ms)
		return err
	})
	return out, err
}

// MotivesOpenToPartners lists the motives that the other structures of the
// territory than except open to partners, by structure then name.
func (s *Store) MotivesOpenToPartners(ctx context.Context, t scope.Territory, except scope.Structure) ([]agenda.Motive, error) {
	where, args, err := partnerMotives(t, except)
	if err != nil {
		return nil, err
	}
	return s.listMotives(ctx, where, args...)
}

func (s *Store) listMotives(ctx context.Context, where string, args ...any) ([]agenda.Motive, error) {
	var out []agenda.Motive
	err := s.EachRow(ctx, motiveSelect+" WHERE "+where+" ORDER BY s.name_key, s.id, m.name, m.id", args, func(rows *sql.Rows) error {
		m, err := scanMotive(rows)
		out = append(out, m)
		return err
	})
	return out, err
}

// --- permanences

const permanenceSelect = `SELECT p.id, p.structure_id, p.place_id, pl.nom, p.weekday, p.start_minute, p.end_minute, p.every_weeks,
	p.from_date, p.until_date, p.skip_holidays, p.mode, p.note, p.created_at, p.updated_at
	FROM permanences p JOIN places pl ON pl.id = p.place_id`

func scanPermanence(row interface{ Scan(...any) error }) (agenda.Permanence, error) {
	var p agenda.Permanence
	var wd int
	err := row.Scan(&p.ID, &p.StructureID, &p.PlaceID, &p.PlaceName, &wd, &p.Start, &p.End, &p.EveryWeeks,
		&p.From, &p.Until, &p.SkipHolidays, &p.Mode, &p.Note, &p.CreatedAt, &p.UpdatedAt)
	p.Weekday = time.Weekday(wd)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, err
}

func writePermanenceRelations(ctx context.Context, tx *sql.Tx, p *agenda.Permanence) error {
	for _, q := range []string{"DELETE FROM permanence_staff WHERE permanence_id = $1", "DELETE FROM permanence_motives WHERE permanence_id = $1"} {
		if _, err := tx.ExecContext(ctx, q, p.ID); err != nil {
			return err
		}
	}
	for i, u := range p.StaffIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO permanence_staff (permanence_id, user_id, position) VALUES ($1, $2, $3)", p.ID, u, i); err != nil {
			return err
		}
	}
	for _, m := range p.MotiveIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO permanence_motives (permanence_id, motive_id) VALUES ($1, $2)", p.ID, m); err != nil {
			return err
		}
	}
	return nil
}

// checkPermanenceRefs verifies that the site, staff members and motives
// belong to the structure; errors name the fields.
func checkPermanenceRefs(ctx context.Context, tx *sql.Tx, p *agenda.Permanence) error {
	var v apperr.Validation
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM places WHERE id = $1 AND structure_id = $2", p.PlaceID, p.StructureID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add("lieu", "Choisissez un lieu de votre structure.")
	}
	for _, u := range p.StaffIDs {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND structure_id = $2", u, p.StructureID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("agents", "Choisissez des personnes de votre structure.")
			break
		}
	}
	for _, m := range p.MotiveIDs {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM agenda_motives WHERE id = $1 AND structure_id = $2", m, p.StructureID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("motifs", "Choisissez des motifs de votre structure.")
			break
		}
	}
	return v.Err()
}

// CreatePermanence saves a validated permanence of the structure with its
// staff and motives.
func (s *Store) CreatePermanence(ctx context.Context, sc scope.Structure, p *agenda.Permanence, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	p.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := checkPermanenceRefs(ctx, tx, p); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO permanences (structure_id, place_id, weekday, start_minute, end_minute, every_weeks,
			from_date, until_date, skip_holidays, mode, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
			p.StructureID, p.PlaceID, int(p.Weekday), p.Start, p.End, p.EveryWeeks, p.From, p.Until, p.SkipHolidays, p.Mode, p.Note, store.DBTime(now)).Scan(&p.ID)
		if err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = now.UTC(), now.UTC()
		return writePermanenceRelations(ctx, tx, p)
	})
}

// UpdatePermanence saves a permanence of the structure. Appointments
// already booked stay: staff move or cancel them.
func (s *Store) UpdatePermanence(ctx context.Context, sc scope.Structure, p *agenda.Permanence, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	p.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := checkPermanenceRefs(ctx, tx, p); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE permanences SET place_id = $3, weekday = $4, start_minute = $5, end_minute = $6, every_weeks = $7,
			from_date = $8, until_date = $9, skip_holidays = $10, mode = $11, note = $12, updated_at = $13 WHERE id = $1 AND structure_id = $2`,
			p.ID, p.StructureID, p.PlaceID, int(p.Weekday), p.Start, p.End, p.EveryWeeks, p.From, p.Until, p.SkipHolidays, p.Mode, p.Note, store.DBTime(now))
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		p.UpdatedAt = now.UTC()
		return writePermanenceRelations(ctx, tx, p)
	})
}

// touchPermanence marks a permanence of the structure changed; NotFound
// when it is not the structure's.
func touchPermanence(ctx context.Context, tx *sql.Tx, structureID, id int64, now time.Time) error {
	res, err := tx.ExecContext(ctx, "UPDATE permanences SET updated_at = $3 WHERE id = $1 AND structure_id = $2", id, structureID, store.DBTime(now))
	if err != nil {
		return err
	}
	return store.ExpectOne(res)
}

// DeletePermanence removes a permanence of the structure that has no
// appointment to come.
func (s *Store) DeletePermanence(ctx context.Context, sc scope.Structure, id int64, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := touchPermanence(ctx, tx, sid, id, now); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appointments WHERE permanence_id = $1 AND start_at > $2 AND status = 'a_renseigner'`,
			id, store.DBTime(now)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return apperr.New(apperr.Invalid, fmt.Sprintf("Cette permanence a %d rendez-vous à venir : déplacez-les ou annulez-les d'abord, ou donnez-lui une date de fin.", n))
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM permanences WHERE id = $1 AND structure_id = $2", id, sid)
		return err
	})
}

// CancelPermanenceDate cancels (or, with restore, restores) one date of a
// permanence of the structure.
func (s *Store) CancelPermanenceDate(ctx context.Context, sc scope.Structure, id int64, date, reason string, restore bool, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := touchPermanence(ctx, tx, sid, id, now); err != nil {
			return err
		}
		if restore {
			_, err := tx.ExecContext(ctx, "DELETE FROM permanence_cancellations WHERE permanence_id = $1 AND date = $2", id, date)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO permanence_cancellations (permanence_id, date, reason) VALUES ($1, $2, $3)
			ON CONFLICT (permanence_id, date) DO UPDATE SET reason = excluded.reason`, id, date, reason)
		return err
	})
}

// Permanence returns a permanence of the structure with its staff, motives
// and cancelled dates.
func (s *Store) Permanence(ctx context.Context, sc scope.Structure, id int64) (agenda.Permanence, error) {
	sid, err := sc.ID()
	if err != nil {
		return agenda.Permanence{}, err
	}
	list, err := s.listPermanences(ctx, " WHERE p.id = $1 AND p.structure_id = $2", []any{id, sid})
	if err != nil {
		return agenda.Permanence{}, err
	}
	if len(list) == 0 {
		return agenda.Permanence{}, apperr.NotFoundError()
	}
	return list[0], nil
}

// PermanenceFilter narrows ListPermanences.
type PermanenceFilter struct {
	PlaceID int64           // one site; 0: every site of the structure
	Page    *store.SyncPage // a page of a synchronisation, by id; nil: by site, weekday and time
}

// ListPermanences lists a structure's permanences.
func (s *Store) ListPermanences(ctx context.Context, sc scope.Structure, f PermanenceFilter) ([]agenda.Permanence, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	args := []any{sid}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := []string{"p.structure_id = $1"}
	if f.PlaceID != 0 {
		where = append(where, "p.place_id = "+arg(f.PlaceID))
	}
	order := " ORDER BY pl.nom, p.place_id, (p.weekday + 6) % 7, p.start_minute, p.id"
	if f.Page != nil {
		where, order = f.Page.Where("p", where, arg)
	}
	return s.listPermanences(ctx, " WHERE "+strings.Join(where, " AND ")+order, args)
}

func (s *Store) listPermanences(ctx context.Context, where string, args []any) ([]agenda.Permanence, error) {
	var out []agenda.Permanence
	err := s.EachRow(ctx, permanenceSelect+where, args, func(rows *sql.Rows) error {
		p, err := scanPermanence(rows)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, s.loadPermanenceRelations(ctx, out)
}

// PlacePermanences lists the permanences held at a site, whoever holds
// them (the site's public calendar).
func (s *Store) PlacePermanences(ctx context.Context, placeID int64) ([]agenda.Permanence, error) {
	var structureID sql.NullInt64
	if err := s.Reader().QueryRowContext(ctx, "SELECT structure_id FROM places WHERE id = $1", placeID).Scan(&structureID); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.NotFoundError()
		}
		return nil, err
	}
	if !structureID.Valid {
		return nil, nil
	}
	return s.ListPermanences(ctx, scope.OfStructure(structureID.Int64), PermanenceFilter{PlaceID: placeID})
}

func (s *Store) loadPermanenceRelations(ctx context.Context, list []agenda.Permanence) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*agenda.Permanence, len(list))
	ids := make([]int64, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
		ids[i] = list[i].ID
	}
	for start := 0; start < len(ids); start += 500 {
		in, args := store.IDList(1, ids[start:min(len(ids), start+500)])
		err := s.EachRow(ctx, "SELECT ps.permanence_id, ps.user_id, u.name FROM permanence_staff ps JOIN users u ON u.id = ps.user_id WHERE ps.permanence_id IN ("+in+") ORDER BY ps.position, u.name", args,
			func(rows *sql.Rows) error {
				var pid, uid int64
				var name string
				if err := rows.Scan(&pid, &uid, &name); err != nil {
					return err
				}
				byID[pid].StaffIDs = append(byID[pid].StaffIDs, uid)
				byID[pid].StaffNames = append(byID[pid].StaffNames, name)
				return nil
			})
		if err != nil {
			return err
		}
		err = s.EachRow(ctx, "SELECT pm.permanence_id, pm.motive_id, m.name FROM permanence_motives pm JOIN agenda_motives m ON m.id = pm.motive_id WHERE pm.permanence_id IN ("+in+") ORDER BY m.name", args,
			func(rows *sql.Rows) error {
				var pid, mid int64
				var name string
				if err := rows.Scan(&pid, &mid, &name); err != nil {
					return err
				}
				byID[pid].MotiveIDs = append(byID[pid].MotiveIDs, mid)
				byID[pid].MotiveNames = append(byID[pid].MotiveNames, name)
				return nil
			})
		if err != nil {
			return err
		}
		err = s.EachRow(ctx, "SELECT permanence_id, date FROM permanence_cancellations WHERE permanence_id IN ("+in+") ORDER BY date", args,
			func(rows *sql.Rows) error {
				var pid int64
				var date string
				if err := rows.Scan(&pid, &date); err != nil {
					return err
				}
				byID[pid].Cancelled = append(byID[pid].Cancelled, date)
				return nil
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// --- absences

// CreateAbsence saves an absence of a member of the structure.
func (s *Store) CreateAbsence(ctx context.Context, sc scope.Structure, a *agenda.Absence, createdBy int64, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	a.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND structure_id = $2", a.UserID, a.StructureID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &apperr.Error{Code: apperr.Invalid, Message: "Personne inconnue.", Fields: []apperr.FieldError{{Field: "agent", Message: "Choisissez une personne de votre structure."}}}
		}
		a.CreatedAt = now.UTC()
		return tx.QueryRowContext(ctx, `INSERT INTO staff_absences (structure_id, user_id, start_at, end_at, reason, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, a.StructureID, a.UserID, store.DBTime(a.Start), store.DBTime(a.End), a.Reason, store.NullInt(createdBy), store.DBTime(now)).Scan(&a.ID)
	})
}

// DeleteAbsence removes an absence of the structure.
func (s *Store) DeleteAbsence(ctx context.Context, sc scope.Structure, id int64) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, "DELETE FROM staff_absences WHERE id = $1 AND structure_id = $2", id, sid)
	if err != nil {
		return err
	}
	return store.ExpectOne(res)
}

// ListAbsences lists a structure's absences that end after since.
func (s *Store) ListAbsences(ctx context.Context, sc scope.Structure, since time.Time) ([]agenda.Absence, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []agenda.Absence
	err = s.EachRow(ctx, `SELECT a.id, a.structure_id, a.user_id, u.name, a.start_at, a.end_at, a.reason, a.created_at
		FROM staff_absences a JOIN users u ON u.id = a.user_id WHERE a.structure_id = $1 AND a.end_at > $2 ORDER BY a.start_at, a.id`, []any{sid, store.DBTime(since)},
		func(rows *sql.Rows) error {
			var a agenda.Absence
			if err := rows.Scan(&a.ID, &a.StructureID, &a.UserID, &a.UserName, &a.Start, &a.End, &a.Reason, &a.CreatedAt); err != nil {
				return err
			}
			a.Start, a.End, a.CreatedAt = a.Start.UTC(), a.End.UTC(), a.CreatedAt.UTC()
			out = append(out, a)
			return nil
		})
	return out, err
}

// Busy returns what keeps each staff member busy between from and to:
// appointments that hold their slot, absences and the sessions of workshops
// they run, in every structure (a person busy in one structure is busy for
// all of them).
func (s *Store) Busy(ctx context.Context, staffIDs []int64, from, to time.Time) (map[int64][]agenda.Interval, error) {
	out := map[int64][]agenda.Interval{}
	if len(staffIDs) == 0 {
		return out, nil
	}
	in, args := store.IDList(3, staffIDs)
	args = append([]any{store.DBTime(from), store.DBTime(to)}, args...)
	for _, q := range []string{
		"SELECT staff_id, start_at, end_at FROM appointments WHERE staff_id IN (" + in + ") AND start_at < $2 AND end_at > $1 AND status NOT IN ('excuse', 'annule_service') AND device_id IS NULL",
		"SELECT user_id, start_at, end_at FROM staff_absences WHERE user_id IN (" + in + ") AND start_at < $2 AND end_at > $1",
		"SELECT w.staff_id, ws.start_at, ws.end_at FROM workshop_sessions ws JOIN workshops w ON w.id = ws.workshop_id WHERE w.staff_id IN (" + in + ") AND ws.start_at < $2 AND ws.end_at > $1",
	} {
		err := s.EachRow(ctx, q, args, func(rows *sql.Rows) error {
			var id int64
			var iv agenda.Interval
			if err := rows.Scan(&id, &iv.Start, &iv.End); err != nil {
				return err
			}
			out[id] = append(out[id], iv)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeviceBusy returns when a device at the public's disposal is booked
// between from and to.
func (s *Store) DeviceBusy(ctx context.Context, deviceID int64, from, to time.Time) ([]agenda.Interval, error) {
	var out []agenda.Interval
	err := s.EachRow(ctx, "SELECT start_at, end_at FROM appointments WHERE device_id = $1 AND start_at < $3 AND end_at > $2 AND status NOT IN ('excuse', 'annule_service')",
		[]any{deviceID, store.DBTime(from), store.DBTime(to)}, func(rows *sql.Rows) error {
			var iv agenda.Interval
			err := rows.Scan(&iv.Start, &iv.End)
			out = append(out, iv)
			return err
		})
	return out, err
}

// PublicDevice is a device of the structure at the public's disposal in one
// of its places.
type PublicDevice struct {
	equipment.Device
	PlaceName string
}

// PublicDevices lists the structure's devices at the public's disposal, by id.
func (s *Store) PublicDevices(ctx context.Context, sc scope.Structure) ([]PublicDevice, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []PublicDevice
	err = s.EachRow(ctx, `SELECT d.id, d.structure_id, d.kind, d.model, d.status, d.condition, d.public_place_id, p.nom FROM devices d
		JOIN places p ON p.id = d.public_place_id WHERE d.structure_id = $1 ORDER BY d.id`, []any{sid}, func(rows *sql.Rows) error {
		var d PublicDevice
		err := rows.Scan(&d.ID, &d.StructureID, &d.Kind, &d.Model, &d.Status, &d.Condition, &d.PublicPlaceID, &d.PlaceName)
		out = append(out, d)
		return err
	})
	return out, err
}

// PublicDevice returns a device of the structure at the public's disposal;
// another is not found.
func (s *Store) PublicDevice(ctx context.Context, sc scope.Structure, id int64) (PublicDevice, error) {
	list, err := s.PublicDevices(ctx, sc)
	for _, d := range list {
		if d.ID == id {
			return d, err
		}
	}
	if err == nil {
		err = apperr.NotFoundError()
	}
	return PublicDevice{}, err
}

// --- calendar feed tokens

// SetCalendarToken gives a member of the structure a new feed token (the
// old one stops working).
func (s *Store) SetCalendarToken(ctx context.Context, sc scope.Structure, userID int64, tokenHash string, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	_, err = s.Writer().ExecContext(ctx, `INSERT INTO calendar_tokens (user_id, structure_id, token_hash, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, structure_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`, userID, sid, tokenHash, store.DBTime(now))
	return err
}

// CalendarTokenOwner returns the user and structure of a feed token (the
// feed's secret address); the user must still be an active member of the
// structure.
func (s *Store) CalendarTokenOwner(ctx context.Context, tokenHash string) (userID, structureID int64, err error) {
	err = s.Reader().QueryRowContext(ctx, `SELECT t.user_id, t.structure_id FROM calendar_tokens t
		JOIN users u ON u.id = t.user_id AND u.active = TRUE
		JOIN memberships m ON m.user_id = t.user_id AND m.structure_id = t.structure_id
		WHERE t.token_hash = $1`, tokenHash).Scan(&userID, &structureID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, apperr.NotFoundError()
	}
	return userID, structureID, err
}

// CalendarTokenCreated says when the member's feed token was made (zero: none).
func (s *Store) CalendarTokenCreated(ctx context.Context, sc scope.Structure, userID int64) (time.Time, error) {
	sid, err := sc.ID()
	if err != nil {
		return time.Time{}, err
	}
	var t sql.NullTime
	err = s.Reader().QueryRowContext(ctx, "SELECT created_at FROM calendar_tokens WHERE user_id = $1 AND structure_id = $2", userID, sid).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return store.UTC(t), err
}
