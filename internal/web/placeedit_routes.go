package web

import "github.com/parcours-numerique/parcours/internal/account"

// Keeping places true: owners edit, error reports and moderation, stale places.

// placeEditMenu holds this capability's staff menu entries.
var placeEditMenu = []menuItem{
	{Label: "Lieux", Href: "/espace/lieux", Perm: account.PermEditPlaces},
	{Label: "Lieux du territoire", Href: "/espace/territoire/lieux", Perm: account.PermReviewTerritoryPlaces},
}
