package web_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Place files: web import with its report, open-data CSV.

// placefileMatrix lists this capability's staff routes for the authorization
// matrix. Placeholders (placefileMatrixSetup): {ownupload} is a checked file
// of the demo CCAS, {otherupload} one of the outside structure. Confirmation
// and abandon answer 303 again once the file is done (with a message).
var placefileMatrix = []matrixCase{
	{pattern: "GET /espace/lieux/import", own: "/espace/lieux/import", other: "/espace/lieux/import", ok: 200},
	{pattern: "POST /espace/lieux/import", own: "/espace/lieux/import", other: "/espace/lieux/import", form: url.Values{"proprietaire": {"national"}}, ok: 422},
	{pattern: "GET /espace/lieux/import/fichiers/{id}", own: "/espace/lieux/import/fichiers/{ownupload}", other: "/espace/lieux/import/fichiers/{otherupload}", ok: 200, scoped: true},
	{pattern: "GET /espace/lieux/import/fichiers/{id}/rapport.json", own: "/espace/lieux/import/fichiers/{ownupload}/rapport.json", other: "/espace/lieux/import/fichiers/{otherupload}/rapport.json", ok: 200, scoped: true},
	{pattern: "POST /espace/lieux/import/fichiers/{id}/confirmation", own: "/espace/lieux/import/fichiers/{ownupload}/confirmation", other: "/espace/lieux/import/fichiers/{otherupload}/confirmation", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "POST /espace/lieux/import/fichiers/{id}/abandon", own: "/espace/lieux/import/fichiers/{ownupload}/abandon", other: "/espace/lieux/import/fichiers/{otherupload}/abandon", form: url.Values{}, ok: 303, scoped: true},
}

// placefileBrowserPages lists this capability's pages checked in Chromium
// (the report page needs an upload: TestPlaceFilePagesInChromium).
var placefileBrowserPages = []browserPage{
	{path: "/espace/lieux/import", role: account.RoleCoordination, want: "Vérifier le fichier"},
	{path: "/espace/lieux/import", role: account.RoleAdmin, want: "À qui appartiennent ces lieux ?"},
}

// onePlaceCSV is a small valid schema v1 file.
func onePlaceCSV(id, name string) []byte {
	return []byte(placefile.SchemaCSVHeader + "\n" +
		id + ",43493312300029," + name + ",Rochefort,17300,17299,1 rue de la République,,45.9421,-0.9588,ASSO,+33546000000,contact@exemple.fr,https://exemple.fr,Mo-Fr 09:00-12:00,,,Démo,,,2026-01-15,Aide aux démarches administratives,Seniors,,Gratuit,,,,Se présenter,Accompagnement individuel,,\n")
}

// newUpload stores a checked file for a structure, as the upload page does.
func newUpload(t *testing.T, st *store.Store, structureID, userID, owner int64, content []byte) int64 {
	t.Helper()
	rep, err := placefile.Check(content, placefile.Options{StructureID: owner})
	if err != nil {
		t.Fatal(err)
	}
	u := placestore.PlaceUpload{UserID: userID, FileName: "lieux.csv", Format: rep.Format.String(), OwnerStructureID: owner, Report: rep.JSON()}
	if err := placestore.New(st).CreatePlaceUpload(context.Background(), scope.OfStructure(structureID), &u, content, time.Now()); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// placefileMatrixSetup stores a checked file of the demo CCAS and one of the
// outside structure, and returns the placeholders of a role.
func placefileMatrixSetup(t *testing.T, s *site, outsideID int64) func(role account.Role) []string {
	t.Helper()
	own := newUpload(t, s.store, s.demo.Structures[demo.CCAS], s.demo.Users[account.RoleCoordination], 0, onePlaceCSV("matrice-1", "Lieu de la matrice"))
	other := newUpload(t, s.store, outsideID, 0, outsideID, onePlaceCSV("matrice-2", "Lieu hors territoire importé"))
	return func(account.Role) []string {
		return []string{"{ownupload}", itoa(own), "{otherupload}", itoa(other)}
	}
}
