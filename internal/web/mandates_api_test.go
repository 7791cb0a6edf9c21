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
	"github.com/parcours-numerique/parcours/internal/pdfdoc/pdfdoctest"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestMandateAPI: in the demo territory the aidant prepares a mandate for
// a person with no e-mail and no phone through the API, streams its PDF,
// records the paper signature, uses it, stops one category (the
// attestation comes back as a PDF), renews it; a partner verifies it from
// its public address; a non-aidant and another structure are refused;
// every exchange is checked against the OpenAPI document.
func TestMandateAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	ccas := s.demo.Structures[demo.CCAS]
	secret, hash, prefix := api.NewToken()
	if _, err := s.store.CreateAPIToken(ctx, s.demo.Aidant, ccas, "aidant", hash, prefix, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	aidant := secret
	mediation := s.token(account.RoleMediation, ccas)
	coordination := s.token(account.RoleCoordination, ccas)
	p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: "René", LastName: "Lefèvre", Status: person.InProgress}
	p.Normalize()
	if err := s.store.CreatePerson(ctx, scope.OfStructure(ccas), &p, nil, journal.Entry{Who: "test", Action: journal.Create}, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	type mandateIO struct {
		ID           int64  `json:"id"`
		Status       string `json:"statut"`
		Initials     string `json:"initiales"`
		Verification string `json:"verification"`
		Hash         string `json:"empreinte"`
		Categories   []struct {
			Code    string  `json:"code"`
			Revoked *string `json:"revoquee_le"`
		} `json:"categories"`
	}
	decode := func(r response, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(r.body), v); err != nil {
			t.Fatalf("%v: %s", err, r.body)
		}
	}
	body := fmt.Sprintf(`{"personne":%d,"categories":["social","logement"],"duree_jours":182}`, p.ID)
	if r := s.api(mediation, "POST", "/api/v1/mandats", body); r.status != 403 || !strings.Contains(r.body, "formation") {
		t.Fatalf("a non-aidant prepares a mandate: %d %s", r.status, r.body)
	}
	if r := s.api(coordination, "GET", "/api/v1/mandats", ""); r.status != 403 {
		t.Fatalf("the coordination lists mandates: %d", r.status)
	}
	if r := s.api(aidant, "POST", "/api/v1/mandats", `{"personne":1,"categories":[],"duree_jours":7}`); r.status != 400 && r.status != 422 {
		t.Fatalf("invalid mandate: %d %s", r.status, r.body)
	}
	r := s.api(aidant, "POST", "/api/v1/mandats", body)
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var m mandateIO
	decode(r, &m)
	if m.Status != "attente" || m.Initials != "R. L." || len(m.Categories) != 2 || len(m.Hash) != 64 {
		t.Fatalf("created %+v", m)
	}
	path := fmt.Sprintf("/api/v1/mandats/%d", m.ID)
	r = s.api(aidant, "GET", path+"/pdf", "")
	if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", r.status, r.header.Get("Content-Type"))
	}
	text := strings.Join(strings.Fields(pdfdoctest.Text(t, []byte(r.body), false)), "")
	if !strings.Contains(text, "Jem'appelleRenéLefèvre.") || !strings.Contains(text, m.Verification) || !strings.HasPrefix(m.Verification, s.http.URL+"/mandats/verification/") {
		t.Errorf("the mandate PDF lacks the person's name or the whole verification address %s:\n%s", m.Verification, text)
	}
	if r := s.api(aidant, "POST", path+"/utilisations", `{"categorie":"social","demarche":"RSA"}`); r.status != 422 {
		t.Fatalf("use before the signature: %d %s", r.status, r.body)
	}
	if r := s.api(aidant, "POST", path+"/signature", `{"papier":true}`); r.status != 200 || !strings.Contains(r.body, `"statut":"valide"`) {
		t.Fatalf("signature: %d %s", r.status, r.body)
	}
	if r := s.api(aidant, "POST", path+"/utilisations", `{"categorie":"social","demarche":"Demande de RSA"}`); r.status != 204 {
		t.Fatalf("use: %d %s", r.status, r.body)
	}
	if r := s.api(mediation, "POST", path+"/utilisations", `{"categorie":"social","demarche":"Demande de RSA"}`); r.status != 403 {
		t.Fatalf("use by a non-aidant: %d %s", r.status, r.body)
	}
	token := m.Verification[strings.LastIndex(m.Verification, "/")+1:]
	page := s.do(s.client(), "GET", "/mandats/verification/"+token, nil)
	if page.status != 200 || !strings.Contains(page.body, "Ce mandat est valide") || !strings.Contains(page.body, "R. L.") || strings.Contains(page.body, "Lefèvre") || strings.Contains(page.body, "René") {
		t.Fatalf("verification page: %d\n%s", page.status, page.body)
	}
	r = s.api(aidant, "POST", path+"/revocation", `{"categories":["logement"]}`)
	if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("revocation: %d %s", r.status, r.body)
	}
	if text := pdfdoctest.Text(t, []byte(r.body), false); !strings.Contains(text, "Logement.") || !strings.Contains(text, "Le mandat continue pour :") {
		t.Errorf("the attestation:\n%s", text)
	}
	var got struct {
		Mandate mandateIO `json:"mandat"`
		History []struct {
			Kind     string `json:"type"`
			Sentence string `json:"phrase"`
		} `json:"historique"`
	}
	decode(s.api(aidant, "GET", path, ""), &got)
	if len(got.History) != 4 || got.History[2].Kind != "utilisation" || !strings.Contains(got.History[3].Sentence, "a arrêté le mandat pour : Logement") {
		t.Fatalf("history %+v", got.History)
	}
	r = s.api(aidant, "POST", path+"/renouvellement", `{"duree_jours":365}`)
	if r.status != 201 {
		t.Fatalf("renewal: %d %s", r.status, r.body)
	}
	var renewed mandateIO
	decode(r, &renewed)
	if len(renewed.Categories) != 1 || renewed.Categories[0].Code != "social" {
		t.Fatalf("renewed %+v", renewed)
	}
	page = s.do(s.client(), "GET", "/mandats/verification/"+token, nil)
	if page.status != 200 || !strings.Contains(page.body, "révoqué") {
		t.Fatalf("verification of the replaced mandate: %d", page.status)
	}
	if page := s.do(s.client(), "GET", "/mandats/verification/"+strings.Repeat("A", 32), nil); page.status != 404 {
		t.Fatalf("unknown token: %d", page.status)
	}
	var list struct {
		Mandates []mandateIO `json:"mandats"`
	}
	decode(s.api(aidant, "GET", "/api/v1/mandats", ""), &list)
	if len(list.Mandates) != 3 { // the demo's, this one and its renewal
		t.Fatalf("list %+v", list)
	}
}
