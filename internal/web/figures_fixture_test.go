package web_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// The figures' benchmarks read a territory of generated activities: the
// demo territory plus n activities over the year before benchEnd, spread
// over its five structures and two conseillers each. The SQLite database is
// made once per size and kept under the system's temporary folder
// (parcours-bench-activities-N; delete it to make it again); PostgreSQL's
// is loaded with COPY for each run.

// benchEnd is the generated year's last day, fixed so that a kept database
// stays valid.
var benchEnd = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

// benchFixture is a store holding the generated activities.
type benchFixture struct {
	st    *store.Store
	coord *account.Actor
	ccas  int64
}

// activityColumns are the columns the generator fills.
var activityColumns = []string{"structure_id", "author_id", "type", "date", "duree", "canal", "place_name", "commune_code", "materiel", "thematiques",
	"demarches", "autonomie", "oriente", "orientation_vers", "titre", "niveau", "anon_gender", "anon_age_band", "anon_status", "anon_total", "anon_counts", "created_at", "updated_at"}

// generatedRows calls emit with the rows of n generated activities, in
// chunks.
func generatedRows(d *demo.Territory, authors map[int64][]int64, n int, emit func(rows [][]any) error) error {
	r := rand.New(rand.NewPCG(13, 2026))
	keys := []string{demo.CCAS, demo.FranceServices, demo.SocialCentre, demo.Library, demo.Association}
	end := benchEnd.In(time.UTC)
	created := benchEnd.UTC()
	const chunk = 100_000
	for start := 0; start < n; start += chunk {
		acts := generateActivities(r, min(chunk, n-start), end)
		rows := make([][]any, len(acts))
		for i, a := range acts {
			sid := d.Structures[keys[(start+i)%len(keys)]]
			au := authors[sid]
			place := ""
			if a.Canal == "lieu_activite" {
				place = fmt.Sprintf("Lieu %d-%d", sid, r.IntN(2))
			}
			counts := ""
			if len(a.AnonCounts) > 0 {
				b, _ := json.Marshal(a.AnonCounts)
				counts = string(b)
			}
			rows[i] = []any{sid, au[r.IntN(len(au))], a.Type, a.Date, int64(a.Duration), a.Canal, place, a.CommuneCode, store.JoinList(a.Equipment),
				store.JoinList(a.Themes), store.JoinList(a.Procedures), a.Autonomy, a.Oriented, a.OrientationKind, a.Title, a.Level,
				a.AnonGender, a.AnonAgeBand, a.AnonStatus, int64(a.AnonTotal), counts, created, created}
		}
		if err := emit(rows); err != nil {
			return err
		}
	}
	return nil
}

// benchAuthors gives each structure two conseillers among the users.
func benchAuthors(ctx context.Context, st *store.Store, d *demo.Territory) (map[int64][]int64, error) {
	var users []int64
	err := st.EachRow(ctx, `SELECT id FROM users ORDER BY id`, nil, func(r *sql.Rows) error {
		var id int64
		err := r.Scan(&id)
		users = append(users, id)
		return err
	})
	if err != nil || len(users) == 0 {
		return nil, fmt.Errorf("users: %v", err)
	}
	out := map[int64][]int64{}
	k := 0
	for _, sid := range d.Structures {
		out[sid] = []int64{users[k%len(users)], users[(k+1)%len(users)]}
		k += 2
	}
	return out, nil
}

// loadSQLite inserts the rows with multi-row INSERTs, 100,000 rows a
// transaction, the table's indexes and triggers dropped meanwhile and made
// again after (the months are then marked for the aggregates' build, as
// the migration does for existing activities).
func loadSQLite(ctx context.Context, st *store.Store, d *demo.Territory, authors map[int64][]int64, n int) error {
	var ddl, drop []string
	err := st.EachRow(ctx, `SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'activities' AND type IN ('index', 'trigger') AND sql IS NOT NULL`, nil, func(r *sql.Rows) error {
		var typ, name, q string
		if err := r.Scan(&typ, &name, &q); err != nil {
			return err
		}
		ddl, drop = append(ddl, q), append(drop, "DROP "+strings.ToUpper(typ)+" "+name)
		return nil
	})
	if err != nil {
		return err
	}
	for _, q := range drop {
		if _, err := st.Writer().ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if err := insertSQLite(ctx, st, d, authors, n); err != nil {
		return err
	}
	for _, q := range ddl {
		if _, err := st.Writer().ExecContext(ctx, q); err != nil {
			return err
		}
	}
	_, err = st.Writer().ExecContext(ctx, `INSERT INTO activity_figures_dirty (structure_id, month)
		SELECT DISTINCT structure_id, SUBSTR(date, 1, 7) FROM activities WHERE TRUE ON CONFLICT (structure_id, month) DO NOTHING`)
	return err
}

func insertSQLite(ctx context.Context, st *store.Store, d *demo.Territory, authors map[int64][]int64, n int) error {
	const per = 1000 // 23,000 parameters a statement
	ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(activityColumns)), ", ") + ")"
	full := "INSERT INTO activities (" + strings.Join(activityColumns, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(ph+", ", per), ", ")
	return generatedRows(d, authors, n, func(rows [][]any) error {
		tx, err := st.Writer().BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback() //nolint:errcheck
		stmt, err := tx.PrepareContext(ctx, full)
		if err != nil {
			return err
		}
		defer stmt.Close()
		args := make([]any, 0, per*len(activityColumns))
		for start := 0; start < len(rows); start += per {
			part := rows[start:min(start+per, len(rows))]
			args = args[:0]
			for _, r := range part {
				args = append(args, r...)
			}
			if len(part) == per {
				_, err = stmt.ExecContext(ctx, args...)
			} else {
				_, err = tx.ExecContext(ctx, "INSERT INTO activities ("+strings.Join(activityColumns, ", ")+") VALUES "+strings.TrimSuffix(strings.Repeat(ph+", ", len(part)), ", "), args...)
			}
			if err != nil {
				return err
			}
		}
		return tx.Commit()
	})
}

// loadPostgres copies the rows in with COPY.
func loadPostgres(ctx context.Context, st *store.Store, d *demo.Territory, authors map[int64][]int64, n int) error {
	conn, err := st.Writer().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return generatedRows(d, authors, n, func(rows [][]any) error {
		return conn.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"activities"}, activityColumns, pgx.CopyFromRows(rows))
			return err
		})
	})
}

// sqliteFixture opens the kept SQLite database of n activities, making it
// first if needed.
func sqliteFixture(b *testing.B, n int) benchFixture {
	ctx := context.Background()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("parcours-bench-activities-%d", n))
	meta := filepath.Join(dir, "demo.json")
	if _, err := os.Stat(meta); err != nil {
		start := time.Now()
		tmp := dir + ".tmp"
		_ = os.RemoveAll(tmp)
		st, err := store.Open(ctx, store.Config{DataDir: tmp})
		if err != nil {
			b.Fatal(err)
		}
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		d, err := demo.Load(ctx, st, benchEnd)
		if err != nil {
			b.Fatal(err)
		}
		authors, err := benchAuthors(ctx, st, d)
		if err != nil {
			b.Fatal(err)
		}
		if err := loadSQLite(ctx, st, d, authors, n); err != nil {
			b.Fatal(err)
		}
		b.Logf("SQLite: %d activities generated and stored in %s", n, time.Since(start).Round(time.Millisecond))
		buildAggregates(b, st)
		if err := st.Checkpoint(ctx); err != nil {
			b.Fatal(err)
		}
		st.Close()
		js, _ := json.Marshal(d)
		if err := os.WriteFile(filepath.Join(tmp, "demo.json"), js, 0o600); err != nil {
			b.Fatal(err)
		}
		_ = os.RemoveAll(dir)
		if err := os.Rename(tmp, dir); err != nil {
			b.Fatal(err)
		}
	}
	js, err := os.ReadFile(meta)
	if err != nil {
		b.Fatal(err)
	}
	var d demo.Territory
	if err := json.Unmarshal(js, &d); err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(ctx, store.Config{DataDir: dir})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return benchFixture{st: st, coord: benchCoordinator(b, st, &d), ccas: d.Structures[demo.CCAS]}
}

// postgresFixture loads n activities into a new PostgreSQL database, or
// opens the database PARCOURS_BENCH_POSTGRES_URL that an earlier run loaded
// (its demo territory and n activities or more).
func postgresFixture(b *testing.B, n int) benchFixture {
	ctx := context.Background()
	if u := os.Getenv("PARCOURS_BENCH_POSTGRES_URL"); u != "" {
		st, err := store.Open(ctx, store.Config{DatabaseURL: u})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		if err := st.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		var have int
		var coord, ccas int64
		if err := st.Reader().QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM activities), (SELECT MIN(user_id) FROM memberships WHERE role = 'coordination'),
			(SELECT MIN(id) FROM structures WHERE name LIKE 'CCAS%')`).Scan(&have, &coord, &ccas); err != nil || have < n {
			b.Fatalf("%s: %d activities, %v", u, have, err)
		}
		buildAggregates(b, st)
		d := &demo.Territory{Users: map[account.Role]int64{account.RoleCoordination: coord}}
		return benchFixture{st: st, coord: benchCoordinator(b, st, d), ccas: ccas}
	}
	st := storetest.Postgres(b)
	start := time.Now()
	d, err := demo.Load(ctx, st, benchEnd)
	if err != nil {
		b.Fatal(err)
	}
	authors, err := benchAuthors(ctx, st, d)
	if err != nil {
		b.Fatal(err)
	}
	if err := loadPostgres(ctx, st, d, authors, n); err != nil {
		b.Fatal(err)
	}
	if _, err := st.Writer().ExecContext(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.Logf("PostgreSQL: %d activities generated and copied in %s", n, time.Since(start).Round(time.Millisecond))
	buildAggregates(b, st)
	return benchFixture{st: st, coord: benchCoordinator(b, st, d), ccas: d.Structures[demo.CCAS]}
}

// buildAggregates builds the pre-aggregated figures of every month, as the
// first read after the migration does.
func buildAggregates(b *testing.B, st *store.Store) {
	start := time.Now()
	n, err := figures.New(st, nil).Rebuild(context.Background(), false)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("pre-aggregated figures of %d months built in %s", n, time.Since(start).Round(time.Millisecond))
}

func benchCoordinator(b *testing.B, st *store.Store, d *demo.Territory) *account.Actor {
	id := d.Users[account.RoleCoordination]
	ms, err := st.Memberships(context.Background(), id)
	if err != nil || len(ms) == 0 {
		b.Fatal(err)
	}
	return &account.Actor{User: account.User{ID: id, Active: true}, Membership: ms[0]}
}

// eachFixture runs fn on the generated activities in SQLite and PostgreSQL.
func eachFixture(b *testing.B, fn func(b *testing.B, fx benchFixture)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, sqliteFixture(b, benchSize(b))) })
	b.Run("postgres", func(b *testing.B) { fn(b, postgresFixture(b, benchSize(b))) })
}
