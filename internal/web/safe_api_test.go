package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// fileExchange posts a file as the body of an API operation and checks the
// exchange against the OpenAPI document.
func (s *site) fileExchange(token, path string, body []byte) response {
	s.t.Helper()
	return s.fileExchangeAs(token, path, "application/octet-stream", body)
}

// fileExchangeAs is fileExchange with the content type the request announces.
func (s *site) fileExchangeAs(token, path, contentType string, body []byte) response {
	s.t.Helper()
	req, err := http.NewRequest("POST", s.http.URL+path, strings.NewReader(string(body)))
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", contentType)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	check, _ := http.NewRequest("POST", path, strings.NewReader(string(body)))
	check.Header = req.Header.Clone()
	if err := s.srv.API().CheckExchange(check, body, res.StatusCode, res.Header, b); err != nil {
		s.t.Errorf("OpenAPI document and answer disagree: %v\n%.400s", err, b)
	}
	return response{status: res.StatusCode, body: string(b), header: res.Header}
}

// TestSafeAPI: the safe through the API, every exchange checked against
// the OpenAPI document: consent, upload of a file as the body, download
// as the body, share link and its revocation, who read it, deletion, and
// the French errors of a wrong request.
func TestSafeAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		tok := s.token(account.RoleMediation, s.demo.Structures[demo.CCAS])
		id := safePerson(t, s, "Ines", "+33612345676")
		base := "/api/v1/personnes/" + itoa(id) + "/coffre"
		var view struct {
			Open    bool   `json:"ouvert"`
			Wording string `json:"texte_accord"`
			Docs    []struct {
				ID    int64 `json:"id"`
				Reads []struct {
					By string `json:"par"`
				} `json:"lectures"`
			} `json:"documents"`
		}
		r := s.api(tok, "GET", base, "")
		if err := json.Unmarshal([]byte(r.body), &view); err != nil || r.status != 200 || view.Open || !strings.Contains(view.Wording, "coffre-fort") {
			t.Fatalf("before: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "POST", base, `{"accord":false}`); r.status != 422 || !strings.Contains(r.body, `"accord"`) {
			t.Fatalf("no consent: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "POST", base, `{"accord":true}`); r.status != 201 || !strings.Contains(r.body, `"empreinte"`) {
			t.Fatalf("open: %d %s", r.status, r.body)
		}
		if r := s.fileExchange(tok, base+"/documents?type=permis", samplePDF("x")); r.status != 422 || !strings.Contains(r.body, `"type"`) {
			t.Fatalf("unknown type: %d %s", r.status, r.body)
		}
		if r := s.fileExchange(tok, base+"/documents?type=autre", []byte("bonjour")); r.status != 422 || !strings.Contains(r.body, `"fichier"`) {
			t.Fatalf("a text file: %d %s", r.status, r.body)
		}
		r = s.fileExchange(tok, base+"/documents?type=titre_sejour&expiration=2027-03-07&titre=Titre", samplePDF("TITRE INES"))
		var doc struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil || r.status != 201 {
			t.Fatalf("upload: %d %s", r.status, r.body)
		}
		docPath := "/api/v1/coffre/documents/" + itoa(doc.ID)
		if r := s.api(tok, "GET", docPath, ""); r.status != 200 || !strings.Contains(r.body, "TITRE INES") || r.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("download: %d %v", r.status, r.header)
		}
		if r := s.api(tok, "POST", docPath+"/partages", `{"duree":"3j"}`); r.status != 422 || !strings.Contains(r.body, `"duree"`) {
			t.Fatalf("a wrong duration: %d %s", r.status, r.body)
		}
		r = s.api(tok, "POST", docPath+"/partages", `{"duree":"1h"}`)
		var sh struct {
			ID   int64  `json:"id"`
			Link string `json:"lien"`
		}
		if err := json.Unmarshal([]byte(r.body), &sh); err != nil || r.status != 201 || !strings.Contains(sh.Link, "/coffre/partage/") {
			t.Fatalf("share: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "DELETE", docPath+"/partages/"+itoa(sh.ID), ""); r.status != 204 {
			t.Fatalf("revoke: %d %s", r.status, r.body)
		}
		r = s.api(tok, "GET", base, "")
		if err := json.Unmarshal([]byte(r.body), &view); err != nil || len(view.Docs) != 1 || len(view.Docs[0].Reads) != 1 || view.Docs[0].Reads[0].By != "personnel" {
			t.Fatalf("who read it: %s", r.body)
		}
		other := s.token(account.RoleMediation, s.demo.Structures[demo.CCAS])
		if r := s.api(s.token(account.RolePartner, s.demo.Structures[demo.FranceServices]), "GET", docPath, ""); r.status != 403 {
			t.Fatalf("a partner: %d", r.status)
		}
		if r := s.api(other, "DELETE", base+"/accord", ""); r.status != 204 {
			t.Fatalf("withdraw: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "GET", docPath, ""); r.status != 403 {
			t.Fatalf("staff read after the withdrawal: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "POST", base, `{"accord":true}`); r.status != 201 {
			t.Fatalf("reopen: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "DELETE", docPath, ""); r.status != 204 {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "GET", docPath, ""); r.status != 404 {
			t.Fatalf("deleted: %d", r.status)
		}
	})
}
