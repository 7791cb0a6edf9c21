package workshopstore

// Workshops: sessions, registrations, the waiting list and
// attendance. Every transaction that changes a workshop's registrations
// first bumps the workshop's lock_version: on PostgreSQL that row lock
// serializes them (SQLite has one writer anyway), and the seats themselves
// are taken by a conditional UPDATE (taken < capacity) that the table's
// CHECK backs up, so that no workshop ever goes over capacity.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

const workshopSelect = `SELECT w.id, w.structure_id, s.name, COALESCE(w.place_id, 0), COALESCE(pl.nom, ''),
	COALESCE(pl.adresse, ''), COALESCE(pl.code_postal, ''), COALESCE(pl.commune, ''), COALESCE(pl.horaires, ''), COALESCE(pl.telephone, ''),
	w.title, w.themes, w.level, w.description, w.audience, w.capacity, w.taken,
	(SELECT COUNT(*) FROM workshop_registrations r WHERE r.workshop_id = w.id AND r.status = 'attente'),
	w.pass_numerique, w.published, w.online_registration, COALESCE(w.staff_id, 0), COALESCE(u.name, ''), w.created_at, w.updated_at
	FROM workshops w JOIN structures s ON s.id = w.structure_id
	LEFT JOIN places pl ON pl.id = w.place_id
	LEFT JOIN users u ON u.id = w.staff_id`

func scanWorkshop(row interface{ Scan(...any) error }) (workshop.Workshop, error) {
	var w workshop.Workshop
	var themes, addr, cp, town string
	err := row.Scan(&w.ID, &w.StructureID, &w.StructureName, &w.PlaceID, &w.PlaceName, &addr, &cp, &town, &w.PlaceHours, &w.PlacePhone,
		&w.Title, &themes, &w.Level, &w.Description, &w.Audience, &w.Capacity, &w.Taken, &w.WaitingCount,
		&w.PassNumerique, &w.Published, &w.OnlineRegistration, &w.StaffID, &w.StaffName, &w.CreatedAt, &w.UpdatedAt)
	w.Themes = store.SplitList(themes)
	w.PlaceAddress = strings.TrimSpace(strings.TrimSpace(addr+", "+cp) + " " + town)
	w.PlaceAddress = strings.Trim(w.PlaceAddress, ", ")
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	return w, err
}

// checkWorkshopRefs verifies the site and the facilitator belong to the structure.
func checkWorkshopRefs(ctx context.Context, tx *sql.Tx, w *workshop.Workshop) error {
	var v apperr.Validation
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM places WHERE id = $1 AND structure_id = $2", w.PlaceID, w.StructureID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		v.Add("lieu", "Choisissez un lieu de votre structure.")
	}
	if w.StaffID != 0 {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND structure_id = $2", w.StaffID, w.StructureID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			v.Add("animateur", "Choisissez une personne de votre structure.")
		}
	}
	return v.Err()
}

func insertSession(ctx context.Context, tx *sql.Tx, workshopID int64, se *workshop.Session, now time.Time) error {
	se.WorkshopID, se.UpdatedAt = workshopID, now.UTC().Truncate(time.Microsecond)
	return tx.QueryRowContext(ctx, "INSERT INTO workshop_sessions (workshop_id, start_at, end_at, holiday_kept, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		workshopID, store.DBTime(se.Start), store.DBTime(se.End), se.HolidayKept, store.DBTime(now)).Scan(&se.ID)
}

// CreateWorkshop saves a validated workshop of the structure with its sessions.
func (s *Store) CreateWorkshop(ctx context.Context, sc scope.Structure, w *workshop.Workshop, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	w.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := checkWorkshopRefs(ctx, tx, w); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO workshops (structure_id, place_id, title, themes, level, description, audience, capacity, taken,
			pass_numerique, published, online_registration, staff_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $11, $12, $13, $13) RETURNING id`,
			w.StructureID, w.PlaceID, w.Title, store.JoinList(w.Themes), w.Level, w.Description, w.Audience, w.Capacity,
			w.PassNumerique, w.Published, w.OnlineRegistration, store.NullInt(w.StaffID), store.DBTime(now)).Scan(&w.ID)
		if err != nil {
			return err
		}
		for i := range w.Sessions {
			if err := insertSession(ctx, tx, w.ID, &w.Sessions[i], now); err != nil {
				return err
			}
		}
		w.CreatedAt, w.UpdatedAt = now.UTC(), now.UTC()
		return nil
	})
}

// lockWorkshop takes the workshop's row for the transaction, marks it
// changed and returns its seats; NotFound when the workshop is not the
// structure's.
func lockWorkshop(ctx context.Context, tx *sql.Tx, structureID, id int64, now time.Time) (taken, capacity int, err error) {
	err = tx.QueryRowContext(ctx, "UPDATE workshops SET lock_version = lock_version + 1, updated_at = $3 WHERE id = $1 AND structure_id = $2 RETURNING taken, capacity",
		id, structureID, store.DBTime(now)).Scan(&taken, &capacity)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, apperr.NotFoundError()
	}
	return taken, capacity, err
}

// OfferMessages gives the messages of a waiting-list offer; the workshop
// is read in the transaction, so that the callback needs no connection.
type OfferMessages func(w workshop.Workshop, offered workshop.Registration) []notify.Message

// UpdateWorkshop saves the description and capacity of a workshop of the
// structure; when the capacity grows, the freed seats are offered to the
// waiting list.
func (s *Store) UpdateWorkshop(ctx context.Context, sc scope.Structure, w *workshop.Workshop, offerDelay time.Duration, offers OfferMessages, now time.Time) ([]workshop.Registration, error) {
	var offered []workshop.Registration
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	w.StructureID = sid
	err = s.Write(ctx, func(tx *sql.Tx) error {
		taken, _, err := lockWorkshop(ctx, tx, w.StructureID, w.ID, now)
		if err != nil {
			return err
		}
		if w.Capacity < taken {
			return &apperr.Error{Code: apperr.Invalid, Message: "Certaines informations sont à corriger.", Fields: []apperr.FieldError{{Field: "places",
				Message: "Il y a déjà " + strconv.Itoa(taken) + " places prises : le nombre de places ne peut pas être plus petit."}}}
		}
		if err := checkWorkshopRefs(ctx, tx, w); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE workshops SET place_id = $2, title = $3, themes = $4, level = $5, description = $6, audience = $7,
			capacity = $8, pass_numerique = $9, published = $10, online_registration = $11, staff_id = $12, updated_at = $13 WHERE id = $1`,
			w.ID, w.PlaceID, w.Title, store.JoinList(w.Themes), w.Level, w.Description, w.Audience, w.Capacity,
			w.PassNumerique, w.Published, w.OnlineRegistration, store.NullInt(w.StaffID), store.DBTime(now)); err != nil {
			return err
		}
		for {
			r, ok, err := offerFreeSeat(ctx, tx, w.ID, offerDelay, offers, now)
			if err != nil || !ok {
				return err
			}
			offered = append(offered, r)
		}
	})
	return offered, err
}

// offerFreeSeat takes a free seat, if any, for the first person waiting.
func offerFreeSeat(ctx context.Context, tx *sql.Tx, workshopID int64, offerDelay time.Duration, offers OfferMessages, now time.Time) (workshop.Registration, bool, error) {
	var waiting int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM workshop_registrations WHERE workshop_id = $1 AND status = 'attente'", workshopID).Scan(&waiting); err != nil || waiting == 0 {
		return workshop.Registration{}, false, err
	}
	res, err := tx.ExecContext(ctx, "UPDATE workshops SET taken = taken + 1 WHERE id = $1 AND taken < capacity", workshopID)
	if err != nil {
		return workshop.Registration{}, false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return workshop.Registration{}, false, nil
	}
	return offerSeat(ctx, tx, workshopID, offerDelay, offers, now)
}

// offerSeat gives a seat already counted in taken to the first person
// waiting; with nobody waiting the seat is given back.
func offerSeat(ctx context.Context, tx *sql.Tx, workshopID int64, offerDelay time.Duration, offers OfferMessages, now time.Time) (workshop.Registration, bool, error) {
	r, err := scanRegistration(tx.QueryRowContext(ctx, `UPDATE workshop_registrations SET status = 'offre', offered_at = $2, offer_expires_at = $3, updated_at = $2
		WHERE id = (SELECT id FROM workshop_registrations WHERE workshop_id = $1 AND status = 'attente' ORDER BY id LIMIT 1) AND status = 'attente'
		RETURNING `+registrationColumns, workshopID, store.DBTime(now), store.DBTime(now.Add(offerDelay))))
	if errors.Is(err, sql.ErrNoRows) {
		_, err := tx.ExecContext(ctx, "UPDATE workshops SET taken = taken - 1 WHERE id = $1 AND taken > 0", workshopID)
		return workshop.Registration{}, false, err
	}
	if err != nil {
		return r, false, err
	}
	if offers != nil {
		w, err := scanWorkshop(tx.QueryRowContext(ctx, workshopSelect+" WHERE w.id = $1", workshopID))
		if err != nil {
			return r, false, err
		}
		list := []workshop.Workshop{w}
		if err := loadSessions(ctx, tx, list); err != nil {
			return r, false, err
		}
		if err := store.InsertMessages(ctx, tx, offers(list[0], r), now); err != nil {
			return r, false, err
		}
	}
	return r, true, nil
}

// Workshop returns a workshop of the structure with its sessions.
func (s *Store) Workshop(ctx context.Context, sc scope.Structure, id int64) (workshop.Workshop, error) {
	sid, err := sc.ID()
	if err != nil {
		return workshop.Workshop{}, err
	}
	return s.oneWorkshop(ctx, " WHERE w.id = $1 AND w.structure_id = $2", id, sid)
}

// PublishedWorkshop returns a workshop shown on the public programme.
func (s *Store) PublishedWorkshop(ctx context.Context, id int64) (workshop.Workshop, error) {
	return s.oneWorkshop(ctx, " WHERE w.id = $1 AND w.published = TRUE", id)
}

// WorkshopForLink returns the workshop of a resident's registration, whose
// signed link was checked, whatever its structure.
func (s *Store) WorkshopForLink(ctx context.Context, id int64) (workshop.Workshop, error) {
	return s.oneWorkshop(ctx, " WHERE w.id = $1", id)
}

func (s *Store) oneWorkshop(ctx context.Context, where string, args ...any) (workshop.Workshop, error) {
	w, err := scanWorkshop(s.Reader().QueryRowContext(ctx, workshopSelect+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return w, apperr.NotFoundError()
	}
	if err != nil {
		return w, err
	}
	list := []workshop.Workshop{w}
	if err := loadSessions(ctx, s.Reader(), list); err != nil {
		return w, err
	}
	return list[0], nil
}

// WorkshopFilter narrows ListWorkshops and PublishedWorkshops; zero values
// mean no condition.
type WorkshopFilter struct {
	EndsAfter    time.Time // workshops with a session ending after this time
	StartsBefore time.Time // workshops with a session starting before this time
	Level        string
	Theme        string
	Audience     string
	StaffID      int64
	PlaceID      int64
	Page         *store.SyncPage // a page of a synchronisation, by id; nil: by first session
}

// ListWorkshops lists the structure's workshops with their sessions.
func (s *Store) ListWorkshops(ctx context.Context, sc scope.Structure, f WorkshopFilter) ([]workshop.Workshop, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.listWorkshops(ctx, []string{"w.structure_id = $1"}, []any{sid}, f)
}

// PublishedFilter narrows the public programme to a structure or to the
// structures of a territory (0: every structure publishing).
type PublishedFilter struct {
	StructureID int64
	TerritoryID int64
	WorkshopFilter
}

// PublishedWorkshops lists the workshops on the public programme, of every
// structure unless f narrows it.
func (s *Store) PublishedWorkshops(ctx context.Context, f PublishedFilter) ([]workshop.Workshop, error) {
	where, args := []string{"w.published = TRUE"}, []any{}
	if f.StructureID != 0 {
		args = append(args, f.StructureID)
		where = append(where, "w.structure_id = $"+strconv.Itoa(len(args)))
	}
	if f.TerritoryID != 0 {
		args = append(args, f.TerritoryID)
		where = append(where, "s.territory_id = $"+strconv.Itoa(len(args)))
	}
	return s.listWorkshops(ctx, where, args, f.WorkshopFilter)
}

func (s *Store) listWorkshops(ctx context.Context, where []string, args []any, f WorkshopFilter) ([]workshop.Workshop, error) {
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if !f.EndsAfter.IsZero() {
		where = append(where, "EXISTS (SELECT 1 FROM workshop_sessions x WHERE x.workshop_id = w.id AND x.end_at > "+arg(store.DBTime(f.EndsAfter))+")")
	}
	if !f.StartsBefore.IsZero() {
		where = append(where, "EXISTS (SELECT 1 FROM workshop_sessions x WHERE x.workshop_id = w.id AND x.start_at < "+arg(store.DBTime(f.StartsBefore))+")")
	}
	if f.Level != "" {
		where = append(where, "w.level = "+arg(f.Level))
	}
	if f.Audience != "" {
		where = append(where, "w.audience = "+arg(f.Audience))
	}
	if f.Theme != "" {
		where = append(where, "('|' || w.themes || '|') LIKE "+arg("%|"+store.EscapeLike(f.Theme)+"|%")+" ESCAPE '\\'")
	}
	if f.StaffID != 0 {
		where = append(where, "w.staff_id = "+arg(f.StaffID))
	}
	if f.PlaceID != 0 {
		where = append(where, "w.place_id = "+arg(f.PlaceID))
	}
	order := " ORDER BY (SELECT MIN(x.start_at) FROM workshop_sessions x WHERE x.workshop_id = w.id), w.id"
	if f.Page != nil {
		where, order = f.Page.Where("w", where, arg)
	}
	var out []workshop.Workshop
	err := s.EachRow(ctx, workshopSelect+" WHERE "+strings.Join(where, " AND ")+order, args, func(rows *sql.Rows) error {
		w, err := scanWorkshop(rows)
		out = append(out, w)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, loadSessions(ctx, s.Reader(), out)
}

const sessionColumns = "id, workshop_id, start_at, end_at, walk_ins, attendance_at, COALESCE(activity_id, 0), reminded_at, holiday_kept, updated_at"

func scanSession(row interface{ Scan(...any) error }) (workshop.Session, error) {
	var se workshop.Session
	var att, rem sql.NullTime
	err := row.Scan(&se.ID, &se.WorkshopID, &se.Start, &se.End, &se.WalkIns, &att, &se.ActivityID, &rem, &se.HolidayKept, &se.UpdatedAt)
	se.Start, se.End, se.AttendanceAt, se.RemindedAt, se.UpdatedAt = se.Start.UTC(), se.End.UTC(), store.UTC(att), store.UTC(rem), se.UpdatedAt.UTC()
	return se, err
}

func loadSessions(ctx context.Context, db store.Querier, list []workshop.Workshop) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*workshop.Workshop, len(list))
	ids := make([]int64, len(list))
	for i := range list {
		byID[list[i].ID] = &list[i]
		ids[i] = list[i].ID
	}
	for start := 0; start < len(ids); start += 500 {
		in, args := store.IDList(1, ids[start:min(len(ids), start+500)])
		rows, err := db.QueryContext(ctx, "SELECT "+sessionColumns+" FROM workshop_sessions WHERE workshop_id IN ("+in+") ORDER BY start_at, id", args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			se, err := scanSession(rows)
			if err != nil {
				rows.Close()
				return err
			}
			w := byID[se.WorkshopID]
			w.Sessions = append(w.Sessions, se)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// AddSession adds a session to a workshop of the structure.
func (s *Store) AddSession(ctx context.Context, sc scope.Structure, workshopID int64, se *workshop.Session, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, _, err := lockWorkshop(ctx, tx, sid, workshopID, now); err != nil {
			return err
		}
		return insertSession(ctx, tx, workshopID, se, now)
	})
}

// DeleteSession removes a session of a workshop of the structure whose
// attendance was not recorded.
func (s *Store) DeleteSession(ctx context.Context, sc scope.Structure, workshopID, sessionID int64, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, _, err := lockWorkshop(ctx, tx, sid, workshopID, now); err != nil {
			return err
		}
		var recorded bool
		err := tx.QueryRowContext(ctx, "SELECT attendance_at IS NOT NULL FROM workshop_sessions WHERE id = $1 AND workshop_id = $2", sessionID, workshopID).Scan(&recorded)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		if recorded {
			return apperr.New(apperr.Invalid, "Les présences de cette séance sont enregistrées : elle ne peut plus être supprimée.")
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM workshop_sessions WHERE id = $1", sessionID)
		return err
	})
}

// Session returns a session of a workshop of the structure.
func (s *Store) Session(ctx context.Context, sc scope.Structure, workshopID, sessionID int64) (workshop.Session, error) {
	sid, err := sc.ID()
	if err != nil {
		return workshop.Session{}, err
	}
	se, err := scanSession(s.Reader().QueryRowContext(ctx, "SELECT "+sessionColumns+` FROM workshop_sessions
		WHERE id = $1 AND workshop_id = $2 AND workshop_id IN (SELECT id FROM workshops WHERE structure_id = $3)`, sessionID, workshopID, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return se, apperr.NotFoundError()
	}
	return se, err
}

// SessionWorkshop returns the workshop of a session of the structure.
func (s *Store) SessionWorkshop(ctx context.Context, sc scope.Structure, sessionID int64) (int64, error) {
	sid, err := sc.ID()
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.Reader().QueryRowContext(ctx, "SELECT ws.workshop_id FROM workshop_sessions ws JOIN workshops w ON w.id = ws.workshop_id WHERE ws.id = $1 AND w.structure_id = $2",
		sessionID, sid).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundError()
	}
	return id, err
}

// --- registrations

const registrationColumns = `id, workshop_id, structure_id, COALESCE(person_id, 0), name, phone, email, status, booked_via,
	COALESCE(booked_by_user, 0), consent_wording, offered_at, offer_expires_at, cancelled_at, created_at, updated_at, language`

func scanRegistration(row interface{ Scan(...any) error }) (workshop.Registration, error) {
	var r workshop.Registration
	var offered, expires, cancelled sql.NullTime
	err := row.Scan(&r.ID, &r.WorkshopID, &r.StructureID, &r.PersonID, &r.Name, &r.Phone, &r.Email, &r.Status, &r.BookedVia,
		&r.BookedByUserID, &r.ConsentWording, &offered, &expires, &cancelled, &r.CreatedAt, &r.UpdatedAt, &r.Language)
	r.OfferedAt, r.OfferExpiresAt, r.CancelledAt, r.CreatedAt, r.UpdatedAt = store.UTC(offered), store.UTC(expires), store.UTC(cancelled), r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
}

// RegistrationMessages gives the messages recorded with a registration.
type RegistrationMessages func(workshop.Registration) []notify.Message

// Register gives a seat in a workshop of the structure, or with waitIfFull a
// place on the waiting list when the workshop is full; workshop.ErrFull
// otherwise. The same person cannot be registered twice (Conflict). j is
// journaled in the person's file when the registration is for a person of
// the structure.
func (s *Store) Register(ctx context.Context, sc scope.Structure, r *workshop.Registration, waitIfFull bool, msgs RegistrationMessages, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	r.StructureID = sid
	if r.Status == "" {
		r.Status = workshop.Registered
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		taken, capacity, err := lockWorkshop(ctx, tx, r.StructureID, r.WorkshopID, now)
		if err != nil {
			return err
		}
		r.Status = workshop.Waiting
		if taken < capacity {
			res, err := tx.ExecContext(ctx, "UPDATE workshops SET taken = taken + 1 WHERE id = $1 AND taken < capacity", r.WorkshopID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				r.Status = workshop.Registered
			}
		}
		if r.Status == workshop.Waiting && !waitIfFull {
			return workshop.ErrFull
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO workshop_registrations (workshop_id, structure_id, person_id, name, phone, email, dedup_key, status,
			booked_via, booked_by_user, consent_wording, created_at, updated_at, language)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13) RETURNING id`,
			r.WorkshopID, r.StructureID, store.NullInt(r.PersonID), r.Name, r.Phone, r.Email, workshop.DedupKey(r.PersonID, r.Name, r.Phone, r.Email),
			r.Status, r.BookedVia, store.NullInt(r.BookedByUserID), r.ConsentWording, store.DBTime(now), store.ResidentLanguage(r.Language)).Scan(&r.ID)
		if store.IsUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "Cette personne est déjà inscrite à cet atelier, ou sur sa liste d'attente.")
		}
		if err != nil {
			return err
		}
		r.CreatedAt, r.UpdatedAt = now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
		if r.PersonID != 0 {
			j.StructureID, j.PersonID = sid, r.PersonID
			if err := store.InsertJournal(ctx, tx, j, now); err != nil {
				return err
			}
		}
		if r.Status == workshop.Waiting {
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM workshop_registrations WHERE workshop_id = $1 AND status = 'attente' AND id <= $2",
				r.WorkshopID, r.ID).Scan(&r.Rank); err != nil {
				return err
			}
		}
		if msgs != nil {
			return store.InsertMessages(ctx, tx, msgs(*r), now)
		}
		return nil
	})
}

// Registration returns a registration of the structure.
func (s *Store) Registration(ctx context.Context, sc scope.Structure, id int64) (workshop.Registration, error) {
	sid, err := sc.ID()
	if err != nil {
		return workshop.Registration{}, err
	}
	return s.oneRegistration(ctx, " WHERE id = $1 AND structure_id = $2", id, sid)
}

// RegistrationForLink returns the registration of a resident's signed link
// (their page, their opt-out), whatever its structure.
func (s *Store) RegistrationForLink(ctx context.Context, id int64) (workshop.Registration, error) {
	return s.oneRegistration(ctx, " WHERE id = $1", id)
}

func (s *Store) oneRegistration(ctx context.Context, where string, args ...any) (workshop.Registration, error) {
	r, err := scanRegistration(s.Reader().QueryRowContext(ctx, "SELECT "+registrationColumns+" FROM workshop_registrations"+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	if err != nil {
		return r, err
	}
	if r.Status == workshop.Waiting {
		err = s.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM workshop_registrations WHERE workshop_id = $1 AND status = 'attente' AND id <= $2", r.WorkshopID, r.ID).Scan(&r.Rank)
	}
	return r, err
}

// Registrations lists the registrations of a workshop of the structure:
// seats first, then the waiting list in order (with ranks), then cancelled
// ones.
func (s *Store) Registrations(ctx context.Context, sc scope.Structure, workshopID int64) ([]workshop.Registration, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []workshop.Registration
	rank := 0
	err = s.EachRow(ctx, "SELECT "+registrationColumns+` FROM workshop_registrations WHERE workshop_id = $1 AND structure_id = $2
		ORDER BY CASE status WHEN 'inscrit' THEN 0 WHEN 'offre' THEN 1 WHEN 'attente' THEN 2 ELSE 3 END, id`, []any{workshopID, sid}, func(rows *sql.Rows) error {
		r, err := scanRegistration(rows)
		if r.Status == workshop.Waiting {
			rank++
			r.Rank = rank
		}
		out = append(out, r)
		return err
	})
	return out, err
}

// ChangedRegistrations lists a page of the structure's registrations (of
// one workshop when workshopID is not 0) for a synchronisation, by id, with
// the ranks on the waiting lists.
func (s *Store) ChangedRegistrations(ctx context.Context, sc scope.Structure, workshopID int64, page store.SyncPage) ([]workshop.Registration, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	args := []any{sid}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := []string{"r.structure_id = $1"}
	if workshopID != 0 {
		where = append(where, "r.workshop_id = "+arg(workshopID))
	}
	where, order := page.Where("r", where, arg)
	var out []workshop.Registration
	err = s.EachRow(ctx, "SELECT "+registrationColumns+", (SELECT COUNT(*) FROM workshop_registrations x WHERE x.workshop_id = r.workshop_id AND x.status = 'attente' AND x.id <= r.id)"+
		" FROM workshop_registrations r WHERE "+strings.Join(where, " AND ")+order, args, func(rows *sql.Rows) error {
		var rank int
		r, err := scanRegistration(scanPlus{rows, &rank})
		if r.Status == workshop.Waiting {
			r.Rank = rank
		}
		out = append(out, r)
		return err
	})
	return out, err
}

// scanPlus scans a row with one more column than a scan function reads.
type scanPlus struct {
	row  interface{ Scan(...any) error }
	last any
}

func (p scanPlus) Scan(dest ...any) error { return p.row.Scan(append(dest, p.last)...) }

// CancelRegistration cancels a live registration; a seat it held goes to
// the first person waiting, with the deadline to confirm, and the offer's
// messages (offers) are recorded with the cancellation's (msgs).
func (s *Store) CancelRegistration(ctx context.Context, sc scope.Structure, id int64, offerDelay time.Duration, msgs RegistrationMessages, offers OfferMessages, now time.Time) (workshop.Registration, *workshop.Registration, error) {
	var cancelled workshop.Registration
	var offered *workshop.Registration
	structureID, err := sc.ID()
	if err != nil {
		return cancelled, nil, err
	}
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var workshopID int64
		if err := tx.QueryRowContext(ctx, "SELECT workshop_id FROM workshop_registrations WHERE id = $1 AND structure_id = $2", id, structureID).Scan(&workshopID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundError()
			}
			return err
		}
		if _, _, err := lockWorkshop(ctx, tx, structureID, workshopID, now); err != nil {
			return err
		}
		var err error
		cancelled, err = scanRegistration(tx.QueryRowContext(ctx, "SELECT "+registrationColumns+" FROM workshop_registrations WHERE id = $1", id))
		if err != nil {
			return err
		}
		if !workshop.Active(cancelled.Status) {
			return apperr.New(apperr.Invalid, "Cette inscription est déjà annulée.")
		}
		held := workshop.HoldsSeat(cancelled.Status)
		if _, err := tx.ExecContext(ctx, "UPDATE workshop_registrations SET status = 'annule', cancelled_at = $2, updated_at = $2 WHERE id = $1", id, store.DBTime(now)); err != nil {
			return err
		}
		cancelled.Status, cancelled.CancelledAt, cancelled.UpdatedAt = workshop.Cancelled, now.UTC(), now.UTC()
		if msgs != nil {
			if err := store.InsertMessages(ctx, tx, msgs(cancelled), now); err != nil {
				return err
			}
		}
		if held {
			r, ok, err := offerSeat(ctx, tx, workshopID, offerDelay, offers, now)
			if err != nil {
				return err
			}
			if ok {
				offered = &r
			}
		}
		return nil
	})
	return cancelled, offered, err
}

// ConfirmOffer turns a seat offered in a workshop of the structure into a
// registration, before its deadline.
func (s *Store) ConfirmOffer(ctx context.Context, sc scope.Structure, id int64, msgs RegistrationMessages, now time.Time) (workshop.Registration, error) {
	var r workshop.Registration
	structureID, err := sc.ID()
	if err != nil {
		return r, err
	}
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = scanRegistration(tx.QueryRowContext(ctx, "SELECT "+registrationColumns+" FROM workshop_registrations WHERE id = $1 AND structure_id = $2", id, structureID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		if _, _, err := lockWorkshop(ctx, tx, structureID, r.WorkshopID, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE workshop_registrations SET status = 'inscrit', updated_at = $2 WHERE id = $1 AND status = 'offre' AND offer_expires_at > $2", id, store.DBTime(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			switch r.Status {
			case workshop.Registered:
				return apperr.New(apperr.Invalid, "Cette place est déjà confirmée.")
			case workshop.Offered, workshop.Expired:
				return apperr.New(apperr.Invalid, "Le délai pour confirmer cette place est dépassé : elle a été proposée à la personne suivante.")
			}
			return apperr.New(apperr.Invalid, "Aucune place n'est proposée pour cette inscription.")
		}
		r.Status, r.UpdatedAt = workshop.Registered, now.UTC()
		if msgs != nil {
			return store.InsertMessages(ctx, tx, msgs(r), now)
		}
		return nil
	})
	return r, err
}

// ExpireOffers ends the offers whose deadline passed and offers each seat
// to the next person waiting. It returns the new offers.
func (s *Store) ExpireOffers(ctx context.Context, now time.Time, offerDelay time.Duration, offers OfferMessages) ([]workshop.Registration, int, error) {
	rows, err := s.Reader().QueryContext(ctx, "SELECT id, structure_id, workshop_id FROM workshop_registrations WHERE status = 'offre' AND offer_expires_at <= $1 ORDER BY offer_expires_at, id LIMIT 500", store.DBTime(now))
	if err != nil {
		return nil, 0, err
	}
	type due struct{ id, structureID, workshopID int64 }
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.structureID, &d.workshopID); err != nil {
			rows.Close()
			return nil, 0, err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var offered []workshop.Registration
	expired := 0
	for _, d := range list {
		err := s.Write(ctx, func(tx *sql.Tx) error {
			if _, _, err := lockWorkshop(ctx, tx, d.structureID, d.workshopID, now); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, "UPDATE workshop_registrations SET status = 'expire', updated_at = $2 WHERE id = $1 AND status = 'offre' AND offer_expires_at <= $2", d.id, store.DBTime(now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // confirmed or expired meanwhile
			}
			expired++
			r, ok, err := offerSeat(ctx, tx, d.workshopID, offerDelay, offers, now)
			if ok {
				offered = append(offered, r)
			}
			return err
		})
		if err != nil {
			return offered, expired, err
		}
	}
	return offered, expired, nil
}

// --- reminders and attendance

// DueSession is a session to remind, with its workshop.
type DueSession struct {
	Session  workshop.Session
	Workshop workshop.Workshop
}

// DueSessionReminders lists the sessions starting within before that were
// not reminded yet.
func (s *Store) DueSessionReminders(ctx context.Context, now time.Time, before time.Duration, limit int) ([]DueSession, error) {
	rows, err := s.Reader().QueryContext(ctx, "SELECT "+sessionColumns+" FROM workshop_sessions WHERE reminded_at IS NULL AND start_at > $1 AND start_at <= $2 ORDER BY start_at, id LIMIT $3",
		store.DBTime(now), store.DBTime(now.Add(before)), limit)
	if err != nil {
		return nil, err
	}
	var sessions []workshop.Session
	for rows.Next() {
		se, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		sessions = append(sessions, se)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []DueSession
	for _, se := range sessions {
		w, err := s.oneWorkshop(ctx, " WHERE w.id = $1", se.WorkshopID)
		if err != nil {
			return nil, err
		}
		out = append(out, DueSession{Session: se, Workshop: w})
	}
	return out, nil
}

// MarkSessionReminded records a session's reminders once: msgs is called
// with the registrations holding a seat, in the same transaction.
func (s *Store) MarkSessionReminded(ctx context.Context, sessionID int64, msgs func([]workshop.Registration) []notify.Message, now time.Time) (bool, error) {
	done := false
	err := s.Write(ctx, func(tx *sql.Tx) error {
		var workshopID int64
		err := tx.QueryRowContext(ctx, "UPDATE workshop_sessions SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL RETURNING workshop_id", sessionID, store.DBTime(now)).Scan(&workshopID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		done = true
		rows, err := tx.QueryContext(ctx, "SELECT "+registrationColumns+" FROM workshop_registrations WHERE workshop_id = $1 AND status = 'inscrit' ORDER BY id", workshopID)
		if err != nil {
			return err
		}
		var regs []workshop.Registration
		for rows.Next() {
			r, err := scanRegistration(rows)
			if err != nil {
				rows.Close()
				return err
			}
			regs = append(regs, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return store.InsertMessages(ctx, tx, msgs(regs), now)
	})
	return done, err
}

// SetAttendance records who came to a session of a workshop of the
// structure: the registrations present (of those holding a seat) and the
// people who came without registering.
func (s *Store) SetAttendance(ctx context.Context, sc scope.Structure, workshopID, sessionID int64, present []int64, walkIns int, now time.Time) error {
	structureID, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, _, err := lockWorkshop(ctx, tx, structureID, workshopID, now); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE workshop_sessions SET walk_ins = $3, attendance_at = $4, updated_at = $4 WHERE id = $1 AND workshop_id = $2", sessionID, workshopID, walkIns, store.DBTime(now))
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM workshop_attendance WHERE session_id = $1", sessionID); err != nil {
			return err
		}
		isPresent := map[int64]bool{}
		for _, id := range present {
			isPresent[id] = true
		}
		rows, err := tx.QueryContext(ctx, "SELECT id FROM workshop_registrations WHERE workshop_id = $1 AND status = 'inscrit'", workshopID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		known := map[int64]bool{}
		for _, id := range ids {
			known[id] = true
			if _, err := tx.ExecContext(ctx, "INSERT INTO workshop_attendance (session_id, registration_id, present) VALUES ($1, $2, $3)", sessionID, id, isPresent[id]); err != nil {
				return err
			}
		}
		for _, id := range present {
			if !known[id] {
				return apperr.New(apperr.Invalid, "Une des personnes cochées n'est pas inscrite à cet atelier.")
			}
		}
		return nil
	})
}

// Attendance returns who was marked present at a session of a workshop of
// the structure.
func (s *Store) Attendance(ctx context.Context, sc scope.Structure, sessionID int64) (map[int64]bool, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	err = s.EachRow(ctx, `SELECT a.registration_id, a.present FROM workshop_attendance a JOIN workshop_sessions ws ON ws.id = a.session_id
		JOIN workshops w ON w.id = ws.workshop_id WHERE a.session_id = $1 AND w.structure_id = $2`, []any{sessionID, sid}, func(rows *sql.Rows) error {
		var id int64
		var p bool
		err := rows.Scan(&id, &p)
		out[id] = p
		return err
	})
	return out, err
}

// LinkSessionActivity records the activity report made from a session of a
// workshop of the structure, once; it reports false when the session
// already has one.
func (s *Store) LinkSessionActivity(ctx context.Context, sc scope.Structure, workshopID, sessionID, activityID int64, now time.Time) (bool, error) {
	structureID, err := sc.ID()
	if err != nil {
		return false, err
	}
	res, err := s.Writer().ExecContext(ctx, `UPDATE workshop_sessions SET activity_id = $4, updated_at = $5 WHERE id = $1 AND workshop_id = $2 AND activity_id IS NULL
		AND workshop_id IN (SELECT id FROM workshops WHERE structure_id = $3)`, sessionID, workshopID, structureID, activityID, store.DBTime(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SeatCount recounts the seats held by the registrations of a workshop of
// the structure, to check the counter (tests and consistency checks).
func (s *Store) SeatCount(ctx context.Context, sc scope.Structure, workshopID int64) (counter, held int, err error) {
	sid, err := sc.ID()
	if err != nil {
		return 0, 0, err
	}
	err = s.Reader().QueryRowContext(ctx, `SELECT w.taken, (SELECT COUNT(*) FROM workshop_registrations r WHERE r.workshop_id = w.id AND r.status IN ('inscrit', 'offre'))
		FROM workshops w WHERE w.id = $1 AND w.structure_id = $2`, workshopID, sid).Scan(&counter, &held)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, apperr.NotFoundError()
	}
	return counter, held, err
}
