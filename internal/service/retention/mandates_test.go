package retention_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/mandate"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/scope"
	retentionsvc "github.com/parcours-numerique/parcours/internal/service/retention"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TestMandateRetention: a mandate stays as it is 3 years after it ends,
// is archived (out of the lists, still verifiable) for 3 more years, then
// deleted with its categories and history (the journal follows its own
// rule). A mandate still running is never touched.
func TestMandateRetention(t *testing.T) {
	storetest.EachWithSQL(t, func(t *testing.T, st *store.Store, raw *sql.DB) {
		ctx := context.Background()
		start := time.Date(2020, 1, 10, 9, 0, 0, 0, time.UTC)
		s := structure.Structure{Name: "CCAS", Typology: "CCAS", CommuneCode: "92050"}
		s.Normalize()
		if err := st.CreateStructure(ctx, &s, start); err != nil {
			t.Fatal(err)
		}
		sc := scope.OfStructure(s.ID)
		ms := mandatestore.New(st)
		add := func(days int, from time.Time) mandate.Mandate {
			p := person.Person{StructureID: s.ID, Kind: person.Followed, FirstName: "Marie", LastName: "Dupont", Status: person.InProgress}
			p.Normalize()
			if err := st.CreatePerson(ctx, sc, &p, nil, journal.Entry{Who: "test", Action: journal.Create}, from); err != nil {
				t.Fatal(err)
			}
			m := mandate.Mandate{PersonID: p.ID, PersonInitials: "M. D.", AidantName: "Aidant", StartsAt: from, EndsAt: from.AddDate(0, 0, days), Days: days,
				WordingVersion: mandate.WordingVersion, WordingHash: "h", Token: mandate.NewToken(), Categories: []mandate.Category{{Code: "social"}}}
			if err := ms.CreateMandate(ctx, sc, &m, mandate.Event{Kind: mandate.EventCreated, Who: "Aidant"}, 0, journal.Entry{Who: "Aidant", Action: journal.Create, What: "Mandat"}, from); err != nil {
				t.Fatal(err)
			}
			return m
		}
		ended := add(31, start)                     // ends 2020-02-10
		running := add(365, start.AddDate(6, 0, 0)) // runs in 2026
		count := func(q string) int {
			var n int
			if err := raw.QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		run := func(at time.Time, dry bool) map[string]int64 {
			t.Helper()
			rep, err := retentionsvc.New(st, retention.Default(), func() time.Time { return at }).Run(ctx, account.Console(), dry)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int64{}
			for _, l := range rep.Lines {
				if l.Table == "mandates" {
					got[l.Action] = l.Rows
				}
			}
			return got
		}
		archived := "mandats terminés archivés"
		deleted := "mandats archivés supprimés, avec leur historique"
		end := ended.EndsAt

		if got := run(end.AddDate(3, 0, -1), false); got[archived] != 0 || got[deleted] != 0 {
			t.Fatalf("before 3 years: %v", got)
		}
		if got := run(end.AddDate(3, 0, 1), true); got[archived] != 1 {
			t.Fatalf("dry run after 3 years: %v", got)
		}
		if count("SELECT COUNT(*) FROM mandates WHERE archived_at IS NOT NULL") != 0 {
			t.Fatal("the dry run archived")
		}
		if got := run(end.AddDate(3, 0, 1), false); got[archived] != 1 || got[deleted] != 0 {
			t.Fatalf("after 3 years: %v", got)
		}
		if list, err := ms.Mandates(ctx, sc, 0); err != nil || len(list) != 1 || list[0].ID != running.ID {
			t.Fatalf("lists after archiving: %+v %v", list, err)
		}
		if m, err := ms.MandateByToken(ctx, ended.Token); err != nil || m.ArchivedAt.IsZero() {
			t.Fatalf("archived mandate no longer verifiable: %+v %v", m, err)
		}
		if got := run(end.AddDate(6, 0, 1), false); got[deleted] != 1 || got[archived] != 0 {
			t.Fatalf("after 6 years: %v", got)
		}
		if count("SELECT COUNT(*) FROM mandates") != 1 || count("SELECT COUNT(*) FROM mandate_events") != 1 || count("SELECT COUNT(*) FROM mandate_categories") != 1 {
			t.Fatal("the deleted mandate left rows, or the running one was touched")
		}
		if _, err := ms.MandateByToken(ctx, ended.Token); err == nil {
			t.Fatal("a deleted mandate still verifies")
		}
	})
}
