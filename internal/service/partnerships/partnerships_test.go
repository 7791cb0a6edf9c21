package partnerships_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/partnerships"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type territory struct {
	id                                    int64
	coord, ccas, outsider                 int64 // structures
	coordinator, ccasStaff, outsiderStaff *account.Actor
}

// newTerritory makes a territory with its coordination, a CCAS and a
// third structure, each with one staff member.
func newTerritory(t *testing.T, st *store.Store, name string, now time.Time) territory {
	t.Helper()
	ctx := context.Background()
	terr := structure.Territory{Name: name}
	if err := st.CreateTerritory(ctx, &terr, now); err != nil {
		t.Fatal(err)
	}
	actor := func(sid int64, r account.Role, email string) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email + "@" + strings.ToLower(name) + ".fr", Name: email + " " + name, StructureID: sid, Role: r}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.ActorForMembership(ctx, id, sid)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	tr := territory{id: terr.ID}
	tr.coord = storetest.Structure(t, st, "Coordination "+name, terr.ID, now).ID
	if err := st.SetTerritoryCoordinator(ctx, terr.ID, tr.coord); err != nil {
		t.Fatal(err)
	}
	tr.ccas = storetest.Structure(t, st, "CCAS "+name, terr.ID, now).ID
	tr.outsider = storetest.Structure(t, st, "Médiathèque "+name, terr.ID, now).ID
	tr.coordinator = actor(tr.coord, account.RoleCoordination, "coord")
	tr.ccasStaff = actor(tr.ccas, account.RoleMediation, "cnfs")
	tr.outsiderStaff = actor(tr.outsider, account.RolePartner, "partenaire")
	return tr
}

// newCoordinator adds a coordinator to a structure and returns their address.
func newCoordinator(t *testing.T, st *store.Store, structureID int64, email string, now time.Time) string {
	t.Helper()
	if _, err := st.CreateUser(context.Background(), account.NewUser{Email: email, Name: "Coordinatrice", StructureID: structureID, Role: account.RoleCoordination}, "", now); err != nil {
		t.Fatal(err)
	}
	return email
}

func fields(err error) map[string]string {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return nil
	}
	return e.FieldMap()
}

var pdf = []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

func TestAgreements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 9, 0, 0, 0, frtime.Paris)
		svc := partnerships.New(st, partnerships.Config{Now: func() time.Time { return now }, BaseURL: "https://parcours.example/"})
		a := newTerritory(t, st, "Rochefort", now)
		b := newTerritory(t, st, "Saintes", now)

		// Every error at once, the PDF's too.
		_, err := svc.CreateAgreement(ctx, a.coordinator, partnership.AgreementInput{EndsOn: "31/02/2026"}, partnerships.SignedPDF{Name: "x.pdf", Bytes: []byte("<html>not a pdf</html>")})
		if f := fields(err); f["objet"] == "" || f["debut"] == "" || f["fin"] == "" || f["parties"] == "" || f["pdf"] == "" {
			t.Fatalf("want every field error, got %v", err)
		}
		in := partnership.AgreementInput{Object: "Distribution de 100 téléphones reconditionnés", Partners: "Emmaüs Connect", PartyIDs: []int64{a.ccas},
			StartsOn: "01/03/2026", EndsOn: "30/06/2026", RemindDays: "30"}
		if _, err := svc.CreateAgreement(ctx, a.coordinator, partnership.AgreementInput{Object: "x", PartyIDs: []int64{b.ccas}, StartsOn: "2026-03-01", EndsOn: "2026-06-30"}, partnerships.SignedPDF{}); fields(err)["parties"] == "" {
			t.Fatalf("a structure of another territory is a party: %v", err)
		}
		if _, err := svc.CreateAgreement(ctx, a.ccasStaff, in, partnerships.SignedPDF{}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a conseiller records a convention: %v", err)
		}
		ag, err := svc.CreateAgreement(ctx, a.coordinator, in, partnerships.SignedPDF{Name: "convention.pdf", Bytes: pdf})
		if err != nil || ag.ID == 0 || !ag.HasPDF || ag.Status(svc.Today()) != partnership.Running {
			t.Fatalf("create: %+v %v", ag, err)
		}

		// The party reads it, the structure that is not a party and the
		// other territory never do.
		if list, manage, err := svc.Agreements(ctx, a.ccasStaff); err != nil || len(list) != 1 || manage || list[0].Parties[0].Name != "CCAS Rochefort" {
			t.Fatalf("party's list: %+v %v %v", list, manage, err)
		}
		if b, name, err := svc.AgreementPDF(ctx, a.ccasStaff, ag.ID); err != nil || string(b) != string(pdf) || name != "convention.pdf" {
			t.Fatalf("party's pdf: %q %v", name, err)
		}
		if list, _, err := svc.Agreements(ctx, a.outsiderStaff); err != nil || len(list) != 0 {
			t.Fatalf("not a party: %+v %v", list, err)
		}
		for _, who := range []*account.Actor{b.coordinator, b.ccasStaff, a.outsiderStaff} {
			if list, _, err := svc.Agreements(ctx, who); err != nil || len(list) != 0 {
				t.Fatalf("%s lists %+v %v", who.User.Name, list, err)
			}
			if _, _, err := svc.Agreement(ctx, who, ag.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("%s reads the convention: %v", who.User.Name, err)
			}
			if _, _, err := svc.AgreementPDF(ctx, who, ag.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("%s reads the pdf: %v", who.User.Name, err)
			}
		}
		if _, err := svc.UpdateAgreement(ctx, b.coordinator, ag.ID, in, partnerships.SignedPDF{}); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory updates: %v", err)
		}

		// An update keeps the PDF when none is sent, and changes the parties.
		in.PartyIDs = []int64{a.ccas, a.outsider}
		if ag, err = svc.UpdateAgreement(ctx, a.coordinator, ag.ID, in, partnerships.SignedPDF{}); err != nil || !ag.HasPDF || len(ag.Parties) != 2 {
			t.Fatalf("update: %+v %v", ag, err)
		}

		// The reminder: none before its day, one on it, never twice.
		if n, err := svc.SendReminders(ctx); err != nil || n != 0 {
			t.Fatalf("early reminder: %d %v", n, err)
		}
		now = time.Date(2026, 6, 1, 8, 0, 0, 0, frtime.Paris)
		for i, want := range []int{1, 0} {
			if n, err := svc.SendReminders(ctx); err != nil || n != want {
				t.Fatalf("reminder pass %d: %d %v", i, n, err)
			}
		}
		var n int
		var to, subject, body string
		if err := st.Reader().QueryRowContext(ctx, "SELECT COUNT(*), MAX(recipient), MAX(subject), MAX(body) FROM notifications WHERE kind = 'rappel_convention'").Scan(&n, &to, &subject, &body); err != nil {
			t.Fatal(err)
		}
		if n != 1 || to != "coord@rochefort.fr" || !strings.Contains(subject, "téléphones") || !strings.Contains(body, "30/06/2026") ||
			!strings.Contains(body, "https://parcours.example/espace/reseau/conventions/") {
			t.Fatalf("reminder: %d %s %s %s", n, to, subject, body)
		}
		if list, _, _ := svc.Agreements(ctx, a.coordinator); list[0].Status(svc.Today()) != partnership.ToRenew {
			t.Fatalf("status after the reminder day: %s", list[0].Status(svc.Today()))
		}

		// The one who recorded it left: the structure's coordinators receive
		// the next period's reminder of a tacitly renewed convention.
		in.Tacit = true
		if _, err := svc.UpdateAgreement(ctx, a.coordinator, ag.ID, in, partnerships.SignedPDF{}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Writer().ExecContext(ctx, "UPDATE users SET active = FALSE WHERE id = $1", a.coordinator.User.ID); err != nil {
			t.Fatal(err)
		}
		other := newCoordinator(t, st, a.coord, "coord2@rochefort.fr", now)
		now = time.Date(2026, 10, 5, 8, 0, 0, 0, frtime.Paris) // the renewed period ends on 31/10
		if n, err := svc.SendReminders(ctx); err != nil || n != 1 {
			t.Fatalf("reminder of the renewed period: %d %v", n, err)
		}
		if err := st.Reader().QueryRowContext(ctx, "SELECT MAX(recipient), MAX(body) FROM notifications WHERE kind = 'rappel_convention' AND recipient <> 'coord@rochefort.fr'").Scan(&to, &body); err != nil {
			t.Fatal(err)
		}
		if to != other || !strings.Contains(body, "31/10/2026") || !strings.Contains(body, "tacite reconduction") {
			t.Fatalf("renewed reminder: %s %s", to, body)
		}
	})
}

func TestActionPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 9, 0, 0, 0, frtime.Paris)
		svc := partnerships.New(st, partnerships.Config{Now: func() time.Time { return now }})
		a := newTerritory(t, st, "Rochefort", now)
		b := newTerritory(t, st, "Saintes", now)

		if _, err := svc.CreateProposal(ctx, a.coordinator, " ", "", 0); fields(err)["texte"] == "" {
			t.Fatalf("empty proposal: %v", err)
		}
		p, err := svc.CreateProposal(ctx, a.coordinator, "Former les travailleurs sociaux au repérage", "Diagnostic 2025, atelier 3", 0)
		if err != nil || p.ID == 0 {
			t.Fatalf("proposal: %+v %v", p, err)
		}
		if _, err := svc.CreateAction(ctx, a.coordinator, p.ID, partnership.ActionInput{Title: "x", LeadID: b.ccas}); fields(err)["pilote"] == "" {
			t.Fatalf("a lead of another territory: %v", err)
		}
		if _, err := svc.CreateAction(ctx, b.coordinator, p.ID, partnership.ActionInput{Title: "x", LeadID: b.ccas}); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory's proposal: %v", err)
		}
		act, err := svc.CreateAction(ctx, a.coordinator, p.ID, partnership.ActionInput{Title: "Formation de 30 h", LeadID: a.ccas, CoLeadIDs: []int64{a.coord, a.ccas}})
		if err != nil || act.Status != partnership.ToStart || len(act.CoLeads) != 1 {
			t.Fatalf("action: %+v %v", act, err)
		}
		ind, err := svc.AddIndicator(ctx, a.coordinator, act.ID, "Travailleurs sociaux formés", "30", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.SetIndicator(ctx, a.coordinator, act.ID, ind.ID, "12"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddReview(ctx, a.coordinator, act.ID, "11/03/2026", "Trop tôt", partnership.Ongoing); fields(err)["date"] == "" {
			t.Fatalf("a review in the future: %v", err)
		}
		if _, err := svc.AddReview(ctx, a.coordinator, act.ID, "09/03/2026", "Première session faite", partnership.Ongoing); err != nil {
			t.Fatal(err)
		}
		got, manage, err := svc.Action(ctx, a.coordinator, act.ID)
		if err != nil || !manage || got.Status != partnership.Ongoing || len(got.Reviews) != 1 || got.Reviews[0].StatusBefore != partnership.ToStart ||
			got.Indicators[0].Current != 12 || got.CoLeads[0].Name != "Coordination Rochefort" {
			t.Fatalf("action after review: %+v %v", got, err)
		}

		// The lead reads it; the structure not involved and the other
		// territory never see it nor change it.
		if plan, err := svc.Plan(ctx, a.ccasStaff); err != nil || plan.Manage || len(plan.Proposals) != 1 || plan.Progress.Total != 1 {
			t.Fatalf("lead's plan: %+v %v", plan, err)
		}
		for _, who := range []*account.Actor{a.outsiderStaff, b.coordinator, b.ccasStaff} {
			if plan, err := svc.Plan(ctx, who); err != nil || len(plan.Proposals) != 0 || plan.Progress.Total != 0 {
				t.Fatalf("%s reads the plan: %+v %v", who.User.Name, plan, err)
			}
			if _, _, err := svc.Action(ctx, who, act.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Fatalf("%s reads the action: %v", who.User.Name, err)
			}
		}
		if _, err := svc.AddReview(ctx, b.coordinator, act.ID, "09/03/2026", "x", partnership.Done); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory reviews: %v", err)
		}
		if err := svc.SetIndicator(ctx, b.coordinator, act.ID, ind.ID, "30"); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory sets an indicator: %v", err)
		}
		if _, err := svc.AddReview(ctx, a.ccasStaff, act.ID, "09/03/2026", "x", partnership.Done); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("the lead's conseiller reviews: %v", err)
		}

		// The bilans: the territory's plan, a structure's own actions.
		bp, err := svc.BilanPlan(ctx, scope.OfTerritory(a.id), 0)
		if err != nil || len(bp.Actions) != 1 || bp.ByStatus[1].N != 1 || bp.Actions[0].Indicators[0].Progress() != "40 %" {
			t.Fatalf("territory bilan: %+v %v", bp, err)
		}
		if bp, err := svc.BilanPlan(ctx, scope.OfTerritory(b.id), 0); err != nil || len(bp.Actions) != 0 {
			t.Fatalf("other territory's bilan: %+v %v", bp, err)
		}
		if bp, err := svc.BilanPlan(ctx, scope.OfTerritory(a.id), a.outsider); err != nil || len(bp.Actions) != 0 {
			t.Fatalf("uninvolved structure's bilan: %+v %v", bp, err)
		}
		if bp, err := svc.BilanPlan(ctx, scope.OfTerritory(a.id), a.coord); err != nil || len(bp.Actions) != 1 {
			t.Fatalf("co-lead's bilan: %+v %v", bp, err)
		}
	})
}
