package web_test

import (
	"net/url"

	"github.com/parcours-numerique/parcours/internal/account"
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
}

// territoryWide are the pages that show what the territory's structures
// publish: another structure's open place of the same territory is
// expected there, and only that.
var territoryWide = map[string][]string{
	"GET /espace/reseau/annuaire": {"Salle " + markerSibling},
}

// networkBrowserPages lists this capability's pages checked in Chromium.
var networkBrowserPages = []browserPage{
	{path: "/espace/reseau/annuaire", role: account.RolePartner, want: "Annuaire du réseau"},
	{path: "/espace/reseau/ma-fiche", role: account.RoleReception, want: "J'accepte de figurer dans l'annuaire du réseau"},
}
