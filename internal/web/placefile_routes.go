package web

import "github.com/parcours-numerique/parcours/internal/account"

// Place files: web import with its report, open-data CSV.

// placeFileMenu holds this capability's staff menu entries.
var placeFileMenu = []menuItem{
	{Label: "Importer des lieux", Href: "/espace/lieux/import", Perm: account.PermImportPlaces},
}
