package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
)

// Document safe.

// safeMatrix lists the safe's staff routes for the authorization matrix.
// Placeholders (safeMatrixSetup): {ownsafe}/{othersafe} are persons of the
// demo CCAS and of the outside structure with an open safe, {owndoc}/
// {otherdoc} a document in each, {ownshare}/{othershare} a share link
// already revoked, {ownwithdrawn}/{ownwithdrawndoc} a person of the CCAS
// whose consent was withdrawn and their document. Bodies lack the confirmation or the consent (422), so
// that no role changes what the next one sees.
var safeMatrix = []matrixCase{
	{pattern: "GET /espace/personnes/{id}/coffre", own: "/espace/personnes/{ownsafe}/coffre", other: "/espace/personnes/{othersafe}/coffre", ok: 200, scoped: true},
	{pattern: "POST /espace/personnes/{id}/coffre", own: "/espace/personnes/{ownsafe}/coffre", other: "/espace/personnes/{othersafe}/coffre", form: url.Values{"accord": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/personnes/{id}/coffre/documents", own: "/espace/personnes/{ownsafe}/coffre/documents", other: "/espace/personnes/{othersafe}/coffre/documents", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/personnes/{id}/coffre/retrait", own: "/espace/personnes/{ownsafe}/coffre/retrait", other: "/espace/personnes/{othersafe}/coffre/retrait", form: url.Values{"confirmer": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/coffre/documents/{doc}", own: "/espace/coffre/documents/{owndoc}", other: "/espace/coffre/documents/{otherdoc}", ok: 200, scoped: true},
	{pattern: "POST /espace/coffre/documents/{doc}/suppression", own: "/espace/coffre/documents/{owndoc}/suppression", other: "/espace/coffre/documents/{otherdoc}/suppression", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/coffre/documents/{doc}/partage", own: "/espace/coffre/documents/{owndoc}/partage", other: "/espace/coffre/documents/{otherdoc}/partage", form: url.Values{"duree": {"3j"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/coffre/documents/{doc}/partages/{share}/retrait", own: "/espace/coffre/documents/{owndoc}/partages/{ownshare}/retrait", other: "/espace/coffre/documents/{otherdoc}/partages/{othershare}/retrait", form: url.Values{}, ok: 404, scoped: true},

	{pattern: "GET /api/v1/personnes/{id}/coffre", own: "/api/v1/personnes/{ownsafe}/coffre", other: "/api/v1/personnes/{othersafe}/coffre", ok: 200, scoped: true},
	{pattern: "POST /api/v1/personnes/{id}/coffre", own: "/api/v1/personnes/{ownsafe}/coffre", other: "/api/v1/personnes/{othersafe}/coffre", ok: 422},
	{pattern: "DELETE /api/v1/personnes/{id}/coffre/accord", own: "/api/v1/personnes/{ownwithdrawn}/coffre/accord", other: "/api/v1/personnes/{othersafe}/coffre/accord", ok: 404, scoped: true},
	{pattern: "POST /api/v1/personnes/{id}/coffre/documents", own: "/api/v1/personnes/{ownsafe}/coffre/documents", other: "/api/v1/personnes/{othersafe}/coffre/documents", ok: 422},
	{pattern: "GET /api/v1/coffre/documents/{id}", own: "/api/v1/coffre/documents/{owndoc}", other: "/api/v1/coffre/documents/{otherdoc}", ok: 200, scoped: true},
	{pattern: "DELETE /api/v1/coffre/documents/{id}", own: "/api/v1/coffre/documents/{ownwithdrawndoc}", other: "/api/v1/coffre/documents/{otherdoc}", ok: 403, scoped: true},
	{pattern: "POST /api/v1/coffre/documents/{id}/partages", own: "/api/v1/coffre/documents/{owndoc}/partages", other: "/api/v1/coffre/documents/{otherdoc}/partages", ok: 422},
	{pattern: "DELETE /api/v1/coffre/documents/{id}/partages/{partage}", own: "/api/v1/coffre/documents/{owndoc}/partages/{ownshare}", other: "/api/v1/coffre/documents/{otherdoc}/partages/{othershare}", ok: 404, scoped: true},
}

// safeIn opens the safe of a new person of structureID with a document and
// a share link already revoked.
func safeIn(t *testing.T, s *site, structureID, staffID int64, tag string) (personID, doc, share int64) {
	t.Helper()
	ctx, st := context.Background(), s.store
	a, err := st.ActorForMembership(ctx, staffID, structureID)
	if err != nil {
		t.Fatal(err)
	}
	p := person.Person{StructureID: structureID, Kind: person.Followed, FirstName: tag, LastName: "Coffre", Status: person.InProgress, Phone: "+33639980999"}
	p.Normalize()
	if err := st.CreatePerson(ctx, scope.OfStructure(structureID), &p, nil, journal.By(a, journal.Create, "coffre "+tag), s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	svc := s.safeService()
	if _, err := svc.Open(ctx, a, p.ID, true); err != nil {
		t.Fatal(err)
	}
	d, err := svc.Upload(ctx, a, p.ID, safesvc.Upload{Kind: docsafe.KindTax, Title: "Avis " + tag, Data: samplePDF("avis " + tag)})
	if err != nil {
		t.Fatal(err)
	}
	sh, err := svc.Share(ctx, a, d.ID, "1h")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Revoke(ctx, a, d.ID, sh.Share.ID); err != nil {
		t.Fatal(err)
	}
	return p.ID, d.ID, sh.Share.ID
}

// safeService is a safe service on the site's database, key and clock.
func (s *site) safeService() *safesvc.Service {
	return safesvc.New(s.store, nil, safesvc.Config{Key: s.safe.Key, Dir: s.safe.Dir, Now: s.clock.Now})
}

func samplePDF(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Title (" + text + ") >> endobj\ntrailer\n%%EOF\n")
}

// safeMatrixSetup plants a safe in the demo CCAS and in the outside structure.
func safeMatrixSetup(t *testing.T, s *site, outsideID, outsideUser int64) func(account.Role) []string {
	ownP, ownD, ownS := safeIn(t, s, s.demo.Structures[demo.CCAS], s.demo.Users[account.RoleMediation], "Ourson")
	otherP, otherD, otherS := safeIn(t, s, outsideID, outsideUser, "Xylophage")
	ctx := context.Background()
	mediator, err := s.store.ActorForMembership(ctx, s.demo.Users[account.RoleMediation], s.demo.Structures[demo.CCAS])
	if err != nil {
		t.Fatal(err)
	}
	gone, goneD, _ := safeIn(t, s, s.demo.Structures[demo.CCAS], s.demo.Users[account.RoleMediation], "Ourson Retrait")
	if err := s.safeService().Withdraw(ctx, mediator, gone); err != nil {
		t.Fatal(err)
	}
	return func(account.Role) []string {
		return []string{"{ownsafe}", itoa(ownP), "{othersafe}", itoa(otherP), "{owndoc}", itoa(ownD), "{otherdoc}", itoa(otherD),
			"{ownshare}", itoa(ownS), "{othershare}", itoa(otherS), "{ownwithdrawndoc}", itoa(goneD), "{ownwithdrawn}", itoa(gone)}
	}
}
