package main

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestRetentionAndJournalCommands: on the demo territory (recent data), a
// dry run lists every table and touches nothing, a real run with one-month
// durations anonymises and purges, the journal verifies before and after
// (from the anchor), and an edited journal row is named with exit 1; bad
// durations are refused in one line. On SQLite and PostgreSQL.
func TestRetentionAndJournalCommands(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			env := map[string]string{"PARCOURS_DATA_DIR": t.TempDir()}
			var raw *sql.DB
			var err error
			if dialect == "postgres" {
				u := storetest.PostgresURL(t)
				env = map[string]string{"PARCOURS_DATABASE_URL": u, "PARCOURS_DATA_DIR": t.TempDir()} // the safe's demo key and files
				raw, err = sql.Open("pgx", u)
			} else {
				raw, err = sql.Open("sqlite", "file:"+filepath.Join(env["PARCOURS_DATA_DIR"], store.SQLiteFile)+"?_pragma=busy_timeout(10000)")
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { raw.Close() })
			if r := runCmd(t, env, "", "demo"); r.code != 0 {
				t.Fatalf("demo: %d %q", r.code, r.stderr)
			}
			if r := runCmd(t, env, "", "journal", "verify"); r.code != 0 || !strings.Contains(r.stdout, "Journal intact") {
				t.Fatalf("verify: %d %q %q", r.code, r.stdout, r.stderr)
			}
			// The activity figures: the demo's months built, then none left
			// to build but all of them again on demand.
			var months, marked int
			if err := raw.QueryRow("SELECT COUNT(DISTINCT structure_id || ' ' || SUBSTR(date, 1, 7)) FROM activities").Scan(&months); err != nil || months == 0 {
				t.Fatalf("demo months: %d %v", months, err)
			}
			for _, c := range []struct {
				args []string
				want int
			}{{nil, months}, {nil, 0}, {[]string{"--all"}, months}} {
				r := runCmd(t, env, "", append([]string{"figures", "rebuild"}, c.args...)...)
				if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf(" %d mois reconstruits", c.want)) {
					t.Fatalf("figures rebuild %v: %d %q %q, want %d months", c.args, r.code, r.stdout, r.stderr, c.want)
				}
			}
			if err := raw.QueryRow("SELECT COUNT(*) FROM activity_figures_dirty").Scan(&marked); err != nil || marked != 0 {
				t.Fatalf("%d months still marked: %v", marked, err)
			}
			r := runCmd(t, env, "", "retention", "--dry-run")
			for _, table := range []string{"persons", "referrals", "appointments", "notifications", "workshop_registrations", "journal", "Total : 0 lignes", "rien n'a changé"} {
				if r.code != 0 || !strings.Contains(r.stdout, table) {
					t.Fatalf("dry run lacks %q: %d %q %q", table, r.code, r.stdout, r.stderr)
				}
			}
			short := []string{"--retention-referrals", "1", "--retention-journal", "1"}
			if r := runCmd(t, env, "", append([]string{"retention", "--dry-run"}, short...)...); r.code != 0 || strings.Contains(r.stdout, "Total : 0 lignes") {
				t.Fatalf("short dry run: %d %q", r.code, r.stdout)
			}
			var before int
			if err := raw.QueryRow("SELECT COUNT(*) FROM journal").Scan(&before); err != nil {
				t.Fatal(err)
			}
			if r := runCmd(t, env, "", append([]string{"retention"}, short...)...); r.code != 0 || strings.Contains(r.stdout, "Total : 0 lignes") {
				t.Fatalf("short run: %d %q", r.code, r.stdout)
			}
			var after int
			if err := raw.QueryRow("SELECT COUNT(*) FROM journal").Scan(&after); err != nil || after >= before {
				t.Fatalf("journal %d → %d rows: %v", before, after, err)
			}
			if r := runCmd(t, env, "", "journal", "verify"); r.code != 0 || !strings.Contains(r.stdout, "Journal intact") {
				t.Fatalf("verify after the purge: %d %q", r.code, r.stdout)
			}
			if dialect == "postgres" {
				_, err = raw.Exec("ALTER TABLE journal DISABLE TRIGGER USER")
			} else {
				_, err = raw.Exec("DROP TRIGGER journal_no_update")
			}
			if err != nil {
				t.Fatal(err)
			}
			var seq int64
			if err := raw.QueryRow("SELECT MAX(seq) FROM journal").Scan(&seq); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec("UPDATE journal SET who = 'Quelqu''un' WHERE seq = $1", seq); err != nil {
				t.Fatal(err)
			}
			if r := runCmd(t, env, "", "journal", "verify"); r.code != 1 || !strings.Contains(r.stdout, "ALTÉRÉ") || !strings.Contains(r.stdout, "modifiée") {
				t.Fatalf("verify after an edit: %d %q", r.code, r.stdout)
			}
			if r := runCmd(t, env, "", "retention", "--retention-persons", "0"); r.code != 2 || !strings.Contains(r.stderr, "de 1 à 120 mois") {
				t.Fatalf("zero duration: %d %q", r.code, r.stderr)
			}
		})
	}
}
