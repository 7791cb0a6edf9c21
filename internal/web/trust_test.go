package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/web"
)

// After the login, only a path of this site is followed, however the
// return address is written (browsers drop tabs and newlines, read "\" as
// "/").
func TestLoginReturnsOnlyToThisSite(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	for _, retour := range []string{"/%09/evil.example", "/\t/evil.example", "/%5Cevil.example", "/\\evil.example", "//evil.example", "/%0a/evil.example"} {
		r := s.do(s.client(), "POST", "/connexion", url.Values{"email": {demo.Email(account.RoleReception)}, "password": {demo.Password}, "retour": {retour}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/espace" {
			t.Errorf("retour=%q: %d to %q", retour, r.status, r.header.Get("Location"))
		}
		if page := s.do(s.client(), "GET", "/connexion?retour="+url.QueryEscape(retour), nil); strings.Contains(page.body, "evil.example") {
			t.Errorf("retour=%q is carried by the login form", retour)
		}
	}
	r := s.do(s.client(), "POST", "/connexion", url.Values{"email": {demo.Email(account.RoleReception)}, "password": {demo.Password}, "retour": {"/espace/jetons"}})
	if r.header.Get("Location") != "/espace/jetons" {
		t.Fatalf("a path of the site is followed: %q", r.header.Get("Location"))
	}
}

// "Se déconnecter partout" also ends the API tokens of the account.
func TestLogoutEverywhereEndsAPITokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		token := s.agendaToken(account.RoleMediation)
		if r := s.apiExchange(token, "GET", "/api/v1/personnes", ""); r.status != http.StatusOK {
			t.Fatalf("the token works: %d %s", r.status, r.body)
		}
		if r := s.do(s.login(account.RoleMediation), "POST", "/espace/deconnexion-partout", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("status %d", r.status)
		}
		if r := s.apiExchange(token, "GET", "/api/v1/personnes", ""); r.status != http.StatusUnauthorized {
			t.Fatalf("the token must be revoked: %d", r.status)
		}
	})
}

var secretPattern = regexp.MustCompile(`<code class="parcours-one-time-link">([A-Z2-7]+)</code>`)

// A coordinator without a second factor sets one up before the session
// opens; the administration logs in with its code; a role change after 15
// minutes idle asks the code again.
func TestSecondFactorOverHTTP(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		hash, _ := account.HashPassword(ctx, demo.Password)
		coord, err := st.CreateUser(ctx, account.NewUser{Email: "coord@test.fr", Name: "Coordinatrice", StructureID: s.demo.Structures[demo.CCAS], Role: account.RoleCoordination}, hash, s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		c := s.client()
		r := s.do(c, "POST", "/connexion", url.Values{"email": {"coord@test.fr"}, "password": {demo.Password}, "retour": {"/espace/territoire"}})
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/connexion/activation" {
			t.Fatalf("coordination must set up a second factor: %d %q", r.status, r.header.Get("Location"))
		}
		if r := s.do(c, "GET", "/espace", nil); r.status != http.StatusSeeOther {
			t.Fatalf("no session before the second factor: %d", r.status)
		}
		page := s.do(c, "GET", "/connexion/activation", nil)
		m := secretPattern.FindStringSubmatch(page.body)
		if page.status != 200 || m == nil || !strings.Contains(page.body, "<svg") {
			t.Fatalf("enrolment page: %d\n%.1500s", page.status, page.body)
		}
		if r := s.do(c, "POST", "/connexion/activation", url.Values{"code": {"12"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="code-error"`) {
			t.Fatalf("a wrong code is said next to the field: %d", r.status)
		}
		code, _ := account.FactorCode(m[1], s.clock.Now())
		r = s.do(c, "POST", "/connexion/activation", url.Values{"code": {code}})
		if r.status != 200 || !strings.Contains(r.body, "Vos codes de secours") || !strings.Contains(r.body, `href="/espace/territoire"`) {
			t.Fatalf("recovery codes: %d\n%.1500s", r.status, r.body)
		}
		if r := s.do(c, "GET", "/espace/territoire", nil); r.status != 200 {
			t.Fatalf("the session is open: %d", r.status)
		}
		if u, _ := st.User(ctx, coord); !u.HasFactor() {
			t.Fatal("the factor is on")
		}

		// The demo administrator types the code of its application.
		admin := s.passwordLogin(account.RoleAdmin)
		wrong := s.do(s.client(), "POST", "/connexion", url.Values{"email": {demo.Email(account.RoleAdmin)}, "password": {demo.Password}})
		if wrong.header.Get("Location") != "/connexion/code" {
			t.Fatalf("the code is asked: %q", wrong.header.Get("Location"))
		}

		// Idle for 16 minutes: a role change asks the code again, then goes on.
		s.clock.Advance(16 * time.Minute)
		roles := "/espace/admin/comptes/" + itoa(coord) + "/roles"
		r = s.do(admin, "POST", roles, url.Values{"role": {"nope"}})
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/espace/verification") {
			t.Fatalf("a role change needs a fresh factor: %d %q", r.status, r.header.Get("Location"))
		}
		if r := s.do(admin, "GET", "/espace/verification", nil); r.status != 200 || !strings.Contains(r.body, "Confirmer votre identité") {
			t.Fatalf("verification page: %d", r.status)
		}
		s.clock.Advance(account.FactorPeriod * time.Second)
		code, _ = account.FactorCode(demo.FactorSecret, s.clock.Now())
		back := "/espace/admin/comptes/" + itoa(coord)
		if r := s.do(admin, "POST", "/espace/verification", url.Values{"code": {code}, "retour": {back}}); r.status != http.StatusSeeOther || r.header.Get("Location") != back {
			t.Fatalf("back to the page: %d %q", r.status, r.header.Get("Location"))
		}
		if r := s.do(admin, "POST", roles, url.Values{"role": {"nope"}}); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("with a fresh factor the form is read: %d", r.status)
		}
		// The coordinator lost her telephone: the administrator turns her factor off.
		if page := s.do(admin, "GET", back, nil); !strings.Contains(page.body, "double-authentification/desactivation") {
			t.Fatal("the account page offers to turn the factor off")
		}
		if r := s.do(admin, "POST", back+"/double-authentification/desactivation", url.Values{}); r.status != http.StatusSeeOther || r.header.Get("Location") != back {
			t.Fatalf("turned off: %d %q", r.status, r.header.Get("Location"))
		}
		if u, _ := st.User(ctx, coord); u.HasFactor() {
			t.Fatal("the factor is still on")
		}
	})
}

// Activity keeps a second factor fresh: 8 minutes, a page, 8 minutes more
// (16 since the code) and a role change is not asked the code again. (The
// test clock stays within the sessions' 30 minutes of idleness.)
func TestFreshFactorSlidesWithActivity(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	admin := s.login(account.RoleAdmin)
	roles := "/espace/admin/comptes/" + itoa(s.demo.Users[account.RoleMediation]) + "/roles"
	s.clock.Advance(8 * time.Minute)
	s.do(admin, "GET", "/espace", nil)
	s.clock.Advance(8 * time.Minute)
	if r := s.do(admin, "POST", roles, url.Values{"role": {"nope"}}); r.status != http.StatusUnprocessableEntity {
		t.Fatalf("an active administrator is not asked again: %d", r.status)
	}
}

// X-Forwarded-For is read only from a trusted proxy, from the right: the
// first address that is not a trusted proxy is the client.
func TestClientIP(t *testing.T) {
	proxies, err := web.ParseTrustedProxies("10.0.0.0/8, 127.0.0.1 ,::1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := web.ParseTrustedProxies("10.0.0.0/33"); err == nil {
		t.Fatal("a wrong block is refused")
	}
	for _, c := range []struct {
		peer, xff string
		trusted   []netip.Prefix
		want      string
	}{
		{"203.0.113.5:4000", "6.6.6.6", nil, "203.0.113.5"},
		{"203.0.113.5:4000", "6.6.6.6", proxies, "203.0.113.5"},              // not a proxy: its header is the client's word
		{"127.0.0.1:4000", "198.51.100.7", proxies, "198.51.100.7"},          // one proxy
		{"127.0.0.1:4000", "6.6.6.6, 198.51.100.7", proxies, "198.51.100.7"}, // the left-most was written by the client
		{"127.0.0.1:4000", "6.6.6.6, 198.51.100.7, 10.1.2.3", proxies, "198.51.100.7"},
		{"127.0.0.1:4000", "10.9.9.9, 10.1.2.3", proxies, "10.9.9.9"}, // only proxies: the farthest
		{"127.0.0.1:4000", "", proxies, "127.0.0.1"},
		{"127.0.0.1:4000", "pas une adresse, 198.51.100.7", proxies, "198.51.100.7"},
		{"127.0.0.1:4000", "198.51.100.7, pas une adresse", proxies, "127.0.0.1"},
		{"[::1]:4000", "2001:db8::9", proxies, "2001:db8::9"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := web.ClientIP(r, c.trusted); got != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

// An attacker failing on purpose from the same address cannot keep a
// conseillère out: her browser logged in before and shows its device
// cookie, a browser that never did waits.
func TestDeviceCookieKeepsAWayIn(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	email := demo.Email(account.RoleMediation)
	hers := s.passwordLogin(account.RoleMediation)
	s.do(hers, "POST", "/deconnexion", url.Values{})
	attacker := s.client()
	for range 25 {
		s.do(attacker, "POST", "/connexion", url.Values{"email": {email}, "password": {"devine"}})
	}
	if r := s.do(s.client(), "POST", "/connexion", url.Values{"email": {email}, "password": {demo.Password}}); r.status != http.StatusTooManyRequests {
		t.Fatalf("a browser that never logged in waits: %d", r.status)
	}
	if r := s.do(hers, "POST", "/connexion", url.Values{"email": {email}, "password": {demo.Password}}); r.status != http.StatusSeeOther || r.header.Get("Location") != "/espace" {
		t.Fatalf("her browser keeps a way in: %d %q", r.status, r.header.Get("Location"))
	}
}
