package web

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestInternalErrorShowsOnlyAReference(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	s, err := New(Config{}, app.New(storetest.SQLite(t), app.Config{}), slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.serverError(rec, httptest.NewRequest("GET", "/espace", nil), errors.New("pq: relation secrète introuvable"))
	body := rec.Body.String()
	if rec.Code != http.StatusInternalServerError || !strings.Contains(body, "Erreur interne") || strings.Contains(body, "secrète") {
		t.Fatalf("status %d: %s", rec.Code, body)
	}
	ref := strings.TrimSpace(strings.SplitN(strings.SplitN(body, `parcours-reference">`, 2)[1], "<", 2)[0])
	if len(ref) != 9 || !strings.Contains(logs.String(), ref) || !strings.Contains(logs.String(), "secrète") {
		t.Fatalf("the reference %q must be in the logs with the detail: %s", ref, logs.String())
	}

	// A panic in a handler becomes the same page, or the API's JSON error.
	panics := s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boum") }))
	rec = httptest.NewRecorder()
	panics.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusInternalServerError || strings.Contains(rec.Body.String(), "boum") || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("panic: %d %s", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	panics.ServeHTTP(rec, httptest.NewRequest("POST", "/api/v1/personnes", nil))
	if rec.Code != http.StatusInternalServerError || rec.Body.String() != `{"error":{"code":"internal","message":"Erreur interne"}}`+"\n" {
		t.Fatalf("panic under /api: %d %s", rec.Code, rec.Body.String())
	}

	// A session store failure too.
	rec = httptest.NewRecorder()
	s.sessions.ErrorFunc(rec, httptest.NewRequest("GET", "/api/v1/personnes", nil), errors.New("base injoignable"))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"code":"internal"`) {
		t.Fatalf("session failure under /api: %d %s", rec.Code, rec.Body.String())
	}
}

func TestHTTPSDeployment(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	s, err := New(Config{BaseURL: "https://parcours.exemple.fr"}, app.New(st, app.Config{}), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(rec.Header().Get("Strict-Transport-Security"), "max-age=") {
		t.Fatal("HSTS must be sent when the base URL is https")
	}
	if !s.sessions.Cookie.Secure || !s.sessions.Cookie.HttpOnly || s.sessions.Cookie.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie settings %+v", s.sessions.Cookie)
	}

	plain, err := New(Config{BaseURL: "http://localhost:8080"}, app.New(st, app.Config{}), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	rec = httptest.NewRecorder()
	plain.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("Strict-Transport-Security") != "" || plain.sessions.Cookie.Secure {
		t.Fatal("no HSTS and no Secure cookie on plain http")
	}
}

func TestHealthzWhenTheDatabaseIsGone(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	s, err := New(Config{}, app.New(st, app.Config{}), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("healthz with a closed database: %d", rec.Code)
	}
}
