//go:build browser

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestSafePersonPagesInChromium checks the person's own safe pages (the
// number, the code with its shared-phone box, the list of documents on a
// shared phone with who read them and a share link just made) as
// TestPagesInChromium does: axe-core without a violation, nothing wider
// than 320 px, with and without JavaScript.
func TestSafePersonPagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	mediator := s.login(account.RoleMediation)
	id := safePerson(t, s, "Aminata", "+33612345675")
	if r := s.do(mediator, "POST", "/espace/personnes/"+itoa(id)+"/coffre", url.Values{"accord": {"oui"}}); r.status != 303 {
		t.Fatalf("open: %d", r.status)
	}
	if r := s.safeUpload(mediator, id, map[string]string{"type": "titre_sejour", "titre": "Titre de séjour pluriannuel", "expiration": "07/03/2027"}, "titre.pdf", string(samplePDF("titre"))); r.status != 303 {
		t.Fatalf("upload: %d", r.status)
	}
	person := s.client()
	s.do(person, "POST", "/coffre", url.Values{"telephone": {"06 12 34 56 75"}})
	var body string
	if err := s.store.Reader().QueryRowContext(context.Background(), "SELECT body FROM notifications WHERE kind = 'code_coffre'").Scan(&body); err != nil {
		t.Fatal(err)
	}
	asked := cookieOf(t, s, person)
	if r := s.do(person, "POST", "/coffre/code", url.Values{"telephone": {"06 12 34 56 75"}, "code": {regexp.MustCompile(`\d{6}`).FindString(body)}, "partage": {"oui"}}); r.status != 303 {
		t.Fatalf("code: %d", r.status)
	}
	in := cookieOf(t, s, person)
	list := s.do(person, "GET", "/coffre/documents", nil)
	doc := regexp.MustCompile(`/coffre/documents/(\d+)/partage"`).FindStringSubmatch(list.body)
	if doc == nil {
		t.Fatal("no document listed")
	}
	s.do(person, "GET", "/coffre/documents/"+doc[1], nil) // a read to list
	s.do(person, "POST", "/coffre/documents/"+doc[1]+"/partage", url.Values{"duree": {"24h"}})
	for _, p := range []struct {
		page   browserPage
		cookie string
	}{
		{page: browserPage{path: "/coffre", want: "Mon numéro de portable"}},
		{page: browserPage{path: "/coffre/code", want: "Ce téléphone est partagé"}, cookie: asked},
		{page: browserPage{path: "/coffre/documents", want: "Lien de partage valable jusqu'au"}, cookie: in},
		{page: browserPage{path: "/espace/personnes/" + itoa(id) + "/coffre", role: account.RoleMediation, want: "Ranger un document"}, cookie: cookieOf(t, s, mediator)},
	} {
		t.Run(p.page.path, func(t *testing.T) {
			t.Parallel()
			checkLayouts(t, s.http.URL, p.page, p.cookie, axe)
		})
	}
}

// cookieOf returns the session cookie a client holds now.
func cookieOf(t *testing.T, s *site, c *http.Client) string {
	t.Helper()
	u, _ := urlParse(s.http.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "parcours_session" {
			return ck.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}
