package meetings_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/network"
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

// Monday 7 December 2026, 10 h in Paris.
var start = time.Date(2026, 12, 7, 10, 0, 0, 0, frtime.Paris)

// member creates a user of the structure and returns them as an actor.
func member(t *testing.T, st *store.Store, s structure.Structure, email string, role account.Role) *account.Actor {
	t.Helper()
	ctx := context.Background()
	id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: "Agent " + email, StructureID: s.ID, Role: role}, "", start)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ActorForMembership(ctx, id, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestMeetings: the coordinator plans a meeting, invites a structure (its
// listed staff get the e-mail with the calendar file) and a person; the
// invited structure reads it, another territory's coordination does not;
// the attendance recorded twice gives one coordination activity, updated;
// the minutes keep their decisions — on both databases.
func TestMeetings(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(start)
		terr := structure.Territory{Name: "Pays rochefortais", CommuneCodes: []string{"17299"}}
		other := structure.Territory{Name: "Ailleurs", CommuneCodes: []string{"33063"}}
		for _, tr := range []*structure.Territory{&terr, &other} {
			if err := st.CreateTerritory(ctx, tr, start); err != nil {
				t.Fatal(err)
			}
		}
		ccas := storetest.Structure(t, st, "CCAS", terr.ID, start)
		library := storetest.Structure(t, st, "Médiathèque", terr.ID, start)
		social := storetest.Structure(t, st, "Centre social", terr.ID, start)
		away := storetest.Structure(t, st, "CCAS d'ailleurs", other.ID, start)
		for _, c := range []struct{ t, s int64 }{{terr.ID, ccas.ID}, {other.ID, away.ID}} {
			if err := st.SetTerritoryCoordinator(ctx, c.t, c.s); err != nil {
				t.Fatal(err)
			}
		}
		coord := member(t, st, ccas, "coord@ccas.fr", account.RoleCoordination)
		awayCoord := member(t, st, away, "coord@ailleurs.fr", account.RoleCoordination)
		librarian := member(t, st, library, "biblio@mediatheque.fr", account.RoleMediation)
		worker := member(t, st, social, "animatrice@centre.fr", account.RoleMediation)
		mediator := member(t, st, ccas, "mediateur@ccas.fr", account.RoleMediation)
		ns := networkstore.New(st)
		for _, l := range []struct {
			a *account.Actor
			s structure.Structure
		}{{librarian, library}, {worker, social}} {
			if err := ns.SetDirectoryListing(ctx, scope.OfStructure(l.s.ID), network.Listing{UserID: l.a.User.ID, Function: "conseillère"}, start); err != nil {
				t.Fatal(err)
			}
		}
		var woken int
		coordSvc := coordination.New(coordinationstore.New(st), clk.Now)
		svc := meetings.New(meetingstore.New(st), coordSvc, meetings.Config{BaseURL: "https://parcours.test", Now: clk.Now, Recorded: func(context.Context) { woken++ }})

		in := meeting.Input{Title: "Comité des acteurs", Date: "15/12/2026", Start: "14:00", End: "16 h", Location: "Salle du conseil",
			Agenda: "1. Bilan de l'année\n2. Formation des aidants", Structures: []int64{library.ID}, Staff: []int64{worker.User.ID}}
		if _, _, err := svc.Create(ctx, mediator, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a conseiller plans a meeting: %v", err)
		}
		bad := in
		bad.Date, bad.End, bad.Location = "demain", "13:00", ""
		_, _, err := svc.Create(ctx, coord, bad)
		if e, ok := apperr.As(err); !ok || e.FieldMap()["date"] == "" || e.FieldMap()["fin"] == "" || e.FieldMap()["lieu_texte"] == "" {
			t.Fatalf("bad meeting: %v", err)
		}
		outsider := in
		outsider.Structures = []int64{away.ID}
		if _, _, err := svc.Create(ctx, coord, outsider); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("a structure of another territory is invited: %v", err)
		}
		m, sent, err := svc.Create(ctx, coord, in)
		if err != nil {
			t.Fatal(err)
		}
		// The library's listed librarian (structure) and the social centre's worker (by name).
		if sent != 2 || woken != 1 || len(m.Invitations) != 2 {
			t.Fatalf("sent %d, woken %d, invitations %+v", sent, woken, m.Invitations)
		}
		msgs, _, err := st.ListMessages(ctx, scope.OfStructure(ccas.ID), store.MessageFilter{})
		if err != nil || len(msgs) != 2 {
			t.Fatalf("outbox: %d, %v", len(msgs), err)
		}
		for _, msg := range msgs {
			if !strings.Contains(msg.ICS, "SUMMARY:Comité des acteurs") || !strings.Contains(msg.ICS, "DTSTART;TZID=Europe/Paris:20261215T140000") ||
				!strings.Contains(msg.Body, "https://parcours.test/espace/reseau/reunions/") || msg.Subject != "Invitation : Comité des acteurs" {
				t.Errorf("invitation: %q\n%s\n%s", msg.Subject, msg.Body, msg.ICS)
			}
		}
		// Saving again without a change sends nothing; moving the meeting sends the change.
		if _, sent, err := svc.Update(ctx, coord, m.ID, in); err != nil || sent != 0 {
			t.Fatalf("unchanged meeting: %d sent, %v", sent, err)
		}
		in.Start = "14:30"
		if _, sent, err := svc.Update(ctx, coord, m.ID, in); err != nil || sent != 2 {
			t.Fatalf("moved meeting: %d sent, %v", sent, err)
		}

		// Who sees it.
		for _, c := range []struct {
			name string
			a    *account.Actor
			want int
		}{{"coordinator", coord, 1}, {"invited structure", librarian, 1}, {"invited person", worker, 1}, {"structure not invited", mediator, 0}, {"another territory", awayCoord, 0}} {
			list, err := svc.List(ctx, c.a)
			if err != nil || len(list) != c.want {
				t.Errorf("%s lists %d meetings, %v", c.name, len(list), err)
			}
			_, err = svc.Get(ctx, c.a, m.ID)
			if (c.want == 1) != (err == nil) {
				t.Errorf("%s reads the meeting: %v", c.name, err)
			}
		}

		// Attendance: only once the meeting has begun; recorded twice, one activity.
		at := meeting.Attendance{People: map[int64]int{library.ID: 3}, Present: map[int64]bool{worker.User.ID: true}}
		if _, _, err := svc.RecordAttendance(ctx, coord, m.ID, at); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("attendance before the meeting: %v", err)
		}
		clk.Advance(9 * 24 * time.Hour)
		if _, _, err := svc.RecordAttendance(ctx, librarian, m.ID, at); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("an invited structure records the attendance: %v", err)
		}
		if _, _, err := svc.RecordAttendance(ctx, coord, m.ID, meeting.Attendance{People: map[int64]int{library.ID: -1}}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("negative attendance: %v", err)
		}
		m, act, err := svc.RecordAttendance(ctx, coord, m.ID, at)
		if err != nil || m.Participants() != 4 || act.Participants != 4 || act.AnimationType != meeting.ReunionAnimation || act.Duration != 90 || act.Date != "2026-12-15" {
			t.Fatalf("attendance: %d participants, activity %+v, %v", m.Participants(), act, err)
		}
		at.People[library.ID] = 5
		if _, _, err := svc.RecordAttendance(ctx, coord, m.ID, at); err != nil {
			t.Fatal(err)
		}
		acts, err := coordSvc.List(ctx, coord, "", "")
		if err != nil || len(acts) != 1 || acts[0].Participants != 6 || acts[0].Title != "Comité des acteurs" || acts[0].AuthorID != coord.User.ID {
			t.Fatalf("coordination activities after two recordings: %+v, %v", acts, err)
		}

		// Minutes and decisions; a decision's structure must be of the territory.
		decisions := []meeting.Decision{{Text: "Organiser deux journées de formation", StructureID: library.ID, Due: "31/01/2027"}, {Text: "  "}}
		if _, err := svc.SetMinutes(ctx, coord, m.ID, "Présents : 6 personnes.", []meeting.Decision{{Text: "x", StructureID: away.ID}}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("decision of another territory's structure: %v", err)
		}
		m, err = svc.SetMinutes(ctx, coord, m.ID, "Présents : 6 personnes.", decisions)
		if err != nil || m.Minutes != "Présents : 6 personnes." || len(m.Decisions) != 1 || m.Decisions[0].Structure != "Médiathèque" || m.Decisions[0].Due != "2027-01-31" {
			t.Fatalf("minutes: %+v, %v", m, err)
		}
		if _, err := svc.SetMinutes(ctx, awayCoord, m.ID, "x", nil); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory writes the minutes: %v", err)
		}
	})
}
