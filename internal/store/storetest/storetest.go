// Package storetest gives tests real, isolated databases: a copy of a
// migrated SQLite file, and a PostgreSQL database cloned from a migrated
// template when PARCOURS_TEST_POSTGRES names a server. Migrations run once
// per test process (and once per server for PostgreSQL), not once per test.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// PostgresEnv names the variable holding the test server's URL.
const PostgresEnv = "PARCOURS_TEST_POSTGRES"

// RequirePostgres reports whether a test that needs PostgreSQL must fail
// rather than skip when it is absent: always in CI.
func RequirePostgres() bool { return os.Getenv("CI") == "true" }

// SQLite returns a migrated store on a new file in a temporary folder.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	tpl, err := sqliteTemplate()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := copyFile(tpl, filepath.Join(dir, store.SQLiteFile)); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var sqliteTpl struct {
	once sync.Once
	path string
	err  error
}

// sqliteTemplate migrates one SQLite file per test process.
func sqliteTemplate() (string, error) {
	sqliteTpl.once.Do(func() {
		dir, err := os.MkdirTemp("", "parcours-sqlite-template-")
		if err != nil {
			sqliteTpl.err = err
			return
		}
		ctx := context.Background()
		st, err := store.Open(ctx, store.Config{DataDir: dir})
		if err != nil {
			sqliteTpl.err = err
			return
		}
		if err := st.Migrate(ctx); err != nil {
			st.Close()
			sqliteTpl.err = err
			return
		}
		if err := st.Checkpoint(ctx); err != nil {
			st.Close()
			sqliteTpl.err = err
			return
		}
		sqliteTpl.err = st.Close()
		sqliteTpl.path = filepath.Join(dir, store.SQLiteFile)
	})
	return sqliteTpl.path, sqliteTpl.err
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// serverURL returns the test server's URL, or skips (fails in CI).
func serverURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if RequirePostgres() {
			t.Fatalf("%s is not set in CI: the PostgreSQL half of the storage suite cannot be skipped", PostgresEnv)
		}
		t.Skipf("PostgreSQL: %s not set (e.g. postgres://root@127.0.0.1:5432/test?sslmode=disable); SQLite only", PostgresEnv)
	}
	return base
}

func withDatabase(base, db string, params map[string]string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + db
	q := u.Query()
	for k, v := range params {
		q.Set(k, v)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// PostgresURL returns a connection URL to a new, empty schema of its own,
// dropped when the test ends, for tests of the migrations themselves.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := serverURL(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := randomName("t_")
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL at %s: %v", base, err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	return withDatabase(base, strings.TrimPrefix(mustURL(base).Path, "/"), map[string]string{"search_path": schema})
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		return &url.URL{}
	}
	return u
}

var pgTpl struct {
	mu   sync.Mutex
	name string
}

// postgresTemplate returns the name of a migrated template database for the
// current migrations, creating it once per server (an advisory lock keeps
// parallel test processes from creating it twice).
func postgresTemplate(base string) (string, error) {
	pgTpl.mu.Lock()
	defer pgTpl.mu.Unlock()
	if pgTpl.name != "" {
		return pgTpl.name, nil
	}
	name := "parcours_tpl_" + migrationsHash()
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock(74210)"); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "SELECT pg_advisory_unlock(74210)")
	var ready bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)", name).Scan(&ready); err != nil {
		return "", err
	}
	if !ready {
		// A template left half-made by an interrupted run is made again.
		if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return "", err
		}
		if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
			return "", err
		}
		st, err := store.Open(ctx, store.Config{DatabaseURL: withDatabase(base, name, nil)})
		if err != nil {
			return "", err
		}
		err = st.Migrate(ctx)
		st.Close()
		if err != nil {
			return "", err
		}
		if _, err := conn.ExecContext(ctx, "ALTER DATABASE "+name+" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false"); err != nil {
			return "", err
		}
	}
	pgTpl.name = name
	return name, nil
}

// migrationsHash names the template after the migrations it holds.
func migrationsHash() string {
	h := sha256.New()
	_ = fs.WalkDir(store.Migrations(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(store.Migrations(), p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// PostgresDatabaseURL returns the URL of a migrated database that is this
// test's alone until it ends. Creating and dropping a database costs seconds
// of disk synchronisation, so databases cloned from the template are kept
// and reused: each is held under an advisory lock for the whole test (test
// processes running side by side take different ones) and emptied back to
// the template's content before use. One whose schema a test altered
// (a trigger dropped, say) is dropped and cloned again.
func PostgresDatabaseURL(t testing.TB) string {
	t.Helper()
	base := serverURL(t)
	tpl, err := postgresTemplate(base)
	if err != nil {
		t.Fatalf("PostgreSQL template at %s: %v", base, err)
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	// The lock belongs to this connection's session: it lives as long as the test.
	conn, err := admin.Conn(ctx)
	if err != nil {
		admin.Close()
		t.Fatalf("PostgreSQL at %s: %v", base, err)
	}
	release := func() { conn.Close(); admin.Close() }
	key := poolKey(tpl)
	for slot := 0; ; slot++ {
		var held bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1, $2)", key, slot).Scan(&held); err != nil {
			release()
			t.Fatalf("PostgreSQL: %v", err)
		}
		if !held {
			continue
		}
		name := fmt.Sprintf("%s_%d", tpl, slot)
		err := preparePooled(ctx, admin, base, tpl, name)
		if err != nil && strings.Contains(err.Error(), "3D000") {
			// The template went away (dropped by hand, or by an older run):
			// make it again once.
			pgTpl.mu.Lock()
			pgTpl.name = ""
			pgTpl.mu.Unlock()
			if tpl, err = postgresTemplate(base); err == nil {
				err = preparePooled(ctx, admin, base, tpl, name)
			}
		}
		if err != nil {
			release()
			t.Fatalf("PostgreSQL: database %s: %v", name, err)
		}
		t.Cleanup(release) // runs after the store's Close, registered later
		return withDatabase(base, name, nil)
	}
}

// poolKey is the advisory lock's first key for one template's databases.
func poolKey(tpl string) int32 {
	h := sha256.Sum256([]byte(tpl))
	return int32(uint32(h[0])<<24 | uint32(h[1])<<16 | uint32(h[2])<<8 | uint32(h[3]))
}

// preparePooled brings database name to the template's content: it empties
// an existing one in place, or clones the template.
func preparePooled(ctx context.Context, admin *sql.DB, base, tpl, name string) error {
	var exists bool
	if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return err
	}
	if exists {
		ok, err := resetPooled(ctx, withDatabase(base, name, nil))
		if err == nil && ok {
			return nil
		}
		// Altered, half-made or not resettable here: start again from the template.
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			return err
		}
	}
	var err error
	for attempt := 0; ; attempt++ {
		_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+tpl)
		if err == nil || attempt == 20 || !strings.Contains(err.Error(), "being accessed by other users") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("clone of %s: %w", tpl, err)
	}
	db, err := sql.Open("pgx", withDatabase(base, name, nil))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, seedSQL)
	return err
}

// resetPooled empties a pooled database back to the template's rows and
// sequence values; false when its schema is no longer the template's.
func resetPooled(ctx context.Context, url string) (bool, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var ok bool
	err = db.QueryRowContext(ctx, "SELECT storetest_seed.reset()").Scan(&ok)
	return ok, err
}

// seedSQL runs once in a fresh clone: it keeps, in a schema of its own, the
// rows the migrations left (the journal's genesis, for instance), the
// sequences' values and a fingerprint of the schema, and the function that
// resets the database to them. Rows are removed with triggers off (the
// journal refuses deletion otherwise), which needs a superuser, as the test
// server's role is; without one, reset fails and the database is cloned again.
const seedSQL = `
CREATE SCHEMA storetest_seed;

CREATE FUNCTION storetest_seed.fingerprint() RETURNS text LANGUAGE sql AS $f$
SELECT md5(
  coalesce((SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname, c.relkind)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'), '') || '|' ||
  coalesce((SELECT string_agg(c.relname || '.' || a.attname || ':' || a.atttypid::text || ':' || a.attnotnull::text, ',' ORDER BY c.relname, a.attnum)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND a.attnum > 0 AND NOT a.attisdropped), '') || '|' ||
  coalesce((SELECT string_agg(c.relname || '.' || t.tgname || ':' || t.tgenabled::text, ',' ORDER BY c.relname, t.tgname)
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'), '') || '|' ||
  coalesce((SELECT string_agg(p.proname || ':' || md5(p.prosrc), ',' ORDER BY p.proname, p.oid)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'), ''))
$f$;

DO $d$
DECLARE r record; n bigint;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version' LOOP
    EXECUTE format('SELECT count(*) FROM public.%I', r.tablename) INTO n;
    IF n > 0 THEN
      EXECUTE format('CREATE TABLE storetest_seed.%I AS SELECT * FROM public.%I', 'rows_' || r.tablename, r.tablename);
    END IF;
  END LOOP;
END
$d$;

CREATE TABLE storetest_seed.sequences AS
  SELECT sequencename::text AS name, last_value FROM pg_sequences WHERE schemaname = 'public';
CREATE TABLE storetest_seed.meta AS SELECT storetest_seed.fingerprint() AS fingerprint;

CREATE FUNCTION storetest_seed.reset() RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE r record; cols text;
BEGIN
  IF storetest_seed.fingerprint() IS DISTINCT FROM (SELECT fingerprint FROM storetest_seed.meta) THEN
    RETURN false;
  END IF;
  PERFORM set_config('session_replication_role', 'replica', true);
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version' LOOP
    EXECUTE format('DELETE FROM public.%I', r.tablename);
  END LOOP;
  FOR r IN SELECT substr(tablename, 6) AS t FROM pg_tables WHERE schemaname = 'storetest_seed' AND tablename LIKE 'rows\_%' LOOP
    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name = r.t AND is_generated = 'NEVER';
    EXECUTE format('INSERT INTO public.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM storetest_seed.%I', r.t, cols, cols, 'rows_' || r.t);
  END LOOP;
  FOR r IN SELECT s.sequencename::text AS name, q.last_value FROM pg_sequences s
      LEFT JOIN storetest_seed.sequences q ON q.name = s.sequencename::text WHERE s.schemaname = 'public' LOOP
    IF r.last_value IS NULL THEN
      EXECUTE format('ALTER SEQUENCE public.%I RESTART', r.name);
    ELSE
      PERFORM setval(format('public.%I', r.name), r.last_value, true);
    END IF;
  END LOOP;
  RETURN true;
END
$f$;
`

// Postgres returns a migrated store in a database of its own.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: PostgresDatabaseURL(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Each runs fn on SQLite and on PostgreSQL, as parallel subtests.
func Each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, Postgres(t))
	})
}

// EachWithSQL runs fn on SQLite and on PostgreSQL, as parallel subtests,
// with a second, plain connection to the same database: for tests that
// read every table whole or tamper with rows as someone holding the
// database would.
func EachWithSQL(t *testing.T, fn func(t *testing.T, st *store.Store, raw *sql.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		st, raw := SQLiteWithSQL(t)
		fn(t, st, raw)
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		st, raw := PostgresWithSQL(t)
		fn(t, st, raw)
	})
}

// SQLiteWithSQL is SQLite with a plain connection to the same file.
func SQLiteWithSQL(t testing.TB) (*store.Store, *sql.DB) {
	t.Helper()
	tpl, err := sqliteTemplate()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, store.SQLiteFile)
	if err := copyFile(tpl, path); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_time_format=sqlite")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close(); st.Close() })
	return st, raw
}

// PostgresWithSQL is PostgreSQL with a plain connection to the same database.
func PostgresWithSQL(t testing.TB) (*store.Store, *sql.DB) {
	t.Helper()
	u := PostgresDatabaseURL(t)
	st, err := store.Open(context.Background(), store.Config{DatabaseURL: u})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close(); st.Close() })
	return st, raw
}

// Structure creates a valid structure named name in territory (0: none),
// for tests that need an owner for their rows.
func Structure(t testing.TB, st *store.Store, name string, territory int64, now time.Time) structure.Structure {
	t.Helper()
	s := structure.Structure{Name: name, Typology: "CCAS", RNA: "W179999999", CommuneCode: "17299", Address: "1 rue Test", TerritoryID: territory}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateStructure(context.Background(), &s, now); err != nil {
		t.Fatal(err)
	}
	return s
}
