package retention_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/retention"
	retentionsvc "github.com/parcours-numerique/parcours/internal/service/retention"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// snapshot counts what the retention touches.
func snapshot(t *testing.T, raw *sql.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for name, q := range map[string]string{
		"persons named":       "SELECT COUNT(*) FROM persons WHERE deleted_at IS NULL AND merged_into IS NULL AND (first_name <> '' OR last_name <> '' OR phone <> '' OR email <> '')",
		"referrals named":     "SELECT COUNT(*) FROM referrals WHERE person_name NOT IN ('" + store.AnonymisedName + "', '" + store.ErasedName + "')",
		"appointments":        "SELECT COUNT(*) FROM appointments",
		"notifications":       "SELECT COUNT(*) FROM notifications",
		"journal":             "SELECT COUNT(*) FROM journal",
		"registrations named": "SELECT COUNT(*) FROM workshop_registrations WHERE name <> '" + store.ErasedName + "'",
	} {
		var n int
		if err := raw.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[name] = n
	}
	return out
}

// TestRetentionOnAThreeYearOldTerritory: the demo territory loaded three
// years ago. A dry run reports rows in every table and changes nothing; the
// real run erases every file without contact for two years, anonymises the
// referrals, deletes appointments and messages, purges the journal past its
// (shortened) duration from the oldest, and the chain still verifies from
// its anchor; a second run finds nothing left to do. Only the console (a
// platform administrator) may run it.
func TestRetentionOnAThreeYearOldTerritory(t *testing.T) {
	storetest.EachWithSQL(t, func(t *testing.T, st *store.Store, raw *sql.DB) {
		ctx := context.Background()
		now := time.Now()
		if _, err := demo.Load(ctx, st, now.AddDate(-3, 0, 0)); err != nil {
			t.Fatal(err)
		}
		p := retention.Default()
		p.JournalMonths = 24
		svc := retentionsvc.New(st, p, func() time.Time { return now })
		if _, err := svc.Run(ctx, &account.Actor{User: account.User{ID: 1, Active: true}, Membership: account.Membership{StructureID: 1, Role: account.RoleMediation}}, true); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a mediator runs the retention: %v", err)
		}
		before := snapshot(t, raw)
		dry, err := svc.Run(ctx, account.Console(), true)
		if err != nil {
			t.Fatal(err)
		}
		if after := snapshot(t, raw); !equal(before, after) {
			t.Fatalf("the dry run changed the data: %v → %v", before, after)
		}
		got := map[string]int64{}
		for _, l := range dry.Lines {
			got[l.Table] = l.Rows
			t.Logf("%s dry run: %-24s %4d %s", st.Dialect(), l.Table, l.Rows, l.Action)
		}
		// The referrals about a person leave with the person's file; the others are anonymised.
		if before["referrals named"] == 0 {
			t.Fatal("the demo has no referral")
		}
		for _, table := range []string{"persons", "appointments", "notifications", "workshop_registrations", "journal"} {
			if got[table] == 0 {
				t.Errorf("dry run: nothing for %s", table)
			}
		}
		if int(got["persons"]) != before["persons named"] || int(got["appointments"]) != before["appointments"] {
			t.Errorf("dry run %v for %v", got, before)
		}
		real, err := svc.Run(ctx, account.Console(), false)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range real.Lines {
			if l.Rows != dry.Lines[i].Rows {
				t.Errorf("%s: dry run said %d, the run did %d", l.Table, dry.Lines[i].Rows, l.Rows)
			}
		}
		after := snapshot(t, raw)
		for _, k := range []string{"persons named", "referrals named", "appointments", "notifications", "registrations named"} {
			if after[k] != 0 {
				t.Errorf("%s: %d left", k, after[k])
			}
		}
		if after["journal"] != before["persons named"] {
			t.Errorf("journal: %d entries left, want the %d erasures", after["journal"], before["persons named"])
		}
		if c, err := st.VerifyJournal(ctx); err != nil || c.Break != nil || c.Entries != int64(after["journal"]) {
			t.Errorf("chain after the purge: %d entries, %v, %v", c.Entries, c.Break, err)
		}
		again, err := svc.Run(ctx, account.Console(), false)
		if err != nil || again.Rows() != 0 {
			t.Errorf("second run: %d rows, %v", again.Rows(), err)
		}
		if _, ran, err := svc.RunDaily(ctx); err != nil || !ran {
			t.Errorf("first daily run: %v %v", ran, err)
		}
		if _, ran, err := retentionsvc.New(st, p, func() time.Time { return now }).RunDaily(ctx); err != nil || ran {
			t.Errorf("a second instance the same day runs it again: %v %v", ran, err)
		}
	})
}

func equal(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
