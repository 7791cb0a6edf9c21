package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/partnershipstore"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Conventions and the action plan.

// partnershipsMatrix lists their staff routes for the authorization
// matrix. Placeholders (partnershipsMatrixSetup): {ownconv}, {ownprop},
// {ownaction}, {ownind} and {owncharter} are the demo territory's convention (the CCAS
// and France Services are parties), proposal and action (France Services
// leads it, the CCAS co-leads it), its indicator and the charter's version; {other…} are those of
// another territory. Bodies are missing (422), so that no role changes
// what the next one sees.
var partnershipsMatrix = []matrixCase{
	{pattern: "GET /espace/reseau/conventions", own: "/espace/reseau/conventions", other: "/espace/reseau/conventions", ok: 200},
	{pattern: "GET /espace/reseau/conventions/nouvelle", own: "/espace/reseau/conventions/nouvelle", other: "/espace/reseau/conventions/nouvelle", ok: 200},
	{pattern: "POST /espace/reseau/conventions", own: "/espace/reseau/conventions", other: "/espace/reseau/conventions", form: url.Values{"objet": {""}}, ok: 422},
	{pattern: "GET /espace/reseau/conventions/{id}", own: "/espace/reseau/conventions/{ownconv}", other: "/espace/reseau/conventions/{otherconv}", ok: 200, scoped: true},
	{pattern: "POST /espace/reseau/conventions/{id}", own: "/espace/reseau/conventions/{ownconv}", other: "/espace/reseau/conventions/{otherconv}", form: url.Values{"objet": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/reseau/conventions/{id}/convention.pdf", own: "/espace/reseau/conventions/{ownconv}/convention.pdf", other: "/espace/reseau/conventions/{otherconv}/convention.pdf", ok: 200, scoped: true},
	{pattern: "GET /espace/reseau/charte", own: "/espace/reseau/charte", other: "/espace/reseau/charte", ok: 200},
	{pattern: "POST /espace/reseau/charte/versions", own: "/espace/reseau/charte/versions", other: "/espace/reseau/charte/versions", form: url.Values{"texte": {""}}, ok: 422},
	{pattern: "POST /espace/reseau/charte/versions/{id}/signatures", own: "/espace/reseau/charte/versions/{owncharter}/signatures", other: "/espace/reseau/charte/versions/{othercharter}/signatures", form: url.Values{"nom": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/plan-action", own: "/espace/plan-action", other: "/espace/plan-action", ok: 200},
	{pattern: "POST /espace/plan-action/propositions", own: "/espace/plan-action/propositions", other: "/espace/plan-action/propositions", form: url.Values{"texte": {""}}, ok: 422},
	{pattern: "GET /espace/plan-action/propositions/{id}", own: "/espace/plan-action/propositions/{ownprop}", other: "/espace/plan-action/propositions/{otherprop}", ok: 200, scoped: true},
	{pattern: "POST /espace/plan-action/propositions/{id}/actions", own: "/espace/plan-action/propositions/{ownprop}/actions", other: "/espace/plan-action/propositions/{otherprop}/actions", form: url.Values{"intitule": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/plan-action/actions/{id}", own: "/espace/plan-action/actions/{ownaction}", other: "/espace/plan-action/actions/{otheraction}", ok: 200, scoped: true},
	{pattern: "POST /espace/plan-action/actions/{id}/indicateurs", own: "/espace/plan-action/actions/{ownaction}/indicateurs", other: "/espace/plan-action/actions/{otheraction}/indicateurs", form: url.Values{"nom": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/plan-action/actions/{id}/indicateurs/{ind}", own: "/espace/plan-action/actions/{ownaction}/indicateurs/{ownind}", other: "/espace/plan-action/actions/{otheraction}/indicateurs/{otherind}", form: url.Values{"valeur-0": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/plan-action/actions/{id}/points", own: "/espace/plan-action/actions/{ownaction}/points", other: "/espace/plan-action/actions/{otheraction}/points", form: url.Values{"texte": {""}}, ok: 422, scoped: true},

	{pattern: "GET /api/v1/conventions", own: "/api/v1/conventions", other: "/api/v1/conventions", ok: 200},
	{pattern: "GET /api/v1/conventions/{id}", own: "/api/v1/conventions/{ownconv}", other: "/api/v1/conventions/{otherconv}", ok: 200, scoped: true},
	{pattern: "GET /api/v1/charte", own: "/api/v1/charte", other: "/api/v1/charte", ok: 200},
	{pattern: "GET /api/v1/plan-action/actions", own: "/api/v1/plan-action/actions", other: "/api/v1/plan-action/actions", ok: 200},
	{pattern: "GET /api/v1/plan-action/actions/{id}", own: "/api/v1/plan-action/actions/{ownaction}", other: "/api/v1/plan-action/actions/{otheraction}", ok: 200, scoped: true},
}

// partnershipsMatrixSetup records a convention, a proposal, an action and
// an indicator in the demo territory, and the same in another territory
// coordinated by the outside structure, named with the outside marker.
func partnershipsMatrixSetup(t *testing.T, s *site, outside int64) func(account.Role) []string {
	t.Helper()
	ctx, now, st := context.Background(), s.clock.Now(), partnershipstore.New(s.store)
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	other := structure.Territory{Name: "Territoire voisin"}
	if err := s.store.CreateTerritory(ctx, &other, now); err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	plant := func(t0 scope.Territory, recorder int64, parties []int64, lead int64, tag string) []int64 {
		j := journal.Entry{StructureID: recorder, Who: tag, Action: journal.Create, What: "plan " + tag, At: now}
		a := partnership.Agreement{Object: "Convention " + tag, Partners: "Partenaire " + tag, StartsOn: "2026-01-01", EndsOn: "2026-12-31", RemindDays: 60, PDFName: "c.pdf"}
		for _, p := range parties {
			a.Parties = append(a.Parties, partnership.Party{StructureID: p})
		}
		if err := st.CreateAgreement(ctx, t0, scope.OfStructure(recorder), &a, pdf, j, now); err != nil {
			t.Fatal(err)
		}
		p := partnership.Proposal{Body: "Proposition " + tag}
		if err := st.CreateProposal(ctx, t0, &p, j, now); err != nil {
			t.Fatal(err)
		}
		act := partnership.Action{ProposalID: p.ID, Title: "Action " + tag, LeadID: lead, Status: partnership.ToStart}
		if lead == fs {
			act.CoLeads = []partnership.Party{{StructureID: ccas}}
		}
		if err := st.CreateAction(ctx, t0, &act, j, now); err != nil {
			t.Fatal(err)
		}
		ind := partnership.Indicator{ActionID: act.ID, Name: "Indicateur " + tag, Target: 10}
		if err := st.AddIndicator(ctx, t0, &ind, j, now); err != nil {
			t.Fatal(err)
		}
		c := partnership.CharterVersion{Body: "Charte " + tag, PublishedOn: "2026-01-01"}
		if err := st.PublishCharter(ctx, t0, &c, j, now); err != nil {
			t.Fatal(err)
		}
		return []int64{a.ID, p.ID, act.ID, ind.ID, c.ID}
	}
	// The outside structure is not in the other territory: it is only
	// the one that keeps its rows; the lead is a structure of it.
	otherLead := structure.Structure{Name: "Association voisine", Typology: "ASSO", RNA: "W759999998", CommuneCode: "75056", TerritoryID: other.ID}
	if err := s.store.CreateStructure(ctx, &otherLead, now); err != nil {
		t.Fatal(err)
	}
	own := plant(scope.OfTerritory(s.demo.ID), ccas, []int64{ccas, fs}, fs, markerOwn)
	out := plant(scope.OfTerritory(other.ID), outside, []int64{otherLead.ID}, otherLead.ID, markerOutside)
	return func(account.Role) []string {
		return []string{"{ownconv}", itoa(own[0]), "{ownprop}", itoa(own[1]), "{ownaction}", itoa(own[2]), "{ownind}", itoa(own[3]), "{owncharter}", itoa(own[4]), "{othercharter}", itoa(out[4]),
			"{otherconv}", itoa(out[0]), "{otherprop}", itoa(out[1]), "{otheraction}", itoa(out[2]), "{otherind}", itoa(out[3])}
	}
}

// partnershipsBrowserPages lists this capability's pages checked in
// Chromium, on the demo's convention, proposal and action.
var partnershipsBrowserPages = []browserPage{
	{path: "/espace/reseau/conventions", role: account.RoleCoordination, want: "Enregistrer une convention"},
	{path: "/espace/reseau/conventions/nouvelle", role: account.RoleCoordination, want: "Renouvelée par tacite reconduction"},
	{path: "/espace/reseau/conventions/1", role: account.RolePartner, want: "Télécharger « convention-tablettes-signee.pdf » (PDF)"},
	{path: "/espace/plan-action", role: account.RoleCoordination, want: "Ajouter une proposition"},
	{path: "/espace/reseau/charte", role: account.RolePartner, want: "Signer pour votre structure"},
	{path: "/reseau/charte", want: "Structures signataires"},
	{path: "/espace/plan-action/propositions/1", role: account.RoleCoordination, want: "En faire une action"},
	{path: "/espace/plan-action/actions/1", role: account.RoleCoordination, want: "Ajouter un point d'étape"},
}
