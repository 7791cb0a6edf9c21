package store_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type receptionFixture struct {
	ctx   context.Context
	st    *store.Store
	a, b  int64 // two structures
	userA int64
	now   time.Time
	t     *testing.T
}

func newReceptionFixture(t *testing.T, st *store.Store) *receptionFixture {
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	f := &receptionFixture{ctx: ctx, st: st, now: now, t: t}
	for i, name := range []string{"CCAS A", "France Services B"} {
		s := structure.Structure{Name: name, Typology: "CCAS", CommuneCode: "17299"}
		if err := st.CreateStructure(ctx, &s, now); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			f.a = s.ID
		} else {
			f.b = s.ID
		}
	}
	uid, err := st.CreateUser(ctx, account.NewUser{Email: "a@test.fr", Name: "Agent A", StructureID: f.a, Role: account.RoleReception}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	f.userA = uid
	return f
}

func (f *receptionFixture) person(structureID int64, first, last string, year int) person.Person {
	f.t.Helper()
	p := person.Person{StructureID: structureID, Kind: person.Followed, FirstName: first, LastName: last, BirthYear: year, Gender: "feminin",
		CommuneCode: "17299", SocialStatus: "retraite", Phone: "01 99 00 00 01"}
	p.Normalize()
	if err := p.Validate(f.now); err != nil {
		f.t.Fatal(err)
	}
	c, _ := person.NewConsent(person.ConsentFollow, "CCAS A")
	if err := f.st.CreatePerson(f.ctx, scope.OfStructure(p.StructureID), &p, []person.Consent{c}, journal.Entry{UserID: f.userA, Who: "Agent A", Action: journal.Create, What: "test"}, f.now); err != nil {
		f.t.Fatal(err)
	}
	return p
}

func TestPersons(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		ctx := f.ctx
		marie := f.person(f.a, "Marie-Hélène", "Dupont", 1950)
		f.person(f.a, "Jean", "Martin", 1960)
		other := f.person(f.b, "Marie-Hélène", "Dupont", 1950)

		t.Run("OtherStructureIsNotFound", func(t *testing.T) {
			if _, err := st.Person(ctx, scope.OfStructure(f.a), other.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("got %v", err)
			}
		})
		t.Run("SearchIgnoresAccentsAndCase", func(t *testing.T) {
			for _, q := range []string{"helene", "DUPONT marie", "Hélène", "dup"} {
				list, total, err := st.ListPersons(ctx, scope.OfStructure(f.a), store.PersonFilter{Query: q, Limit: 10})
				if err != nil || total != 1 || len(list) != 1 || list[0].ID != marie.ID {
					t.Fatalf("%q: %d %v %v", q, total, list, err)
				}
			}
			if _, total, _ := st.ListPersons(ctx, scope.OfStructure(f.a), store.PersonFilter{Query: "lene"}); total != 0 {
				t.Fatal("the search matches word starts only")
			}
		})
		t.Run("RenamedIsFoundByItsNewName", func(t *testing.T) {
			p := f.person(f.a, "Zéphyr", "Ancien", 1970)
			p.LastName = "Nouveau"
			if err := st.UpdatePerson(ctx, scope.OfStructure(p.StructureID), &p, journal.Entry{Who: "A", Action: journal.Update, What: "x"}, f.now); err != nil {
				t.Fatal(err)
			}
			if _, n, _ := st.ListPersons(ctx, scope.OfStructure(f.a), store.PersonFilter{Query: "zephyr nouv"}); n != 1 {
				t.Fatalf("new name: %d", n)
			}
			if _, n, _ := st.ListPersons(ctx, scope.OfStructure(f.a), store.PersonFilter{Query: "ancien"}); n != 0 {
				t.Fatalf("old name: %d", n)
			}
		})
		t.Run("ProbableDuplicatesAndMerge", func(t *testing.T) {
			dup := f.person(f.a, "marie hélène", "DUPONT", 1950)
			got, err := st.ProbableDuplicates(ctx, scope.OfStructure(f.a), &dup)
			if err != nil || len(got) != 1 || got[0].ID != marie.ID {
				t.Fatalf("duplicates %v %v", got, err)
			}
			e := evaluation.Evaluation{StructureID: f.a, PersonID: dup.ID, Themes: []string{"email"}, Answers: make([]bool, 8)}
			e.Compute(f.now)
			if err := st.CreateEvaluation(ctx, scope.OfStructure(e.StructureID), &e, journal.Entry{Who: "A", Action: journal.Create, What: "x"}, f.now); err != nil {
				t.Fatal(err)
			}
			if err := st.MergePersons(ctx, scope.OfStructure(f.a), marie.ID, dup.ID, journal.Entry{Who: "A", Action: journal.Merge, What: "x"}, f.now); err != nil {
				t.Fatal(err)
			}
			evals, _ := st.Evaluations(ctx, scope.OfStructure(f.a), marie.ID)
			if len(evals) != 1 {
				t.Fatalf("the merge keeps the history: %d evaluations", len(evals))
			}
			if err := st.MergePersons(ctx, scope.OfStructure(f.a), marie.ID, other.ID, journal.Entry{Who: "A", Action: journal.Merge, What: "x"}, f.now); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("merging another structure's person: %v", err)
			}
			if _, total, _ := st.ListPersons(ctx, scope.OfStructure(f.a), store.PersonFilter{Query: "dupont"}); total != 1 {
				t.Fatalf("the merged duplicate is gone from the list: %d", total)
			}
		})
		t.Run("DeleteBlanksIdentityKeepsStatistics", func(t *testing.T) {
			p := f.person(f.a, "Paul", "Effacé", 1940)
			a := activity.Activity{StructureID: f.a, AuthorID: f.userA, Type: activity.TypeIndividual, Date: "2026-03-01", Duration: 30, Canal: "a_distance",
				Themes: []string{"email"}, Autonomy: "autonome", PersonID: p.ID, Notes: "note sur Paul"}
			a.Normalize()
			if err := activitystore.New(st).CreateActivity(ctx, scope.OfStructure(f.a), &a, journal.Entry{Who: "A", Action: journal.Create, What: "x"}, f.now); err != nil {
				t.Fatal(err)
			}
			if !a.FirstTime {
				t.Fatal("the first accompaniment is flagged")
			}
			if err := st.DeletePerson(ctx, scope.OfStructure(f.a), p.ID, journal.Entry{Who: "A", Action: journal.Delete, What: "x"}, f.now); err != nil {
				t.Fatal(err)
			}
			got, err := st.Person(ctx, scope.OfStructure(f.a), p.ID)
			if err != nil || got.FirstName != "" || got.LastName != "" || got.Phone != "" || !got.Deleted() {
				t.Fatalf("identity not blanked: %+v %v", got, err)
			}
			attrs, _ := st.PersonAttributes(ctx, scope.OfStructure(f.a), []int64{p.ID})
			if at := attrs[p.ID]; at.Gender != "feminin" || at.BirthYear != 1940 || at.Status != "retraite" || at.CommuneCode != "17299" {
				t.Fatalf("statistics lost: %+v", at)
			}
			act, _ := activitystore.New(st).Activity(ctx, scope.OfStructure(f.a), a.ID)
			if act.Notes != "" || act.PersonName != "Personne supprimée" {
				t.Fatalf("activity after deletion: %q %q", act.Notes, act.PersonName)
			}
			if _, total, _ := st.ListPersons(ctx, scope.OfStructure(f.a), store.PersonFilter{Query: "efface"}); total != 0 {
				t.Fatal("a deleted person is not found by name")
			}
			entries, _, _ := st.ListJournal(ctx, scope.OfStructure(f.a), store.JournalFilter{PersonID: p.ID})
			if len(entries) < 3 {
				t.Fatalf("journal rows stay after deletion: %d", len(entries))
			}
		})
		t.Run("SecondActivityIsNotFirst", func(t *testing.T) {
			for k := 0; k < 2; k++ {
				a := activity.Activity{StructureID: f.a, AuthorID: f.userA, Type: activity.TypeWorkshop, Date: "2026-03-01", Duration: 60, Canal: "a_distance",
					Themes: []string{"email"}, Title: "Atelier", Level: "debutant"}
				a.SetParticipantIDs([]int64{marie.ID})
				a.Normalize()
				if err := activitystore.New(st).CreateActivity(ctx, scope.OfStructure(f.a), &a, journal.Entry{Who: "A", Action: journal.Create, What: "x"}, f.now); err != nil {
					t.Fatal(err)
				}
				if a.Participants[0].FirstTime != (k == 0) {
					t.Fatalf("workshop %d: first=%v", k, a.Participants[0].FirstTime)
				}
			}
			a := activity.Activity{StructureID: f.a, AuthorID: f.userA, Type: activity.TypeWorkshop, Date: "2026-03-01", Duration: 60, Canal: "a_distance",
				Themes: []string{"email"}, Title: "Atelier", Level: "debutant"}
			a.SetParticipantIDs([]int64{other.ID})
			if err := activitystore.New(st).CreateActivity(ctx, scope.OfStructure(f.a), &a, journal.Entry{Who: "A", Action: journal.Create, What: "x"}, f.now); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure's participant: %v", err)
			}
		})
		t.Run("FollowCountsAndWaitingList", func(t *testing.T) {
			counts, err := st.FollowCounts(ctx, scope.OfStructure(f.a))
			if err != nil || counts[person.InProgress] == 0 {
				t.Fatalf("%v %v", counts, err)
			}
			w := f.person(f.a, "Zoé", "Attente", 1990)
			if err := st.SetFollowStatus(ctx, scope.OfStructure(f.a), w.ID, person.Waiting, journal.Entry{Who: "A", Action: journal.Update, What: "x"}, f.now); err != nil {
				t.Fatal(err)
			}
			list, err := st.WaitingList(ctx, scope.OfStructure(f.a))
			if err != nil || len(list) == 0 {
				t.Fatalf("%v %v", list, err)
			}
		})
	})
}

func TestReferralLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		ctx := f.ctx
		p := f.person(f.a, "Karim", "Benali", 1985)
		open := func(at time.Time) referral.Referral {
			r := referral.Referral{SenderStructureID: f.a, ReceiverStructureID: f.b, ReceiverName: "France Services B", PersonID: p.ID, PersonName: "Karim Benali",
				ContactMethod: "telephone", ContactValue: "+33199000001", Service: "Aide aux démarches administratives", Informed: true, CreatedBy: f.userA}
			if err := st.CreateReferral(ctx, scope.OfStructure(f.a), store.NewReferral{Referral: &r, Who: "Agent A", Journal: journal.Entry{Who: "A", Action: journal.Create, What: "x"}}, at); err != nil {
				t.Fatal(err)
			}
			return r
		}
		r1 := open(f.now)
		if _, err := st.Referral(ctx, scope.OfStructure(f.b), r1.ID); err != nil {
			t.Fatalf("the receiver sees it: %v", err)
		}
		third := structure.Structure{Name: "Tiers", Typology: "ASSO", CommuneCode: "17299"}
		if err := st.CreateStructure(ctx, &third, f.now); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Referral(ctx, scope.OfStructure(third.ID), r1.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a third structure: %v", err)
		}
		if err := st.DecideReferral(ctx, scope.OfStructure(f.a), r1.ID, referral.Decision{Accept: true}, f.userA, "A", f.now); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("the sender cannot answer: %v", err)
		}
		if err := st.DecideReferral(ctx, scope.OfStructure(f.b), r1.ID, referral.Decision{Reasons: []string{"session_complete"}, Comment: "complet"}, 0, "B", f.now); err != nil {
			t.Fatal(err)
		}
		if err := st.DecideReferral(ctx, scope.OfStructure(f.b), r1.ID, referral.Decision{Accept: true}, 0, "B", f.now); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("second answer: %v", err)
		}
		got, _ := st.Referral(ctx, scope.OfStructure(f.a), r1.ID)
		if got.State != referral.Refused || len(got.Events) != 2 || got.RefusalReasons[0] != "session_complete" {
			t.Fatalf("%+v", got)
		}

		r2 := open(f.now)
		for _, c := range []struct {
			days               int
			reminded, expired  int
			wantState          referral.State
			wantRemindedStamps bool
		}{{9, 0, 0, referral.Open, false}, {10, 1, 0, referral.Open, true}, {11, 0, 0, referral.Open, true}, {30, 0, 1, referral.Expired, true}, {31, 0, 0, referral.Expired, true}} {
			rem, exp, err := st.ReferralChores(ctx, f.now.Add(time.Duration(c.days)*24*time.Hour), nil)
			if err != nil || rem != c.reminded || exp != c.expired {
				t.Fatalf("day %d: reminded %d expired %d err %v", c.days, rem, exp, err)
			}
			got, _ := st.Referral(ctx, scope.OfStructure(f.a), r2.ID)
			if got.State != c.wantState || got.RemindedAt.IsZero() == c.wantRemindedStamps {
				t.Fatalf("day %d: %s reminded %v", c.days, got.State, got.RemindedAt)
			}
		}
		got, _ = st.Referral(ctx, scope.OfStructure(f.a), r2.ID)
		if len(got.Events) != 3 {
			t.Fatalf("creation, reminder, expiry: %d events", len(got.Events))
		}
		if err := st.DecideReferral(ctx, scope.OfStructure(f.b), r2.ID, referral.Decision{Accept: true}, 0, "B", f.now.Add(40*24*time.Hour)); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("answer to an expired referral: %v", err)
		}
		s1, err := st.ReferralSecret(ctx)
		if err != nil || len(s1) != 32 {
			t.Fatal(err)
		}
		if s2, _ := st.ReferralSecret(ctx); string(s1) != string(s2) {
			t.Fatal("the secret is made once")
		}
	})
}

// TestJournalAppendOnly: the database itself refuses to change or remove a
// journal row, whatever statement a future bug might send.
func TestJournalAppendOnly(t *testing.T) {
	ctx := context.Background()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			var st *store.Store
			var raw *sql.DB
			var err error
			if dialect == "sqlite" {
				dir := t.TempDir()
				if st, err = store.Open(ctx, store.Config{DataDir: dir}); err != nil {
					t.Fatal(err)
				}
				raw, err = sql.Open("sqlite", filepath.Join(dir, store.SQLiteFile))
			} else {
				u := storetest.PostgresURL(t)
				if st, err = store.Open(ctx, store.Config{DatabaseURL: u}); err != nil {
					t.Fatal(err)
				}
				raw, err = sql.Open("pgx", u)
			}
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { raw.Close(); st.Close() })
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			f := newReceptionFixture(t, st)
			p := f.person(f.a, "Inès", "Journal", 1971)
			entries, _, err := st.ListJournal(ctx, scope.OfStructure(f.a), store.JournalFilter{PersonID: p.ID})
			if err != nil || len(entries) != 1 {
				t.Fatalf("creation journaled: %v %v", entries, err)
			}
			for _, q := range []string{"UPDATE journal SET who = 'personne' WHERE person_id = $1", "DELETE FROM journal WHERE person_id = $1"} {
				if _, err := raw.ExecContext(ctx, q, p.ID); err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: %v", q, err)
				}
			}
			if after, _, _ := st.ListJournal(ctx, scope.OfStructure(f.a), store.JournalFilter{PersonID: p.ID}); len(after) != 1 || after[0].Who != entries[0].Who {
				t.Fatalf("journal changed: %+v", after)
			}
		})
	}
}

// TestReferralBothWays: the France Services orients to the CCAS too, and
// every answer is written in the sender's journal, for the person's file.
func TestReferralBothWays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newReceptionFixture(t, st)
		ctx := f.ctx
		p := f.person(f.b, "Amadou", "Diallo", 1968) // a person of the France Services
		r := referral.Referral{SenderStructureID: f.b, ReceiverStructureID: f.a, ReceiverName: "CCAS A", PersonID: p.ID, PersonName: "Amadou Diallo",
			ContactMethod: "referent", Service: "Maîtrise des outils numériques du quotidien", Informed: true}
		if err := st.CreateReferral(ctx, scope.OfStructure(f.b), store.NewReferral{Referral: &r, Who: "Agent B", Journal: journal.Entry{Who: "B", Action: journal.Create, What: "x"}}, f.now); err != nil {
			t.Fatal(err)
		}
		inbox, err := st.ListReferrals(ctx, scope.OfStructure(f.a), store.ReferralFilter{Box: store.BoxReceived})
		if err != nil || len(inbox) != 1 || inbox[0].ID != r.ID {
			t.Fatalf("the CCAS inbox: %v %v", inbox, err)
		}
		if err := st.DecideReferral(ctx, scope.OfStructure(f.a), r.ID, referral.Decision{Accept: true}, f.userA, "Agent A (CCAS A)", f.now); err != nil {
			t.Fatal(err)
		}
		got, _ := st.Referral(ctx, scope.OfStructure(f.b), r.ID)
		if got.State != referral.Accepted {
			t.Fatalf("state %s", got.State)
		}
		entries, _, _ := st.ListJournal(ctx, scope.OfStructure(f.b), store.JournalFilter{PersonID: p.ID})
		if len(entries) < 3 || entries[0].Action != journal.Update || entries[0].Who != "Agent A (CCAS A)" || entries[0].ActorStructureID != f.a {
			t.Fatalf("the answer is journaled in the sender's journal: %+v", entries)
		}
		if mine, _, _ := st.ListJournal(ctx, scope.OfStructure(f.a), store.JournalFilter{PersonID: p.ID}); len(mine) != 0 {
			t.Fatalf("another structure's journal: %+v", mine)
		}
	})
}
