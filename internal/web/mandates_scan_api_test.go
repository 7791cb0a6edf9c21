package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestMandateScanAPI: through the API the aidant sends the scanned signed
// page as the request body and reads it back as the response body, on both
// databases; the file is judged by its first bytes, not by the type the
// request announces; an empty or too large body, a second signature, a
// non-aidant is refused (another structure: the authorization matrix); every exchange is checked
// against the OpenAPI document.
func TestMandateScanAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
		aidant, hash, prefix := api.NewToken()
		if _, err := s.store.CreateAPIToken(ctx, s.demo.Aidant, ccas, "aidant", hash, prefix, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: "Aïcha", LastName: "Benali", Status: person.InProgress}
		p.Normalize()
		if err := s.store.CreatePerson(ctx, scope.OfStructure(ccas), &p, nil, journal.Entry{Who: "test", Action: journal.Create}, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		create := func() string {
			t.Helper()
			r := s.api(aidant, "POST", "/api/v1/mandats", fmt.Sprintf(`{"personne":%d,"categories":["social"],"duree_jours":31}`, p.ID))
			if r.status != 201 {
				t.Fatalf("create: %d %s", r.status, r.body)
			}
			var m struct {
				ID int64 `json:"id"`
			}
			if err := json.Unmarshal([]byte(r.body), &m); err != nil {
				t.Fatal(err)
			}
			return "/api/v1/mandats/" + itoa(m.ID)
		}
		path := create()
		png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 200)...)

		if r := s.fileExchangeAs(aidant, path+"/page-signee", "application/pdf", []byte("pas un PDF")); r.status != 422 || !strings.Contains(r.body, `"scan"`) || !strings.Contains(r.body, "PDF, JPEG ou PNG") {
			t.Fatalf("a text announced as a PDF: %d %s", r.status, r.body)
		}
		if r := s.fileExchangeAs(aidant, path+"/page-signee", "image/png", nil); r.status != 422 && r.status != 400 {
			t.Fatalf("an empty body: %d %s", r.status, r.body)
		}
		if r := s.fileExchangeAs(aidant, path+"/page-signee", "image/png", append(png, make([]byte, 5<<20)...)); r.status != 422 || !strings.Contains(r.body, "dépasse 5 Mo") {
			t.Fatalf("too large a page: %d %.300s", r.status, r.body)
		}
		if r := s.fileExchangeAs(s.token(account.RoleMediation, ccas), path+"/page-signee", "image/png", png); r.status != 403 {
			t.Fatalf("a non-aidant: %d %s", r.status, r.body)
		}
		if r := s.api(aidant, "GET", path+"/page-signee", ""); r.status != 404 {
			t.Fatalf("the page before it is sent: %d %s", r.status, r.body)
		}
		// Announced as a PDF, stored and served as what it is.
		if r := s.fileExchangeAs(aidant, path+"/page-signee", "application/pdf", png); r.status != 200 || !strings.Contains(r.body, `"statut":"valide"`) || !strings.Contains(r.body, `"signature":"scan"`) {
			t.Fatalf("the scanned page: %d %s", r.status, r.body)
		}
		if r := s.fileExchangeAs(aidant, path+"/page-signee", "image/png", png); r.status != 409 {
			t.Fatalf("a second signature: %d %s", r.status, r.body)
		}
		r := s.api(aidant, "GET", path+"/page-signee", "")
		if r.status != 200 || r.header.Get("Content-Type") != "image/png" || r.body != string(png) || !strings.Contains(r.header.Get("Content-Disposition"), "-signe.png") {
			t.Fatalf("download: %d %v", r.status, r.header)
		}
		var got struct {
			History []struct {
				Sentence string `json:"phrase"`
			} `json:"historique"`
		}
		if err := json.Unmarshal([]byte(s.api(aidant, "GET", path, "").body), &got); err != nil {
			t.Fatal(err)
		}
		if len(got.History) != 2 || !strings.Contains(got.History[1].Sentence, "page signée scannée") {
			t.Fatalf("history %+v", got.History)
		}
		// Signed on paper: there is no page to download.
		paper := create()
		if r := s.api(aidant, "POST", paper+"/signature", `{"papier":true}`); r.status != 200 {
			t.Fatalf("paper: %d %s", r.status, r.body)
		}
		if r := s.api(aidant, "GET", paper+"/page-signee", ""); r.status != 404 {
			t.Fatalf("no page of a mandate signed on paper: %d", r.status)
		}
	})
}
