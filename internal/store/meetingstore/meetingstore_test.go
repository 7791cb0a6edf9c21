package meetingstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

var now = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// TestMeetingStore: a meeting is read by its territory and by the
// structures invited, never by another territory nor by a structure not
// invited; changing the time raises the sequence; the attendance survives
// a change of the invitations it keeps — on both databases.
func TestMeetingStore(t *testing.T) {
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
		notInvited := storetest.Structure(t, core, "Association", terr.ID, now)
		away := storetest.Structure(t, core, "Ailleurs", other.ID, now)
		tc, otherTc := scope.OfTerritory(terr.ID), scope.OfTerritory(other.ID)

		m := meeting.Meeting{StructureID: ccas.ID, Title: "Comité", Start: now.AddDate(0, 0, 3), End: now.AddDate(0, 0, 3).Add(time.Hour),
			Location: "Salle", AnimationType: meeting.ReunionAnimation, Invitations: []meeting.Invitation{{StructureID: library.ID}}}
		if err := st.Create(ctx, otherTc, &meeting.Meeting{StructureID: away.ID, Title: "x", Start: now, End: now, AnimationType: "comite",
			Invitations: []meeting.Invitation{{StructureID: library.ID}}}, journal.Entry{}, now); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("another territory invites the library: %v", err)
		}
		if err := st.Create(ctx, tc, &m, journal.Entry{Action: journal.Create, What: "test"}, now); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Meeting(ctx, otherTc, m.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory reads the meeting: %v", err)
		}
		if _, err := st.Meeting(ctx, scope.Platform(), m.ID); err == nil {
			t.Fatal("the platform scope reads a territory's meeting")
		}
		got, err := st.InvitedMeeting(ctx, scope.OfStructure(library.ID), 0, m.ID)
		if err != nil || got.Title != "Comité" || len(got.Invitations) != 1 || got.Invitations[0].StructureName != "Médiathèque" || !got.Start.Equal(m.Start) {
			t.Fatalf("invited meeting = %+v, %v", got, err)
		}
		if _, err := st.InvitedMeeting(ctx, scope.OfStructure(notInvited.ID), 0, m.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("a structure not invited reads the meeting: %v", err)
		}
		if list, err := st.ListInvited(ctx, scope.OfStructure(away.ID), 0); err != nil || len(list) != 0 {
			t.Fatalf("another territory's structure lists %d meetings, %v", len(list), err)
		}

		got.Invitations[0].People = 4
		if err := st.SetAttendance(ctx, tc, got, journal.Entry{}, now); err != nil {
			t.Fatal(err)
		}
		if err := st.SetAttendance(ctx, otherTc, got, journal.Entry{}, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory records the attendance: %v", err)
		}
		// A new invitee, the time moved: the library's attendance stays, the sequence rises.
		m.Invitations = []meeting.Invitation{{StructureID: library.ID}, {StructureID: notInvited.ID}}
		m.Start = m.Start.Add(30 * time.Minute)
		if err := st.Update(ctx, tc, &m, journal.Entry{}, now); err != nil {
			t.Fatal(err)
		}
		got, err = st.Meeting(ctx, tc, m.ID)
		if err != nil || got.Sequence != 1 || len(got.Invitations) != 2 || got.Participants() != 4 || got.AttendanceAt.IsZero() {
			t.Fatalf("after update: %+v, %v", got, err)
		}
		got.Minutes, got.Decisions = "Compte rendu", []meeting.Decision{{Text: "Former les aidants", StructureID: library.ID, Due: "2027-01-31"}, {Text: "Écrire la charte"}}
		if err := st.SetMinutes(ctx, tc, got, journal.Entry{}, now); err != nil {
			t.Fatal(err)
		}
		if got, err = st.Meeting(ctx, tc, m.ID); err != nil || len(got.Decisions) != 2 || got.Decisions[0].Structure != "Médiathèque" || got.Decisions[1].StructureID != 0 {
			t.Fatalf("decisions: %+v, %v", got.Decisions, err)
		}
	})
}
