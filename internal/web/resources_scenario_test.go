package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
)

// TestResourceLibraryScenario: a conseillère shares a PDF; a partner of the
// territory finds it by words typed without accents; the conseillère picks
// it as a workshop's material; the download, staff and public, gives the
// same bytes with the real type; another structure may not delete it.
func TestResourceLibraryScenario(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	mediator, partner := s.login(account.RoleMediation), s.login(account.RolePartner)

	doc := pdfdoc.New("Sécuriser son compte Ameli", s.clock.Now())
	doc.SetFont("Helvetica", "", 12)
	doc.MultiCell(doc.Width, 7, doc.T("Activer la double authentification sur Ameli."), "", "L", false)
	var pdf bytes.Buffer
	if err := doc.Output(&pdf); err != nil {
		t.Fatal(err)
	}
	upload := func(name string, data []byte, fields url.Values) response {
		t.Helper()
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for k, vs := range fields {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile("fichier", name)
		fw.Write(data)
		mw.Close()
		res, err := mediator.Post(s.http.URL+"/espace/ressources", mw.FormDataContentType(), &b)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return response{status: res.StatusCode, body: string(body), header: res.Header}
	}
	fields := url.Values{"titre": {"Sécuriser son compte Améli"}, "resume": {"Fiche pour l'atelier santé."}, "themes": {"sante", "securite_numerique"},
		"niveau": {"debutant"}, "publics": {"seniors"}, "licence": {"cc_by_sa"}}

	// A page of HTML named .pdf is refused by its bytes; what was typed stays.
	r := upload("fiche.pdf", []byte("<html><script>alert(1)</script></html>"), fields)
	if r.status != 422 || !strings.Contains(r.body, "ni un PDF") || !strings.Contains(r.body, `value="Sécuriser son compte Améli"`) {
		t.Fatalf("html as pdf: %d %.2000s", r.status, r.body)
	}
	r = upload("Fiche Améli.pdf", pdf.Bytes(), fields)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/espace/ressources/") {
		t.Fatalf("upload: %d %s", r.status, r.body)
	}
	page := r.header.Get("Location")
	id := strings.TrimPrefix(page, "/espace/ressources/")

	// A partner of the territory finds it without accents nor capitals, filtered by theme and audience.
	if r := s.do(partner, "GET", "/espace/ressources?q=SECURISER+ameli&theme=sante&public=seniors", nil); r.status != 200 || !strings.Contains(r.body, "Sécuriser son compte Améli") {
		t.Fatalf("search: %d %.3000s", r.status, r.body)
	}
	if r := s.do(partner, "GET", "/espace/ressources?q=ameli&public=jeunes", nil); r.status != 200 || strings.Contains(r.body, "Sécuriser son compte Améli") {
		t.Fatalf("audience filter ignored: %d", r.status)
	}
	if r := s.do(partner, "POST", page+"/suppression", url.Values{}); r.status != http.StatusForbidden {
		t.Fatalf("another structure deletes the resource: %d", r.status)
	}

	// The conseillère picks it as the material of a published workshop of her structure.
	list, err := workshopstore.New(s.store).PublishedWorkshops(context.Background(), workshopstore.PublishedFilter{StructureID: s.demo.Structures[demo.CCAS]})
	if err != nil || len(list) == 0 {
		t.Fatalf("no published demo workshop: %v", err)
	}
	wk := "/espace/ateliers/" + itoa(list[0].ID)
	if r := s.do(mediator, "POST", wk+"/supports", url.Values{"ressource": {id}}); r.status != http.StatusSeeOther {
		t.Fatalf("attach: %d %s", r.status, r.body)
	}
	if r := s.do(mediator, "GET", wk, nil); r.status != 200 || !strings.Contains(r.body, "Sécuriser son compte Améli") || !strings.Contains(r.body, "/espace/ressources/"+id+"/fichier") {
		t.Fatalf("workshop page without its material: %d", r.status)
	}
	public := "/ateliers/" + itoa(list[0].ID)
	if r := s.do(s.client(), "GET", public, nil); r.status != 200 || !strings.Contains(r.body, public+"/supports/"+id) {
		t.Fatalf("public page without the openly licensed material: %d", r.status)
	}

	// Both downloads give the uploaded bytes, with their real type.
	for _, c := range []struct {
		client *http.Client
		path   string
	}{{mediator, page + "/fichier"}, {partner, page + "/fichier"}, {s.client(), public + "/supports/" + id}} {
		res, err := c.client.Get(s.http.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !bytes.Equal(got, pdf.Bytes()) || res.Header.Get("Content-Type") != "application/pdf" ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment;") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), ".pdf") {
			t.Fatalf("download %s: %d %v (%d bytes)", c.path, res.StatusCode, res.Header, len(got))
		}
		if c.path == page+"/fichier" {
			if text := pdfText(t, got); text != "" && !strings.Contains(text, "double authentification") {
				t.Fatalf("the downloaded PDF reads %q", text)
			}
		}
	}

	// The API lists, reads and downloads it, as its document says.
	token := s.token(account.RolePartner, s.demo.Structures[demo.FranceServices])
	if r := s.api(token, "GET", "/api/v1/ressources?q=ameli&theme=sante&niveau=debutant", ""); r.status != 200 ||
		!strings.Contains(r.body, `"titre":"Sécuriser son compte Améli"`) || !strings.Contains(r.body, `"type":"fichier"`) {
		t.Fatalf("API search: %d %s", r.status, r.body)
	}
	if r := s.api(token, "GET", "/api/v1/ressources?theme=cuisine", ""); r.status != 422 {
		t.Fatalf("API search with an unknown theme: %d %s", r.status, r.body)
	}
	if r := s.api(token, "GET", "/api/v1/ressources/"+id, ""); r.status != 200 || !strings.Contains(r.body, `"nom_fichier":"Fiche Améli.pdf"`) {
		t.Fatalf("API get: %d %s", r.status, r.body)
	}
	if r := s.api(token, "GET", "/api/v1/ressources/"+id+"/fichier", ""); r.status != 200 || r.body != pdf.String() {
		t.Fatalf("API file: %d (%d bytes)", r.status, len(r.body))
	}

	// Deleting the resource takes it off the workshop.
	if r := s.do(mediator, "POST", page+"/suppression", url.Values{}); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	if r := s.do(s.client(), "GET", public+"/supports/"+id, nil); r.status != http.StatusNotFound {
		t.Fatalf("a deleted resource is still offered: %d", r.status)
	}
}
