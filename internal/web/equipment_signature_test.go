package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestLoanAgreementSignature: the reception desk records the signed
// agreement of the demo loan by uploading the scanned page (its content
// sniffed: a text file named .png is refused, in French, next to the
// field), sees it on the loan and downloads it; through the API a second
// loan's agreement is recorded as signed on paper, once.
func TestLoanAgreementSignature(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := scope.OfStructure(s.demo.Structures[demo.CCAS])
		loans, err := equipmentstore.New(s.store).Loans(ctx, ccas, true)
		if err != nil || len(loans) != 1 {
			t.Fatalf("demo loans %+v %v", loans, err)
		}
		page := "/espace/materiel/prets/" + itoa(loans[0].ID)
		desk := s.login(account.RoleReception)
		if r := s.do(desk, "GET", "/espace/materiel", nil); !strings.Contains(r.body, "convention pas encore signée") {
			t.Fatalf("inventory: %s", r.body)
		}
		if r := s.do(desk, "GET", page, nil); r.status != 200 || !strings.Contains(r.body, "Pas encore signée.") || !strings.Contains(r.body, "Sandrine Pottier") {
			t.Fatalf("loan page: %d %s", r.status, r.body)
		}
		if r := s.do(desk, "POST", page+"/signature", url.Values{}); r.status != 422 || !strings.Contains(r.body, `id="scan-error"`) || !strings.Contains(r.body, "Envoyez la page signée scannée, ou cochez") {
			t.Fatalf("nothing sent: %d %s", r.status, r.body)
		}
		if r := s.postFile(desk, page+"/signature", "scan", "page.png", []byte("juste du texte")); r.status != 422 || !strings.Contains(r.body, "Envoyez la page signée en PDF, JPEG ou PNG.") {
			t.Fatalf("sniffed: %d %s", r.status, r.body)
		}
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR page signée")
		if r := s.postFile(desk, page+"/signature", "scan", "page.png", png); r.status != 303 {
			t.Fatalf("sign: %d %s", r.status, r.body)
		}
		if r := s.do(desk, "GET", page, nil); !strings.Contains(r.body, "page signée scannée") || !strings.Contains(r.body, page+"/convention-signee") || strings.Contains(r.body, `name="scan"`) {
			t.Fatalf("signed loan page: %s", r.body)
		}
		if r := s.do(desk, "GET", page+"/convention-signee", nil); r.status != 200 || r.header.Get("Content-Type") != "image/png" || r.body != string(png) {
			t.Fatalf("scan: %d %q", r.status, r.header.Get("Content-Type"))
		}
		if r := s.do(s.login(account.RolePartner), "GET", page+"/convention-signee", nil); r.status != 403 {
			t.Fatalf("partner: %d", r.status)
		}

		tok := s.token(account.RoleReception, s.demo.Structures[demo.CCAS])
		var dev struct {
			ID int64 `json:"id"`
		}
		r := s.api(tok, "POST", "/api/v1/materiel/appareils", `{"type":"tablette","origine":"don","etat":"bon"}`)
		if err := json.Unmarshal([]byte(r.body), &dev); err != nil || r.status != 201 {
			t.Fatalf("device: %d %s", r.status, r.body)
		}
		persons, _, _ := s.store.ListPersons(ctx, ccas, store.PersonFilter{Limit: 1})
		day := s.clock.Now().Format("2006-01-02")
		due := s.clock.Now().AddDate(0, 1, 0).Format("2006-01-02")
		var loan struct {
			ID int64 `json:"id"`
		}
		r = s.api(tok, "POST", "/api/v1/materiel/prets", fmt.Sprintf(`{"appareil":%d,"personne":%d,"debut":%q,"retour_prevu":%q}`, dev.ID, persons[0].ID, day, due))
		if err := json.Unmarshal([]byte(r.body), &loan); err != nil || r.status != 201 || !strings.Contains(r.body, `"signature":null`) {
			t.Fatalf("loan: %d %s", r.status, r.body)
		}
		sign := fmt.Sprintf("/api/v1/materiel/prets/%d/signature", loan.ID)
		if r := s.api(tok, "POST", sign, `{"papier":false}`); r.status != 422 {
			t.Fatalf("paper must be ticked: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "POST", sign, `{"papier":true}`); r.status != 200 || !strings.Contains(r.body, `"convention_signee":true`) || !strings.Contains(r.body, `"signature":"papier"`) {
			t.Fatalf("sign: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "POST", sign, `{"papier":true}`); r.status != 409 {
			t.Fatalf("signed once: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "GET", fmt.Sprintf("/api/v1/materiel/prets/%d/convention-signee", loan.ID), ""); r.status != 404 {
			t.Fatalf("no scan for a paper signature: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "GET", fmt.Sprintf("/api/v1/materiel/prets/%d/convention-signee", loans[0].ID), ""); r.status != 200 || r.body != string(png) {
			t.Fatalf("scan through the API: %d", r.status)
		}
	})
}
