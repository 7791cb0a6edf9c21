package web_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web"
)

// site is a real server on a real SQLite database holding the demo territory.
type site struct {
	t      testing.TB
	srv    *web.Server
	http   *httptest.Server
	store  *store.Store
	demo   *demo.Territory
	clock  *clock
	logBuf *lockedBuffer
	safe   safesvc.Config // the document safe's key and folder, as the server has them
}

type clock = frtimetest.Clock

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func newSite(t testing.TB, st *store.Store) *site {
	t.Helper()
	return newSiteWith(t, st, app.Config{})
}

// newSiteWith is newSite with the application's settings (its clock is the site's).
func newSiteWith(t testing.TB, st *store.Store, cfg app.Config) *site {
	t.Helper()
	ctx := context.Background()
	clk := frtimetest.NewClock(time.Now().UTC())
	cfg.Now = clk.Now
	if !cfg.Safe.Key.Valid() {
		cfg.Safe.Key, _ = docsafe.NewTerritoryKey()
		cfg.Safe.Dir = t.TempDir()
	}
	d, err := demo.Load(ctx, st, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	srv, err := web.New(web.Config{TerritoryName: demo.TerritoryName, Demo: true, Now: clk.Now, Operator: "le CCAS de test", ContactEmail: "contact@test.fr"}, app.New(st, cfg), slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &site{t: t, srv: srv, http: hs, store: st, demo: d, clock: clk, logBuf: logs, safe: cfg.Safe}
}

// client is a browser-like HTTP client with its own cookies that does not
// follow redirects, so tests see every 303.
func (s *site) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type response struct {
	status int
	body   string
	header http.Header
}

func (s *site) do(c *http.Client, method, path string, form url.Values) response {
	s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.http.URL+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	// Bodies are compared as text: "n&#39;est" reads "n'est".
	return response{status: res.StatusCode, body: html.UnescapeString(string(b)), header: res.Header}
}

// login signs in a demo account and returns its client. The session is
// opened as a successful login opens it; the password login itself is
// tested by passwordLogin (TestLogin and the other login tests).
func (s *site) login(role account.Role) *http.Client {
	s.t.Helper()
	return s.loginUser(s.demo.Users[role])
}

// loginUser opens a session for any user.
func (s *site) loginUser(userID int64) *http.Client {
	s.t.Helper()
	c := s.client()
	cookie, err := s.srv.SessionCookie(userID)
	if err != nil || cookie == nil {
		s.t.Fatalf("session for user %d: %v", userID, err)
	}
	u, _ := url.Parse(s.http.URL)
	c.Jar.SetCookies(u, []*http.Cookie{cookie})
	return c
}

// passwordLogin signs in through the login form, as a person does.
func (s *site) passwordLogin(role account.Role) *http.Client {
	s.t.Helper()
	c := s.client()
	r := s.do(c, "POST", "/connexion", url.Values{"email": {demo.Email(role)}, "password": {demo.Password}})
	if r.status == http.StatusSeeOther && r.header.Get("Location") == "/connexion/code" {
		// Administration and coordination type the code of their application
		// (a code works once: the next login waits for the next one).
		s.clock.Advance(account.FactorPeriod * time.Second)
		code, err := account.FactorCode(demo.FactorSecret, s.clock.Now())
		if err != nil {
			s.t.Fatal(err)
		}
		r = s.do(c, "POST", "/connexion/code", url.Values{"code": {code}})
	}
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/espace" {
		s.t.Fatalf("login %s: status %d, location %q\n%s", role, r.status, r.header.Get("Location"), r.body)
	}
	return c
}

// apiExchange calls the JSON API with a bearer token (none when empty) and
// headers, and checks the request and its answer against the OpenAPI
// document: every API test goes through it, so the document cannot drift
// from the code.
func (s *site) apiExchange(token, method, path, body string, headers ...http.Header) response {
	s.t.Helper()
	req, err := http.NewRequest(method, s.http.URL+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	for _, h := range headers {
		for k, vs := range h {
			req.Header[k] = vs
		}
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	check, _ := http.NewRequest(method, path, strings.NewReader(body))
	check.Header = req.Header.Clone()
	if err := s.srv.API().CheckExchange(check, []byte(body), res.StatusCode, res.Header, b); err != nil {
		s.t.Errorf("OpenAPI document and answer disagree: %v\n%.400s", err, b)
	}
	return response{status: res.StatusCode, body: string(b), header: res.Header}
}
