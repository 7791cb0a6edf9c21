package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Network of the territory's actors: the directory and one's own listing.

// networkMatrix lists this capability's staff routes for the authorization
// matrix. The directory is the actor's territory's, whatever the object;
// the listing form is refused (422) so that no role changes what the next
// role sees.
var networkMatrix = []matrixCase{
	{pattern: "GET /espace/reseau/annuaire", own: "/espace/reseau/annuaire", other: "/espace/reseau/annuaire?q=hors", ok: 200},
	{pattern: "GET /espace/reseau/annuaire.pdf", own: "/espace/reseau/annuaire.pdf", other: "/espace/reseau/annuaire.pdf?q=hors", ok: 200},
	{pattern: "GET /espace/reseau/ma-fiche", own: "/espace/reseau/ma-fiche", other: "/espace/reseau/ma-fiche", ok: 200},
	{pattern: "POST /espace/reseau/ma-fiche", own: "/espace/reseau/ma-fiche", other: "/espace/reseau/ma-fiche", form: url.Values{"figurer": {"oui"}, "telephone": {"pas un numéro"}}, ok: 422},
	{pattern: "GET /espace/reseau/lettre", own: "/espace/reseau/lettre", other: "/espace/reseau/lettre", ok: 200},
	{pattern: "POST /espace/reseau/actualites", own: "/espace/reseau/actualites", other: "/espace/reseau/actualites", form: url.Values{"titre": {""}}, ok: 422},
	{pattern: "POST /espace/reseau/abonnes", own: "/espace/reseau/abonnes", other: "/espace/reseau/abonnes", form: url.Values{"adresses": {"pas-une-adresse"}}, ok: 422},
	{pattern: "POST /espace/reseau/lettres", own: "/espace/reseau/lettres", other: "/espace/reseau/lettres", form: url.Values{}, ok: 303},
	{pattern: "GET /espace/reseau/lettres/{id}", own: "/espace/reseau/lettres/{ownletter}", other: "/espace/reseau/lettres/{otherletter}", ok: 200, scoped: true},
	{pattern: "POST /espace/reseau/lettres/{id}", own: "/espace/reseau/lettres/{ownletter}", other: "/espace/reseau/lettres/{otherletter}", form: url.Values{"introduction": {strings.Repeat("x", 2001)}}, ok: 422, scoped: true},
	// Without the site's public address a letter cannot carry its unsubscribe link: refused (422).
	{pattern: "POST /espace/reseau/lettres/{id}/envoi", own: "/espace/reseau/lettres/{ownletter}/envoi", other: "/espace/reseau/lettres/{otherletter}/envoi", form: url.Values{}, ok: 422, scoped: true},

	// The API: bodies are absent, so writes are refused (422) or, for a
	// letter, refused without the site's public address (409).
	{pattern: "GET /api/v1/reseau/annuaire", own: "/api/v1/reseau/annuaire", other: "/api/v1/reseau/annuaire?q=hors", ok: 200},
	{pattern: "GET /api/v1/reseau/ma-fiche", own: "/api/v1/reseau/ma-fiche", other: "/api/v1/reseau/ma-fiche", ok: 200},
	{pattern: "PUT /api/v1/reseau/ma-fiche", own: "/api/v1/reseau/ma-fiche", other: "/api/v1/reseau/ma-fiche", ok: 422},
	{pattern: "POST /api/v1/reseau/actualites", own: "/api/v1/reseau/actualites", other: "/api/v1/reseau/actualites", ok: 422},
	{pattern: "POST /api/v1/reseau/abonnes", own: "/api/v1/reseau/abonnes", other: "/api/v1/reseau/abonnes", ok: 422},
	{pattern: "POST /api/v1/reseau/lettres", own: "/api/v1/reseau/lettres", other: "/api/v1/reseau/lettres", ok: 201},
	{pattern: "GET /api/v1/reseau/lettres/{id}", own: "/api/v1/reseau/lettres/{ownletter}", other: "/api/v1/reseau/lettres/{otherletter}", ok: 200, scoped: true},
	{pattern: "PUT /api/v1/reseau/lettres/{id}", own: "/api/v1/reseau/lettres/{ownletter}", other: "/api/v1/reseau/lettres/{otherletter}", ok: 422},
	{pattern: "POST /api/v1/reseau/lettres/{id}/envoi", own: "/api/v1/reseau/lettres/{ownletter}/envoi", other: "/api/v1/reseau/lettres/{otherletter}/envoi", ok: 409, scoped: true},
}

// networkMatrixSetup gives the demo territory a draft letter and another
// territory one of its own.
func networkMatrixSetup(t *testing.T, s *site) func(role account.Role) []string {
	t.Helper()
	ctx := context.Background()
	elsewhere := structure.Territory{Name: "Territoire d'ailleurs", CommuneCodes: []string{"33063"}}
	if err := s.store.CreateTerritory(ctx, &elsewhere, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	draft := func(territoryID int64) string {
		is := network.Issue{Title: "Lettre de test", Intro: "Test de la matrice."}
		if err := networkstore.New(s.store).CreateIssue(ctx, scope.OfTerritory(territoryID), &is, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		return itoa(is.ID)
	}
	own, other := draft(s.demo.ID), draft(elsewhere.ID)
	return func(account.Role) []string { return []string{"{ownletter}", own, "{otherletter}", other} }
}

// territoryWide are the pages that show what the territory's structures
// publish: another structure's open place of the same territory is
// expected there, and only that.
var territoryWide = map[string][]string{
	"GET /espace/reseau/annuaire": {"Salle " + markerSibling},
	"GET /api/v1/reseau/annuaire": {`"nom":"Salle ` + markerSibling + `"`},
	// The letter lists the open places of the territory's communes, as the
	// public map does, whoever runs them.
	"POST /api/v1/reseau/lettres": {`"titre":"Salle ` + markerSibling + `"`, `"titre":"Salle ` + markerOutside + `"`},
	// A network meeting may be held at any open place of the territory's
	// communes: its form offers them, whoever runs them.
	"GET /espace/reseau/reunions/nouvelle":      {"Salle " + markerSibling, "Salle " + markerOutside},
	"POST /espace/reseau/reunions":              {"Salle " + markerSibling, "Salle " + markerOutside},
	"GET /espace/reseau/reunions/{id}/modifier": {"Salle " + markerSibling, "Salle " + markerOutside},
	"POST /espace/reseau/reunions/{id}":         {"Salle " + markerSibling, "Salle " + markerOutside},
}

// networkBrowserPages lists this capability's pages checked in Chromium.
var networkBrowserPages = []browserPage{
	{path: "/espace/reseau/annuaire", role: account.RolePartner, want: "Annuaire du réseau"},
	{path: "/espace/reseau/ma-fiche", role: account.RoleReception, want: "J'accepte de figurer dans l'annuaire du réseau"},
	{path: "/espace/reseau/lettre", role: account.RoleCoordination, want: "Publier une actualité"},
	{path: "/lettres", want: "Lettres du réseau"},
}
