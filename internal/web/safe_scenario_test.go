package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// upload posts a document to a person's safe as the browser does.
func (s *site) safeUpload(c *http.Client, personID int64, fields map[string]string, name, content string) response {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("fichier", name)
	if err != nil {
		s.t.Fatal(err)
	}
	_, _ = fw.Write([]byte(content))
	_ = mw.Close()
	body, ct := &buf, mw.FormDataContentType()
	req, err := http.NewRequest(http.MethodPost, s.http.URL+"/espace/personnes/"+itoa(personID)+"/coffre/documents", body)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: html.UnescapeString(string(b)), header: res.Header}
}

// safePerson records a followed person of the demo CCAS with a mobile phone.
func safePerson(t *testing.T, s *site, first, phone string) int64 {
	t.Helper()
	ccas := s.demo.Structures[demo.CCAS]
	p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: first, LastName: "Coffre", Phone: phone, Status: person.InProgress}
	p.Normalize()
	if err := s.store.CreatePerson(context.Background(), scope.OfStructure(ccas), &p, nil, journal.Entry{Who: "test", Action: journal.Create}, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// TestSafeJourney: from the person's page the conseillère opens the safe
// in two clicks (the link, then the consent button under the text read),
// stores a residence permit (French errors next to the fields first); the
// person opens her safe with a code received by SMS, downloads it, shares
// it with a link that a stranger opens, and sees who read it.
func TestSafeJourney(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		mediator := s.login(account.RoleMediation)
		id := safePerson(t, s, "Fatou", "+33612345677")
		page := "/espace/personnes/" + itoa(id)

		if r := s.do(mediator, "GET", page, nil); r.status != 200 || !strings.Contains(r.body, page+"/coffre") {
			t.Fatalf("the person's page links to the safe: %d", r.status)
		}
		r := s.do(mediator, "GET", page+"/coffre", nil)
		if r.status != 200 || !strings.Contains(r.body, "J'accepte que CCAS de Rochefort (démo) ouvre un coffre-fort") || !strings.Contains(r.body, `name="accord" value="oui"`) {
			t.Fatalf("the consent wording and its button: %d %s", r.status, r.body)
		}
		if r := s.do(mediator, "POST", page+"/coffre", url.Values{}); r.status != 422 || !strings.Contains(r.body, `id="accord-error"`) {
			t.Fatalf("no consent: %d", r.status)
		}
		if r := s.do(mediator, "POST", page+"/coffre", url.Values{"accord": {"oui"}}); r.status != 303 {
			t.Fatalf("open: %d %s", r.status, r.body)
		}

		r = s.safeUpload(mediator, id, map[string]string{"type": "", "expiration": "31/02"}, "note.txt", "bonjour")
		for _, want := range []string{`id="type-error"`, "Choisissez le type de document.", `id="expiration-error"`, "Saisissez la date d'expiration"} {
			if r.status != 422 || !strings.Contains(r.body, want) {
				t.Fatalf("upload errors lack %q: %d", want, r.status)
			}
		}
		r = s.safeUpload(mediator, id, map[string]string{"type": "titre_sejour"}, "titre.pdf", "bonjour")
		if r.status != 422 || !strings.Contains(r.body, `id="fichier-error"`) || !strings.Contains(r.body, "ni un PDF, ni une photo") {
			t.Fatalf("a text file named .pdf: %d", r.status)
		}
		if r := s.safeUpload(mediator, id, map[string]string{"type": "titre_sejour", "titre": "Titre de séjour 2026", "expiration": "07/03/2027"}, "titre.pdf", string(samplePDF("TITRE FATOU"))); r.status != 303 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		r = s.do(mediator, "GET", page+"/coffre", nil)
		m := regexp.MustCompile(`/espace/coffre/documents/(\d+)"`).FindStringSubmatch(r.body)
		if m == nil || !strings.Contains(r.body, "Titre de séjour 2026") || !strings.Contains(r.body, "expire le 2027-03-07") {
			t.Fatalf("the document is listed: %s", r.body)
		}
		doc := m[1]
		if r := s.do(mediator, "GET", "/espace/coffre/documents/"+doc, nil); r.status != 200 || !strings.Contains(r.body, "TITRE FATOU") ||
			r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("download: %d %v", r.status, r.header)
		}

		// The person, without an account.
		person := s.client()
		if r := s.do(person, "GET", "/coffre", nil); r.status != 200 || !strings.Contains(r.body, "Mon numéro de portable") {
			t.Fatalf("entry: %d", r.status)
		}
		if r := s.do(person, "POST", "/coffre", url.Values{"telephone": {"12"}}); r.status != 422 || !strings.Contains(r.body, `id="telephone-error"`) {
			t.Fatalf("a wrong number: %d", r.status)
		}
		if r := s.do(person, "POST", "/coffre", url.Values{"telephone": {"06 12 34 56 77"}}); r.status != 303 || r.header.Get("Location") != "/coffre/code" {
			t.Fatalf("code asked: %d", r.status)
		}
		if r := s.do(person, "GET", "/coffre/code", nil); r.status != 200 || !strings.Contains(r.body, "Le code reçu par SMS") || !strings.Contains(r.body, `value="06 12 34 56 77"`) {
			t.Fatalf("code form: %d", r.status)
		}
		var body string
		if err := st.Reader().QueryRowContext(context.Background(), "SELECT body FROM notifications WHERE kind = 'code_coffre' AND recipient = $1", "+33612345677").Scan(&body); err != nil {
			t.Fatal(err)
		}
		code := regexp.MustCompile(`\d{6}`).FindString(body)
		if r := s.do(person, "POST", "/coffre/code", url.Values{"telephone": {"06 12 34 56 77"}, "code": {"12"}}); r.status != 422 || !strings.Contains(r.body, `id="code-error"`) {
			t.Fatalf("a short code: %d", r.status)
		}
		if r := s.do(person, "GET", "/coffre/documents/"+doc, nil); r.status != 303 {
			t.Fatalf("a document before the code: %d", r.status)
		}
		if r := s.do(person, "POST", "/coffre/code", url.Values{"telephone": {"06 12 34 56 77"}, "code": {code}}); r.status != 303 || r.header.Get("Location") != "/coffre/documents" {
			t.Fatalf("code: %d", r.status)
		}
		if r := s.do(person, "GET", "/coffre/documents/"+doc, nil); r.status != 200 || !strings.Contains(r.body, "TITRE FATOU") {
			t.Fatalf("the person downloads: %d", r.status)
		}
		r = s.do(person, "POST", "/coffre/documents/"+doc+"/partage", url.Values{"duree": {"24h"}})
		link := regexp.MustCompile(`https?://[^<\s]+/coffre/partage/[A-Za-z0-9_-]+`).FindString(r.body)
		if r.status != 200 || link == "" {
			t.Fatalf("share: %d %s", r.status, r.body)
		}
		stranger := s.client()
		res, err := stranger.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), "TITRE FATOU") {
			t.Fatalf("the link opens the document: %d", res.StatusCode)
		}
		r = s.do(person, "GET", "/coffre/documents", nil)
		for _, want := range []string{"Quelqu'un avec le lien de partage", "Vous-même", "Mehdi Médiateur"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("who read it lacks %q", want)
			}
		}
		if r := s.do(person, "POST", "/coffre/documents/"+doc+"/suppression", url.Values{}); r.status != 422 || !strings.Contains(r.body, "Je confirme") {
			t.Fatalf("a deletion without the box: %d", r.status)
		}
		// The consent withdrawn, the conseillère no longer reads it.
		if r := s.do(mediator, "POST", page+"/coffre/retrait", url.Values{"confirmer": {"oui"}}); r.status != 303 {
			t.Fatalf("withdraw: %d", r.status)
		}
		if r := s.do(mediator, "GET", "/espace/coffre/documents/"+doc, nil); r.status != 403 {
			t.Fatalf("staff read after the withdrawal: %d", r.status)
		}
		if r := s.do(person, "GET", "/coffre/documents/"+doc, nil); r.status != 200 {
			t.Fatalf("the person still reads: %d", r.status)
		}
	})
}
