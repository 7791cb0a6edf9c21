package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestSafeOnASharedPhone: the code page warns, in plain French, about a
// shared phone and offers a box; ticked, the safe closes after a few
// minutes without a request (each request keeps it open), says so on the
// next visit, and « Fermer mon coffre » drops the whole session; the
// session cookie is never kept after the browser closes. Unticked, the
// usual half hour holds.
func TestSafeOnASharedPhone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		tok := s.token(account.RoleMediation, s.demo.Structures[demo.CCAS])
		enter := func(phone string, shared bool) (*http.Client, response) {
			t.Helper()
			c := s.client()
			if r := s.do(c, "POST", "/coffre", url.Values{"telephone": {phone}}); r.status != 303 {
				t.Fatalf("code asked: %d", r.status)
			}
			var body string
			if err := st.Reader().QueryRowContext(context.Background(), "SELECT body FROM notifications WHERE kind = 'code_coffre' AND recipient = $1 ORDER BY id DESC LIMIT 1", phone).Scan(&body); err != nil {
				t.Fatal(err)
			}
			form := url.Values{"telephone": {phone}, "code": {regexp.MustCompile(`\d{6}`).FindString(body)}}
			if shared {
				form.Set("partage", "oui")
			}
			r := s.do(c, "POST", "/coffre/code", form)
			if r.status != 303 || r.header.Get("Location") != "/coffre/documents" {
				t.Fatalf("code: %d %s", r.status, r.body)
			}
			return c, r
		}
		for _, p := range []struct{ first, phone string }{{"Nadia", "+33612345671"}, {"Omar", "+33612345672"}} {
			id := safePerson(t, s, p.first, p.phone)
			if r := s.api(tok, "POST", "/api/v1/personnes/"+itoa(id)+"/coffre", `{"accord":true}`); r.status != 201 {
				t.Fatalf("open: %d %s", r.status, r.body)
			}
		}

		c := s.client()
		s.do(c, "POST", "/coffre", url.Values{"telephone": {"+33612345671"}})
		page := s.do(c, "GET", "/coffre/code", nil)
		for _, want := range []string{"Ce téléphone est partagé ?", "le téléphone de votre famille, ou d'une association", "Votre coffre se ferme tout seul après 5 minutes sans rien faire.",
			`<input class="govuk-checkboxes__input" id="partage" name="partage" type="checkbox" value="oui" aria-describedby="partage-attention">`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("the code page lacks %s", want)
			}
		}

		phone, r := enter("+33612345671", true)
		for _, ck := range r.header.Values("Set-Cookie") {
			if strings.HasPrefix(ck, "parcours_session=") && (strings.Contains(ck, "Expires=") || strings.Contains(ck, "Max-Age=")) {
				t.Errorf("the session outlives the browser: %s", ck)
			}
		}
		list := s.do(phone, "GET", "/coffre/documents", nil)
		if list.status != 200 || !strings.Contains(list.body, "Ce téléphone est partagé. Votre coffre se ferme tout seul après 5 minutes sans rien faire.") ||
			strings.Count(list.body, `action="/coffre/sortie"`) != 2 || !strings.Contains(list.body, ">Fermer mon coffre</button>") {
			t.Fatalf("documents on a shared phone: %d\n%s", list.status, list.body)
		}
		// Each request keeps it open: 8 minutes in, 4 since the last one.
		for range 2 {
			s.clock.Advance(4 * time.Minute)
			if r := s.do(phone, "GET", "/coffre/documents", nil); r.status != 200 {
				t.Fatalf("a request within %v: %d", safesvc.SharedIdle, r.status)
			}
		}
		s.clock.Advance(safesvc.SharedIdle)
		if r := s.do(phone, "GET", "/coffre/documents", nil); r.status != 303 || r.header.Get("Location") != "/coffre" {
			t.Fatalf("after %v idle: %d", safesvc.SharedIdle, r.status)
		}
		if r := s.do(phone, "GET", "/coffre", nil); !strings.Contains(r.body, "Votre coffre s'est fermé tout seul : personne ne s'en est servi pendant 5 minutes.") {
			t.Fatalf("the closed safe does not say why:\n%s", r.body)
		}
		if r := s.do(phone, "GET", "/coffre", nil); strings.Contains(r.body, "fermé tout seul") {
			t.Fatal("the notice shows again: the access is still in the session")
		}

		// « Fermer mon coffre » drops the whole session.
		phone, _ = enter("+33612345671", true)
		before := phone.Jar.Cookies(mustURL(t, s.http.URL))
		if r := s.do(phone, "POST", "/coffre/sortie", url.Values{}); r.status != 303 || r.header.Get("Location") != "/coffre?ferme=oui" {
			t.Fatalf("close: %d %s", r.status, r.header.Get("Location"))
		}
		if after := phone.Jar.Cookies(mustURL(t, s.http.URL)); len(before) == 0 || len(after) == 1 && after[0].Value == before[0].Value {
			t.Error("closing the safe on a shared phone keeps the session")
		}
		if r := s.do(phone, "GET", "/coffre?ferme=oui", nil); !strings.Contains(r.body, "Votre coffre est fermé.") {
			t.Error("closing says nothing")
		}
		if r := s.do(phone, "GET", "/coffre/documents", nil); r.status != 303 {
			t.Fatalf("documents after closing: %d", r.status)
		}

		// One's own phone: the box unticked, the usual time holds.
		own, _ := enter("+33612345672", false)
		s.clock.Advance(safesvc.SharedIdle + time.Minute)
		if r := s.do(own, "GET", "/coffre/documents", nil); r.status != 200 || strings.Contains(r.body, "Ce téléphone est partagé.") {
			t.Fatalf("one's own phone after %v: %d", safesvc.SharedIdle+time.Minute, r.status)
		}
	})
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
