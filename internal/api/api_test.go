package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

func TestSpecAndRoutesAgree(t *testing.T) {
	a, err := New(Config{}, app.New(nil, app.Config{}), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(a.spec, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi version %v", doc["openapi"])
	}
	rec := httptest.NewRecorder()
	a.openAPI(rec, httptest.NewRequest("GET", Prefix+"/openapi.json", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"getOpenAPI"`) {
		t.Fatalf("spec endpoint: %d", rec.Code)
	}
	for _, rt := range a.Routes() {
		if !strings.Contains(rt.Pattern, " "+Prefix+"/") {
			t.Errorf("route %s is outside %s", rt.Pattern, Prefix)
		}
	}
}

func TestWriteErrorShape(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		code   string
		msg    string
	}{
		{&apperr.Error{Code: apperr.Invalid, Message: "À corriger.", Fields: []apperr.FieldError{{Field: "nom", Message: "Obligatoire."}}}, 422, "invalid", "À corriger."},
		{apperr.NotFoundError(), 404, "not_found", "Page ou élément introuvable."},
		{context.DeadlineExceeded, 500, "internal", apperr.InternalMessage},
	} {
		rec := httptest.NewRecorder()
		apiio.WriteError(rec, tc.err)
		var body struct {
			Error struct {
				Code    string            `json:"code"`
				Message string            `json:"message"`
				Fields  map[string]string `json:"fields"`
			} `json:"error"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatal(err)
		}
		if rec.Code != tc.status || body.Error.Code != tc.code || body.Error.Message != tc.msg {
			t.Errorf("%v: %d %+v", tc.err, rec.Code, body)
		}
		if tc.code == "invalid" && body.Error.Fields["nom"] != "Obligatoire." {
			t.Errorf("fields lost: %+v", body)
		}
	}
}

func TestDecode(t *testing.T) {
	type in struct {
		Name string `json:"nom"`
		Age  int    `json:"age"`
	}
	for _, tc := range []struct {
		body, ctype, want string
	}{
		{`{"nom":"x","age":3}`, "application/json", ""},
		{``, "application/json", "vide"},
		{`{"nom":`, "application/json", "JSON illisible"},
		{`{"age":"trois"}`, "application/json", "« age » doit être de type int"},
		{`{"autre":1}`, "application/json", "Champ inconnu « autre »"},
		{`{"nom":"x"} {"nom":"y"}`, "application/json", "un seul objet"},
		{`nom=x`, "application/x-www-form-urlencoded", "doit être du JSON"},
	} {
		r := httptest.NewRequest("POST", "/", strings.NewReader(tc.body))
		r.Header.Set("Content-Type", tc.ctype)
		var v in
		err := apiio.Decode(r, &v)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.body, err)
			}
			continue
		}
		if !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err), tc.want) {
			t.Errorf("%q: %v, want %q", tc.body, err, tc.want)
		}
	}
}

func TestGuard(t *testing.T) {
	a, err := New(Config{}, app.New(nil, app.Config{}), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	rt := Route{Perm: account.PermManagePlatform, Handler: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }}
	for _, tc := range []struct {
		actor *account.Actor
		want  int
	}{
		{nil, 401},
		{&account.Actor{User: account.User{Active: true}, Membership: account.Membership{Role: account.RoleReception}}, 403},
		{&account.Actor{User: account.User{Active: true}, Membership: account.Membership{Role: account.RoleAdmin}}, 204},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/", nil)
		req = req.WithContext(account.WithActor(req.Context(), tc.actor))
		a.Guard(rt).ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("actor %v: %d, want %d", tc.actor, rec.Code, tc.want)
		}
	}
}
