package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/mandate"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/training"
)

// Training record and mandates.

// mandatesMatrix lists these capabilities' staff routes for the
// authorization matrix. Placeholders (mandatesMatrixSetup): {owncourse} is a
// course of the demo territory's coordination, {othercourse} one of the
// outside structure. Bodies are missing (422), so that no role changes what
// the next one sees.
var mandatesMatrix = []matrixCase{
	{pattern: "GET /espace/formations", own: "/espace/formations", other: "/espace/formations", ok: 200},
	{pattern: "POST /espace/formations", own: "/espace/formations", other: "/espace/formations", form: url.Values{"intitule": {""}}, ok: 422},
	{pattern: "GET /espace/formations/{id}", own: "/espace/formations/{owncourse}", other: "/espace/formations/{othercourse}", ok: 200, scoped: true},
	{pattern: "POST /espace/formations/{id}/participants", own: "/espace/formations/{owncourse}/participants", other: "/espace/formations/{othercourse}/participants", form: url.Values{"professionnel": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/mandats", own: "/espace/mandats", other: "/espace/mandats", ok: 200},
	{pattern: "POST /espace/mandats/categories", own: "/espace/mandats/categories", other: "/espace/mandats/categories", form: url.Values{"categories": {""}}, ok: 422},
	{pattern: "GET /espace/mandats/charte", own: "/espace/mandats/charte", other: "/espace/mandats/charte", ok: 200},
	{pattern: "POST /espace/mandats/charte", own: "/espace/mandats/charte", other: "/espace/mandats/charte", form: url.Values{"accord": {""}}, ok: 422},
	{pattern: "GET /espace/mandats/charte.pdf", own: "/espace/mandats/charte.pdf", other: "/espace/mandats/charte.pdf", ok: 200},
	{pattern: "GET /espace/mandats/nouveau", own: "/espace/mandats/nouveau", other: "/espace/mandats/nouveau?personne=1", ok: 200},
	{pattern: "POST /espace/mandats", own: "/espace/mandats", other: "/espace/mandats", form: url.Values{"personne": {""}}, ok: 422},
	{pattern: "GET /espace/mandats/{id}", own: "/espace/mandats/{ownmandate}", other: "/espace/mandats/{othermandate}", ok: 200, scoped: true},
	{pattern: "GET /espace/mandats/{id}/mandat.pdf", own: "/espace/mandats/{ownmandate}/mandat.pdf", other: "/espace/mandats/{othermandate}/mandat.pdf", ok: 200, scoped: true},
	{pattern: "GET /espace/mandats/{id}/attestation.pdf", own: "/espace/mandats/{ownmandate}/attestation.pdf", other: "/espace/mandats/{othermandate}/attestation.pdf", ok: 404, scoped: true},
	{pattern: "GET /espace/mandats/{id}/scan", own: "/espace/mandats/{ownmandate}/scan", other: "/espace/mandats/{othermandate}/scan", ok: 404, scoped: true},
	{pattern: "POST /espace/mandats/{id}/signature", own: "/espace/mandats/{ownmandate}/signature", other: "/espace/mandats/{othermandate}/signature", form: url.Values{"papier": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/mandats/{id}/utilisation", own: "/espace/mandats/{ownmandate}/utilisation", other: "/espace/mandats/{othermandate}/utilisation", form: url.Values{"categorie": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/mandats/{id}/revocation", own: "/espace/mandats/{ownmandate}/revocation", other: "/espace/mandats/{othermandate}/revocation", form: url.Values{"categories": {"inconnue"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/mandats/{id}/renouvellement", own: "/espace/mandats/{ownmandate}/renouvellement", other: "/espace/mandats/{othermandate}/renouvellement", form: url.Values{"duree": {"7"}}, ok: 422, scoped: true},

	{pattern: "GET /api/v1/mandats", own: "/api/v1/mandats", other: "/api/v1/mandats", ok: 200},
	{pattern: "POST /api/v1/mandats", own: "/api/v1/mandats", other: "/api/v1/mandats", ok: 422},
	{pattern: "GET /api/v1/mandats/{id}", own: "/api/v1/mandats/{ownmandate}", other: "/api/v1/mandats/{othermandate}", ok: 200, scoped: true},
	{pattern: "GET /api/v1/mandats/{id}/pdf", own: "/api/v1/mandats/{ownmandate}/pdf", other: "/api/v1/mandats/{othermandate}/pdf", ok: 200, scoped: true},
	{pattern: "POST /api/v1/mandats/{id}/signature", own: "/api/v1/mandats/{ownmandate}/signature", other: "/api/v1/mandats/{othermandate}/signature", ok: 422, scoped: true},
	{pattern: "POST /api/v1/mandats/{id}/page-signee", own: "/api/v1/mandats/{ownmandate}/page-signee", other: "/api/v1/mandats/{othermandate}/page-signee", ok: 422, scoped: true},
	{pattern: "GET /api/v1/mandats/{id}/page-signee", own: "/api/v1/mandats/{ownmandate}/page-signee", other: "/api/v1/mandats/{othermandate}/page-signee", ok: 404, scoped: true},
	{pattern: "POST /api/v1/mandats/{id}/utilisations", own: "/api/v1/mandats/{ownmandate}/utilisations", other: "/api/v1/mandats/{othermandate}/utilisations", ok: 422, scoped: true},
	{pattern: "POST /api/v1/mandats/{id}/revocation", own: "/api/v1/mandats/{ownmandate}/revocation", other: "/api/v1/mandats/{othermandate}/revocation", ok: 422, scoped: true},
	{pattern: "POST /api/v1/mandats/{id}/renouvellement", own: "/api/v1/mandats/{ownmandate}/renouvellement", other: "/api/v1/mandats/{othermandate}/renouvellement", ok: 422, scoped: true},

	{pattern: "GET /api/v1/formations", own: "/api/v1/formations", other: "/api/v1/formations", ok: 200},
	{pattern: "GET /api/v1/formations/{id}", own: "/api/v1/formations/{owncourse}", other: "/api/v1/formations/{othercourse}", ok: 200, scoped: true},
}

// mandatesMatrixSetup records a course in the demo coordination's
// structure and one in the outside structure, and a mandate in each of the
// demo CCAS and the outside structure.
func mandatesMatrixSetup(t *testing.T, s *site, outside int64) func(account.Role) []string {
	t.Helper()
	ms := mandatestore.New(s.store)
	course := func(structureID int64, title string) int64 {
		c := training.Course{Title: title, Kind: training.Aidant, Minutes: 420}
		if err := ms.CreateCourse(context.Background(), scope.OfStructure(structureID), &c, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	own := course(s.demo.Structures[demo.CCAS], "Formation "+markerOwn)
	other := course(outside, "Formation "+markerOutside)
	paper := func(structureID int64, tag string) int64 {
		ctx, sc, now := context.Background(), scope.OfStructure(structureID), s.clock.Now()
		p := person.Person{StructureID: structureID, Kind: person.Followed, FirstName: tag, LastName: "Mandant", Status: person.InProgress}
		p.Normalize()
		if err := s.store.CreatePerson(ctx, sc, &p, nil, journal.Entry{Who: "test", Action: journal.Create}, now); err != nil {
			t.Fatal(err)
		}
		st, err := s.store.Structure(ctx, structureID)
		if err != nil {
			t.Fatal(err)
		}
		m := mandate.Mandate{StructureID: structureID, StructureName: st.Name, PersonID: p.ID, PersonInitials: "X. M.", AidantName: "Aidant " + tag, StartsAt: now, EndsAt: now.AddDate(0, 0, 31), Days: 31,
			WordingVersion: mandate.WordingVersion, Token: mandate.NewToken(), Categories: []mandate.Category{{Code: "logement"}}}
		m.WordingHash = mandate.Hash(m, p.Name(), mandate.Texts(mandate.Wording(m, p.Name())))
		if err := ms.CreateMandate(ctx, sc, &m, mandate.Event{Kind: mandate.EventCreated, Who: "test"}, 0, journal.Entry{Who: "test", Action: journal.Create}, now); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	ownMandate := paper(s.demo.Structures[demo.CCAS], markerOwn)
	otherMandate := paper(outside, markerOutside)
	return func(account.Role) []string {
		return []string{"{owncourse}", itoa(own), "{othercourse}", itoa(other), "{ownmandate}", itoa(ownMandate), "{othermandate}", itoa(otherMandate)}
	}
}
