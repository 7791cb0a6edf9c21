package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// appendEntries journals n entries in structure sid.
func appendEntries(t *testing.T, st *store.Store, sid int64, n int) {
	t.Helper()
	for i := range n {
		e := journal.Entry{Who: "Agent A (Accueil)", PersonID: int64(i + 1), Action: journal.Read, What: fmt.Sprintf("Fiche %d", i+1),
			At: time.Date(2026, 3, 2, 10, 0, i, 123456789, time.UTC)}
		if err := st.AddJournal(context.Background(), scope.OfStructure(sid), e); err != nil {
			t.Fatal(err)
		}
	}
}

// disableJournalGuards removes the database's refusal to change journal
// rows, as someone holding the database could.
func disableJournalGuards(t *testing.T, st *store.Store, raw *sql.DB) {
	t.Helper()
	stmts := []string{"DROP TRIGGER journal_no_update", "DROP TRIGGER journal_no_delete"}
	if st.Dialect() == store.Postgres {
		stmts = []string{"ALTER TABLE journal DISABLE TRIGGER USER"}
	}
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func verify(t *testing.T, st *store.Store) store.JournalCheck {
	t.Helper()
	c, err := st.VerifyJournal(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestJournalChainNamesTheFirstBreak: the whole chain holds after ordinary
// appends; an edited row, a deleted row in the middle and a deleted last
// row are each named by their position, on both databases.
func TestJournalChainNamesTheFirstBreak(t *testing.T) {
	cases := []struct {
		name, sql string
		seq       int64
		reason    string
	}{
		{"edited", "UPDATE journal SET what = 'Rien' WHERE seq = 4", 4, "modifiée"},
		{"edited time", "UPDATE journal SET at = $1 WHERE seq = 2", 2, "modifiée"},
		{"deleted", "DELETE FROM journal WHERE seq = 3", 3, "manquante"},
		{"deleted last", "DELETE FROM journal WHERE seq = 6", 6, "manquante"},
		{"rehashed", "UPDATE journal SET what = 'Rien', hash = 'x' WHERE seq = 5", 5, "modifiée"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			storetest.EachWithSQL(t, func(t *testing.T, st *store.Store, raw *sql.DB) {
				s := newStructure(t, st, "CCAS Journal", 0)
				appendEntries(t, st, s.ID, 6)
				if c := verify(t, st); c.Break != nil || c.Entries != 6 {
					t.Fatalf("intact chain: %d entries, %v", c.Entries, c.Break)
				}
				disableJournalGuards(t, st, raw)
				var args []any
				if strings.Contains(tc.sql, "$1") {
					args = append(args, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
				}
				if _, err := raw.Exec(tc.sql, args...); err != nil {
					t.Fatal(err)
				}
				c := verify(t, st)
				if c.Break == nil || c.Break.Seq != tc.seq || !strings.Contains(c.Break.Reason, tc.reason) {
					t.Fatalf("want entry %d named (%s), got %v", tc.seq, tc.reason, c.Break)
				}
				if c.Entries != tc.seq-1 {
					t.Errorf("entries checked before the break: %d, want %d", c.Entries, tc.seq-1)
				}
				t.Logf("named: %v", c.Break)
			})
		})
	}
}

// TestJournalRowsWrittenBeforeTheChainAreSealed: an entry without a place in
// the chain is named; migrating seals it in order and the chain holds.
func TestJournalRowsWrittenBeforeTheChainAreSealed(t *testing.T) {
	storetest.EachWithSQL(t, func(t *testing.T, st *store.Store, raw *sql.DB) {
		s := newStructure(t, st, "CCAS Ancien", 0)
		appendEntries(t, st, s.ID, 2)
		if _, err := raw.Exec("INSERT INTO journal (structure_id, who, action, what, at) VALUES ($1, 'Ancien', 'lecture', 'Avant la chaîne', $2)",
			s.ID, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if c := verify(t, st); c.Break == nil || !strings.Contains(c.Break.Reason, "hors de l'application") {
			t.Fatalf("unchained row not named: %v", c.Break)
		}
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		if c := verify(t, st); c.Break != nil || c.Entries != 3 {
			t.Fatalf("after sealing: %d entries, %v", c.Entries, c.Break)
		}
	})
}

// TestJournalConcurrentAppendsKeepOneChain: writers in parallel, through two
// store instances on one database (two servers), extend one chain.
func TestJournalConcurrentAppendsKeepOneChain(t *testing.T) {
	const writers, each = 8, 25
	run := func(t *testing.T, stores []*store.Store, sid int64) {
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st := stores[w%len(stores)]
				for i := range each {
					e := journal.Entry{Who: fmt.Sprintf("Agent %d", w), Action: journal.Read, What: fmt.Sprintf("Lecture %d", i), At: time.Now()}
					if err := st.AddJournal(context.Background(), scope.OfStructure(sid), e); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		c := verify(t, stores[0])
		if c.Break != nil || c.Entries != writers*each {
			t.Fatalf("chain after %d parallel appends: %d entries, %v", writers*each, c.Entries, c.Break)
		}
	}
	t.Run("postgres", func(t *testing.T) {
		u := storetest.PostgresDatabaseURL(t)
		var stores []*store.Store
		for range 2 {
			st, err := store.Open(context.Background(), store.Config{DatabaseURL: u})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			stores = append(stores, st)
		}
		s := newStructure(t, stores[0], "CCAS Parallèle", 0)
		run(t, stores, s.ID)
	})
	t.Run("sqlite", func(t *testing.T) {
		st := storetest.SQLite(t)
		s := newStructure(t, st, "CCAS Parallèle", 0)
		run(t, []*store.Store{st}, s.ID)
	})
}
