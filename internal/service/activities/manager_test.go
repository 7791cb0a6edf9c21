package activities

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestManagerAmendsColleaguesActivities: the structure's manager (the demo
// aidant, made so by an administrator) corrects and deletes a colleague's
// activity; the author still may; a colleague who is not the manager may
// not, and the manager of another structure does not even find it. The
// journal names the manager and whose activity it was, the author's notes
// survive the manager's correction unseen, and the person's first
// accompaniment is recomputed after the manager's deletion — on both
// databases.
func TestManagerAmendsColleaguesActivities(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		as := activitystore.New(st)
		s := New(as, func() time.Time { return now })
		ccas := d.Structures[demo.CCAS]
		actor := func(userID, structureID int64) *account.Actor {
			t.Helper()
			a, err := st.ActorForMembership(ctx, userID, structureID)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		author := actor(d.Users[account.RoleMediation], ccas)
		manager := actor(d.Aidant, ccas)
		if author.Membership.Manager || !manager.Membership.Manager {
			t.Fatalf("demo managers: author %v, aidant %v", author.Membership.Manager, manager.Membership.Manager)
		}
		newMediator := func(email string, structureID int64) int64 {
			t.Helper()
			id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: "Compte " + email, StructureID: structureID, Role: account.RoleMediation}, "", now)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		colleague := actor(newMediator("collegue@test.parcours", ccas), ccas)
		// The manager of another structure, named by the platform
		// administrator through the accounts service.
		fs := d.Structures[demo.FranceServices]
		elsewhereID := newMediator("ailleurs@test.parcours", fs)
		admin := actor(d.Users[account.RoleAdmin], ccas)
		admin.FactorAt = now
		acc := accounts.New(st, func() time.Time { return now })
		if err := acc.SetManager(ctx, colleague, elsewhereID, fs, true); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a mediator names a manager: %v", err)
		}
		if err := acc.SetManager(ctx, admin, elsewhereID, ccas, true); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("manager where the account has no role: %v", err)
		}
		if err := acc.SetManager(ctx, admin, elsewhereID, fs, true); err != nil {
			t.Fatal(err)
		}
		elsewhere := actor(elsewhereID, fs)
		if !elsewhere.Membership.Manager {
			t.Fatal("the manager flag was not stored")
		}
		fsJournal, _, err := st.ListJournal(ctx, scope.OfStructure(fs), store.JournalFilter{Limit: 20})
		if err != nil {
			t.Fatal(err)
		}
		if len(fsJournal) == 0 || fsJournal[0].UserID != admin.User.ID || fsJournal[0].Action != journal.Update ||
			!strings.Contains(fsJournal[0].What, "ailleurs@test.parcours) est désormais responsable de la structure") {
			t.Fatalf("naming journaled: %+v", fsJournal)
		}

		// A person already accompanied; the author records an earlier
		// accompaniment, which becomes the person's first.
		var pid int64
		all, _, err := as.ListActivities(ctx, scope.OfStructure(ccas), activitystore.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all {
			if a.Type == activity.TypeIndividual && a.PersonID != 0 {
				pid = a.PersonID
				break
			}
		}
		if pid == 0 {
			t.Fatal("no person accompanied in the demo")
		}
		firsts := func() map[int64]bool {
			t.Helper()
			acts, _, err := as.ListActivities(ctx, scope.OfStructure(ccas), activitystore.ActivityFilter{PersonID: pid})
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]bool{}
			for _, a := range acts {
				f := a.FirstTime
				for _, p := range a.Participants {
					f = f || (p.PersonID == pid && p.FirstTime)
				}
				if f {
					out[a.ID] = true
				}
			}
			return out
		}
		before := firsts()
		today := now.In(frtime.Paris).Format(activity.DateLayout)
		long := now.In(frtime.Paris).AddDate(0, -23, 0).Format(activity.DateLayout)
		x, err := s.Record(ctx, author, activity.Activity{Type: activity.TypeIndividual, Date: today, Duration: 30, Canal: "a_distance",
			Themes: []string{"email"}, Autonomy: "autonome", PersonID: pid, Notes: "Note de l'auteur"})
		if err != nil {
			t.Fatal(err)
		}
		x.Date = long
		if x, err = s.Update(ctx, author, x.ID, x); err != nil {
			t.Fatal(err)
		}
		if f := firsts(); len(f) != 1 || !f[x.ID] {
			t.Fatalf("the earlier accompaniment is not the first: %v (before %v)", f, before)
		}
		in := x
		in.Duration = 45
		in.Notes = "Tentative du responsable"

		// Neither a colleague nor the manager of another structure.
		if _, err := s.Update(ctx, colleague, x.ID, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a colleague corrects it: %v", err)
		}
		if err := s.Delete(ctx, colleague, x.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a colleague deletes it: %v", err)
		}
		if _, err := s.Update(ctx, elsewhere, x.ID, in); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure's manager corrects it: %v", err)
		}
		if err := s.Delete(ctx, elsewhere, x.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure's manager deletes it: %v", err)
		}
		if colleague.MayAmendActivity(ccas, author.User.ID) || !manager.MayAmendActivity(ccas, author.User.ID) ||
			elsewhere.MayAmendActivity(ccas, author.User.ID) || !author.MayAmendActivity(ccas, author.User.ID) {
			t.Fatal("MayAmendActivity disagrees with the service")
		}

		// The manager corrects it: the author and the author's notes stay.
		y, err := s.Update(ctx, manager, x.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if y.Duration != 45 || y.AuthorID != author.User.ID || y.Notes != "" || !y.NotesRedacted {
			t.Fatalf("corrected by the manager: %+v", y)
		}
		stored, err := as.Activity(ctx, scope.OfStructure(ccas), x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Notes != "Note de l'auteur" || stored.AuthorID != author.User.ID {
			t.Fatalf("the author's notes after the manager's correction: %q by %d", stored.Notes, stored.AuthorID)
		}
		// The author corrects it too.
		in.Duration = 60
		in.Notes = "Note revue par l'auteur"
		if _, err := s.Update(ctx, author, x.ID, in); err != nil {
			t.Fatal(err)
		}
		if f := firsts(); len(f) != 1 || !f[x.ID] {
			t.Fatalf("first accompaniment after the corrections: %v", f)
		}

		// The manager deletes it: the former first is the first again.
		if err := s.Delete(ctx, manager, x.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := as.Activity(ctx, scope.OfStructure(ccas), x.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("still there: %v", err)
		}
		if f := firsts(); len(f) != len(before) || !equalKeys(f, before) {
			t.Fatalf("first accompaniment after the manager's deletion: %v, before %v", f, before)
		}

		entries, _, err := st.ListJournal(ctx, scope.OfStructure(ccas), store.JournalFilter{PersonID: pid, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		byManager := "Accompagnement du " + long + " de " + author.User.Name
		var managerUpdate, authorUpdate, managerDelete int
		for _, e := range entries {
			switch {
			case e.Action == journal.Update && e.UserID == manager.User.ID && e.What == byManager+" corrigé par la ou le responsable de la structure":
				managerUpdate++
			case e.Action == journal.Update && e.UserID == author.User.ID && e.What == "Accompagnement du "+long+" corrigé":
				authorUpdate++
			case e.Action == journal.Delete && e.UserID == manager.User.ID && e.What == byManager+" supprimé par la ou le responsable de la structure" &&
				strings.Contains(e.Who, demo.AidantName):
				managerDelete++
			case e.UserID == colleague.User.ID || e.UserID == elsewhere.User.ID:
				t.Errorf("a refused change was journaled: %+v", e)
			}
		}
		if managerUpdate != 1 || authorUpdate != 2 || managerDelete != 1 {
			t.Fatalf("journal: manager's correction %d, author's %d, manager's deletion %d in %+v", managerUpdate, authorUpdate, managerDelete, entries)
		}

		// Unnamed again, the aidant is a colleague like any other.
		if err := acc.SetManager(ctx, admin, d.Aidant, ccas, false); err != nil {
			t.Fatal(err)
		}
		z, err := s.Record(ctx, author, activity.Activity{Type: activity.TypeIndividual, Date: today, Duration: 30, Canal: "a_distance",
			Themes: []string{"email"}, Autonomy: "autonome"})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, actor(d.Aidant, ccas), z.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a former manager deletes a colleague's activity: %v", err)
		}
	})
}

func equalKeys(a, b map[int64]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return len(a) == len(b)
}
