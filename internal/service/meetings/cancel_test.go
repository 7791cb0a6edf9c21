package meetings_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"
	"github.com/parcours-numerique/parcours/internal/icalendar/icaltest"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/coordination"
	"github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TestMeetingCancel: withdrawing one invitee sends the cancellation to that
// invitee alone (same UID, METHOD:CANCEL, their ATTENDEE, a higher
// sequence) and nothing to the others, who stay up to date; cancelling the
// meeting sends its cancellation to every invitee, journals it, and the
// meeting then takes neither attendance nor coordination activity, nor
// changes — on both databases, the files read back by ical.js.
func TestMeetingCancel(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(start)
		terr := structure.Territory{Name: "Pays rochefortais", CommuneCodes: []string{"17299"}}
		if err := st.CreateTerritory(ctx, &terr, start); err != nil {
			t.Fatal(err)
		}
		ccas := storetest.Structure(t, st, "CCAS", terr.ID, start)
		library := storetest.Structure(t, st, "Médiathèque", terr.ID, start)
		social := storetest.Structure(t, st, "Centre social", terr.ID, start)
		if err := st.SetTerritoryCoordinator(ctx, terr.ID, ccas.ID); err != nil {
			t.Fatal(err)
		}
		coord := member(t, st, ccas, "coord@ccas.fr", account.RoleCoordination)
		librarian := member(t, st, library, "biblio@mediatheque.fr", account.RoleMediation)
		worker := member(t, st, social, "animatrice@centre.fr", account.RoleMediation)
		ns := networkstore.New(st)
		for _, l := range []struct {
			a *account.Actor
			s structure.Structure
		}{{librarian, library}, {worker, social}} {
			if err := ns.SetDirectoryListing(ctx, scope.OfStructure(l.s.ID), network.Listing{UserID: l.a.User.ID, Function: "conseillère"}, start); err != nil {
				t.Fatal(err)
			}
		}
		coordSvc := coordination.New(coordinationstore.New(st), clk.Now)
		svc := meetings.New(meetingstore.New(st), coordSvc, meetings.Config{BaseURL: "https://parcours.test", Now: clk.Now})
		in := meeting.Input{Title: "Comité des acteurs", Date: "15/12/2026", Start: "14:00", End: "16:00", Location: "Salle du conseil",
			Structures: []int64{library.ID}, Staff: []int64{worker.User.ID}}
		m, sent, err := svc.Create(ctx, coord, in)
		if err != nil || sent != 2 {
			t.Fatalf("create: %d sent, %v", sent, err)
		}
		outbox := func() []notify.Message {
			t.Helper()
			msgs, _, err := st.ListMessages(ctx, scope.OfStructure(ccas.ID), store.MessageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return msgs // newest first
		}
		check := func(msg notify.Message, to, subject string, sequence int) {
			t.Helper()
			p := icaltest.Parse(t, []byte(msg.ICS))
			if msg.To != to || msg.Subject != subject || p.Method != "CANCEL" || len(p.Events) != 1 {
				t.Fatalf("cancellation to %s %q, method %q, %d events", msg.To, msg.Subject, p.Method, len(p.Events))
			}
			e := p.Events[0]
			if e.UID != "reunion-"+strconv.FormatInt(m.ID, 10)+"@parcours" || e.Status != "CANCELLED" || e.Sequence != sequence ||
				len(e.Attendees) != 1 || e.Attendees[0] != "mailto:"+to || e.Summary != "Comité des acteurs" {
				t.Fatalf("cancelling event: %+v\n%s", e, msg.ICS)
			}
		}

		// Withdrawing the social centre's worker: her alone.
		if _, _, err := svc.RemoveInvitee(ctx, librarian, m.ID, social.ID, worker.User.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an invitee withdraws another: %v", err)
		}
		if _, _, err := svc.RemoveInvitee(ctx, coord, m.ID, ccas.ID, 0); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("withdrawing who is not invited: %v", err)
		}
		m, sent, err = svc.RemoveInvitee(ctx, coord, m.ID, social.ID, worker.User.ID)
		if err != nil || sent != 1 || len(m.Invitations) != 1 || m.Invitations[0].StructureID != library.ID {
			t.Fatalf("withdraw: %d sent, %+v, %v", sent, m.Invitations, err)
		}
		msgs := outbox()
		if len(msgs) != 3 {
			t.Fatalf("outbox after the withdrawal: %d messages", len(msgs))
		}
		check(msgs[0], "animatrice@centre.fr", "Invitation retirée : Comité des acteurs", 1)
		if _, err := svc.Get(ctx, worker, m.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("the withdrawn invitee still reads the meeting: %v", err)
		}
		// The library, up to date, receives nothing when the meeting is saved unchanged.
		if _, sent, err := svc.Update(ctx, coord, m.ID, meeting.Input{Title: in.Title, Date: in.Date, Start: in.Start, End: in.End,
			Location: in.Location, Structures: []int64{library.ID}}); err != nil || sent != 0 {
			t.Fatalf("saved after the withdrawal: %d sent, %v", sent, err)
		}

		// Cancelling: by the coordination only; the library's staff get it.
		if _, _, err := svc.Cancel(ctx, librarian, m.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an invitee cancels: %v", err)
		}
		m, sent, err = svc.Cancel(ctx, coord, m.ID)
		if err != nil || sent != 1 || !m.Cancelled() || m.Sequence != 2 {
			t.Fatalf("cancel: %d sent, sequence %d, %v", sent, m.Sequence, err)
		}
		msgs = outbox()
		check(msgs[0], "biblio@mediatheque.fr", "Réunion annulée : Comité des acteurs", 2)
		if !strings.Contains(msgs[0].Body, "a annulé cette réunion") {
			t.Errorf("cancellation body: %s", msgs[0].Body)
		}
		if got, err := svc.Get(ctx, librarian, m.ID); err != nil || !got.Cancelled() {
			t.Fatalf("the invitee reads the cancelled meeting: %+v, %v", got.CancelledAt, err)
		}
		entries, _, err := st.ListJournal(ctx, scope.OfStructure(ccas.ID), store.JournalFilter{})
		var journaled []string
		for _, e := range entries {
			journaled = append(journaled, e.What)
		}
		if err != nil || !strings.Contains(strings.Join(journaled, "|"), "Réunion du réseau « Comité des acteurs » annulée") ||
			!strings.Contains(strings.Join(journaled, "|"), "Invitation de Agent animatrice@centre.fr (Centre social) à la réunion « Comité des acteurs » retirée") {
			t.Fatalf("journal: %q, %v", journaled, err)
		}

		// Once cancelled: no second cancellation, no change, no attendance, no activity.
		if _, _, err := svc.Cancel(ctx, coord, m.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("cancelled twice: %v", err)
		}
		if _, _, err := svc.Update(ctx, coord, m.ID, in); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("a cancelled meeting changed: %v", err)
		}
		if _, _, err := svc.RemoveInvitee(ctx, coord, m.ID, library.ID, 0); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("an invitation of a cancelled meeting withdrawn: %v", err)
		}
		clk.Advance(9 * 24 * time.Hour)
		_, _, err = svc.RecordAttendance(ctx, coord, m.ID, meeting.Attendance{People: map[int64]int{library.ID: 3}})
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Conflict || !strings.Contains(e.Message, "annulée") {
			t.Fatalf("attendance of a cancelled meeting: %v", err)
		}
		if acts, err := coordSvc.List(ctx, coord, "", ""); err != nil || len(acts) != 0 {
			t.Fatalf("coordination activities of a cancelled meeting: %+v, %v", acts, err)
		}
		if len(outbox()) != 4 {
			t.Fatalf("messages after the refusals: %d", len(outbox()))
		}

		// A meeting that has begun is no longer cancelled.
		past, _, err := svc.Create(ctx, coord, meeting.Input{Title: "Groupe de travail", Date: "16/12/2026", Start: "09:00", End: "10:00", Location: "Salle"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Cancel(ctx, coord, past.ID); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("a past meeting cancelled: %v", err)
		}
	})
}
