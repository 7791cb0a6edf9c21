package web

import "github.com/parcours-numerique/parcours/internal/account"

// Keeping places true (issue 3 §5): owners edit, error reports and moderation, stale places.

// placeEditMenu holds this capability's staff menu entries.
var placeEditMenu = []menuItem{
	{"Lieux", "/espace/lieux", account.PermEditPlaces},
	{"Lieux du territoire", "/espace/territoire/lieux", account.PermReviewTerritoryPlaces},
}

// placeEditRoutes lists this capability's pages.
func (s *Server) placeEditRoutes() []route {
	return []route{
		// Public: "Signaler une erreur", linked from the place page.
		{"GET /lieux/{id}/signaler", "", s.reportForm},
		{"POST /lieux/{id}/signaler", "", s.reportSubmit},
		{"GET /lieux/{id}/signaler/merci", "", s.reportThanks},

		// A structure's places.
		{"GET /espace/lieux", account.PermEditPlaces, s.placeList},
		{"GET /espace/lieux/nouveau", account.PermEditPlaces, s.placeNew},
		{"POST /espace/lieux", account.PermEditPlaces, s.placeCreate},
		{"GET /espace/lieux/{id}/modifier", account.PermEditPlaces, s.placeEdit},
		{"POST /espace/lieux/{id}", account.PermEditPlaces, s.placeUpdate},
		{"POST /espace/lieux/{id}/confirmation", account.PermEditPlaces, s.placeConfirm},
		{"POST /espace/lieux/{id}/fermeture", account.PermEditPlaces, s.placeClose},
		{"POST /espace/lieux/{id}/reouverture", account.PermEditPlaces, s.placeReopen},

		// Error reports: the structure's, and the territory's for a coordinator.
		{"GET /espace/signalements", account.PermEditPlaces, s.reportQueue},
		{"GET /espace/signalements/{id}", account.PermEditPlaces, s.reportView},
		{"POST /espace/signalements/{id}", account.PermEditPlaces, s.reportDecide},

		// The coordinator's view of the territory's places.
		{"GET /espace/territoire/lieux", account.PermReviewTerritoryPlaces, s.territoryPlaces},
		{"POST /espace/territoire/lieux/{id}/attribution", account.PermReviewTerritoryPlaces, s.placeAssign},
	}
}
