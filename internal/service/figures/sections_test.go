package figures

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/store/figurestore"
)

func cellsOf(t *testing.T, tb activitystats.Table) map[string]activitystats.Count {
	t.Helper()
	out := map[string]activitystats.Count{}
	for _, c := range tb.Counts {
		out[c.Key] = c
	}
	return out
}

// TestSectionsTallyAndProtect: crafted orientations, evaluations, sessions,
// workshops and appointments are tallied into the funnel, the autonomy
// over time, the workshops' fill and attendance and the appointments'
// issues; the territory's protection hides the small cells and a second
// one where the total would give the first away.
func TestSectionsTallyAndProtect(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	var refs []figurestore.Referral
	add := func(n int, r figurestore.Referral) {
		for range n {
			refs = append(refs, r)
		}
	}
	add(12, figurestore.Referral{SenderID: 1, ReceiverID: 2, State: "validee", CreatedAt: day(1), ClosedAt: day(1).Add(2 * time.Hour)})
	add(6, figurestore.Referral{SenderID: 1, ReceiverID: 2, State: "refusee", RefusalReasons: []string{"non_eligible"}, CreatedAt: day(1), ClosedAt: day(10)})
	add(2, figurestore.Referral{SenderID: 2, ReceiverID: 0, ReceiverName: "Maison France Services", State: "expiree", CreatedAt: day(2)})
	add(7, figurestore.Referral{SenderID: 2, ReceiverID: 1, State: "ouverte", CreatedAt: day(3)})
	add(3, figurestore.Referral{SenderID: 9, ReceiverID: 1, State: "ouverte", CreatedAt: day(3), Received: true}) // from outside the territory
	names := map[int64]string{1: "CCAS", 2: "Médiathèque"}
	tables := referralTables(refs, names)
	f := activitystats.Figures{Tables: tables}
	funnel := cellsOf(t, tables[0])
	if tables[0].Total != 27 || funnel["validee"].N != 12 || funnel["refusee"].N != 6 || funnel["expiree"].N != 2 || funnel["ouverte"].N != 7 {
		t.Fatalf("funnel: %+v", tables[0])
	}
	if d := cellsOf(t, tables[2]); tables[2].Total != 18 || d["moins_1j"].N != 12 || d["plus_7j"].N != 6 {
		t.Fatalf("delays: %+v", tables[2])
	}
	dirs := cellsOf(t, tables[3])
	if dirs["1-2"].Label != "CCAS → Médiathèque" || dirs["1-2"].N != 18 || dirs["2-0"].Label != "Médiathèque → Maison France Services" || dirs["9-1"].Label != "Hors territoire → CCAS" {
		t.Fatalf("directions: %+v", tables[3])
	}
	activitystats.Protect(&f, activitystats.MinCellShared)
	funnel = cellsOf(t, f.Tables[0])
	// 2 expired is hidden; the next smallest (6 refused) too, so that 27 - 12 - 7 does not give it.
	if !funnel["expiree"].Hidden || !funnel["refusee"].Hidden || funnel["validee"].Hidden || funnel["ouverte"].Hidden {
		t.Fatalf("protected funnel: %+v", f.Tables[0])
	}
	if d := cellsOf(t, f.Tables[3]); !d["9-1"].Hidden || !d["2-0"].Hidden || d["1-2"].Hidden {
		t.Fatalf("protected directions: %+v", f.Tables[3])
	}
	// A structure's own: sent and received.
	own := referralTables(refs[:20], nil)
	if d := cellsOf(t, own[3]); d["envoyees"].N != 20 || own[0].Total != 20 {
		t.Fatalf("structure directions: %+v %+v", own[3], own[0])
	}

	p := figurestore.Period{From: day(1), Until: day(31)}
	evals := []figurestore.Evaluation{
		{PersonID: 1, Score: 2, CreatedAt: day(1).AddDate(0, -2, 0)}, {PersonID: 1, Score: 5, CreatedAt: day(5)}, // before the period, then progress
		{PersonID: 2, Score: 4, CreatedAt: day(2)}, {PersonID: 2, Score: 4, CreatedAt: day(20)}, // first, then stable
		{PersonID: 3, Score: 6, CreatedAt: day(3)}, {PersonID: 3, Score: 3, CreatedAt: day(21)}, // first, then setback
	}
	sessions := []figurestore.Session{
		{PersonID: 1, Date: "2026-01-10", Autonomy: "entierement_accompagne"}, {PersonID: 1, Date: "2026-03-02", Autonomy: "partiellement_autonome"},
		{PersonID: 1, Date: "2026-03-09", Autonomy: "autonome"}, {PersonID: 1, Date: "2026-03-16", Autonomy: "autonome"},
		{PersonID: 2, Date: "2026-03-03", Autonomy: "entierement_accompagne"},
	}
	at := autonomyTables(evals, sessions, p, "2026-03-01")
	if e := cellsOf(t, at[0]); at[0].Total != 5 || e["premiere"].N != 2 || e["progres"].N != 1 || e["stable"].N != 1 || e["recul"].N != 1 {
		t.Fatalf("evaluations: %+v", at[0])
	}
	if r := cellsOf(t, at[1]); at[1].Total != 4 || r["2:partiellement_autonome"].N != 1 || r["3:autonome"].N != 1 || r["4+:autonome"].N != 1 || r["1:entierement_accompagne"].N != 1 {
		t.Fatalf("ranks: %+v", at[1])
	}

	wt := workshopTables([]figurestore.WorkshopSession{
		{Capacity: 10, Registered: 10, Waiting: 4, Present: 8, Absent: 2, WalkIns: 1, Marked: true},
		{Capacity: 10, Registered: 3, Marked: false},
	})
	if fl := cellsOf(t, wt[0]); fl["complet"].N != 1 || fl["moins_50"].N != 1 {
		t.Fatalf("fill: %+v", wt[0])
	}
	if pl := cellsOf(t, wt[1]); wt[1].Total != 20 || pl["prises"].N != 13 || pl["libres"].N != 7 || activitystats.Percent(pl["prises"], wt[1].Total) != "" {
		t.Fatalf("places: %+v", wt[1])
	}
	if pr := cellsOf(t, wt[3]); wt[2].Total != 4 || wt[3].Total != 11 || pr["presents"].N != 8 || pr["absents"].N != 2 || pr["sans_inscription"].N != 1 {
		t.Fatalf("waiting, attendance: %+v %+v", wt[2], wt[3])
	}
	ap := appointmentTables([]figurestore.AppointmentCount{{Status: "present", Permanent: true, N: 30}, {Status: "absent", Permanent: false, N: 3}, {Status: "present", N: 9}})
	if a := cellsOf(t, ap[0]); ap[0].Total != 42 || a["present"].N != 39 || a["absent"].N != 3 {
		t.Fatalf("appointments: %+v", ap[0])
	}
	g := activitystats.Figures{Tables: ap}
	activitystats.Protect(&g, activitystats.MinCellShared)
	if a := cellsOf(t, g.Tables[0]); !a["absent"].Hidden || !a["present"].Hidden {
		t.Fatalf("3 no-shows hidden, and the only other count with it: %+v", g.Tables[0])
	}
}
