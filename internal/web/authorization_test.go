package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
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
var matrix = concatMatrix(foundationMatrix, placesearchMatrix, placefileMatrix, placeeditMatrix, receptionMatrix, agendaMatrix, diagnosticMatrix)

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
	{pattern: "POST /espace/admin/comptes/{id}/activation", own: "/espace/admin/comptes/{otheruser}/activation", other: "/espace/admin/comptes/{otheruser}/activation", form: url.Values{"active": {"1"}}, ok: 303},
	{pattern: "POST /espace/admin/comptes/{id}/reinitialisation", own: "/espace/admin/comptes/{otheruser}/reinitialisation", other: "/espace/admin/comptes/{otheruser}/reinitialisation", form: url.Values{}, ok: 200},
}

// routePerms is what each route needs, from the server's own route table.
func TestAuthorizationMatrix(t *testing.T) {
	st := storetest.SQLite(t)
	s := newSite(t, st)
	ctx := context.Background()

	// Another structure outside the demo territory, with its own account.
	outside := structure.Structure{Name: "Association Hors Territoire", Typology: "ASSO", RNA: "W759999999", CommuneCode: "75056"}
	if err := st.CreateStructure(ctx, &outside, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	otherUser, err := st.CreateUser(ctx, account.NewUser{Email: "autre@hors-territoire.fr", Name: "Autre Personne", StructureID: outside.ID, Role: account.RoleMediation}, "", s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}

	otherToken, err := st.CreateAPIToken(ctx, otherUser, outside.ID, "Jeton d'une autre structure", "hash-autre", "prc_autre", s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	placeeditPlaceholders := placeeditMatrixSetup(t, s, outside.ID)            // places and error reports (placeedit_matrix_test.go)
	placefilePlaceholders := placefileMatrixSetup(t, s, outside.ID)            // uploaded place files (placefile_matrix_test.go)
	receptionPlaceholders := receptionMatrixSetup(t, s, outside.ID, otherUser) // persons, referrals, activities (reception_matrix_test.go)
	agendaPlaceholders := agendaMatrixSetup(t, s, outside.ID, otherUser)       // motives, permanences, appointments, workshops (agenda_matrix_test.go)

	// questionnaires, imports, benchmarks (diagnostic_matrix_test.go)
	diagnosticPlaceholders := diagnosticMatrixSetup(t, s, outside.ID, otherUser)

	perms := map[string]account.Permission{}
	for _, rp := range s.srv.StaffRoutes() {
		perms[rp.Pattern] = rp.Permission
	}
	covered := map[string]bool{}
	for _, c := range matrix {
		if _, ok := perms[c.pattern]; !ok {
			t.Errorf("matrix names %q, which is not a staff route", c.pattern)
		}
		covered[c.pattern] = true
	}
	for p := range perms {
		if !covered[p] {
			t.Errorf("staff route %q is missing from the authorization matrix", p)
		}
	}

	for _, role := range account.Roles {
		role := role
		t.Run(string(role), func(t *testing.T) {
			client := s.login(role)
			own := s.demo.Structures[demo.CCAS]
			if role == account.RolePartner {
				own = s.demo.Structures[demo.FranceServices]
			}
			replace := strings.NewReplacer(append([]string{
				"{own}", itoa(own), "{other}", itoa(outside.ID), "{territory}", itoa(s.demo.ID),
				"{user}", itoa(s.demo.Users[role]), "{otheruser}", itoa(otherUser), "{othertoken}", itoa(otherToken),
			}, append(append(append(append(placeeditPlaceholders(role), placefilePlaceholders(role)...), receptionPlaceholders(role)...), agendaPlaceholders(role)...), diagnosticPlaceholders(role)...)...)...)
			for _, c := range matrix {
				for _, which := range []string{"own", "other"} {
					path := c.own
					if which == "other" {
						path = c.other
					}
					path = replace.Replace(path)
					method, _, _ := strings.Cut(c.pattern, " ")
					var form url.Values
					if c.form != nil {
						form = url.Values{}
						for k, vs := range c.form {
							for _, v := range vs {
								form.Add(k, replace.Replace(v))
							}
						}
						if c.pattern == "POST /espace/structure-active" && which == "other" {
							form.Set("structure", itoa(outside.ID))
						}
					}
					want := c.ok
					switch {
					case !role.Can(perms[c.pattern]):
						want = http.StatusForbidden
					case which == "other" && c.scoped && role != account.RoleAdmin:
						want = http.StatusNotFound
					case which == "other" && c.pattern == "POST /espace/structure-active":
						want = http.StatusNotFound // one acts only through one's own memberships
					}
					r := s.do(client, method, path, form)
					if r.status != want {
						t.Errorf("%s %s %s (%s object): status %d, want %d", role, method, path, which, r.status, want)
					}
					if r.status == http.StatusNotFound && strings.Contains(r.body, outside.Name) {
						t.Errorf("%s %s: the 404 page leaks the other structure's data", role, path)
					}
					if c.relogin {
						client = s.login(role)
					}
				}
			}
		})
	}
}
