package passstore

// Pass numérique: carnets owned by their funder, read by the distributor
// they are allocated to; a pass is redeemed by one conditional UPDATE, so
// that two instances racing on one database redeem it once.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// RecordedPassNumbers reports which of the carnet identifiers and pass
// numbers are already recorded, whoever funded them: identifiers are
// unique nationally.
func (s *Store) RecordedPassNumbers(ctx context.Context, sc scope.Structure, carnets, passes []string) (map[string]bool, map[string]bool, error) {
	if _, err := sc.ID(); err != nil {
		return nil, nil, err
	}
	found := func(table, col string, values []string) (map[string]bool, error) {
		out := map[string]bool{}
		for start := 0; start < len(values); start += 500 {
			chunk := values[start:min(start+500, len(values))]
			args := make([]any, len(chunk))
			marks := make([]string, len(chunk))
			for i, v := range chunk {
				args[i], marks[i] = v, "$"+strconv.Itoa(i+1)
			}
			err := s.EachRow(ctx, "SELECT "+col+" FROM "+table+" WHERE "+col+" IN ("+strings.Join(marks, ", ")+")", args, func(r *sql.Rows) error {
				var v string
				if err := r.Scan(&v); err != nil {
					return err
				}
				out[v] = true
				return nil
			})
			if err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	c, err := found("pass_carnets", "identifier", carnets)
	if err != nil {
		return nil, nil, err
	}
	p, err := found("passes", "number", passes)
	return c, p, err
}

// CreateCarnets records carnets bought by the scope's structure, all of
// them or none.
func (s *Store) CreateCarnets(ctx context.Context, sc scope.Structure, carnets []pass.NewCarnet, source string, now time.Time) ([]int64, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var ids []int64
	err = s.Write(ctx, func(tx *sql.Tx) error {
		for _, c := range carnets {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO pass_carnets (funder_structure_id, identifier, pass_count, value_cents, valid_until, source, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, sid, c.Identifier, len(c.Numbers), pass.ValueCents, c.ValidUntil, source, store.DBTime(now)).Scan(&id); err != nil {
				return err
			}
			for _, n := range c.Numbers {
				if _, err := tx.ExecContext(ctx, "INSERT INTO passes (carnet_id, number) VALUES ($1, $2)", id, n); err != nil {
					return err
				}
			}
			ids = append(ids, id)
		}
		return nil
	})
	if store.IsUniqueViolation(err) {
		return nil, apperr.Wrap(apperr.Conflict, "Un de ces carnets ou de ces pass est déjà enregistré.", err)
	}
	return ids, err
}

// CarnetFilter narrows a list of carnets.
type CarnetFilter struct {
	Distributor bool // those allocated to the scope's structure, rather than those it funded
	Available   bool // only those not handed to a person yet
}

const carnetSelect = `SELECT c.id, c.funder_structure_id, f.name, c.identifier, c.valid_until, c.source, c.pass_count,
	COALESCE(c.distributor_structure_id, 0), COALESCE(d.name, ''), c.allocated_at, COALESCE(c.person_id, 0), c.criteria, c.distributed_at, c.created_at,
	(SELECT COUNT(*) FROM passes p WHERE p.carnet_id = c.id AND p.redeemed_at IS NOT NULL)
	FROM pass_carnets c JOIN structures f ON f.id = c.funder_structure_id LEFT JOIN structures d ON d.id = c.distributor_structure_id`

func scanCarnet(r interface{ Scan(...any) error }) (pass.Carnet, error) {
	var c pass.Carnet
	var alloc, dist sql.NullTime
	var criteria string
	err := r.Scan(&c.ID, &c.FunderStructureID, &c.FunderName, &c.Identifier, &c.ValidUntil, &c.Source, &c.Count, &c.DistributorStructure, &c.DistributorName,
		&alloc, &c.PersonID, &criteria, &dist, &c.CreatedAt, &c.Redeemed)
	c.AllocatedAt, c.DistributedAt, c.CreatedAt = store.UTC(alloc), store.UTC(dist), c.CreatedAt.UTC()
	c.Criteria = store.SplitList(criteria)
	return c, err
}

// Carnets lists the carnets the scope's structure funded, or those
// allocated to it, newest first.
func (s *Store) Carnets(ctx context.Context, sc scope.Structure, f CarnetFilter) ([]pass.Carnet, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	q := carnetSelect + " WHERE c.funder_structure_id = $1"
	if f.Distributor {
		q = carnetSelect + " WHERE c.distributor_structure_id = $1"
	}
	if f.Available {
		q += " AND c.distributed_at IS NULL"
	}
	var out []pass.Carnet
	err = s.EachRow(ctx, q+" ORDER BY c.id DESC", []any{sid}, func(r *sql.Rows) error {
		c, err := scanCarnet(r)
		out = append(out, c)
		return err
	})
	return out, err
}

// Carnet returns a carnet with its passes, if the scope's structure funded
// it or distributes it.
func (s *Store) Carnet(ctx context.Context, sc scope.Structure, id int64) (pass.Carnet, error) {
	sid, err := sc.ID()
	if err != nil {
		return pass.Carnet{}, err
	}
	c, err := scanCarnet(s.Reader().QueryRowContext(ctx, carnetSelect+" WHERE c.id = $1 AND (c.funder_structure_id = $2 OR c.distributor_structure_id = $2)", id, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundError()
	}
	if err != nil {
		return c, err
	}
	err = s.EachRow(ctx, `SELECT id, number, redeemed_at, COALESCE(place_id, 0), place_name, theme FROM passes WHERE carnet_id = $1 ORDER BY number`, []any{id}, func(r *sql.Rows) error {
		p := pass.Pass{CarnetID: id, CarnetNumber: c.Identifier, ValidUntil: c.ValidUntil}
		var at sql.NullTime
		err := r.Scan(&p.ID, &p.Number, &at, &p.PlaceID, &p.PlaceName, &p.Theme)
		p.RedeemedAt = store.UTC(at)
		c.Passes = append(c.Passes, p)
		return err
	})
	return c, err
}

// AllocateCarnets gives carnets the scope's structure funded, not yet handed
// to a person, to a distributor structure; it returns how many moved.
func (s *Store) AllocateCarnets(ctx context.Context, sc scope.Structure, ids []int64, distributorID int64, now time.Time) (int, error) {
	sid, err := sc.ID()
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.Write(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE pass_carnets SET distributor_structure_id = $3, allocated_at = $4
				WHERE id = $1 AND funder_structure_id = $2 AND distributed_at IS NULL`, id, sid, distributorID, store.DBTime(now))
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			if k == 0 {
				return apperr.NotFoundError()
			}
			n++
		}
		return nil
	})
	return n, err
}

// DistributeCarnet hands a carnet allocated to the scope's structure to one
// of its persons, with the eligibility criteria, and journals it.
func (s *Store) DistributeCarnet(ctx context.Context, sc scope.Structure, carnetID, personID int64, criteria []string, userID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE pass_carnets SET person_id = $3, criteria = $4, distributed_at = $5, distributed_by = $6
			WHERE id = $1 AND distributor_structure_id = $2 AND distributed_at IS NULL
			AND EXISTS (SELECT 1 FROM persons WHERE id = $3 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL)`,
			carnetID, sid, personID, store.JoinList(criteria), store.DBTime(now), store.NullInt(userID))
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.New(apperr.Conflict, "Ce carnet n'est pas disponible pour cette personne : il a déjà été remis, ou il n'est pas attribué à votre structure.")
		}
		j.StructureID, j.PersonID = sid, personID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// PersonCarnets lists the carnets handed to a person of the scope's structure.
func (s *Store) PersonCarnets(ctx context.Context, sc scope.Structure, personID int64) ([]pass.Carnet, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []pass.Carnet
	err = s.EachRow(ctx, carnetSelect+" WHERE c.distributor_structure_id = $1 AND c.person_id = $2 ORDER BY c.id", []any{sid, personID}, func(r *sql.Rows) error {
		c, err := scanCarnet(r)
		out = append(out, c)
		return err
	})
	return out, err
}

// Redemption is a pass presented at a qualified place.
type Redemption struct {
	Number string
	Place  place.Place // a place of the scope's structure accepting passes
	Theme  string
	UserID int64
}

// RedeemPass marks a pass as used at a place of the scope's structure. One
// conditional UPDATE decides: the pass must exist, be unused, belong to a
// carnet handed to a person and still valid on the day (Paris time). A pass
// is never redeemed twice, whatever the instances.
func (s *Store) RedeemPass(ctx context.Context, sc scope.Structure, r Redemption, now time.Time) (pass.Pass, error) {
	sid, err := sc.ID()
	if err != nil {
		return pass.Pass{}, err
	}
	if r.Place.StructureID != sid {
		return pass.Pass{}, apperr.NotFoundError()
	}
	day := now.In(frtime.Paris).Format("2006-01-02")
	res, err := s.Writer().ExecContext(ctx, `UPDATE passes SET redeemed_at = $2, place_id = $3, place_structure_id = $4, place_name = $5, theme = $6, redeemed_by = $7
		WHERE number = $1 AND redeemed_at IS NULL
		AND carnet_id IN (SELECT id FROM pass_carnets WHERE distributed_at IS NOT NULL AND valid_until >= $8)`,
		r.Number, store.DBTime(now), r.Place.ID, sid, r.Place.Name, r.Theme, store.NullInt(r.UserID), day)
	if err != nil {
		return pass.Pass{}, err
	}
	p, perr := s.passByNumber(ctx, r.Number)
	if k, _ := res.RowsAffected(); k == 1 {
		return p, perr
	}
	switch {
	case errors.Is(perr, sql.ErrNoRows):
		return p, apperr.Field("numero", "Aucun pass ne porte ce numéro : vérifiez-le, lettre par lettre.")
	case perr != nil:
		return p, perr
	case p.Redeemed():
		return p, apperr.Field("numero", "Ce pass a déjà été utilisé le "+frtime.Date(p.RedeemedAt)+" : il ne peut servir qu'une fois.")
	case p.ValidUntil < day:
		d, _ := time.Parse("2006-01-02", p.ValidUntil)
		return p, apperr.Field("numero", "Ce pass n'est plus valable depuis le "+frtime.Date(d.AddDate(0, 0, 1))+".")
	}
	return p, apperr.Field("numero", "Ce pass n'a pas encore été remis à une personne par une structure distributrice : il ne peut pas être accepté.")
}

func (s *Store) passByNumber(ctx context.Context, number string) (pass.Pass, error) {
	var p pass.Pass
	var at sql.NullTime
	err := s.Writer().QueryRowContext(ctx, `SELECT p.id, p.carnet_id, p.number, p.redeemed_at, COALESCE(p.place_id, 0), p.place_name, p.theme, c.identifier, c.valid_until
		FROM passes p JOIN pass_carnets c ON c.id = p.carnet_id WHERE p.number = $1`, number).
		Scan(&p.ID, &p.CarnetID, &p.Number, &at, &p.PlaceID, &p.PlaceName, &p.Theme, &p.CarnetNumber, &p.ValidUntil)
	p.RedeemedAt = store.UTC(at)
	return p, err
}

// PassStatement lists the passes redeemed in one month (Paris time) at the
// places of the scope's structure, or at one of them (placeID not 0).
func (s *Store) PassStatement(ctx context.Context, sc scope.Structure, placeID int64, month time.Time) ([]pass.StatementLine, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	from := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, frtime.Paris)
	to := from.AddDate(0, 1, 0)
	q := `SELECT p.number, c.identifier, f.name, p.place_name, p.theme, p.redeemed_at
		FROM passes p JOIN pass_carnets c ON c.id = p.carnet_id JOIN structures f ON f.id = c.funder_structure_id
		WHERE p.place_structure_id = $1 AND p.redeemed_at >= $2 AND p.redeemed_at < $3`
	args := []any{sid, store.DBTime(from), store.DBTime(to)}
	if placeID != 0 {
		q += " AND p.place_id = $4"
		args = append(args, placeID)
	}
	var out []pass.StatementLine
	err = s.EachRow(ctx, q+" ORDER BY p.redeemed_at, p.id", args, func(r *sql.Rows) error {
		var l pass.StatementLine
		err := r.Scan(&l.Number, &l.Carnet, &l.FunderName, &l.PlaceName, &l.Theme, &l.RedeemedAt)
		l.RedeemedAt = l.RedeemedAt.UTC()
		out = append(out, l)
		return err
	})
	return out, err
}

// PassFigures counts the carnets the scope's structure funded, on day
// (YYYY-MM-DD, for what has expired).
func (s *Store) PassFigures(ctx context.Context, sc scope.Structure, day string) (pass.Figures, error) {
	sid, err := sc.ID()
	if err != nil {
		return pass.Figures{}, err
	}
	return s.passFigures(ctx, "c.funder_structure_id = $1", []any{sid}, day)
}

// PassFiguresInTerritory counts the carnets funded by the structures of a
// territory (every structure for the platform), for the bilans.
func (s *Store) PassFiguresInTerritory(ctx context.Context, t scope.Territory, day string) (pass.Figures, error) {
	cond, args, err := store.TerritoryCondition(t, "c.funder_structure_id", 1)
	if err != nil {
		return pass.Figures{}, err
	}
	return s.passFigures(ctx, cond, args, day)
}

func (s *Store) passFigures(ctx context.Context, cond string, args []any, day string) (pass.Figures, error) {
	var f pass.Figures
	n := "$" + strconv.Itoa(len(args)+1)
	err := s.Reader().QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN c.allocated_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN c.distributed_at IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM passes p WHERE p.carnet_id = c.id AND p.redeemed_at IS NOT NULL) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(c.pass_count), 0),
		COALESCE(SUM((SELECT COUNT(*) FROM passes p WHERE p.carnet_id = c.id AND p.redeemed_at IS NOT NULL)), 0),
		COALESCE(SUM(CASE WHEN c.valid_until < `+n+` THEN (SELECT COUNT(*) FROM passes p WHERE p.carnet_id = c.id AND p.redeemed_at IS NULL) ELSE 0 END), 0)
		FROM pass_carnets c WHERE `+cond, append(args, day)...).
		Scan(&f.CarnetsIssued, &f.CarnetsAllocated, &f.CarnetsDistributed, &f.CarnetsStarted, &f.PassesIssued, &f.PassesRedeemed, &f.PassesExpired)
	if err != nil {
		return f, err
	}
	group := func(key, label string) ([]pass.Count, error) {
		var out []pass.Count
		err := s.EachRow(ctx, `SELECT `+key+`, MIN(`+label+`), COUNT(*) FROM passes p JOIN pass_carnets c ON c.id = p.carnet_id
			WHERE p.redeemed_at IS NOT NULL AND `+cond+` GROUP BY `+key+` ORDER BY COUNT(*) DESC, MIN(`+label+`)`, args, func(r *sql.Rows) error {
			var c pass.Count
			var k any
			if err := r.Scan(&k, &c.Label, &c.N); err != nil {
				return err
			}
			switch v := k.(type) {
			case int64:
				c.Key = strconv.FormatInt(v, 10)
			case string:
				c.Key = v
			case []byte:
				c.Key = string(v)
			}
			out = append(out, c)
			return nil
		})
		return out, err
	}
	if f.ByPlace, err = group("COALESCE(p.place_id, 0)", "p.place_name"); err != nil {
		return f, err
	}
	f.ByTheme, err = group("p.theme", "p.theme")
	return f, err
}
