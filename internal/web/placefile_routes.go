package web

import "github.com/parcours-numerique/parcours/internal/account"

// Place files: web import with its report, open-data CSV.

// placeFileMenu holds this capability's staff menu entries.
var placeFileMenu = []menuItem{
	{Label: "Importer des lieux", Href: "/espace/lieux/import", Perm: account.PermImportPlaces},
}

// placeFileRoutes lists this capability's pages.
func (s *Server) placeFileRoutes() []route {
	return []route{
		// Open data: every open place as the schema's CSV.
		{Pattern: "GET /donnees/lieux.csv", Perm: "", Handler: s.openDataPlacesCSV},

		// Import: upload and check, read the report, confirm or abandon.
		{Pattern: "GET /espace/lieux/import", Perm: account.PermImportPlaces, Handler: s.placeImportForm},
		{Pattern: "POST /espace/lieux/import", Perm: account.PermImportPlaces, Handler: s.placeImportUpload},
		{Pattern: "GET /espace/lieux/import/fichiers/{id}", Perm: account.PermImportPlaces, Handler: s.placeImportReport},
		{Pattern: "GET /espace/lieux/import/fichiers/{id}/rapport.json", Perm: account.PermImportPlaces, Handler: s.placeImportReportJSON},
		{Pattern: "POST /espace/lieux/import/fichiers/{id}/confirmation", Perm: account.PermImportPlaces, Handler: s.placeImportConfirm},
		{Pattern: "POST /espace/lieux/import/fichiers/{id}/abandon", Perm: account.PermImportPlaces, Handler: s.placeImportCancel},
	}
}
