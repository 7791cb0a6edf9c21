package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/resourcestore"
)

// Library of teaching resources.

// resourcesMatrix lists the library's staff routes for the authorization
// matrix. Placeholders (resourcesMatrixSetup): {ownres} is a PDF of the demo
// CCAS, {otherres} one of the outside structure, {delres} a resource of the
// demo CCAS for the role to delete (each role its own, so that a deletion
// changes nothing for the next role). Bodies are missing (422).
var resourcesMatrix = []matrixCase{
	{pattern: "GET /espace/ressources", own: "/espace/ressources", other: "/espace/ressources?q=xylophage", ok: 200},
	{pattern: "GET /espace/ressources/nouvelle", own: "/espace/ressources/nouvelle", other: "/espace/ressources/nouvelle", ok: 200},
	{pattern: "POST /espace/ressources", own: "/espace/ressources", other: "/espace/ressources", form: url.Values{"titre": {""}}, ok: 422},
	{pattern: "GET /espace/ressources/{id}", own: "/espace/ressources/{ownres}", other: "/espace/ressources/{otherres}", ok: 200, scoped: true},
	{pattern: "GET /espace/ressources/{id}/fichier", own: "/espace/ressources/{ownres}/fichier", other: "/espace/ressources/{otherres}/fichier", ok: 200, scoped: true},
	{pattern: "GET /espace/ressources/{id}/modifier", own: "/espace/ressources/{ownres}/modifier", other: "/espace/ressources/{otherres}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/ressources/{id}", own: "/espace/ressources/{ownres}", other: "/espace/ressources/{otherres}", form: url.Values{"titre": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/ressources/{id}/suppression", own: "/espace/ressources/{delres}/suppression", other: "/espace/ressources/{otherres}/suppression", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/supports", own: "/espace/ateliers/{ownworkshop}/supports", other: "/espace/ateliers/{otherworkshop}/supports", form: url.Values{"ressource": {"{otherres}"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/supports/{res}/retrait", own: "/espace/ateliers/{ownworkshop}/supports/{otherres}/retrait", other: "/espace/ateliers/{otherworkshop}/supports/{ownres}/retrait", form: url.Values{}, ok: 404, scoped: true},

	{pattern: "GET /api/v1/ressources", own: "/api/v1/ressources", other: "/api/v1/ressources?q=xylophage", ok: 200},
	{pattern: "GET /api/v1/ressources/{id}", own: "/api/v1/ressources/{ownres}", other: "/api/v1/ressources/{otherres}", ok: 200, scoped: true},
	{pattern: "GET /api/v1/ressources/{id}/fichier", own: "/api/v1/ressources/{ownres}/fichier", other: "/api/v1/ressources/{otherres}/fichier", ok: 200, scoped: true},
}

// resourcesMatrixSetup shares a PDF in the demo CCAS and in the outside
// structure, and one resource of the demo CCAS per role to delete.
func resourcesMatrixSetup(t *testing.T, s *site, outside int64) func(account.Role) []string {
	t.Helper()
	st := resourcestore.New(s.store)
	share := func(structureID int64, title string) int64 {
		pdf := []byte("%PDF-1.4\n%%EOF\n")
		r := resource.Resource{Title: title, Themes: []string{"email"}, Audiences: []string{"seniors"}, Licence: "cc_by",
			FileName: "fiche.pdf", FileType: resource.TypePDF, FileSize: int64(len(pdf))}
		j := journal.Entry{Who: "Test", Action: journal.Create, What: "ressource"}
		if err := st.Create(context.Background(), scope.OfStructure(structureID), &r, pdf, 0, j, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	ccas := s.demo.Structures[demo.CCAS]
	own, other := share(ccas, "Ressource "+markerOwn), share(outside, "Ressource "+markerOutside)
	del := map[account.Role]int64{}
	for _, role := range account.Roles {
		del[role] = share(ccas, "Ressource à supprimer ("+string(role)+")")
	}
	return func(role account.Role) []string {
		return []string{"{ownres}", itoa(own), "{otherres}", itoa(other), "{delres}", itoa(del[role])}
	}
}

// resourcesBrowserPages lists the library's pages checked in Chromium
// (the demo's resource 1 is the CCAS's PDF sheet).
var resourcesBrowserPages = []browserPage{
	{path: "/espace/ressources?q=adresse+e-mail", role: account.RolePartner, want: "Créer son adresse e-mail, pas à pas"},
	{path: "/espace/ressources/nouvelle", role: account.RoleMediation, want: "Ou le lien de la ressource"},
	{path: "/espace/ressources/1", role: account.RoleReception, want: "Télécharger"},
	{path: "/espace/ressources/1/modifier", role: account.RoleMediation, want: "Remplacer le fichier"},
}

// The library is the territory's: every role that reads it finds the demo
// CCAS's planted resource, and never the outside structure's.
func init() {
	ownRowProbes = append(ownRowProbes,
		struct {
			path string
			perm account.Permission
			want string
		}{"/espace/ressources?q=ourson", account.PermResources, "Ressource " + markerOwn},
		struct {
			path string
			perm account.Permission
			want string
		}{"/api/v1/ressources", account.PermResources, `"titre":"Ressource ` + markerOwn + `"`})
}
