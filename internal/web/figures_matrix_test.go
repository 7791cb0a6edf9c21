package web_test

import (
	"net/url"

	"github.com/parcours-numerique/parcours/internal/account"
)

// figuresBrowserPages are the figures' pages checked in Chromium.
var figuresBrowserPages = []browserPage{
	{path: "/espace/tableau-de-bord", role: account.RoleMediation, want: "Séances par thématique"},
	{path: "/espace/tableau-de-bord", role: account.RoleCoordination, want: "Tableau de bord du territoire"},
	{path: "/espace/activites", role: account.RoleCoordination, want: "Accompagnements du territoire"},
	{path: "/espace/activites/import", role: account.RoleMediation, want: "Importer un export de La Coop"},
	{path: "/statistiques", want: "Statistiques de la médiation numérique"},
	{path: "/espace/coordination/activites", role: account.RoleCoordination, want: "Activités de coordination"},
	{path: "/espace/ateliers/seances?du=2020-01-01&au=2030-12-31", role: account.RoleMediation, want: "Voir les ateliers"},
	{path: "/espace/evaluations?du=2020-01-01&au=2030-12-31", role: account.RoleMediation, want: "Évolution"},
	{path: "/espace/orientations?boite=envoyees&etat=validee&du=2020-01-01&au=2030-12-31", role: account.RoleMediation, want: "Voir toutes les orientations"},
	{path: "/espace/tableau-de-bord/orientations?de=1&vers=2&du=2020-01-01&au=2030-12-31", role: account.RoleCoordination, want: "sans le nom des personnes"},
}

// figuresMatrix are the figures' staff routes in the authorization table.
var figuresMatrix = []matrixCase{
	{pattern: "GET /espace/tableau-de-bord", own: "/espace/tableau-de-bord", other: "/espace/tableau-de-bord?structure={other}", ok: 200},
	{pattern: "GET /espace/bilans/bilan.pdf", own: "/espace/bilans/bilan.pdf", other: "/espace/bilans/bilan.pdf?structure={other}", ok: 200},
	{pattern: "GET /api/v1/statistiques", own: "/api/v1/statistiques", other: "/api/v1/statistiques?structure={other}", ok: 200},
	{pattern: "GET /api/v1/bilans", own: "/api/v1/bilans?periode=annee&fin=2026-06-30", other: "/api/v1/bilans?structure={other}", ok: 200},
	{pattern: "GET /api/v1/activites/export", own: "/api/v1/activites/export", other: "/api/v1/activites/export", ok: 200},
	// A coordinator's own activities are its structure's: no other structure's to reach.
	{pattern: "GET /espace/coordination/activites", own: "/espace/coordination/activites", other: "/espace/coordination/activites", ok: 200},
	{pattern: "POST /espace/coordination/activites", own: "/espace/coordination/activites", other: "/espace/coordination/activites", form: url.Values{"type": {"animation"}}, ok: 422},
	{pattern: "GET /api/v1/activites-coordination", own: "/api/v1/activites-coordination", other: "/api/v1/activites-coordination", ok: 200},
	{pattern: "POST /api/v1/activites-coordination", own: "/api/v1/activites-coordination", other: "/api/v1/activites-coordination", ok: 422},
	{pattern: "GET /api/v1/bilans/bilan.pdf", own: "/api/v1/bilans/bilan.pdf", other: "/api/v1/bilans/bilan.pdf?structure={other}", ok: 200},
	{pattern: "GET /api/v1/bilans/bilan.xlsx", own: "/api/v1/bilans/bilan.xlsx?periode=annee&fin=2026-06-30", other: "/api/v1/bilans/bilan.xlsx?structure={other}", ok: 200},
	// The territory's orientations between two partners, without names: coordination only.
	{pattern: "GET /espace/tableau-de-bord/orientations", own: "/espace/tableau-de-bord/orientations?de={own}&vers=0",
		other: "/espace/tableau-de-bord/orientations?de={other}&vers={own}&structure={other}", ok: 200},
	{pattern: "GET /espace/evaluations", own: "/espace/evaluations", other: "/espace/evaluations?evolution=progres", ok: 200},
	{pattern: "GET /espace/ateliers/seances", own: "/espace/ateliers/seances", other: "/espace/ateliers/seances?remplissage=complet", ok: 200},
	{pattern: "GET /espace/bilans/bilan.xlsx", own: "/espace/bilans/bilan.xlsx?periode=annee&fin=2026-06-30", other: "/espace/bilans/bilan.xlsx?structure={other}", ok: 200},
}
