package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// fillJournal writes n chained entries straight into the journal, in one
// transaction, as the application would have appended them one by one.
func fillJournal(b *testing.B, st *store.Store, raw *sql.DB, sid int64, n int) {
	b.Helper()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	// SQLite is fastest one prepared row at a time, PostgreSQL with many
	// rows a statement (fewer round trips).
	batch := 1
	if st.Dialect() == store.Postgres {
		batch = 500
	}
	const cols = "(structure_id, actor_structure_id, who, person_id, action, what, at, seq, prev_hash, hash)"
	prev := ""
	var args []any
	flush := func() {
		if len(args) == 0 {
			return
		}
		var sb strings.Builder
		sb.WriteString("INSERT INTO journal " + cols + " VALUES ")
		for r := range len(args) / 10 {
			if r > 0 {
				sb.WriteString(", ")
			}
			k := r * 10
			fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", k+1, k+2, k+3, k+4, k+5, k+6, k+7, k+8, k+9, k+10)
		}
		if _, err := tx.Exec(sb.String(), args...); err != nil {
			b.Fatal(err)
		}
		args = args[:0]
	}
	for i := range n {
		seq := int64(i + 1)
		e := journal.Entry{StructureID: sid, ActorStructureID: sid, Who: "Agnès Accueil (Accueil)", PersonID: int64(i%5000 + 1),
			Action: journal.Read, What: fmt.Sprintf("Dossier de la personne n° %d", i%5000+1), At: start.Add(time.Duration(i) * time.Second)}
		h := journal.Hash(prev, seq, e)
		args = append(args, e.StructureID, e.ActorStructureID, e.Who, e.PersonID, e.Action, e.What, e.At, seq, prev, h)
		prev = h
		if len(args) == batch*10 {
			flush()
		}
	}
	flush()
	if _, err := tx.Exec("UPDATE journal_chain SET last_seq = $1, last_hash = $2 WHERE id = 1", n, prev); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkVerifyJournal walks a journal of a million entries on each
// database (go test -run XXX -bench VerifyJournal -benchtime 1x ./internal/store/;
// PARCOURS_BENCH_JOURNAL_ENTRIES changes the count).
func BenchmarkVerifyJournal(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("PARCOURS_BENCH_JOURNAL_ENTRIES")); err == nil && v > 0 {
		n = v
	}
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var st *store.Store
			var raw *sql.DB
			if db == "sqlite" {
				st, raw = storetest.SQLiteWithSQL(b)
			} else {
				st, raw = storetest.PostgresWithSQL(b)
			}
			var sid int64
			if err := raw.QueryRow("INSERT INTO structures (name, name_key, typology, commune_code, created_at, updated_at) VALUES ('Banc', 'banc', 'CCAS', '17299', $1, $1) RETURNING id", time.Now()).Scan(&sid); err != nil {
				b.Fatal(err)
			}
			started := time.Now()
			fillJournal(b, st, raw, sid, n)
			b.Logf("%s: %d entries written in %s", db, n, time.Since(started).Round(time.Millisecond))
			b.ResetTimer()
			for range b.N {
				c, err := st.VerifyJournal(context.Background())
				if err != nil || c.Break != nil || c.Entries != int64(n) {
					b.Fatalf("%d entries, %v, %v", c.Entries, c.Break, err)
				}
			}
			b.ReportMetric(float64(n), "entries/op")
		})
	}
}
