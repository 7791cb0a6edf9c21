// Package store is the only place that speaks SQL. One implementation serves
// SQLite (the embedded default) and PostgreSQL: queries use $N placeholders,
// and the few differences live in Dialect.
//
// This package holds the connection, the migrations, the journal, the
// outbox, accounts and structures: what every capability shares. Each
// capability's own SQL lives in a subpackage named after it
// (internal/store/<capability>store) whose Store embeds *store.Store and
// builds on Write, EachRow, Reader and the value helpers below.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the SQL flavour and isolates the differences between them.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// SQLiteFile is the database file name inside the data directory.
const SQLiteFile = "parcours.db"

//go:embed migrations
var migrations embed.FS

// Store gives access to the database. With SQLite, writes go through one
// connection (immediate transactions) and reads through a pool; with
// PostgreSQL both are the same pool.
type Store struct {
	w       *sql.DB
	r       *sql.DB
	dialect Dialect
	path    string // SQLite file
	log     *slog.Logger

	// placeWrites counts the writes to the places made through this Store:
	// what is derived from the places (cached answers) knows without a query
	// that it is out of date. Another process's writes are not counted.
	placeWrites atomic.Uint64
}

// PlacesWritten records a write to the places; call it once the write is
// committed.
func (s *Store) PlacesWritten() { s.placeWrites.Add(1) }

// PlaceWrites is the number of writes to the places made through this
// Store so far: it changes whenever they do.
func (s *Store) PlaceWrites() uint64 { return s.placeWrites.Load() }

// Config says which database to open.
type Config struct {
	DataDir     string // SQLite: folder holding parcours.db
	DatabaseURL string // postgres://… selects PostgreSQL; empty selects SQLite
	Logger      *slog.Logger
}

// Open opens (and creates, for SQLite) the database and checks it answers.
// It does not migrate: call Migrate.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if IsPostgresURL(cfg.DatabaseURL) {
		return openPostgres(ctx, cfg.DatabaseURL, log)
	}
	if cfg.DatabaseURL != "" {
		return nil, fmt.Errorf("adresse de base de données non reconnue : elle doit commencer par postgres:// ou postgresql:// (laisser vide pour SQLite)")
	}
	return openSQLite(ctx, cfg.DataDir, log)
}

// IsPostgresURL reports whether u selects PostgreSQL.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

func openSQLite(ctx context.Context, dataDir string, log *slog.Logger) (*Store, error) {
	if dataDir == "" {
		dataDir = "."
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("création du dossier de données %s : %w", dataDir, err)
	}
	path := filepath.Join(dataDir, SQLiteFile)
	// busy_timeout comes first so that the other pragmas wait for a lock too.
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	readers := max(4, runtime.NumCPU())
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	s := &Store{w: w, r: r, dialect: SQLite, path: path, log: log}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("ouverture de la base SQLite %s : %w", path, err)
	}
	return s, nil
}

func openPostgres(ctx context.Context, dsn string, log *slog.Logger) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("adresse PostgreSQL invalide : %w", err)
	}
	db.SetMaxOpenConns(32)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{w: db, r: db, dialect: Postgres, log: log}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := s.Ping(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("impossible de joindre PostgreSQL (%s) : %w", redactURL(dsn), err)
	}
	return s, nil
}

// redactURL hides the password of a connection URL in messages.
func redactURL(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "adresse illisible"
	}
	return u.Redacted()
}

// Dialect returns the SQL flavour in use.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close releases the connections.
func (s *Store) Close() error {
	errW := s.w.Close()
	if s.r != s.w {
		return errors.Join(errW, s.r.Close())
	}
	return errW
}

// Migrate brings the schema to the latest version. On PostgreSQL a session
// lock makes two instances starting together migrate one after the other.
func (s *Store) Migrate(ctx context.Context) error {
	dir, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return err
	}
	var opts []goose.ProviderOption
	gd := goose.DialectSQLite3
	if s.dialect == Postgres {
		gd = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, s.w, dir, opts...)
	if err != nil {
		return fmt.Errorf("migrations : %w", err)
	}
	results, err := p.Up(ctx)
	for _, r := range results {
		s.log.Info("migration appliquée", "version", r.Source.Version, "fichier", filepath.Base(r.Source.Path), "durée", r.Duration)
	}
	if err != nil {
		return fmt.Errorf("migrations : %w", err)
	}
	if err := s.sealJournal(ctx); err != nil {
		return fmt.Errorf("chaînage du journal : %w", err)
	}
	return nil
}

// Migrations returns the migration files of both dialects.
func Migrations() fs.FS { return migrations }

// Checkpoint folds SQLite's write-ahead log into the database file, so that
// the file alone is a complete copy; PostgreSQL needs nothing.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	_, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// MigrationVersions lists the migration versions shipped for a dialect.
func MigrationVersions(d Dialect) ([]string, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+string(d))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if v, _, ok := strings.Cut(e.Name(), "_"); ok && strings.HasSuffix(e.Name(), ".sql") {
			out = append(out, v)
		}
	}
	return out, nil
}

// Backup writes a consistent copy of the SQLite database to dest while the
// server may be running. PostgreSQL has pg_dump for that.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if s.dialect != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("le fichier %s existe déjà : choisissez un autre nom", dest)
	}
	if dir := filepath.Dir(dest); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return err
		}
	}
	// VACUUM INTO reads one snapshot and writes a compact, standalone file.
	_, err := s.w.ExecContext(ctx, "VACUUM INTO $1", dest)
	return err
}

// ErrBackupPostgres explains how to back up a PostgreSQL database.
var ErrBackupPostgres = errors.New("la sauvegarde intégrée ne concerne que SQLite : pour PostgreSQL, utilisez pg_dump (par exemple : pg_dump --format=custom --file=parcours.dump \"$PARCOURS_DATABASE_URL\")")

// SQLiteVersion reports the version of the embedded SQLite library.
func SQLiteVersion() string { return sqlite3.SQLITE_VERSION }

// write runs fn in a transaction on the writer.
func (s *Store) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// isUniqueViolation reports whether err is a unique-constraint failure.
func IsUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// ts is how a time goes into the database: UTC, to the microsecond (the
// precision both databases keep).
func DBTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// utc reads back a nullable time.
func UTC(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// nullInt turns 0 into NULL for optional foreign keys.
func NullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// nullStr turns "" into NULL for optional unique values.
func NullStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// anyTime reads a time from an expression column: SQLite returns the stored
// text for aggregates such as MAX(), PostgreSQL a time.
func AnyTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		return t.UTC(), nil
	case string:
		for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", time.RFC3339Nano} {
			if p, err := time.Parse(layout, t); err == nil {
				return p.UTC(), nil
			}
		}
		return time.Time{}, fmt.Errorf("unreadable time %q", t)
	case []byte:
		return AnyTime(string(t))
	}
	return time.Time{}, fmt.Errorf("unexpected time type %T", v)
}

// Reader is the pool that reads: on SQLite a query-only pool beside the one
// writer connection, on PostgreSQL the same pool as Writer. Capability
// stores (the subpackages of store) read through it.
func (s *Store) Reader() *sql.DB { return s.r }

// Writer is the connection pool that writes; prefer Write, which wraps a
// transaction.
func (s *Store) Writer() *sql.DB { return s.w }
