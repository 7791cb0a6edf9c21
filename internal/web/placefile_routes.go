package web

import "github.com/parcours-numerique/parcours/internal/account"

// Place files (issue 3 §3): web import with its report, open-data CSV.

// placeFileMenu holds this capability's staff menu entries.
var placeFileMenu = []menuItem{
	{"Importer des lieux", "/espace/lieux/import", account.PermImportPlaces},
}

// placeFileRoutes lists this capability's pages.
func (s *Server) placeFileRoutes() []route {
	return []route{
		// Open data: every open place as the schema's CSV.
		{"GET /donnees/lieux.csv", "", s.openDataPlacesCSV},

		// Import: upload and check, read the report, confirm or abandon.
		{"GET /espace/lieux/import", account.PermImportPlaces, s.placeImportForm},
		{"POST /espace/lieux/import", account.PermImportPlaces, s.placeImportUpload},
		{"GET /espace/lieux/import/fichiers/{id}", account.PermImportPlaces, s.placeImportReport},
		{"GET /espace/lieux/import/fichiers/{id}/rapport.json", account.PermImportPlaces, s.placeImportReportJSON},
		{"POST /espace/lieux/import/fichiers/{id}/confirmation", account.PermImportPlaces, s.placeImportConfirm},
		{"POST /espace/lieux/import/fichiers/{id}/abandon", account.PermImportPlaces, s.placeImportCancel},
	}
}
