package web

import (
	"time"

	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Place files: web import with its report, open-data CSV.

// placefileSamples gives this capability's templates their sample data.
var placefileSamples = map[string]any{
	"placefile_import": placeImportFormData{
		MaxSizeMB: placeUploadMaxMB,
		Owners:    []option{{Value: ownerNational, Label: "Données ouvertes", Hint: "Sans propriétaire"}, {Value: ownerStructure, Label: "Lieux de CCAS"}},
		Uploads: []store.PlaceUpload{
			{ID: 3, FileName: "lieux.csv", UserName: "Agnès Agent", Status: store.UploadChecked, CreatedAt: time.Now()},
			{ID: 2, FileName: "national.json", Status: store.UploadImported, CreatedAt: time.Now(), DoneAt: time.Now()},
			{ID: 1, FileName: "ancien.csv", Status: store.UploadCancelled, CreatedAt: time.Now()},
		},
	},
	"placefile_report": func() placeImportReportData {
		rep := &placefile.Report{Total: 4, Imported: 2, Updated: 1,
			Rejected: []placefile.Rejected{{Row: 3, ID: "x-3", Errors: []placefile.FieldError{{Field: "nom", Message: "Le nom du lieu est obligatoire."}, {Field: "code_postal", Message: "Le code postal doit compter 5 chiffres."}}}},
			Warnings: []placefile.Warning{{Row: 0, Message: "Colonnes ignorées : remarque."}, {Row: 1, ID: "x-1", Field: "telephone", Message: "Téléphone inutilisable, mis de côté : « 12 »."}},
		}
		return placeImportReportData{
			Upload:           store.PlaceUpload{ID: 3, FileName: "lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json", Format: "schéma v1, CSV", UserName: "Agnès Agent", Status: store.UploadChecked, CreatedAt: time.Now()},
			Report:           rep,
			Waiting:          true,
			OwnerName:        "CCAS d'Igny",
			RejectionReasons: rep.RejectionReasons(5),
			WarningReasons:   rep.WarningReasons(5),
			Rejected:         rep.Rejected,
			Warnings:         rep.Warnings,
			MoreRejected:     2,
			MoreWarnings:     10,
		}
	}(),
}

// placefilePublic names this capability's templates that visitors see.
var placefilePublic = map[string]bool{}
