package meetingstore_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TestMeetingStoreCancel: withdrawing a structure whose listed librarian
// is also invited by name sends her nothing (she is still invited) and
// keeps the others up to date; another territory neither withdraws nor
// cancels; the cancellation raises the sequence, reaches the librarian
// once, and the cancelled meeting refuses attendance and changes — on
// both databases.
func TestMeetingStoreCancel(t *testing.T) {
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
		uid, err := core.CreateUser(ctx, account.NewUser{Email: "biblio@mediatheque.fr", Name: "Bibliothécaire", StructureID: library.ID, Role: account.RoleMediation}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		if err := networkstore.New(core).SetDirectoryListing(ctx, scope.OfStructure(library.ID), network.Listing{UserID: uid, Function: "bibliothécaire"}, now); err != nil {
			t.Fatal(err)
		}
		tc, otherTc := scope.OfTerritory(terr.ID), scope.OfTerritory(other.ID)
		m := meeting.Meeting{StructureID: ccas.ID, Title: "Comité", Start: now.AddDate(0, 0, 3), End: now.AddDate(0, 0, 3).Add(time.Hour),
			Location: "Salle", AnimationType: meeting.ReunionAnimation, Invitations: []meeting.Invitation{{StructureID: library.ID}, {UserID: uid}}}
		if err := st.Create(ctx, tc, &m, journal.Entry{Action: journal.Create, What: "test"}, now); err != nil {
			t.Fatal(err)
		}
		invite := func(r meetingstore.Recipient) notify.Message {
			return notify.Message{StructureID: ccas.ID, Kind: notify.MeetingInvitation, Channel: notify.Email, To: r.Email, Subject: "Invitation", Body: "x", Key: "inv-" + r.Email}
		}
		if n, err := st.SendInvitations(ctx, tc, m.ID, invite, now); err != nil || n != 1 {
			t.Fatalf("invitations: %d, %v", n, err)
		}
		var queued []string
		cancel := func(m meeting.Meeting, email string) notify.Message {
			queued = append(queued, email)
			return notify.Message{StructureID: ccas.ID, Kind: notify.MeetingInvitation, Channel: notify.Email, To: email, Subject: "Annulation", Body: "x",
				Key: "annulation-" + email + "-" + strconv.Itoa(m.Sequence)}
		}
		j := journal.Entry{Action: journal.Update, What: "test"}
		if _, _, err := st.RemoveInvitation(ctx, otherTc, m.ID, library.ID, 0, j, cancel, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory withdraws an invitation: %v", err)
		}
		got, n, err := st.RemoveInvitation(ctx, tc, m.ID, library.ID, 0, j, cancel, now)
		if err != nil || n != 0 || len(got.Invitations) != 1 || got.Sequence != 1 {
			t.Fatalf("structure withdrawn: %d queued %v, %+v, %v", n, queued, got, err)
		}
		// The librarian, still invited by name, is up to date: nothing to send.
		if n, err := st.SendInvitations(ctx, tc, m.ID, invite, now); err != nil || n != 0 {
			t.Fatalf("invitations after the withdrawal: %d, %v", n, err)
		}
		if _, _, err := st.Cancel(ctx, otherTc, m.ID, j, cancel, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory cancels: %v", err)
		}
		got, n, err = st.Cancel(ctx, tc, m.ID, j, cancel, now)
		if err != nil || n != 1 || len(queued) != 1 || queued[0] != "biblio@mediatheque.fr" || got.Sequence != 2 || !got.Cancelled() {
			t.Fatalf("cancel: %d queued %v, %+v, %v", n, queued, got, err)
		}
		if got, err = st.Meeting(ctx, tc, m.ID); err != nil || !got.Cancelled() || got.Sequence != 2 {
			t.Fatalf("cancelled meeting read back: %+v, %v", got, err)
		}
		if err := st.SetAttendance(ctx, tc, got, j, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("attendance of a cancelled meeting: %v", err)
		}
		if err := st.Update(ctx, tc, &got, j, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("a cancelled meeting changed: %v", err)
		}
		if _, _, err := st.Cancel(ctx, tc, m.ID, j, cancel, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("cancelled twice: %v", err)
		}
	})
}
