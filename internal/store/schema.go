package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Schema describes the tables as the database holds them after migrations,
// in terms both dialects share, so that the two can be compared.
type Schema struct {
	Tables map[string]*Table
}

// Table is one table's columns, indexes and foreign keys.
type Table struct {
	Columns     map[string]Column
	PrimaryKey  string   // columns, comma-separated
	Indexes     []string // "unique? (columns) [partial]", sorted; the primary key excluded
	ForeignKeys []string // "column -> table.column", sorted
}

// Column is one column's type family and nullability.
type Column struct {
	Family  string // int, real, text, bool, time, blob
	NotNull bool
}

// DescribeSchema reads the schema of the database's tables (goose's own table excluded).
func (s *Store) DescribeSchema(ctx context.Context) (Schema, error) {
	if s.dialect == Postgres {
		return s.describePostgres(ctx)
	}
	return s.describeSQLite(ctx)
}

func family(t string) string {
	t = strings.ToUpper(strings.TrimSpace(t))
	switch {
	case strings.Contains(t, "INT") || t == "BIGSERIAL" || t == "SERIAL":
		return "int"
	case t == "REAL" || strings.HasPrefix(t, "DOUBLE") || t == "NUMERIC" || t == "FLOAT":
		return "real"
	case t == "BOOLEAN" || t == "BOOL":
		return "bool"
	case strings.HasPrefix(t, "TIMESTAMP") || t == "DATETIME":
		return "time"
	case t == "BLOB" || t == "BYTEA":
		return "blob"
	case t == "TEXT" || strings.HasPrefix(t, "VARCHAR") || strings.HasPrefix(t, "CHARACTER"):
		return "text"
	}
	return "other:" + t
}

func (s *Store) describeSQLite(ctx context.Context) (Schema, error) {
	sc := Schema{Tables: map[string]*Table{}}
	var names []string
	if err := s.EachRow(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`, nil, func(r *sql.Rows) error {
		var n string
		if err := r.Scan(&n); err != nil {
			return err
		}
		names = append(names, n)
		return nil
	}); err != nil {
		return sc, err
	}
	for _, name := range names {
		t := &Table{Columns: map[string]Column{}}
		var pk []struct {
			pos  int
			name string
		}
		if err := s.EachRow(ctx, `SELECT name, type, "notnull", pk FROM pragma_table_info($1)`, []any{name}, func(r *sql.Rows) error {
			var col, typ string
			var notNull, pkPos int
			if err := r.Scan(&col, &typ, &notNull, &pkPos); err != nil {
				return err
			}
			t.Columns[col] = Column{Family: family(typ), NotNull: notNull == 1 || pkPos > 0}
			if pkPos > 0 {
				pk = append(pk, struct {
					pos  int
					name string
				}{pkPos, col})
			}
			return nil
		}); err != nil {
			return sc, err
		}
		sort.Slice(pk, func(i, j int) bool { return pk[i].pos < pk[j].pos })
		var pkCols []string
		for _, p := range pk {
			pkCols = append(pkCols, p.name)
		}
		t.PrimaryKey = strings.Join(pkCols, ",")
		type idx struct {
			name            string
			unique, partial bool
			origin          string
		}
		var idxs []idx
		if err := s.EachRow(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list($1)`, []any{name}, func(r *sql.Rows) error {
			var i idx
			var u, p int
			if err := r.Scan(&i.name, &u, &i.origin, &p); err != nil {
				return err
			}
			i.unique, i.partial = u == 1, p == 1
			idxs = append(idxs, i)
			return nil
		}); err != nil {
			return sc, err
		}
		for _, i := range idxs {
			if i.origin == "pk" {
				continue
			}
			var cols []string
			if err := s.EachRow(ctx, `SELECT name FROM pragma_index_info($1) ORDER BY seqno`, []any{i.name}, func(r *sql.Rows) error {
				var c *string
				if err := r.Scan(&c); err != nil {
					return err
				}
				if c == nil {
					cols = append(cols, "<expression>")
				} else {
					cols = append(cols, *c)
				}
				return nil
			}); err != nil {
				return sc, err
			}
			t.Indexes = append(t.Indexes, indexKey(i.unique, cols, i.partial))
		}
		if err := s.EachRow(ctx, `SELECT "from", "table", "to" FROM pragma_foreign_key_list($1)`, []any{name}, func(r *sql.Rows) error {
			var from, table string
			var to *string
			if err := r.Scan(&from, &table, &to); err != nil {
				return err
			}
			target := "id"
			if to != nil {
				target = *to
			}
			t.ForeignKeys = append(t.ForeignKeys, from+" -> "+table+"."+target)
			return nil
		}); err != nil {
			return sc, err
		}
		sort.Strings(t.Indexes)
		sort.Strings(t.ForeignKeys)
		sc.Tables[name] = t
	}
	return sc, nil
}

func indexKey(unique bool, cols []string, partial bool) string {
	k := "(" + strings.Join(cols, ",") + ")"
	if unique {
		k = "unique " + k
	}
	if partial {
		k += " partial"
	}
	return k
}

var pgIndexDef = regexp.MustCompile(`^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING \w+ \((.*?)\)( WHERE .*)?$`)

func (s *Store) describePostgres(ctx context.Context) (Schema, error) {
	sc := Schema{Tables: map[string]*Table{}}
	if err := s.EachRow(ctx, `SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`, nil, func(r *sql.Rows) error {
		var table, col, nullable, typ string
		if err := r.Scan(&table, &col, &nullable, &typ); err != nil {
			return err
		}
		t := sc.Tables[table]
		if t == nil {
			t = &Table{Columns: map[string]Column{}}
			sc.Tables[table] = t
		}
		t.Columns[col] = Column{Family: family(typ), NotNull: nullable == "NO"}
		return nil
	}); err != nil {
		return sc, err
	}
	pkIndexes := map[string]bool{}
	if err := s.EachRow(ctx, `SELECT c.conrelid::regclass::text, c.contype, i.relname,
		(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
			JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
		COALESCE(c.confrelid::regclass::text, ''),
		COALESCE((SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
			JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum), '')
		FROM pg_constraint c JOIN pg_namespace ns ON ns.oid = c.connamespace LEFT JOIN pg_class i ON i.oid = c.conindid
		WHERE ns.nspname = current_schema() AND c.contype IN ('p', 'f')`, nil, func(r *sql.Rows) error {
		var table, typ, cols, ftable, fcols string
		var index *string
		if err := r.Scan(&table, &typ, &index, &cols, &ftable, &fcols); err != nil {
			return err
		}
		table = strings.Trim(table[strings.LastIndex(table, ".")+1:], `"`)
		ftable = strings.Trim(ftable[strings.LastIndex(ftable, ".")+1:], `"`)
		t := sc.Tables[table]
		if t == nil {
			return nil
		}
		switch typ {
		case "p":
			t.PrimaryKey = cols
			if index != nil {
				pkIndexes[*index] = true
			}
		case "f":
			t.ForeignKeys = append(t.ForeignKeys, cols+" -> "+ftable+"."+fcols)
		}
		return nil
	}); err != nil {
		return sc, err
	}
	if err := s.EachRow(ctx, `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()`, nil, func(r *sql.Rows) error {
		var table, name, def string
		if err := r.Scan(&table, &name, &def); err != nil {
			return err
		}
		t := sc.Tables[table]
		if t == nil || pkIndexes[name] {
			return nil
		}
		m := pgIndexDef.FindStringSubmatch(def)
		if m == nil {
			return fmt.Errorf("index %s: unreadable definition %q", name, def)
		}
		var cols []string
		for _, c := range strings.Split(m[2], ",") {
			c = strings.TrimSpace(c)
			if strings.ContainsAny(c, "( ") {
				c = "<expression>"
			}
			cols = append(cols, strings.Trim(c, `"`))
		}
		t.Indexes = append(t.Indexes, indexKey(m[1] != "", cols, m[3] != ""))
		return nil
	}); err != nil {
		return sc, err
	}
	for _, t := range sc.Tables {
		sort.Strings(t.Indexes)
		sort.Strings(t.ForeignKeys)
	}
	return sc, nil
}
