package web_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
)

// Itinerant services.

// itinerantMatrix lists the itinerant services' staff routes for the
// authorization matrix. Placeholders (itinerantMatrixSetup): {ownbus} and
// {ownstop} are the demo CCAS's service and stop, {otherbus} and {otherstop}
// the outside structure's. Bodies are missing (422), so that no role
// changes what the next one sees.
var itinerantMatrix = []matrixCase{
	{pattern: "GET /espace/itinerance", own: "/espace/itinerance", other: "/espace/itinerance", ok: 200},
	{pattern: "GET /espace/itinerance/nouveau", own: "/espace/itinerance/nouveau", other: "/espace/itinerance/nouveau", ok: 200},
	{pattern: "POST /espace/itinerance", own: "/espace/itinerance", other: "/espace/itinerance", form: url.Values{"nom": {""}}, ok: 422},
	{pattern: "GET /espace/itinerance/{id}", own: "/espace/itinerance/{ownbus}", other: "/espace/itinerance/{otherbus}", ok: 200, scoped: true},
	{pattern: "POST /espace/itinerance/{id}", own: "/espace/itinerance/{ownbus}", other: "/espace/itinerance/{otherbus}", form: url.Values{"nom": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/itinerance/{id}/arrets/nouveau", own: "/espace/itinerance/{ownbus}/arrets/nouveau", other: "/espace/itinerance/{otherbus}/arrets/nouveau", ok: 200, scoped: true},
	{pattern: "POST /espace/itinerance/{id}/arrets", own: "/espace/itinerance/{ownbus}/arrets", other: "/espace/itinerance/{otherbus}/arrets", form: url.Values{"debut": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/itinerance/{id}/arrets/{stop}", own: "/espace/itinerance/{ownbus}/arrets/{ownstop}", other: "/espace/itinerance/{otherbus}/arrets/{otherstop}", ok: 200, scoped: true},
	{pattern: "POST /espace/itinerance/{id}/arrets/{stop}", own: "/espace/itinerance/{ownbus}/arrets/{ownstop}", other: "/espace/itinerance/{otherbus}/arrets/{otherstop}", form: url.Values{"debut": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/itinerance/{id}/arrets/{stop}/annulations", own: "/espace/itinerance/{ownbus}/arrets/{ownstop}/annulations", other: "/espace/itinerance/{otherbus}/arrets/{otherstop}/annulations", form: url.Values{"date": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/itinerance/{id}/arrets/{stop}/suppression", own: "/espace/itinerance/{otherbus}/arrets/{ownstop}/suppression", other: "/espace/itinerance/{otherbus}/arrets/{otherstop}/suppression", form: url.Values{}, ok: 404, scoped: true},

	{pattern: "GET /api/v1/itinerance", own: "/api/v1/itinerance", other: "/api/v1/itinerance", ok: 200},
	{pattern: "POST /api/v1/itinerance", own: "/api/v1/itinerance", other: "/api/v1/itinerance", ok: 422},
	{pattern: "GET /api/v1/itinerance/{id}", own: "/api/v1/itinerance/{ownbus}", other: "/api/v1/itinerance/{otherbus}", ok: 200, scoped: true},
	{pattern: "POST /api/v1/itinerance/{id}/arrets", own: "/api/v1/itinerance/{ownbus}/arrets", other: "/api/v1/itinerance/{otherbus}/arrets", ok: 422, scoped: true},
	{pattern: "POST /api/v1/itinerance/{id}/arrets/{stop}/annulations", own: "/api/v1/itinerance/{ownbus}/arrets/{ownstop}/annulations", other: "/api/v1/itinerance/{otherbus}/arrets/{otherstop}/annulations", ok: 422, scoped: true},
}

// itinerantMatrixSetup records a service with one stop in the demo CCAS
// and in the outside structure.
func itinerantMatrixSetup(t *testing.T, s *site, outside int64) func(account.Role) []string {
	t.Helper()
	st := itinerantstore.New(s.store)
	bus := func(structureID int64, tag string) (int64, int64) {
		ctx, sc, now := context.Background(), scope.OfStructure(structureID), s.clock.Now()
		v := itinerant.Service{Name: "Bus " + tag}
		if err := st.CreateService(ctx, sc, &v, now); err != nil {
			t.Fatal(err)
		}
		stop := itinerant.Stop{ServiceID: v.ID, Address: "Place " + tag, InseeCode: "17299", Weekday: time.Tuesday, Start: 840, End: 1020,
			Recurrence: itinerant.Weekly, From: now.Format(itinerant.DateLayout), SkipHolidays: true}
		if err := st.CreateStop(ctx, sc, &stop, now); err != nil {
			t.Fatal(err)
		}
		return v.ID, stop.ID
	}
	ownBus, ownStop := bus(s.demo.Structures[demo.CCAS], markerOwn)
	otherBus, otherStop := bus(outside, markerOutside)
	return func(account.Role) []string {
		return []string{"{ownbus}", itoa(ownBus), "{ownstop}", itoa(ownStop), "{otherbus}", itoa(otherBus), "{otherstop}", itoa(otherStop)}
	}
}
