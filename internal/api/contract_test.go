package api

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

// TestRequestsAreCheckedAgainstTheDocument sends requests the document
// refuses and expects the API's error naming each field at fault.
func TestRequestsAreCheckedAgainstTheDocument(t *testing.T) {
	a, err := New(Config{}, app.New(nil, app.Config{}), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, op, method, target, body string
		fields                         []string
	}{
		{"UnknownField", "createPerson", "POST", "/api/v1/personnes", `{"suivi":"anonyme","inconnu":1}`, []string{"inconnu"}},
		{"CaseVariant", "createEvaluation", "POST", "/api/v1/evaluations", `{"personne_id":1,"Echeance":"2026-01-01","reponses":[true,true,true,true,true,true,true,true]}`, []string{"Echeance"}},
		{"WrongType", "createPerson", "POST", "/api/v1/personnes", `{"suivi":"anonyme","genre":3}`, []string{"genre"}},
		{"OutsideEnumeration", "createPerson", "POST", "/api/v1/personnes", `{"suivi":"peut-etre"}`, []string{"suivi"}},
		{"QueryParameter", "listPersons", "GET", "/api/v1/personnes?limite=5000", ``, []string{"limite"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			err := a.contract.ValidateRequest(r, tc.op)
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid {
				t.Fatalf("want an Invalid error, got %v", err)
			}
			got := e.FieldMap()
			for _, f := range tc.fields {
				if got[f] == "" {
					t.Errorf("no message for %s: %v", f, got)
				}
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		r := httptest.NewRequest("POST", "/api/v1/personnes", strings.NewReader(`{"suivi":"anonyme","genre":"feminin"}`))
		r.Header.Set("Content-Type", "application/json")
		if err := a.contract.ValidateRequest(r, "createPerson"); err != nil {
			t.Fatalf("a valid request is refused: %v", err)
		}
	})
}
