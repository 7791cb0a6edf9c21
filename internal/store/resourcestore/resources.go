// Package resourcestore holds the SQL of the library of teaching resources:
// the resources of a territory's structures, their files, and the
// resources a workshop uses as its material.
package resourcestore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Store reads and writes the library; the core's methods stay reachable
// through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the library's store on the core store.
func New(s *store.Store) *Store { return &Store{s} }

const columns = `r.id, r.structure_id, s.name, r.title, r.summary, r.themes, r.level, r.audiences, r.licence, r.link,
	r.file_name, r.file_type, r.file_size, COALESCE(r.created_by, 0), r.created_at, r.updated_at`

const from = ` FROM resources r JOIN structures s ON s.id = r.structure_id`

func scan(row interface{ Scan(...any) error }) (resource.Resource, error) {
	var r resource.Resource
	var themes, audiences string
	err := row.Scan(&r.ID, &r.StructureID, &r.StructureName, &r.Title, &r.Summary, &themes, &r.Level, &audiences, &r.Licence, &r.Link,
		&r.FileName, &r.FileType, &r.FileSize, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt)
	r.Themes, r.Audiences = store.SplitList(themes), store.SplitList(audiences)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
}

// territoryWhere limits a query on alias s (structures) to a territory.
func territoryWhere(t scope.Territory, args []any) (string, []any, error) {
	id, all, err := t.ID()
	switch {
	case err != nil:
		return "", nil, err
	case all:
		return "TRUE", args, nil
	}
	args = append(args, id)
	return "s.territory_id = $" + strconv.Itoa(len(args)), args, nil
}

// Create records a resource of the scope's structure, with its file when
// one is given, and journals it.
func (s *Store) Create(ctx context.Context, sc scope.Structure, r *resource.Resource, file []byte, userID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	r.StructureID, r.CreatedBy, r.CreatedAt, r.UpdatedAt = sid, userID, now.UTC(), now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO resources (structure_id, title, summary, themes, level, audiences, licence, link, file_name, file_type, file_size,
			search_key, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
			sid, r.Title, r.Summary, store.JoinList(r.Themes), r.Level, store.JoinList(r.Audiences), r.Licence, r.Link, r.FileName, r.FileType, r.FileSize,
			r.SearchKey(), store.NullInt(userID), store.DBTime(now)).Scan(&r.ID)
		if err != nil {
			return err
		}
		if len(file) > 0 {
			if _, err := tx.ExecContext(ctx, "INSERT INTO resource_files (resource_id, content) VALUES ($1, $2)", r.ID, file); err != nil {
				return err
			}
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Update saves a resource of the scope's structure (its author). A new file
// replaces the old one; a resource that became a link loses its file.
func (s *Store) Update(ctx context.Context, sc scope.Structure, r *resource.Resource, file []byte, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE resources SET title = $3, summary = $4, themes = $5, level = $6, audiences = $7, licence = $8, link = $9,
			file_name = $10, file_type = $11, file_size = $12, search_key = $13, updated_at = $14 WHERE id = $1 AND structure_id = $2`,
			r.ID, sid, r.Title, r.Summary, store.JoinList(r.Themes), r.Level, store.JoinList(r.Audiences), r.Licence, r.Link,
			r.FileName, r.FileType, r.FileSize, r.SearchKey(), store.DBTime(now))
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.NotFoundError()
		}
		switch {
		case len(file) > 0:
			if _, err := tx.ExecContext(ctx, "DELETE FROM resource_files WHERE resource_id = $1", r.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO resource_files (resource_id, content) VALUES ($1, $2)", r.ID, file); err != nil {
				return err
			}
		case !r.IsFile():
			if _, err := tx.ExecContext(ctx, "DELETE FROM resource_files WHERE resource_id = $1", r.ID); err != nil {
				return err
			}
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Delete removes a resource of the scope's structure, its file and its
// place in workshops' material, and journals it.
func (s *Store) Delete(ctx context.Context, sc scope.Structure, id int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{"DELETE FROM workshop_resources WHERE resource_id = $1 AND EXISTS (SELECT 1 FROM resources WHERE id = $1 AND structure_id = $2)",
			"DELETE FROM resource_files WHERE resource_id = $1 AND EXISTS (SELECT 1 FROM resources WHERE id = $1 AND structure_id = $2)"} {
			if _, err := tx.ExecContext(ctx, q, id, sid); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM resources WHERE id = $1 AND structure_id = $2", id, sid)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return apperr.NotFoundError()
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// InTerritory returns a resource of a structure of the territory.
func (s *Store) InTerritory(ctx context.Context, t scope.Territory, id int64) (resource.Resource, error) {
	w, args, err := territoryWhere(t, []any{id})
	if err != nil {
		return resource.Resource{}, err
	}
	r, err := scan(s.Reader().QueryRowContext(ctx, "SELECT "+columns+from+" WHERE r.id = $1 AND "+w, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	return r, err
}

// FileInTerritory returns the file of a resource of the territory.
func (s *Store) FileInTerritory(ctx context.Context, t scope.Territory, id int64) (resource.Resource, []byte, error) {
	r, err := s.InTerritory(ctx, t, id)
	if err != nil {
		return r, nil, err
	}
	b, err := s.file(ctx, r)
	return r, b, err
}

func (s *Store) file(ctx context.Context, r resource.Resource) ([]byte, error) {
	if !r.IsFile() {
		return nil, apperr.NotFoundError()
	}
	var b []byte
	err := s.Reader().QueryRowContext(ctx, "SELECT content FROM resource_files WHERE resource_id = $1", r.ID).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError()
	}
	return b, err
}

// Filter narrows a search of the library; empty fields mean no condition.
type Filter struct {
	Words    string // every word must be in the title or the summary, without case nor accents
	Theme    string
	Level    string // a resource for every level matches every level
	Audience string
	Limit    int // 0: no limit
}

func listLike(column, value string, arg func(any) string) string {
	return "('|' || " + column + " || '|') LIKE " + arg("%|"+store.EscapeLike(value)+"|%") + " ESCAPE '\\'"
}

// SearchInTerritory lists the resources of the territory's structures that
// match the filter, the most recently changed first.
func (s *Store) SearchInTerritory(ctx context.Context, t scope.Territory, f Filter) ([]resource.Resource, error) {
	w, args, err := territoryWhere(t, nil)
	if err != nil {
		return nil, err
	}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	where := []string{w}
	for _, word := range strings.Fields(textfold.Key(f.Words)) {
		where = append(where, "r.search_key LIKE "+arg("%"+store.EscapeLike(word)+"%")+" ESCAPE '\\'")
	}
	if f.Theme != "" {
		where = append(where, listLike("r.themes", f.Theme, arg))
	}
	if f.Level != "" {
		where = append(where, "(r.level = "+arg(f.Level)+" OR r.level = '')")
	}
	if f.Audience != "" {
		where = append(where, listLike("r.audiences", f.Audience, arg))
	}
	q := "SELECT " + columns + from + " WHERE " + strings.Join(where, " AND ") + " ORDER BY r.updated_at DESC, r.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	var out []resource.Resource
	err = s.EachRow(ctx, q, args, func(rows *sql.Rows) error {
		r, err := scan(rows)
		out = append(out, r)
		return err
	})
	return out, err
}

// Material lists the resources a workshop of the scope's structure uses, by title.
func (s *Store) Material(ctx context.Context, sc scope.Structure, workshopID int64) ([]resource.Resource, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.material(ctx, "w.structure_id = $2", workshopID, sid)
}

// PublicMaterial lists the resources a published workshop uses that anyone
// may receive (an open licence), by title.
func (s *Store) PublicMaterial(ctx context.Context, workshopID int64) ([]resource.Resource, error) {
	return s.material(ctx, "w.published = TRUE AND r.licence <> $2", workshopID, resource.AllRightsReserved)
}

func (s *Store) material(ctx context.Context, cond string, workshopID int64, v any) ([]resource.Resource, error) {
	var out []resource.Resource
	err := s.EachRow(ctx, "SELECT "+columns+from+` JOIN workshop_resources wr ON wr.resource_id = r.id JOIN workshops w ON w.id = wr.workshop_id
		WHERE wr.workshop_id = $1 AND `+cond+" ORDER BY r.title, r.id", []any{workshopID, v}, func(rows *sql.Rows) error {
		r, err := scan(rows)
		out = append(out, r)
		return err
	})
	return out, err
}

// PublicMaterialFile returns the file of a resource with an open licence
// that a published workshop uses.
func (s *Store) PublicMaterialFile(ctx context.Context, workshopID, resourceID int64) (resource.Resource, []byte, error) {
	list, err := s.PublicMaterial(ctx, workshopID)
	if err != nil {
		return resource.Resource{}, nil, err
	}
	for _, r := range list {
		if r.ID == resourceID {
			b, err := s.file(ctx, r)
			return r, b, err
		}
	}
	return resource.Resource{}, nil, apperr.NotFoundError()
}

// Attach adds a resource of the territory to the material of a workshop of
// the scope's structure; adding it twice changes nothing.
func (s *Store) Attach(ctx context.Context, sc scope.Structure, t scope.Territory, workshopID, resourceID int64, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	if _, err := s.InTerritory(ctx, t, resourceID); err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM workshops WHERE id = $1 AND structure_id = $2", workshopID, sid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundError()
		}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM workshop_resources WHERE workshop_id = $1 AND resource_id = $2", workshopID, resourceID).Scan(&n); err != nil || n > 0 {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO workshop_resources (workshop_id, resource_id, added_at) VALUES ($1, $2, $3)", workshopID, resourceID, store.DBTime(now))
		return err
	})
}

// Detach removes a resource from the material of a workshop of the scope's structure.
func (s *Store) Detach(ctx context.Context, sc scope.Structure, workshopID, resourceID int64) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, `DELETE FROM workshop_resources WHERE workshop_id = $1 AND resource_id = $2
		AND workshop_id IN (SELECT id FROM workshops WHERE structure_id = $3)`, workshopID, resourceID, sid)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return apperr.NotFoundError()
	}
	return nil
}
