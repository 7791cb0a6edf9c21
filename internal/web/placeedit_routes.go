package web

import "github.com/parcours-numerique/parcours/internal/account"

// Keeping places true: owners edit, error reports and moderation, stale places.

// placeEditMenu holds this capability's staff menu entries.
var placeEditMenu = []menuItem{
	{Label: "Lieux", Href: "/espace/lieux", Perm: account.PermEditPlaces},
	{Label: "Lieux du territoire", Href: "/espace/territoire/lieux", Perm: account.PermReviewTerritoryPlaces},
}

// placeEditRoutes lists this capability's pages.
func (s *Server) placeEditRoutes() []route {
	return []route{
		// Public: "Signaler une erreur", linked from the place page.
		{Pattern: "GET /lieux/{id}/signaler", Perm: "", Handler: s.reportForm},
		{Pattern: "POST /lieux/{id}/signaler", Perm: "", Handler: s.reportSubmit},
		{Pattern: "GET /lieux/{id}/signaler/merci", Perm: "", Handler: s.reportThanks},

		// A structure's places.
		{Pattern: "GET /espace/lieux", Perm: account.PermEditPlaces, Handler: s.placeList},
		{Pattern: "GET /espace/lieux/nouveau", Perm: account.PermEditPlaces, Handler: s.placeNew},
		{Pattern: "POST /espace/lieux", Perm: account.PermEditPlaces, Handler: s.placeCreate},
		{Pattern: "GET /espace/lieux/{id}/modifier", Perm: account.PermEditPlaces, Handler: s.placeEdit},
		{Pattern: "POST /espace/lieux/{id}", Perm: account.PermEditPlaces, Handler: s.placeUpdate},
		{Pattern: "POST /espace/lieux/{id}/confirmation", Perm: account.PermEditPlaces, Handler: s.placeConfirm},
		{Pattern: "POST /espace/lieux/{id}/fermeture", Perm: account.PermEditPlaces, Handler: s.placeClose},
		{Pattern: "POST /espace/lieux/{id}/reouverture", Perm: account.PermEditPlaces, Handler: s.placeReopen},

		// Error reports: the structure's, and the territory's for a coordinator.
		{Pattern: "GET /espace/signalements", Perm: account.PermEditPlaces, Handler: s.reportQueue},
		{Pattern: "GET /espace/signalements/{id}", Perm: account.PermEditPlaces, Handler: s.reportView},
		{Pattern: "POST /espace/signalements/{id}", Perm: account.PermEditPlaces, Handler: s.reportDecide},

		// The coordinator's view of the territory's places.
		{Pattern: "GET /espace/territoire/lieux", Perm: account.PermReviewTerritoryPlaces, Handler: s.territoryPlaces},
		{Pattern: "POST /espace/territoire/lieux/{id}/attribution", Perm: account.PermReviewTerritoryPlaces, Handler: s.placeAssign},
	}
}
