package web_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Keeping places true: owners edit, error reports and moderation, stale places.

// placeeditMatrix lists this capability's staff routes for the authorization
// matrix. Placeholders (placeeditMatrixSetup): {ownplace} is a place of the
// actor's structure, {otherplace} one of the outside structure (outside the
// coordinator's territory too), {ownreport}/{otherreport} open error reports
// about them, {territoryplace} a national place of the demo territory that
// no structure owns. Close comes before reopen, so the places end as they began.
var placeeditMatrix = []matrixCase{
	{pattern: "GET /espace/lieux", own: "/espace/lieux", other: "/espace/lieux", ok: 200},
	{pattern: "GET /espace/lieux/nouveau", own: "/espace/lieux/nouveau", other: "/espace/lieux/nouveau", ok: 200},
	{pattern: "POST /espace/lieux", own: "/espace/lieux", other: "/espace/lieux", form: url.Values{"nom": {""}}, ok: 422},
	{pattern: "GET /espace/lieux/{id}/modifier", own: "/espace/lieux/{ownplace}/modifier", other: "/espace/lieux/{otherplace}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/lieux/{id}", own: "/espace/lieux/{ownplace}", other: "/espace/lieux/{otherplace}", form: url.Values{"nom": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/lieux/{id}/confirmation", own: "/espace/lieux/{ownplace}/confirmation", other: "/espace/lieux/{otherplace}/confirmation", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "POST /espace/lieux/{id}/fermeture", own: "/espace/lieux/{ownplace}/fermeture", other: "/espace/lieux/{otherplace}/fermeture", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "POST /espace/lieux/{id}/reouverture", own: "/espace/lieux/{ownplace}/reouverture", other: "/espace/lieux/{otherplace}/reouverture", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "GET /espace/lieux/{id}/traductions", own: "/espace/lieux/{ownplace}/traductions", other: "/espace/lieux/{otherplace}/traductions", ok: 200, scoped: true},
	{pattern: "POST /espace/lieux/{id}/traductions/{langue}", own: "/espace/lieux/{ownplace}/traductions/en", other: "/espace/lieux/{otherplace}/traductions/en", form: url.Values{"resume": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/lieux/{id}/traductions/{langue}/relecture", own: "/espace/lieux/{ownplace}/traductions/ar/relecture", other: "/espace/lieux/{otherplace}/traductions/ar/relecture", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "GET /espace/lieux/traducteurs", own: "/espace/lieux/traducteurs", other: "/espace/lieux/traducteurs", ok: 200},
	{pattern: "POST /espace/lieux/traducteurs", own: "/espace/lieux/traducteurs", other: "/espace/lieux/traducteurs", form: url.Values{"compte": {"{otheruser}"}, "traducteur": {"oui"}}, ok: 404},
	{pattern: "GET /espace/signalements", own: "/espace/signalements", other: "/espace/signalements?etat=tous", ok: 200},
	{pattern: "GET /espace/signalements/{id}", own: "/espace/signalements/{ownreport}", other: "/espace/signalements/{otherreport}", ok: 200, scoped: true},
	{pattern: "POST /espace/signalements/{id}", own: "/espace/signalements/{ownreport}", other: "/espace/signalements/{otherreport}", form: url.Values{"decision": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/territoire/lieux", own: "/espace/territoire/lieux", other: "/espace/territoire/lieux", ok: 200},
	{pattern: "POST /espace/territoire/lieux/{id}/attribution", own: "/espace/territoire/lieux/{territoryplace}/attribution", other: "/espace/territoire/lieux/{otherplace}/attribution", form: url.Values{"structure": {""}}, ok: 422, scoped: true},
}

// placeeditBrowserPages lists this capability's pages checked in Chromium.
// In a fresh demo database the CCAS's main place is place 1 and its open
// report is report 1; report 2 is about a national place (coordinator only).
var placeeditBrowserPages = []browserPage{
	{path: "/espace/lieux", role: account.RoleMediation, want: "Toujours exact"},
	{path: "/espace/lieux/1/modifier", role: account.RoleMediation, want: "Ce que les habitants liront"},
	{path: "/espace/lieux/nouveau", role: account.RolePartner, want: "Services proposés"},
	{path: "/espace/signalements", role: account.RoleCoordination, want: "Signalements d'erreur"},
	{path: "/espace/signalements/2", role: account.RoleCoordination, want: "Votre décision"},
	{path: "/espace/territoire/lieux", role: account.RoleCoordination, want: "Lieux sans structure"},
	{path: "/espace/lieux/1/traductions", role: account.RoleMediation, want: "Texte original, en français"},
	{path: "/espace/lieux/traducteurs", role: account.RoleMediation, want: "Membres de la structure"},
	// The demo CCAS's main place has its summary in Arabic (to review) and in English (reviewed).
	{path: "/lieux/1", lang: "ar", want: "ترجمة بحاجة إلى مراجعة"},
	{path: "/lieux/1", lang: "en", want: "See the original text"},
	{path: "/lieux/1?original=1", lang: "ar", want: "عرض الترجمة"},
	{path: "/lieux/1/signaler", want: "Qu'est-ce qui n'est pas juste ?"},
	{path: "/lieux/1/signaler/merci", want: "Merci, votre signalement est envoyé"},
}

// placeeditMatrixSetup gives the outside structure a place with an open
// report, files a report on each demo structure's first place, and returns
// the placeholders of a role.
func placeeditMatrixSetup(t *testing.T, s *site, outsideID int64) func(role account.Role) []string {
	t.Helper()
	ctx := context.Background()
	outside := &place.Place{StructureID: outsideID, Source: place.SourceParcours, Pivot: "W759999999", Name: "Lieu hors territoire",
		Commune: "Paris", PostalCode: "75001", InseeCode: "75056", Address: "1 rue de Rivoli", Latitude: 48.86, Longitude: 2.35,
		HasCoords: true, CoordsFrom: place.CoordsFromSource, UpdatedOn: time.Now().UTC().Truncate(24 * time.Hour)}
	outside.Normalize()
	if err := outside.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := placestore.New(s.store).CreatePlace(ctx, outside, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	report := func(placeID int64) int64 {
		r := placereport.Report{PlaceID: placeID, Section: placereport.SectionOther, Correction: "Test de la matrice."}
		if err := placestore.New(s.store).CreatePlaceReport(ctx, &r, "", s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	firstPlace := func(structureID int64) int64 {
		ps, err := placestore.New(s.store).ListPlaces(ctx, placestore.PlaceFilter{StructureID: structureID, Limit: 1})
		if err != nil || len(ps) == 0 {
			t.Fatalf("the demo structure %d has no place: %v", structureID, err)
		}
		return ps[0].ID
	}
	ccasPlace, fsPlace := firstPlace(s.demo.Structures[demo.CCAS]), firstPlace(s.demo.Structures[demo.FranceServices])
	ccasReport, fsReport, otherReport := report(ccasPlace), report(fsPlace), report(outside.ID)
	var territoryPlace int64
	ps, err := placestore.New(s.store).ListPlaces(ctx, placestore.PlaceFilter{InseeCodes: []string{demo.CentreCode}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.StructureID == 0 {
			territoryPlace = p.ID
			break
		}
	}
	if territoryPlace == 0 {
		t.Fatal("the demo has no unowned place in its centre commune")
	}
	return func(role account.Role) []string {
		ownPlace, ownReport := ccasPlace, ccasReport
		if role == account.RolePartner {
			ownPlace, ownReport = fsPlace, fsReport
		}
		return []string{"{ownplace}", itoa(ownPlace), "{otherplace}", itoa(outside.ID), "{ownreport}", itoa(ownReport),
			"{otherreport}", itoa(otherReport), "{territoryplace}", itoa(territoryPlace)}
	}
}
