package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/training"
)

// Training record and mandates.

// mandatesMatrix lists these capabilities' staff routes for the
// authorization matrix. Placeholders (mandatesMatrixSetup): {owncourse} is a
// course of the demo territory's coordination, {othercourse} one of the
// outside structure. Bodies are missing (422), so that no role changes what
// the next one sees.
var mandatesMatrix = []matrixCase{
	{pattern: "GET /espace/formations", own: "/espace/formations", other: "/espace/formations", ok: 200},
	{pattern: "POST /espace/formations", own: "/espace/formations", other: "/espace/formations", form: url.Values{"intitule": {""}}, ok: 422},
	{pattern: "GET /espace/formations/{id}", own: "/espace/formations/{owncourse}", other: "/espace/formations/{othercourse}", ok: 200, scoped: true},
	{pattern: "POST /espace/formations/{id}/participants", own: "/espace/formations/{owncourse}/participants", other: "/espace/formations/{othercourse}/participants", form: url.Values{"professionnel": {""}}, ok: 422, scoped: true},
	{pattern: "GET /api/v1/formations", own: "/api/v1/formations", other: "/api/v1/formations", ok: 200},
	{pattern: "GET /api/v1/formations/{id}", own: "/api/v1/formations/{owncourse}", other: "/api/v1/formations/{othercourse}", ok: 200, scoped: true},
}

// mandatesMatrixSetup records a course in the demo coordination's
// structure and one in the outside structure.
func mandatesMatrixSetup(t *testing.T, s *site, outside int64) func(account.Role) []string {
	t.Helper()
	ms := mandatestore.New(s.store)
	course := func(structureID int64, title string) int64 {
		c := training.Course{Title: title, Kind: training.Aidant, Minutes: 420}
		if err := ms.CreateCourse(context.Background(), scope.OfStructure(structureID), &c, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	own := course(s.demo.Structures[demo.CCAS], "Formation "+markerOwn)
	other := course(outside, "Formation "+markerOutside)
	return func(account.Role) []string {
		return []string{"{owncourse}", itoa(own), "{othercourse}", itoa(other)}
	}
}
