package api

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
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
		WriteError(rec, tc.err)
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
		err := Decode(r, &v)
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

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
		s := structure.Structure{Name: "S", Typology: "ASSO", RNA: "W123456789", CommuneCode: "17299"}
		if err := st.CreateStructure(ctx, &s, now); err != nil {
			t.Fatal(err)
		}
		uid, err := st.CreateUser(ctx, account.NewUser{Email: "a@b.fr", Name: "A", StructureID: s.ID, Role: account.RoleMediation}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		secret, hash, prefix := NewToken()
		if !strings.HasPrefix(secret, TokenPrefix) || !strings.HasPrefix(secret, prefix) || hash == secret {
			t.Fatal("tokens: prefixed, stored hashed")
		}
		id, err := st.CreateAPIToken(ctx, uid, s.ID, "Tableur", hash, prefix, now)
		if err != nil {
			t.Fatal(err)
		}
		a, err := TokenActor(ctx, st, "Bearer "+secret, now)
		if err != nil || a == nil || a.User.ID != uid || a.StructureID() != s.ID || a.Role() != account.RoleMediation {
			t.Fatalf("actor %+v err %v", a, err)
		}
		if a, err := TokenActor(ctx, st, "", now); a != nil || err != nil {
			t.Fatal("no header, no actor, no error")
		}
		list, _ := st.APITokens(ctx, uid)
		if len(list) != 1 || list[0].LastUsedAt.IsZero() {
			t.Fatalf("use not recorded: %+v", list)
		}
		if err := st.SetUserActive(ctx, uid, false, now); err != nil {
			t.Fatal(err)
		}
		if _, err := TokenActor(ctx, st, "Bearer "+secret, now); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("deactivated account: %v", err)
		}
		if err := st.SetUserActive(ctx, uid, true, now); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeAPIToken(ctx, uid+1, id, now); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("someone else's token: %v", err)
		}
		if err := st.RevokeAPIToken(ctx, uid, id, now); err != nil {
			t.Fatal(err)
		}
		if _, err := TokenActor(ctx, st, "Bearer "+secret, now); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
	})
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
