package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// Every error under /api is the API's JSON error, documented in the OpenAPI
// document (apiExchange checks each answer against it), never a page.
func TestAPIErrorsAreJSON(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	reception := s.token(account.RoleReception, s.demo.Structures[demo.CCAS])
	partner := s.token(account.RolePartner, s.demo.Structures[demo.FranceServices])
	person := `{"suivi":"suivie","prenom":"Éloïse","nom":"Bérénger","annee_naissance":1960,"genre":"feminin","commune_insee":"17299","statut":"retraite","consentements":["suivi"]}`
	crossSite := http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
	for _, tc := range []struct {
		name                string
		token, method, path string
		body                string
		header              http.Header
		status              int
		code                string
		allow               string
	}{
		{"NoToken", "", "GET", "/api/v1/personnes", "", nil, 401, "unauthorized", ""},
		{"UnknownToken", "prc_faux", "GET", "/api/v1/personnes", "", nil, 401, "unauthorized", ""},
		{"RoleWithoutThePermission", partner, "GET", "/api/v1/personnes", "", nil, 403, "forbidden", ""},
		{"CrossOriginRequest", reception, "POST", "/api/v1/personnes", person, crossSite, 403, "forbidden", ""},
		{"UnknownPath", reception, "GET", "/api/v1/nulle-part", "", nil, 404, "not_found", ""},
		{"UnknownPathOutsideTheVersion", "", "GET", "/api/autre", "", nil, 404, "not_found", ""},
		{"UnknownObject", reception, "GET", "/api/v1/personnes/999999", "", nil, 404, "not_found", ""},
		{"WrongMethod", reception, "DELETE", "/api/v1/personnes", "", nil, 405, "method_not_allowed", "GET, HEAD, POST"},
		{"WrongMethodOnAnObject", reception, "PUT", "/api/v1/personnes/1", "{}", nil, 405, "method_not_allowed", "GET, HEAD, DELETE"},
		{"Create", reception, "POST", "/api/v1/personnes", person, nil, 201, "", ""},
		{"Conflict", reception, "POST", "/api/v1/personnes", person, nil, 409, "conflict", ""},
		{"Invalid", reception, "POST", "/api/v1/personnes", `{"Prenom":"Léa"}`, nil, 422, "invalid", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.apiExchange(tc.token, tc.method, tc.path, tc.body, tc.header)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.code == "" {
				return
			}
			var e struct {
				Error struct {
					Code    string `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			if err := json.Unmarshal([]byte(r.body), &e); err != nil || e.Error.Code != tc.code || e.Error.Message == "" || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
				t.Fatalf("not the API's JSON error %q: %s %s", tc.code, r.header.Get("Content-Type"), r.body)
			}
			if got := r.header.Get("Allow"); got != tc.allow {
				t.Fatalf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}
