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
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestMandateJourney: the demo aidant prepares a mandate through the
// pages (errors in French next to the fields), prints it, uploads the
// scanned signed page (too large a file refused), records a démarche,
// stops one category and prints the attestation; the person's page tells
// the history in plain French; a mediator who is not an aidant is refused,
// and an aidant idle for 15 minutes confirms the second factor first.
func TestMandateJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	ccas := s.demo.Structures[demo.CCAS]
	p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: "Lucien", LastName: "Garnier", Status: person.InProgress}
	p.Normalize()
	if err := s.store.CreatePerson(ctx, scope.OfStructure(ccas), &p, nil, journal.Entry{Who: "test", Action: journal.Create}, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	pid := itoa(p.ID)

	mediator := s.login(account.RoleMediation)
	if r := s.do(mediator, "GET", "/espace/mandats/nouveau", nil); r.status != 403 || !strings.Contains(r.body, "Seul un aidant") {
		t.Fatalf("a mediator who is not an aidant opens the form: %d", r.status)
	}
	if r := s.do(mediator, "GET", "/espace/mandats", nil); r.status != 200 || !strings.Contains(r.body, "pas encore enregistrée") {
		t.Fatalf("the mediator's mandates page: %d", r.status)
	}

	aidant := s.loginUser(s.demo.Aidant)
	r := s.do(aidant, "GET", "/espace/mandats/nouveau?personne="+pid, nil)
	if r.status != 200 || !strings.Contains(r.body, "Lucien Garnier") {
		t.Fatalf("form: %d", r.status)
	}
	r = s.do(aidant, "POST", "/espace/mandats", url.Values{"personne": {pid}, "duree": {"7"}})
	if r.status != 422 || !strings.Contains(r.body, "Choisissez une ou plusieurs catégories de démarches.") || !strings.Contains(r.body, "Choisissez la durée") {
		t.Fatalf("invalid form: %d", r.status)
	}
	r = s.do(aidant, "POST", "/espace/mandats", url.Values{"personne": {pid}, "categories": {"travail", "transports"}, "duree": {"182"}})
	if r.status != 303 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	page := r.header.Get("Location")
	if r := s.do(aidant, "GET", page, nil); r.status != 200 || !strings.Contains(r.body, "En attente de signature") {
		t.Fatalf("mandate page: %d", r.status)
	}
	if r := s.do(aidant, "GET", page+"/mandat.pdf", nil); r.status != 200 || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d", r.status)
	}

	upload := func(content []byte) response {
		t.Helper()
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("scan", "page.png")
		fw.Write(content)
		mw.Close()
		req, _ := http.NewRequest("POST", s.http.URL+page+"/signature", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := aidant.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return response{status: res.StatusCode, body: string(b), header: res.Header}
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	if r := upload(append(png, make([]byte, 5<<20)...)); r.status != 422 || !strings.Contains(r.body, "dépasse 5 Mo") {
		t.Fatalf("too large a scan: %d", r.status)
	}
	if r := upload(append(png, make([]byte, 6<<20)...)); r.status != 303 {
		t.Fatalf("a body over the limit: %d", r.status)
	}
	if r := s.do(aidant, "GET", page, nil); !strings.Contains(r.body, "dépasse 5 Mo") || !strings.Contains(r.body, "En attente de signature") {
		t.Fatal("a body over the limit is not refused with its reason")
	}
	if r := upload(png); r.status != 303 {
		t.Fatalf("scan: %d %s", r.status, r.body)
	}
	if r := s.do(aidant, "GET", page+"/scan", nil); r.status != 200 || r.header.Get("Content-Type") != "image/png" {
		t.Fatalf("scan download: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := s.do(aidant, "POST", page+"/utilisation", url.Values{"categorie": {"travail"}, "demarche": {""}}); r.status != 422 || !strings.Contains(r.body, "Indiquez la démarche faite") {
		t.Fatalf("use without a démarche: %d", r.status)
	}
	if r := s.do(aidant, "POST", page+"/utilisation", url.Values{"categorie": {"travail"}, "demarche": {"Inscription à France Travail"}}); r.status != 303 {
		t.Fatalf("use: %d", r.status)
	}
	if r := s.do(aidant, "POST", page+"/revocation", url.Values{"categories": {"transports"}}); r.status != 303 {
		t.Fatalf("revocation: %d", r.status)
	}
	if r := s.do(aidant, "GET", page+"/attestation.pdf", nil); r.status != 200 || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("attestation: %d", r.status)
	}

	// Another mandate, signed on paper (no scan).
	r = s.do(aidant, "POST", "/espace/mandats", url.Values{"personne": {pid}, "categories": {"justice"}, "duree": {"1"}})
	if r.status != 303 {
		t.Fatalf("second mandate: %d", r.status)
	}
	second := r.header.Get("Location")
	if r := s.do(aidant, "POST", second+"/signature", url.Values{}); r.status != 422 || !strings.Contains(r.body, "cochez « La personne a signé le mandat sur papier »") {
		t.Fatalf("signature without scan nor box: %d", r.status)
	}
	if r := s.do(aidant, "POST", second+"/signature", url.Values{"papier": {"oui"}}); r.status != 303 {
		t.Fatalf("paper signature: %d", r.status)
	}
	if r := s.do(aidant, "GET", second, nil); !strings.Contains(r.body, "Faire une démarche avec ce mandat") {
		t.Fatal("the paper-signed mandate is not valid")
	}

	reception := s.login(account.RoleReception)
	r = s.do(reception, "GET", "/espace/personnes/"+pid, nil)
	for _, want := range []string{"Historique des mandats", "a préparé le mandat pour : Travail, formation ; Transports, mobilité, pour 6 mois (182 jours).",
		"a enregistré la signature du mandat (page signée scannée).", "a fait la démarche « Inscription à France Travail » (Travail, formation).",
		"a arrêté le mandat pour : Transports, mobilité."} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the person's page does not say %q", want)
		}
	}

	s.clock.Advance(16 * time.Minute)
	if r := s.do(aidant, "POST", page+"/utilisation", url.Values{"categorie": {"travail"}, "demarche": {"Actualisation"}}); r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/espace/verification") {
		t.Fatalf("an idle aidant uses a mandate: %d %s", r.status, r.header.Get("Location"))
	}
}
