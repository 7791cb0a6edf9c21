package web_test

import (
	"net/url"
)

// matrixCase is one staff route, tried by every role on an object of the
// user's own structure and on one of another structure (outside the
// coordinator's territory too).
type matrixCase struct {
	pattern string // the route pattern, exactly as registered
	own     string // path on an own object ({own}, {user} are replaced)
	other   string // path on another structure's object
	form    url.Values
	ok      int  // status when the role may act
	scoped  bool // another structure's object answers 404 (but to the platform admin)
	relogin bool // the request ends the session
}

// The authorization matrix: the foundation's routes here, each capability's
// in its own file; the test fails when a registered staff route is missing.
var matrix = concatMatrix(foundationMatrix, placesearchMatrix, placefileMatrix, placeeditMatrix, receptionMatrix, agendaMatrix, diagnosticMatrix, networkMatrix, passEquipmentMatrix, figuresMatrix, mandatesMatrix, safeMatrix, itinerantMatrix, resourcesMatrix, meetingsMatrix, partnershipsMatrix)

func concatMatrix(parts ...[]matrixCase) []matrixCase {
	var out []matrixCase
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var foundationMatrix = []matrixCase{
	{pattern: "GET /espace", own: "/espace", other: "/espace", ok: 200},
	{pattern: "POST /espace/structure-active", own: "/espace/structure-active", other: "/espace/structure-active", form: url.Values{"structure": {"{own}"}}, ok: 303},
	{pattern: "POST /espace/deconnexion-partout", own: "/espace/deconnexion-partout", other: "/espace/deconnexion-partout", form: url.Values{}, ok: 303, relogin: true},
	{pattern: "GET /espace/structures/{id}", own: "/espace/structures/{own}", other: "/espace/structures/{other}", ok: 200, scoped: true},
	{pattern: "GET /espace/territoire", own: "/espace/territoire", other: "/espace/territoire", ok: 200},
	{pattern: "GET /espace/jetons", own: "/espace/jetons", other: "/espace/jetons", ok: 200},
	{pattern: "POST /espace/jetons", own: "/espace/jetons", other: "/espace/jetons", form: url.Values{"name": {""}}, ok: 422},
	{pattern: "GET /espace/double-authentification", own: "/espace/double-authentification", other: "/espace/double-authentification", ok: 200},
	{pattern: "POST /espace/double-authentification/activation", own: "/espace/double-authentification/activation", other: "/espace/double-authentification/activation", form: url.Values{}, ok: 200},
	{pattern: "POST /espace/double-authentification/confirmation", own: "/espace/double-authentification/confirmation", other: "/espace/double-authentification/confirmation", form: url.Values{"code": {""}}, ok: 422},
	{pattern: "POST /espace/double-authentification/desactivation", own: "/espace/double-authentification/desactivation", other: "/espace/double-authentification/desactivation", form: url.Values{"code": {""}}, ok: 422},
	{pattern: "GET /espace/verification", own: "/espace/verification", other: "/espace/verification", ok: 200},
	{pattern: "POST /espace/verification", own: "/espace/verification", other: "/espace/verification", form: url.Values{"code": {""}}, ok: 422},
	{pattern: "POST /espace/jetons/{id}/revocation", own: "/espace/jetons/999999/revocation", other: "/espace/jetons/{othertoken}/revocation", form: url.Values{}, ok: 404, scoped: true},
	{pattern: "GET /espace/admin/structures", own: "/espace/admin/structures", other: "/espace/admin/structures", ok: 200},
	{pattern: "GET /espace/admin/structures/nouvelle", own: "/espace/admin/structures/nouvelle", other: "/espace/admin/structures/nouvelle", ok: 200},
	{pattern: "POST /espace/admin/structures", own: "/espace/admin/structures", other: "/espace/admin/structures", form: url.Values{"name": {""}}, ok: 422},
	{pattern: "GET /espace/admin/structures/{id}/modifier", own: "/espace/admin/structures/{own}/modifier", other: "/espace/admin/structures/{other}/modifier", ok: 200},
	{pattern: "POST /espace/admin/structures/{id}", own: "/espace/admin/structures/{own}", other: "/espace/admin/structures/{other}", form: url.Values{"name": {""}}, ok: 422},
	{pattern: "GET /espace/admin/territoires", own: "/espace/admin/territoires", other: "/espace/admin/territoires", ok: 200},
	{pattern: "GET /espace/admin/territoires/nouveau", own: "/espace/admin/territoires/nouveau", other: "/espace/admin/territoires/nouveau", ok: 200},
	{pattern: "POST /espace/admin/territoires", own: "/espace/admin/territoires", other: "/espace/admin/territoires", form: url.Values{"name": {""}}, ok: 422},
	{pattern: "GET /espace/admin/territoires/{id}/modifier", own: "/espace/admin/territoires/{territory}/modifier", other: "/espace/admin/territoires/{territory}/modifier", ok: 200},
	{pattern: "POST /espace/admin/territoires/{id}", own: "/espace/admin/territoires/{territory}", other: "/espace/admin/territoires/{territory}", form: url.Values{"name": {""}}, ok: 422},
	{pattern: "GET /espace/admin/comptes", own: "/espace/admin/comptes", other: "/espace/admin/comptes", ok: 200},
	{pattern: "GET /espace/admin/comptes/nouveau", own: "/espace/admin/comptes/nouveau", other: "/espace/admin/comptes/nouveau", ok: 200},
	{pattern: "POST /espace/admin/comptes", own: "/espace/admin/comptes", other: "/espace/admin/comptes", form: url.Values{"email": {""}}, ok: 422},
	{pattern: "GET /espace/admin/comptes/{id}", own: "/espace/admin/comptes/{user}", other: "/espace/admin/comptes/{otheruser}", ok: 200},
	{pattern: "POST /espace/admin/comptes/{id}/roles", own: "/espace/admin/comptes/{user}/roles", other: "/espace/admin/comptes/{otheruser}/roles", form: url.Values{"role": {"nope"}}, ok: 422},
	{pattern: "POST /espace/admin/comptes/{id}/roles/{structure}/retrait", own: "/espace/admin/comptes/{otheruser}/roles/{other}/retrait", other: "/espace/admin/comptes/{otheruser}/roles/{other}/retrait", form: url.Values{}, ok: 422},
	{pattern: "POST /espace/admin/comptes/{id}/roles/{structure}/responsable", own: "/espace/admin/comptes/{otheruser}/roles/{other}/responsable", other: "/espace/admin/comptes/{otheruser}/roles/{other}/responsable", form: url.Values{"responsable": {"0"}}, ok: 303},
	{pattern: "POST /espace/admin/comptes/{id}/double-authentification/desactivation", own: "/espace/admin/comptes/{otheruser}/double-authentification/desactivation", other: "/espace/admin/comptes/{otheruser}/double-authentification/desactivation", form: url.Values{}, ok: 422},
	{pattern: "POST /espace/admin/comptes/{id}/activation", own: "/espace/admin/comptes/{otheruser}/activation", other: "/espace/admin/comptes/{otheruser}/activation", form: url.Values{"active": {"1"}}, ok: 303},
	{pattern: "POST /espace/admin/comptes/{id}/reinitialisation", own: "/espace/admin/comptes/{otheruser}/reinitialisation", other: "/espace/admin/comptes/{otheruser}/reinitialisation", form: url.Values{}, ok: 200},
}
