package equipmentstore

// Equipment of a structure: devices, loans, criteria and requests. A device
// changes hands through conditional updates on its status, so that it is
// never lent or promised twice.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

const deviceColumns = `id, structure_id, kind, model, origin, origin_detail, serial, imei, condition, grade, accessories, location, status, retired_reason, COALESCE(public_place_id, 0), created_at, updated_at`

func scanDevice(r interface{ Scan(...any) error }) (equipment.Device, error) {
	var d equipment.Device
	err := r.Scan(&d.ID, &d.StructureID, &d.Kind, &d.Model, &d.Origin, &d.OriginDetail, &d.Serial, &d.IMEI, &d.Condition, &d.Grade,
		&d.Accessories, &d.Location, &d.Status, &d.RetiredReason, &d.PublicPlaceID, &d.CreatedAt, &d.UpdatedAt)
	d.CreatedAt, d.UpdatedAt = d.CreatedAt.UTC(), d.UpdatedAt.UTC()
	return d, err
}

// CreateDevice adds a device to the scope's structure's inventory.
func (s *Store) CreateDevice(ctx context.Context, sc scope.Structure, d *equipment.Device, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	d.StructureID, d.CreatedAt, d.UpdatedAt = sid, now.UTC(), now.UTC()
	return s.Writer().QueryRowContext(ctx, `INSERT INTO devices (structure_id, kind, model, origin, origin_detail, serial, imei, condition, grade, accessories, location, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
		sid, d.Kind, d.Model, d.Origin, d.OriginDetail, d.Serial, d.IMEI, d.Condition, d.Grade, d.Accessories, d.Location, d.Status, store.DBTime(now)).Scan(&d.ID)
}

// UpdateDevice saves what describes a device of the structure, journaled.
// Its status moves here only between available and retired: a device lent,
// reserved or given changes through its loan or its request.
func (s *Store) UpdateDevice(ctx context.Context, sc scope.Structure, d *equipment.Device, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, "SELECT status FROM devices WHERE id = $1 AND structure_id = $2", d.ID, sid).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		movable := func(st string) bool { return st == equipment.Available || st == equipment.Retired }
		if d.Status != status && !(movable(status) && movable(d.Status)) {
			return apperr.Field("statut", "Cet appareil est "+strings.ToLower(equipment.Statuses.Label(status))+" : son statut changera à son retour ou à sa remise.")
		}
		if d.PublicPlaceID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM places WHERE id = $1 AND structure_id = $2", d.PublicPlaceID, sid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("libre_acces", "Choisissez un lieu de votre structure.")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE devices SET kind = $3, model = $4, origin = $5, origin_detail = $6, serial = $7, imei = $8, condition = $9, grade = $10,
			accessories = $11, location = $12, status = $13, retired_reason = $14, updated_at = $15, public_place_id = $17
			WHERE id = $1 AND structure_id = $2 AND status = $16`,
			d.ID, sid, d.Kind, d.Model, d.Origin, d.OriginDetail, d.Serial, d.IMEI, d.Condition, d.Grade, d.Accessories, d.Location, d.Status, d.RetiredReason,
			store.DBTime(now), status, store.NullInt(d.PublicPlaceID)); err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Place is one of the structure's places, for the choice of where a device
// is at the public's disposal.
type Place struct {
	ID   int64
	Name string
}

// Places lists the structure's places by name.
func (s *Store) Places(ctx context.Context, sc scope.Structure) ([]Place, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []Place
	err = s.EachRow(ctx, "SELECT id, nom FROM places WHERE structure_id = $1 ORDER BY nom, id", []any{sid}, func(r *sql.Rows) error {
		var p Place
		err := r.Scan(&p.ID, &p.Name)
		out = append(out, p)
		return err
	})
	return out, err
}

// Device returns a device of the structure.
func (s *Store) Device(ctx context.Context, sc scope.Structure, id int64) (equipment.Device, error) {
	sid, err := sc.ID()
	if err != nil {
		return equipment.Device{}, err
	}
	d, err := scanDevice(s.Reader().QueryRowContext(ctx, "SELECT "+deviceColumns+" FROM devices WHERE id = $1 AND structure_id = $2", id, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return d, apperr.NotFoundError()
	}
	return d, err
}

// Devices lists the structure's devices, of one status when status is not "".
func (s *Store) Devices(ctx context.Context, sc scope.Structure, status string) ([]equipment.Device, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	q, args := "SELECT "+deviceColumns+" FROM devices WHERE structure_id = $1", []any{sid}
	if status != "" {
		q, args = q+" AND status = $2", append(args, status)
	}
	var out []equipment.Device
	err = s.EachRow(ctx, q+" ORDER BY kind, id", args, func(r *sql.Rows) error {
		d, err := scanDevice(r)
		out = append(out, d)
		return err
	})
	return out, err
}

// CreateLoan lends an available device of the structure to one of its
// persons (journaled) or to a partner structure.
func (s *Store) CreateLoan(ctx context.Context, sc scope.Structure, l *equipment.Loan, userID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	l.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		if l.PersonID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL", l.PersonID, sid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("emprunteur", "Choisissez une personne suivie par votre structure.")
			}
		}
		res, err := tx.ExecContext(ctx, "UPDATE devices SET status = 'prete', updated_at = $3 WHERE id = $1 AND structure_id = $2 AND status = 'disponible'", l.DeviceID, sid, store.DBTime(now))
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.Field("appareil", "Cet appareil n'est pas disponible : il est déjà prêté, réservé, donné ou réformé.")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO device_loans (structure_id, device_id, person_id, partner_structure_id, starts_on, due_on, deposit_cents, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			sid, l.DeviceID, store.NullInt(l.PersonID), store.NullInt(l.PartnerStructureID), l.StartsOn, l.DueOn, l.DepositCents, store.NullInt(userID), store.DBTime(now)).Scan(&l.ID); err != nil {
			return err
		}
		l.CreatedAt = now.UTC()
		if l.PersonID == 0 {
			return nil
		}
		j.StructureID, j.PersonID = sid, l.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

const loanSelect = `SELECT l.id, l.structure_id, l.device_id, d.kind, d.model, COALESCE(l.person_id, 0), COALESCE(l.partner_structure_id, 0),
	COALESCE(CASE WHEN l.person_id IS NOT NULL THEN TRIM(p.first_name || ' ' || p.last_name) ELSE ps.name END, ''),
	l.starts_on, l.due_on, l.deposit_cents, l.agreement_signed_at, l.agreement_signature, COALESCE(l.returned_on, ''), l.return_condition, l.return_note, l.created_at,
	COALESCE(p.phone, '')
	FROM device_loans l JOIN devices d ON d.id = l.device_id LEFT JOIN persons p ON p.id = l.person_id AND p.structure_id = l.structure_id
	LEFT JOIN structures ps ON ps.id = l.partner_structure_id`

// LoanWithPhone is a loan and the borrowing person's phone, for reminders.
type LoanWithPhone struct {
	equipment.Loan
	Phone string
}

func scanLoan(r interface{ Scan(...any) error }) (LoanWithPhone, error) {
	var l LoanWithPhone
	var kind, model string
	var signed sql.NullTime
	err := r.Scan(&l.ID, &l.StructureID, &l.DeviceID, &kind, &model, &l.PersonID, &l.PartnerStructureID, &l.BorrowerName,
		&l.StartsOn, &l.DueOn, &l.DepositCents, &signed, &l.AgreementSignature, &l.ReturnedOn, &l.ReturnCondition, &l.ReturnNote, &l.CreatedAt, &l.Phone)
	l.DeviceLabel = equipment.Device{Kind: kind, Model: model}.Label()
	l.AgreementSignedAt, l.CreatedAt = store.UTC(signed), l.CreatedAt.UTC()
	return l, err
}

// Loans lists the structure's loans, the open ones only when open is set,
// by due date.
func (s *Store) Loans(ctx context.Context, sc scope.Structure, open bool) ([]LoanWithPhone, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	q := loanSelect + " WHERE l.structure_id = $1"
	if open {
		q += " AND l.returned_on IS NULL"
	}
	var out []LoanWithPhone
	err = s.EachRow(ctx, q+" ORDER BY l.due_on, l.id", []any{sid}, func(r *sql.Rows) error {
		l, err := scanLoan(r)
		out = append(out, l)
		return err
	})
	return out, err
}

// Loan returns a loan of the structure.
func (s *Store) Loan(ctx context.Context, sc scope.Structure, id int64) (LoanWithPhone, error) {
	sid, err := sc.ID()
	if err != nil {
		return LoanWithPhone{}, err
	}
	l, err := scanLoan(s.Reader().QueryRowContext(ctx, loanSelect+" WHERE l.id = $1 AND l.structure_id = $2", id, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return l, apperr.NotFoundError()
	}
	return l, err
}

// SignLoanAgreement records how the borrower signed the loan agreement:
// kind is equipment.SignedOnPaper, or SignedScan with the scanned page and
// its type. Journaled for a person's loan.
func (s *Store) SignLoanAgreement(ctx context.Context, sc scope.Structure, id int64, kind string, scan []byte, scanType string, userID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var personID sql.NullInt64
		var signed sql.NullTime
		err := tx.QueryRowContext(ctx, "SELECT person_id, agreement_signed_at FROM device_loans WHERE id = $1 AND structure_id = $2", id, sid).Scan(&personID, &signed)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		if signed.Valid {
			return apperr.New(apperr.Conflict, "Cette convention est déjà signée.")
		}
		var blob any
		if len(scan) > 0 {
			blob = scan
		}
		if _, err := tx.ExecContext(ctx, `UPDATE device_loans SET agreement_signed_at = $3, agreement_signature = $4, agreement_scan = $5, agreement_scan_type = $6, agreement_signed_by = $7
			WHERE id = $1 AND structure_id = $2 AND agreement_signed_at IS NULL`, id, sid, store.DBTime(now), kind, blob, scanType, store.NullInt(userID)); err != nil {
			return err
		}
		if !personID.Valid {
			return nil
		}
		j.StructureID, j.PersonID = sid, personID.Int64
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// LoanAgreementScan returns the scanned signed agreement of a loan of the
// structure and its type; not found when none was scanned.
func (s *Store) LoanAgreementScan(ctx context.Context, sc scope.Structure, id int64) ([]byte, string, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, "", err
	}
	var b []byte
	var typ string
	err = s.Reader().QueryRowContext(ctx, "SELECT agreement_scan, agreement_scan_type FROM device_loans WHERE id = $1 AND structure_id = $2 AND agreement_scan IS NOT NULL", id, sid).Scan(&b, &typ)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", apperr.NotFoundError()
	}
	return b, typ, err
}

// ReturnLoan closes an open loan with the condition the device came back
// in; the device is available again, or retired when out of order.
func (s *Store) ReturnLoan(ctx context.Context, sc scope.Structure, id int64, day, condition, note string, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var deviceID int64
		err := tx.QueryRowContext(ctx, `UPDATE device_loans SET returned_on = $3, return_condition = $4, return_note = $5
			WHERE id = $1 AND structure_id = $2 AND returned_on IS NULL RETURNING device_id`, id, sid, day, condition, note).Scan(&deviceID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.Conflict, "Ce prêt est déjà clos, ou il n'existe pas.")
		}
		if err != nil {
			return err
		}
		status, reason := equipment.Available, ""
		if condition == "hors_service" {
			status, reason = equipment.Retired, "hors_service"
		}
		_, err = tx.ExecContext(ctx, "UPDATE devices SET status = $3, retired_reason = $4, condition = $5, updated_at = $6 WHERE id = $1 AND structure_id = $2",
			deviceID, sid, status, reason, condition, store.DBTime(now))
		return err
	})
}

// StructuresWithOpenLoans lists the structures that have a device out, for
// the reminders' job, which then reads each structure in its scope.
func (s *Store) StructuresWithOpenLoans(ctx context.Context) ([]int64, error) {
	var out []int64
	err := s.EachRow(ctx, "SELECT DISTINCT structure_id FROM device_loans WHERE returned_on IS NULL ORDER BY structure_id", nil, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

// EquipmentCriteria returns the structure's distribution criteria, the
// defaults until it sets its own.
func (s *Store) EquipmentCriteria(ctx context.Context, sc scope.Structure) ([]equipment.Criterion, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []equipment.Criterion
	err = s.EachRow(ctx, "SELECT code, points, enabled, param FROM equipment_criteria WHERE structure_id = $1 ORDER BY position", []any{sid}, func(r *sql.Rows) error {
		var c equipment.Criterion
		err := r.Scan(&c.Code, &c.Points, &c.Enabled, &c.Param)
		out = append(out, c)
		return err
	})
	if err == nil && len(out) == 0 {
		out = equipment.DefaultCriteria()
	}
	return out, err
}

// SetEquipmentCriteria replaces the structure's distribution criteria, journaled.
func (s *Store) SetEquipmentCriteria(ctx context.Context, sc scope.Structure, cs []equipment.Criterion, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM equipment_criteria WHERE structure_id = $1", sid); err != nil {
			return err
		}
		for i, c := range cs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO equipment_criteria (structure_id, code, points, enabled, param, position) VALUES ($1, $2, $3, $4, $5, $6)",
				sid, c.Code, c.Points, c.Enabled, c.Param, i); err != nil {
				return err
			}
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// CreateEquipmentRequest records a person's request for a device, journaled.
func (s *Store) CreateEquipmentRequest(ctx context.Context, sc scope.Structure, r *equipment.Request, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	r.StructureID, r.Status, r.RequestedAt = sid, equipment.Waiting, now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL", r.PersonID, sid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Field("personne", "Choisissez une personne suivie par votre structure.")
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO equipment_requests (structure_id, person_id, kind, no_device, minimum_benefits, household_size, requested_at, status)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'attente') RETURNING id`,
			sid, r.PersonID, r.Kind, r.NoDevice, r.MinimumBenefits, r.HouseholdSize, store.DBTime(now)).Scan(&r.ID); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, r.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

const requestSelect = `SELECT r.id, r.structure_id, r.person_id, TRIM(p.first_name || ' ' || p.last_name), r.kind, r.no_device, r.minimum_benefits, r.household_size,
	COALESCE(p.birth_year, 0), p.follow_status = 'en_cours', r.requested_at, r.status, COALESCE(r.device_id, 0), r.decision, r.decided_at,
	r.rank_at_decision, r.explanation, r.handed_over_at
	FROM equipment_requests r JOIN persons p ON p.id = r.person_id AND p.structure_id = r.structure_id`

func scanRequest(row interface{ Scan(...any) error }) (equipment.Request, error) {
	var r equipment.Request
	var decided, handed sql.NullTime
	err := row.Scan(&r.ID, &r.StructureID, &r.PersonID, &r.PersonName, &r.Kind, &r.NoDevice, &r.MinimumBenefits, &r.HouseholdSize,
		&r.BirthYear, &r.Accompanied, &r.RequestedAt, &r.Status, &r.DeviceID, &r.Decision, &decided, &r.RankAtDecision, &r.Explanation, &handed)
	r.RequestedAt, r.DecidedAt, r.HandedOverAt = r.RequestedAt.UTC(), store.UTC(decided), store.UTC(handed)
	return r, err
}

// EquipmentRequests lists the structure's requests for one kind of device
// ("" for every kind), of one status ("" for every status), oldest first.
func (s *Store) EquipmentRequests(ctx context.Context, sc scope.Structure, kind, status string) ([]equipment.Request, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	q, args := requestSelect+" WHERE r.structure_id = $1", []any{sid}
	if kind != "" {
		args = append(args, kind)
		q += " AND r.kind = $2"
	}
	if status != "" {
		args = append(args, status)
		q += " AND r.status = $" + strconv.Itoa(len(args))
	}
	var out []equipment.Request
	err = s.EachRow(ctx, q+" ORDER BY r.requested_at, r.id", args, func(rows *sql.Rows) error {
		r, err := scanRequest(rows)
		out = append(out, r)
		return err
	})
	return out, err
}

// EquipmentRequest returns a request of the structure.
func (s *Store) EquipmentRequest(ctx context.Context, sc scope.Structure, id int64) (equipment.Request, error) {
	sid, err := sc.ID()
	if err != nil {
		return equipment.Request{}, err
	}
	r, err := scanRequest(s.Reader().QueryRowContext(ctx, requestSelect+" WHERE r.id = $1 AND r.structure_id = $2", id, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	return r, err
}

// Decision is a committee's decision on a waiting request.
type Decision struct {
	RequestID   int64
	Granted     bool
	DeviceID    int64 // the device promised, when granted
	Reasons     string
	Rank        int    // the request's rank when decided
	Explanation string // why it had that rank
	UserID      int64
}

// DecideEquipmentRequest records the committee's decision; a granted
// request reserves an available device of the kind asked for. Journaled.
func (s *Store) DecideEquipmentRequest(ctx context.Context, sc scope.Structure, d Decision, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var personID int64
		var kind string
		err := tx.QueryRowContext(ctx, "SELECT person_id, kind FROM equipment_requests WHERE id = $1 AND structure_id = $2 AND status = 'attente'", d.RequestID, sid).Scan(&personID, &kind)
		if errors.Is(err, sql.ErrNoRows) {
			return requestConflict(ctx, tx, d.RequestID, sid, "Cette demande a déjà été décidée.")
		}
		if err != nil {
			return err
		}
		status := equipment.Refused
		if d.Granted {
			status = equipment.Granted
			res, err := tx.ExecContext(ctx, "UPDATE devices SET status = 'reserve', updated_at = $4 WHERE id = $1 AND structure_id = $2 AND kind = $3 AND status = 'disponible'", d.DeviceID, sid, kind, store.DBTime(now))
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 0 {
				return apperr.Field("appareil", "Choisissez un appareil disponible du type demandé.")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE equipment_requests SET status = $3, device_id = $4, decision = $5, decided_at = $6, decided_by = $7, rank_at_decision = $8, explanation = $9
			WHERE id = $1 AND structure_id = $2`, d.RequestID, sid, status, store.NullInt(d.DeviceID), d.Reasons, store.DBTime(now), store.NullInt(d.UserID), d.Rank, d.Explanation); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, personID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// requestConflict is the error about a request in the wrong state: not
// found when it is not the structure's.
func requestConflict(ctx context.Context, tx *sql.Tx, id, sid int64, msg string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM equipment_requests WHERE id = $1 AND structure_id = $2", id, sid).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundError()
	}
	return apperr.New(apperr.Conflict, msg)
}

// HandOverDevice records that the person signed for the device granted to
// them: the request is done and the device given.
func (s *Store) HandOverDevice(ctx context.Context, sc scope.Structure, requestID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var deviceID, personID int64
		err := tx.QueryRowContext(ctx, `UPDATE equipment_requests SET status = 'remise', handed_over_at = $3 WHERE id = $1 AND structure_id = $2 AND status = 'attribuee'
			RETURNING COALESCE(device_id, 0), person_id`, requestID, sid, store.DBTime(now)).Scan(&deviceID, &personID)
		if errors.Is(err, sql.ErrNoRows) {
			return requestConflict(ctx, tx, requestID, sid, "Seule une demande attribuée et pas encore remise peut être remise.")
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE devices SET status = 'donne', updated_at = $3 WHERE id = $1 AND structure_id = $2", deviceID, sid, store.DBTime(now)); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, personID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// EquipmentFigures counts a structure's devices, loans and distribution.
type EquipmentFigures struct {
	Devices      map[string]int // by status
	ByKind       map[string]int // devices by kind
	OpenLoans    int
	OverdueLoans int
	Loans        int
	Requests     int
	Granted      int // granted or handed over
	HandedOver   int
	Refused      int
}

// EquipmentFiguresOf counts the structure's equipment on day (YYYY-MM-DD).
func (s *Store) EquipmentFiguresOf(ctx context.Context, sc scope.Structure, day string) (EquipmentFigures, error) {
	sid, err := sc.ID()
	if err != nil {
		return EquipmentFigures{}, err
	}
	return s.equipmentFigures(ctx, "structure_id = $1", []any{sid}, day)
}

// EquipmentFiguresInTerritory counts the equipment of a territory's structures.
func (s *Store) EquipmentFiguresInTerritory(ctx context.Context, t scope.Territory, day string) (EquipmentFigures, error) {
	cond, args, err := store.TerritoryCondition(t, "structure_id", 1)
	if err != nil {
		return EquipmentFigures{}, err
	}
	return s.equipmentFigures(ctx, cond, args, day)
}

func (s *Store) equipmentFigures(ctx context.Context, cond string, args []any, day string) (EquipmentFigures, error) {
	f := EquipmentFigures{Devices: map[string]int{}, ByKind: map[string]int{}}
	err := s.EachRow(ctx, "SELECT status, kind, COUNT(*) FROM devices WHERE "+cond+" GROUP BY status, kind", args, func(r *sql.Rows) error {
		var status, kind string
		var n int
		if err := r.Scan(&status, &kind, &n); err != nil {
			return err
		}
		f.Devices[status] += n
		f.ByKind[kind] += n
		return nil
	})
	if err != nil {
		return f, err
	}
	n := "$" + strconv.Itoa(len(args)+1)
	if err := s.Reader().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN returned_on IS NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN returned_on IS NULL AND due_on < `+n+` THEN 1 ELSE 0 END), 0) FROM device_loans WHERE `+cond, append(args[:len(args):len(args)], day)...).
		Scan(&f.Loans, &f.OpenLoans, &f.OverdueLoans); err != nil {
		return f, err
	}
	err = s.Reader().QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status IN ('attribuee', 'remise') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'remise' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN status = 'refusee' THEN 1 ELSE 0 END), 0)
		FROM equipment_requests WHERE `+cond, args...).Scan(&f.Requests, &f.Granted, &f.HandedOver, &f.Refused)
	return f, err
}
