package figures

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// flat is figures as comparable values: the totals and every table's
// counts by key (the order of equal counts is the labels').
func flat(f activitystats.Figures) map[string]int {
	out := map[string]int{"sessions": f.Sessions, "accompaniments": f.Accompaniments, "individual": f.Individual, "workshops": f.Workshops,
		"participants": f.Participants, "first": f.FirstTimes, "followed": f.Followed, "anonymous": f.Anonymous, "oriented": f.Oriented, "minutes": f.MinutesTotal}
	for _, tb := range f.Tables {
		out[tb.Name+".total"] = tb.Total
		for _, c := range tb.Counts {
			out[tb.Name+"."+c.Key] = c.N
		}
	}
	return out
}

// TestAggregatesEqualDirectCount: after a random sequence of writes —
// activities recorded, corrected, deleted and imported, workshops with
// followed participants, persons whose gender, social status or birth year
// change, persons erased — with reads in between that rebuild the marked
// months, the pre-aggregated figures equal the direct count of the
// activities for every filter (period cut inside months, structure,
// conseiller, commune), for the territory and for a structure, on both
// databases.
func TestAggregatesEqualDirectCount(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 17, 10, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		as := activitystore.New(st)
		acts := activities.New(as, clock)
		svc := New(st, clock)
		ccas := d.Structures[demo.CCAS]
		sc := scope.OfStructure(ccas)
		terr := scope.OfTerritory(d.ID)
		med := &account.Actor{User: account.User{ID: d.Users[account.RoleMediation], Name: "Mehdi Médiateur", Active: true},
			Membership: account.Membership{StructureID: ccas, Role: account.RoleMediation}}
		r := rand.New(rand.NewPCG(5, 13))
		today := now.In(frtime.Paris)
		day := func() string { return today.AddDate(0, 0, -r.IntN(420)).Format(activity.DateLayout) }
		persons := func() []person.Person {
			ps, _, err := st.ListPersons(ctx, sc, store.PersonFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return ps
		}
		var ids []int64
		all, _, err := as.ListActivities(ctx, sc, activitystore.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range all {
			ids = append(ids, a.ID)
		}
		newActivity := func() activity.Activity {
			a := activity.Activity{Date: day(), Duration: []int{15, 30, 45, 60, 90, 120}[r.IntN(6)], Canal: []string{"a_distance", "domicile", "autre"}[r.IntN(3)],
				CommuneCode: []string{"17299", "17306", ""}[r.IntN(3)], Themes: []string{[]string{"email", "sante", "aide_aux_demarches_administratives"}[r.IntN(3)]},
				Equipment: []string{"telephone"}}
			if a.CommuneCode == "" {
				a.CommuneCode = "17004"
			}
			if a.Themes[0] == activity.ThemeProcedures {
				a.Procedures = []string{"logement"}
			}
			ps := persons()
			if r.IntN(3) == 0 {
				a.Type, a.Title, a.Level = activity.TypeWorkshop, "Atelier", "debutant"
				a.AnonTotal = r.IntN(4)
				if a.AnonTotal > 0 {
					a.AnonCounts = map[string]int{activity.AnonKey("genre", "feminin"): 1}
				}
				for range 1 + r.IntN(3) {
					a.Participants = append(a.Participants, activity.Participant{PersonID: ps[r.IntN(len(ps))].ID})
				}
				if a.AnonTotal == 0 && len(a.Participants) == 0 {
					a.AnonTotal = 1
				}
				return a
			}
			a.Type, a.Autonomy = activity.TypeIndividual, []string{"entierement_accompagne", "partiellement_autonome", "autonome"}[r.IntN(3)]
			if r.IntN(2) == 0 {
				a.PersonID = ps[r.IntN(len(ps))].ID
			} else {
				a.AnonGender, a.AnonAgeBand, a.AnonStatus = "masculin", "soixante_dix_plus", "retraite"
			}
			return a
		}
		filters := func() []Filter {
			return []Filter{{}, {From: today.AddDate(0, -7, -11).Format(activity.DateLayout), To: today.AddDate(0, 0, -9).Format(activity.DateLayout)},
				{From: "2026-02-01", To: "2026-04-30"}, {From: "2026-03-03", To: "2026-03-19"}, {StructureID: ccas}, {AuthorID: med.User.ID}, {CommuneCode: "17299"}}
		}
		check := func(step string) {
			t.Helper()
			for _, f := range filters() {
				if err := f.check(today); err != nil {
					t.Fatal(err)
				}
				sf := activitystore.FigureFilter{From: f.From, To: f.To, StructureID: f.StructureID, AuthorID: f.AuthorID, CommuneCode: f.CommuneCode}
				g, p, err := as.ActivityGroupsInTerritory(ctx, terr, sf)
				if err != nil {
					t.Fatal(err)
				}
				direct := flat(build(g, p, f.From, f.To, nil))
				sums, err := svc.territorySums(ctx, terr, sf)
				if err != nil {
					t.Fatal(err)
				}
				agg := flat(figuresOf(sumsOf(sums), f.From, f.To, nil))
				sf.StructureID = 0
				g, p, err = as.ActivityGroups(ctx, sc, sf)
				if err != nil {
					t.Fatal(err)
				}
				directOwn := flat(build(g, p, f.From, f.To, nil))
				sums, err = svc.structureSums(ctx, sc, sf)
				if err != nil {
					t.Fatal(err)
				}
				aggOwn := flat(figuresOf(sumsOf(sums), f.From, f.To, nil))
				for _, c := range []struct {
					who       string
					want, got map[string]int
				}{{"territory", direct, agg}, {"structure", directOwn, aggOwn}} {
					if fmt.Sprint(c.want) != fmt.Sprint(c.got) {
						t.Fatalf("%s, %s, %+v:\n direct     %v\n aggregates %v", step, c.who, f, c.want, c.got)
					}
				}
				if direct["sessions"] == 0 && f.From == "" {
					t.Fatalf("%s: nothing counted", step)
				}
			}
		}
		check("demo")
		for i := range 40 {
			step := fmt.Sprint("step ", i)
			switch op := r.IntN(8); op {
			case 0, 1, 2:
				a, err := acts.Record(ctx, med, newActivity())
				if err != nil {
					t.Fatalf("%s: record: %v", step, err)
				}
				ids = append(ids, a.ID)
			case 3:
				k := r.IntN(len(ids))
				if _, err := acts.Update(ctx, med, ids[k], newActivity()); err != nil {
					t.Fatalf("%s: update %d: %v", step, ids[k], err)
				}
			case 4:
				k := r.IntN(len(ids))
				if err := acts.Delete(ctx, med, ids[k]); err != nil {
					t.Fatalf("%s: delete %d: %v", step, ids[k], err)
				}
				ids = append(ids[:k], ids[k+1:]...)
			case 5:
				batch := []activity.Activity{newActivity(), newActivity()}
				for i := range batch { // La Coop's reports name no person
					batch[i].PersonID, batch[i].Participants = 0, nil
					batch[i].AnonTotal = max(batch[i].AnonTotal, 1)
				}
				if _, err := as.ImportActivities(ctx, sc, batch, []string{"t:" + step + ":1", "t:" + step + ":2"}, now); err != nil {
					t.Fatalf("%s: import: %v", step, err)
				}
			case 6: // a person accompanied, whose months are read before and after
				check(step + " before the person changes")
				recent, _, err := as.ListActivities(ctx, sc, activitystore.ActivityFilter{})
				if err != nil {
					t.Fatal(err)
				}
				var pid int64
				for _, a := range recent[r.IntN(len(recent)):] {
					if pid = a.PersonID; pid == 0 && len(a.Participants) > 0 {
						pid = a.Participants[0].PersonID
					}
					if pid != 0 {
						break
					}
				}
				var p person.Person
				for _, x := range persons() {
					if x.ID == pid {
						p = x
					}
				}
				if p.ID == 0 {
					continue
				}
				p.Gender = person.Genders[r.IntN(len(person.Genders))].Value
				p.SocialStatus = person.SocialStatuses[r.IntN(len(person.SocialStatuses))].Value
				p.BirthYear = 1940 + r.IntN(60)
				if err := st.UpdatePerson(ctx, sc, &p, journal.By(med, journal.Update, "Test"), now); err != nil {
					t.Fatalf("%s: person: %v", step, err)
				}
				check(step + " person changed")
			case 7:
				ps := persons()
				if len(ps) > 3 {
					if err := st.DeletePerson(ctx, sc, ps[r.IntN(len(ps))].ID, journal.By(med, journal.Delete, "Test"), now); err != nil {
						t.Fatalf("%s: erase: %v", step, err)
					}
				}
			}
			if r.IntN(4) == 0 {
				check(step)
			}
		}
		check("end")
	})
}
