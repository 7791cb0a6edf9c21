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
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestUpdateRecomputesFirstAccompaniment: the author corrects an activity's
// date and type; the first accompaniment of the person follows, the change
// is journaled, another mediator of the structure may not correct it, and a
// correction that does not hold is refused field by field — on both
// databases.
func TestUpdateRecomputesFirstAccompaniment(t *testing.T) {
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
		med := &account.Actor{User: account.User{ID: d.Users[account.RoleMediation], Name: "Mehdi Médiateur", Active: true},
			Membership: account.Membership{StructureID: ccas, Role: account.RoleMediation}}
		other := &account.Actor{User: account.User{ID: d.Aidant, Name: "Aidante", Active: true},
			Membership: account.Membership{StructureID: ccas, Role: account.RoleMediation}}
		all, _, err := as.ListActivities(ctx, scope.OfStructure(ccas), activitystore.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var pid int64
		for _, a := range all {
			if a.Type == activity.TypeIndividual && a.PersonID != 0 {
				pid = a.PersonID
				break
			}
		}
		if pid == 0 {
			t.Fatal("no person accompanied in the demo")
		}
		today := now.In(frtime.Paris)
		long := today.AddDate(0, -23, 0).Format(activity.DateLayout)
		x, err := s.Record(ctx, med, activity.Activity{Type: activity.TypeIndividual, Date: today.Format(activity.DateLayout), Duration: 30, Canal: "a_distance",
			Themes: []string{"email"}, Autonomy: "autonome", PersonID: pid})
		if err != nil {
			t.Fatal(err)
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
		if len(before) != 1 || before[x.ID] {
			t.Fatalf("the person's first accompaniment: %v", before)
		}

		// Moved back in time: it becomes the first.
		in := x
		in.Date = long
		in.Duration = 45
		y, err := s.Update(ctx, med, x.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if y.Duration != 45 || y.Date != long || y.AuthorID != med.User.ID || !y.FirstTime {
			t.Fatalf("updated: %+v", y)
		}
		if f := firsts(); len(f) != 1 || !f[x.ID] {
			t.Fatalf("first accompaniment not recomputed: %v", f)
		}

		// Turned into a workshop: the person's first is now as a participant.
		ws := activity.Activity{Type: activity.TypeWorkshop, Date: long, Duration: 90, Canal: "a_distance", Themes: []string{"bureautique"},
			Title: "Tableur", Level: "debutant", AnonTotal: 2}
		ws.SetParticipantIDs([]int64{pid})
		z, err := s.Update(ctx, med, x.ID, ws)
		if err != nil {
			t.Fatal(err)
		}
		if z.PersonID != 0 || len(z.Participants) != 1 || !z.Participants[0].FirstTime || z.Title != "Tableur" || z.FirstTime {
			t.Fatalf("workshop: %+v", z)
		}
		if f := firsts(); len(f) != 1 || !f[x.ID] {
			t.Fatalf("first accompaniment as a participant: %v", f)
		}

		// Back to today: the former first is the first again.
		in.Date = today.Format(activity.DateLayout)
		if _, err := s.Update(ctx, med, x.ID, in); err != nil {
			t.Fatal(err)
		}
		if f := firsts(); len(f) != 1 || f[x.ID] {
			t.Fatalf("first accompaniment back: %v, before %v", f, before)
		}

		if _, err := s.Update(ctx, other, x.ID, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("another mediator corrects it: %v", err)
		}
		bad := in
		bad.Themes = nil
		_, err = s.Update(ctx, med, x.ID, bad)
		if e, ok := apperr.As(err); !ok || e.Code != apperr.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != "thematiques" {
			t.Fatalf("no theme: %v", err)
		}
		if _, err := s.Update(ctx, med, 999999, in); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("unknown activity: %v", err)
		}
		entries, _, err := st.ListJournal(ctx, scope.OfStructure(ccas), store.JournalFilter{PersonID: pid, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if strings.Contains(e.What, "corrigé") && e.Action == "modification" {
				n++
			}
		}
		if n != 3 {
			t.Fatalf("corrections journaled: %d", n)
		}
	})
}
