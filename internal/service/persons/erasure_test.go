package persons_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// dumpHits reads every column of every table of the database as text and
// returns where one of the needles appears (case-insensitive).
func dumpHits(t *testing.T, dialect store.Dialect, raw *sql.DB, needles []string) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	if dialect == store.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
	}
	rows, err := raw.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, n)
	}
	rows.Close()
	if len(tables) < 40 {
		t.Fatalf("only %d tables seen: %v", len(tables), tables)
	}
	var hits []string
	for _, table := range tables {
		rows, err := raw.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				var text string
				switch v := v.(type) {
				case []byte:
					text = string(v)
				case nil:
					continue
				default:
					text = fmt.Sprint(v)
				}
				low := strings.ToLower(text)
				for _, n := range needles {
					if strings.Contains(low, strings.ToLower(n)) {
						hits = append(hits, fmt.Sprintf("%s.%s: %.120q", table, cols[i], text))
					}
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return hits
}

func count(t *testing.T, raw *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := raw.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestErasureLeavesNoTrace: a demo resident with an appointment, a workshop
// registration, a referral and messages waiting to be sent is erased
// through the use case; both databases are then read whole, every table and
// every column, and neither the name, nor the phones, nor the e-mail appear
// anywhere. The appointment, registration and referral stay as rows for
// the statistics, the messages are stopped, the erasure is journaled and
// the journal's chain holds.
func TestErasureLeavesNoTrace(t *testing.T) {
	storetest.EachWithSQL(t, func(t *testing.T, st *store.Store, raw *sql.DB) {
		ctx := context.Background()
		now := time.Now()
		terr, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		ccas := terr.Structures[demo.CCAS]
		var id int64
		var phone string
		if err := raw.QueryRow("SELECT id, phone FROM persons WHERE first_name = 'Karim' AND last_name = 'Benali'").Scan(&id, &phone); err != nil {
			t.Fatal(err)
		}
		var apID, regID int64
		var regPhone string
		if err := raw.QueryRow("SELECT id FROM appointments WHERE person_id = $1", id).Scan(&apID); err != nil {
			t.Fatal("the demo person has no appointment: ", err)
		}
		if err := raw.QueryRow("SELECT id, phone FROM workshop_registrations WHERE person_id = $1", id).Scan(&regID, &regPhone); err != nil {
			t.Fatal("the demo person has no registration: ", err)
		}
		if count(t, raw, "SELECT COUNT(*) FROM referrals WHERE person_id = $1", id) == 0 {
			t.Fatal("the demo person has no referral")
		}
		email := "karim.benali@exemple.fr"
		msgs := []notify.Message{
			{Kind: notify.Reminder, Channel: notify.Email, To: email, Subject: "Rappel", Body: "Bonjour Karim Benali, à demain.", Key: "test:1", AppointmentID: apID},
			{Kind: notify.Reminder, Channel: notify.SMS, To: regPhone, Body: "Atelier demain.", Key: "test:2", RegistrationID: regID},
			{Kind: notify.Reminder, Channel: notify.SMS, To: phone, Body: "Rendez-vous demain.", Key: "test:3"},
		}
		if err := st.EnqueueMessages(ctx, scope.OfStructure(ccas), msgs, now); err != nil {
			t.Fatal(err)
		}
		needles := []string{"Benali", phone, regPhone, email}
		before := dumpHits(t, st.Dialect(), raw, needles)
		if len(before) < 6 {
			t.Fatalf("the dump should see the person before erasure: %v", before)
		}
		kept := "SELECT (SELECT COUNT(*) FROM appointments) + (SELECT COUNT(*) FROM workshop_registrations) + (SELECT COUNT(*) FROM referrals) + (SELECT COUNT(*) FROM persons)"
		rowsBefore := count(t, raw, kept)

		mediator := &account.Actor{User: account.User{ID: terr.Users[account.RoleMediation], Name: "Médiatrice", Active: true},
			Membership: account.Membership{StructureID: ccas, Role: account.RoleMediation}}
		if err := persons.New(st, time.Now).Delete(ctx, mediator, id); err != nil {
			t.Fatal(err)
		}

		after := dumpHits(t, st.Dialect(), raw, needles)
		for _, h := range after {
			t.Errorf("still in the database: %s", h)
		}
		t.Logf("%s: %d hits before erasure, %d after", st.Dialect(), len(before), len(after))
		if n := count(t, raw, kept); n != rowsBefore {
			t.Errorf("rows for the statistics: %d before, %d after", rowsBefore, n)
		}
		if n := count(t, raw, "SELECT COUNT(*) FROM notifications WHERE idempotency_key LIKE 'test:%' AND status <> 'arret'"); n != 0 {
			t.Errorf("%d messages still to be sent", n)
		}
		if n := count(t, raw, "SELECT COUNT(*) FROM journal WHERE person_id = $1 AND action = 'suppression'", id); n != 1 {
			t.Errorf("erasure journaled %d times", n)
		}
		if c, err := st.VerifyJournal(ctx); err != nil || c.Break != nil {
			t.Errorf("journal chain: %v %v", c.Break, err)
		}
	})
}
