package meetingstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TestMeetingStoreWalkIns: who came without an invitation — a structure
// of the territory, a listed professional (with the structure it is listed
// for), someone from outside — is read back with the meeting and counts
// among its participants, the attendance marked recorded; a structure of
// another territory or an unlisted user is refused; another territory
// neither adds nor withdraws; one is withdrawn once; a cancelled meeting
// refuses them — on both databases.
func TestMeetingStoreWalkIns(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, core *store.Store) {
		ctx := context.Background()
		st := meetingstore.New(core)
		var terr, other structure.Territory
		for _, tr := range []*structure.Territory{&terr, &other} {
			tr.Name = "Territoire"
			if err := core.CreateTerritory(ctx, tr, now); err != nil {
				t.Fatal(err)
			}
		}
		ccas := storetest.Structure(t, core, "CCAS", terr.ID, now)
		library := storetest.Structure(t, core, "Médiathèque", terr.ID, now)
		away := storetest.Structure(t, core, "CCAS voisin", other.ID, now)
		uid, err := core.CreateUser(ctx, account.NewUser{Email: "biblio@mediatheque.fr", Name: "Bibliothécaire", StructureID: library.ID, Role: account.RoleMediation}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		unlisted, err := core.CreateUser(ctx, account.NewUser{Email: "autre@mediatheque.fr", Name: "Non inscrite", StructureID: library.ID, Role: account.RoleMediation}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		if err := networkstore.New(core).SetDirectoryListing(ctx, scope.OfStructure(library.ID), network.Listing{UserID: uid, Function: "bibliothécaire"}, now); err != nil {
			t.Fatal(err)
		}
		tc, otherTc := scope.OfTerritory(terr.ID), scope.OfTerritory(other.ID)
		m := meeting.Meeting{StructureID: ccas.ID, Title: "Comité", Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour),
			Location: "Salle", AnimationType: meeting.ReunionAnimation, Invitations: []meeting.Invitation{{StructureID: ccas.ID}}}
		if err := st.Create(ctx, tc, &m, journal.Entry{Action: journal.Create, What: "test"}, now); err != nil {
			t.Fatal(err)
		}
		j := journal.Entry{Action: journal.Update, What: "Venue sans invitation notée"}
		for _, w := range []meeting.WalkIn{{StructureID: library.ID, People: 3}, {UserID: uid, People: 1}, {Name: "Jeanne Martin", Organization: "Département", People: 1}} {
			if err := st.AddWalkIn(ctx, tc, m, &w, j, now); err != nil || w.ID == 0 {
				t.Fatalf("walk-in %+v: %v", w, err)
			}
		}
		for _, c := range []struct {
			w     meeting.WalkIn
			field string
		}{{meeting.WalkIn{StructureID: away.ID, People: 1}, "structure_venue"}, {meeting.WalkIn{UserID: unlisted, People: 1}, "collegue"}} {
			err := st.AddWalkIn(ctx, tc, m, &c.w, j, now)
			if e, ok := apperr.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
				t.Errorf("%+v: %v", c.w, err)
			}
		}
		if err := st.AddWalkIn(ctx, otherTc, m, &meeting.WalkIn{Name: "X", Organization: "Y", People: 1}, j, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another territory adds a walk-in: %v", err)
		}
		got, err := st.Meeting(ctx, tc, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.WalkIns) != 3 || got.Participants() != 5 || got.AttendanceAt.IsZero() {
			t.Fatalf("walk-ins: %+v, %d participants, attendance at %v", got.WalkIns, got.Participants(), got.AttendanceAt)
		}
		if w := got.WalkIns[1]; w.UserName != "Bibliothécaire" || w.StructureID != library.ID || w.Label() != "Bibliothécaire (Médiathèque)" {
			t.Errorf("the listed professional: %+v", w)
		}
		if w := got.WalkIns[2]; w.StructureID != 0 || w.Label() != "Jeanne Martin (Département)" {
			t.Errorf("the outside participant: %+v", w)
		}
		outside := got.WalkIns[2].ID
		if err := st.RemoveWalkIn(ctx, otherTc, got, outside, j, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another territory withdraws a walk-in: %v", err)
		}
		if err := st.RemoveWalkIn(ctx, tc, got, outside, j, now); err != nil {
			t.Fatal(err)
		}
		if err := st.RemoveWalkIn(ctx, tc, got, outside, j, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("withdrawn twice: %v", err)
		}
		if got, _ := st.Meeting(ctx, tc, m.ID); len(got.WalkIns) != 2 || got.Participants() != 4 {
			t.Errorf("after the withdrawal: %+v", got.WalkIns)
		}
		// A meeting to come, cancelled: no walk-in.
		later := meeting.Meeting{StructureID: ccas.ID, Title: "Comité annulé", Start: now.AddDate(0, 0, 3), End: now.AddDate(0, 0, 3).Add(time.Hour),
			Location: "Salle", AnimationType: meeting.ReunionAnimation}
		if err := st.Create(ctx, tc, &later, journal.Entry{Action: journal.Create, What: "test"}, now); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.Cancel(ctx, tc, later.ID, journal.Entry{Action: journal.Update, What: "annulée"}, nil, now); err != nil {
			t.Fatal(err)
		}
		if err := st.AddWalkIn(ctx, tc, later, &meeting.WalkIn{Name: "X", Organization: "Y", People: 1}, j, now); !errors.Is(err, meetingstore.ErrCancelled) {
			t.Errorf("a cancelled meeting takes a walk-in: %v", err)
		}
		if got, _ := st.Meeting(ctx, tc, later.ID); len(got.WalkIns) != 0 {
			t.Errorf("the cancelled meeting's walk-ins: %+v", got.WalkIns)
		}
	})
}
