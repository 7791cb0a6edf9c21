package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

const structureColumns = "id, name, typology, COALESCE(siret, ''), COALESCE(rna, ''), commune_code, address, COALESCE(territory_id, 0), created_at, updated_at"

func scanStructure(row interface{ Scan(...any) error }) (structure.Structure, error) {
	var s structure.Structure
	err := row.Scan(&s.ID, &s.Name, &s.Typology, &s.SIRET, &s.RNA, &s.CommuneCode, &s.Address, &s.TerritoryID, &s.CreatedAt, &s.UpdatedAt)
	s.CreatedAt, s.UpdatedAt = s.CreatedAt.UTC(), s.UpdatedAt.UTC()
	return s, err
}

// CreateStructure inserts a validated structure and sets its ID: a new
// tenant, created by the platform administration or the console.
func (s *Store) CreateStructure(ctx context.Context, st *structure.Structure, now time.Time) error {
	err := s.w.QueryRowContext(ctx, `INSERT INTO structures (name, name_key, typology, siret, rna, commune_code, address, territory_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		st.Name, textfold.Key(st.Name), st.Typology, NullStr(st.SIRET), NullStr(st.RNA), st.CommuneCode, st.Address, NullInt(st.TerritoryID), DBTime(now),
	).Scan(&st.ID)
	if err != nil {
		return err
	}
	st.CreatedAt, st.UpdatedAt = now.UTC(), now.UTC()
	return nil
}

// UpdateStructureInTerritory saves the editable fields of a structure of the
// scope; a structure outside it is not found.
func (s *Store) UpdateStructureInTerritory(ctx context.Context, t scope.Territory, st structure.Structure, now time.Time) error {
	cond, args, err := TerritoryCondition(t, "id", 11)
	if err != nil {
		return err
	}
	res, err := s.w.ExecContext(ctx, `UPDATE structures SET name = $2, name_key = $3, typology = $4, siret = $5, rna = $6,
		commune_code = $7, address = $8, territory_id = $9, updated_at = $10 WHERE id = $1 AND `+cond,
		append([]any{st.ID, st.Name, textfold.Key(st.Name), st.Typology, NullStr(st.SIRET), NullStr(st.RNA), st.CommuneCode, st.Address, NullInt(st.TerritoryID), DBTime(now)}, args...)...)
	if err != nil {
		return err
	}
	return ExpectOne(res)
}

// Structure returns one structure by id: its identity (name, typology,
// address, territory) is public, shown with its places and workshops.
func (s *Store) Structure(ctx context.Context, id int64) (structure.Structure, error) {
	st, err := scanStructure(s.r.QueryRowContext(ctx, "SELECT "+structureColumns+" FROM structures WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return st, apperr.NotFoundError()
	}
	return st, err
}

// ListStructuresInTerritory returns the scope's structures sorted by name;
// query keeps those whose name contains it, accents and case ignored.
func (s *Store) ListStructuresInTerritory(ctx context.Context, t scope.Territory, query string) ([]structure.Structure, error) {
	cond, args, err := TerritoryCondition(t, "id", 3)
	if err != nil {
		return nil, err
	}
	key := textfold.Key(query)
	return s.structures(ctx, "WHERE ($1 = '' OR name_key LIKE $2 ESCAPE '\\') AND "+cond, append([]any{key, "%" + EscapeLike(key) + "%"}, args...)...)
}

// StructureDirectory returns every structure by name: their public
// identities, among which a referral chooses where to send a person.
func (s *Store) StructureDirectory(ctx context.Context) ([]structure.Structure, error) {
	return s.structures(ctx, "")
}

func (s *Store) structures(ctx context.Context, where string, args ...any) ([]structure.Structure, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+structureColumns+" FROM structures "+where+" ORDER BY name_key, id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []structure.Structure
	for rows.Next() {
		st, err := scanStructure(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// territoryCondition is the SQL condition keeping the rows whose structure
// column col belongs to the scope, with its arguments numbered from n.
func TerritoryCondition(t scope.Territory, col string, n int) (string, []any, error) {
	id, all, err := t.ID()
	switch {
	case err != nil:
		return "", nil, err
	case all:
		return "TRUE", nil, nil
	}
	return col + " IN (SELECT id FROM structures WHERE territory_id = $" + strconv.Itoa(n) + ")", []any{id}, nil
}

// structureInTerritory answers not found unless the structure is in the scope.
func StructureInTerritory(ctx context.Context, db Execer, t scope.Territory, structureID int64) error {
	cond, args, err := TerritoryCondition(t, "id", 2)
	if err != nil {
		return err
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM structures WHERE id = $1 AND "+cond, append([]any{structureID}, args...)...).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// CountStructures counts every structure (used to tell an empty database).
func (s *Store) CountStructures(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM structures").Scan(&n)
	return n, err
}

// CreateTerritory inserts a territory with its communes.
func (s *Store) CreateTerritory(ctx context.Context, t *structure.Territory, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "INSERT INTO territories (name, coordinator_structure_id, created_at) VALUES ($1, $2, $3) RETURNING id",
			t.Name, NullInt(t.CoordinatorStructureID), DBTime(now)).Scan(&t.ID); err != nil {
			return coordinatorTaken(err)
		}
		return setTerritoryCommunes(ctx, tx, t.ID, t.CommuneCodes)
	})
}

func setTerritoryCommunes(ctx context.Context, tx *sql.Tx, id int64, codes []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM territory_communes WHERE territory_id = $1", id); err != nil {
		return err
	}
	for _, c := range codes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO territory_communes (territory_id, commune_code) VALUES ($1, $2) ON CONFLICT DO NOTHING", id, c); err != nil {
			return err
		}
	}
	return nil
}

// SetTerritoryCoordinator names the structure that coordinates a territory.
func (s *Store) SetTerritoryCoordinator(ctx context.Context, territoryID, structureID int64) error {
	res, err := s.w.ExecContext(ctx, "UPDATE territories SET coordinator_structure_id = $2 WHERE id = $1", territoryID, NullInt(structureID))
	if err != nil {
		return coordinatorTaken(err)
	}
	return ExpectOne(res)
}

// Territory returns a territory and its communes.
func (s *Store) Territory(ctx context.Context, id int64) (structure.Territory, error) {
	var t structure.Territory
	err := s.r.QueryRowContext(ctx, "SELECT id, name, COALESCE(coordinator_structure_id, 0) FROM territories WHERE id = $1", id).
		Scan(&t.ID, &t.Name, &t.CoordinatorStructureID)
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.NotFoundError()
	}
	if err != nil {
		return t, err
	}
	rows, err := s.r.QueryContext(ctx, "SELECT commune_code FROM territory_communes WHERE territory_id = $1 ORDER BY commune_code", id)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return t, err
		}
		t.CommuneCodes = append(t.CommuneCodes, c)
	}
	return t, rows.Err()
}

// ListTerritories returns every territory (without communes), by name.
func (s *Store) ListTerritories(ctx context.Context) ([]structure.Territory, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, name, COALESCE(coordinator_structure_id, 0) FROM territories ORDER BY name, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []structure.Territory
	for rows.Next() {
		var t structure.Territory
		if err := rows.Scan(&t.ID, &t.Name, &t.CoordinatorStructureID); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// expectOne turns "no row changed" into not found.
func ExpectOne(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// escapeLike escapes LIKE wildcards for a pattern used with ESCAPE '\'
// (written explicitly: SQLite has no default escape character).
func EscapeLike(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '_' || c == '\\' {
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// UpdateTerritory saves a territory's name, coordinator and communes.
func (s *Store) UpdateTerritory(ctx context.Context, t structure.Territory) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE territories SET name = $2, coordinator_structure_id = $3 WHERE id = $1", t.ID, t.Name, NullInt(t.CoordinatorStructureID))
		if err != nil {
			return coordinatorTaken(err)
		}
		if err := ExpectOne(res); err != nil {
			return err
		}
		return setTerritoryCommunes(ctx, tx, t.ID, t.CommuneCodes)
	})
}

// coordinatorTaken explains the one-territory-per-coordinator rule.
func coordinatorTaken(err error) error {
	if IsUniqueViolation(err) {
		msg := "Cette structure coordonne déjà un autre territoire."
		return &apperr.Error{Code: apperr.Conflict, Message: msg, Fields: []apperr.FieldError{{Field: "coordinator", Message: msg}}}
	}
	return err
}
