package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// postMultipart posts a form with one file, as a browser's upload form does.
func (s *site) postMultipart(c *http.Client, path string, fields url.Values, fileField, fileName string, data []byte) response {
	s.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	if err != nil {
		s.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req, _ := http.NewRequest("POST", s.http.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: html.UnescapeString(string(out)), header: res.Header}
}

// TestAgreementScenario: the coordinator records a convention with its
// signed PDF (a file that is not a PDF is refused, nothing typed is lost),
// the reminder is queued by the background pass before the end, the
// partner structure reads it and downloads the PDF but cannot change it.
func TestAgreementScenario(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	coord := s.login(account.RoleCoordination)
	today := s.clock.Now().In(frtime.Paris)
	fs := s.demo.Structures[demo.FranceServices]
	form := url.Values{"objet": {"Distribution de 100 téléphones reconditionnés"}, "parties": {itoa(fs)}, "partenaires": {"Emmaüs Connect"},
		"debut": {today.AddDate(0, -3, 0).Format("02/01/2006")}, "fin": {today.AddDate(0, 0, 20).Format("02/01/2006")}, "rappel": {"30"}}

	if r := s.do(coord, "GET", "/espace/reseau/conventions", nil); r.status != 200 || !strings.Contains(r.body, demo.AgreementObject) {
		t.Fatalf("the demo's list: %d", r.status)
	}
	r := s.postMultipart(coord, "/espace/reseau/conventions", form, "pdf", "convention.docx", []byte("PK\x03\x04 a word file"))
	if r.status != 422 || !strings.Contains(r.body, "n'est pas un PDF") || !strings.Contains(r.body, "Emmaüs Connect") || !strings.Contains(r.body, "100 téléphones") {
		t.Fatalf("not a pdf: %d %s", r.status, r.body)
	}
	pdf := []byte("%PDF-1.4\n% signée\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	r = s.postMultipart(coord, "/espace/reseau/conventions", form, "pdf", "convention signée.pdf", pdf)
	if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/espace/reseau/conventions/") {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	page := r.header.Get("Location")
	if r := s.do(coord, "GET", page, nil); r.status != 200 || !strings.Contains(r.body, "À renouveler") || !strings.Contains(r.body, "France Services Rochefort Océan (démo), Emmaüs Connect") {
		t.Fatalf("page: %d %s", r.status, r.body)
	}
	if b := s.download(coord, page+"/convention.pdf"); !bytes.Equal(b, pdf) {
		t.Fatalf("pdf: %q", b)
	}

	// The background pass queues the reminder once, to the coordinator.
	s.srv.RunAgendaChores(context.Background())
	s.srv.RunAgendaChores(context.Background())
	var reminders []notify.Message
	for _, m := range s.outbox() {
		if m.Kind == notify.AgreementReminder {
			reminders = append(reminders, m)
		}
	}
	if len(reminders) != 1 || reminders[0].To != demo.Email(account.RoleCoordination) || !strings.Contains(reminders[0].Body, today.AddDate(0, 0, 20).Format("02/01/2006")) {
		t.Fatalf("reminders: %+v", reminders)
	}

	// The partner reads it and its PDF; it does not change it; a structure
	// that is not a party does not see it.
	partner := s.login(account.RolePartner)
	if r := s.do(partner, "GET", "/espace/reseau/conventions", nil); r.status != 200 || !strings.Contains(r.body, "100 téléphones") || strings.Contains(r.body, "Enregistrer une convention") {
		t.Fatalf("partner's list: %d", r.status)
	}
	if b := s.download(partner, page+"/convention.pdf"); !bytes.Equal(b, pdf) {
		t.Fatal("partner's pdf")
	}
	if r := s.postMultipart(partner, page, form, "pdf", "x.pdf", pdf); r.status != 403 {
		t.Fatalf("partner updates: %d", r.status)
	}
	med := s.login(account.RoleMediation) // the CCAS is not a party
	if r := s.do(med, "GET", page, nil); r.status != 404 {
		t.Fatalf("not a party: %d", r.status)
	}

	// The API says the same, checked against the OpenAPI document.
	id := strings.TrimPrefix(page, "/espace/reseau/conventions/")
	ccas := s.demo.Structures[demo.CCAS]
	if r := s.api(s.token(account.RoleCoordination, ccas), "GET", "/api/v1/conventions", ""); r.status != 200 ||
		!strings.Contains(r.body, `"statut":"a_renouveler"`) || !strings.Contains(r.body, `"partenaires":["Emmaüs Connect"]`) || !strings.Contains(r.body, `"convention_signee":true`) {
		t.Fatalf("api list: %d %s", r.status, r.body)
	}
	if r := s.api(s.token(account.RolePartner, fs), "GET", "/api/v1/conventions/"+id, ""); r.status != 200 || !strings.Contains(r.body, `"objet":"Distribution de 100 téléphones reconditionnés"`) {
		t.Fatalf("api partner: %d %s", r.status, r.body)
	}
	medToken := s.token(account.RoleMediation, ccas)
	if r := s.api(medToken, "GET", "/api/v1/conventions/"+id, ""); r.status != 404 {
		t.Fatalf("api not a party: %d %s", r.status, r.body)
	}
	if r := s.api(medToken, "GET", "/api/v1/conventions", ""); r.status != 200 || strings.Contains(r.body, "100 téléphones") || !strings.Contains(r.body, demo.AgreementObject) {
		t.Fatalf("api not a party's list: %d %q", r.status, r.body)
	}
}

// TestActionPlanScenario: a proposal of the diagnostic becomes an action
// led by France Services with the CCAS, with an indicator and an interim
// review that launches it; the territory's bilan shows it as XLSX (read
// with excelize) and PDF (read with pdftotext); the lead reads its action.
func TestActionPlanScenario(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	coord := s.login(account.RoleCoordination)
	fs, ccas := s.demo.Structures[demo.FranceServices], s.demo.Structures[demo.CCAS]

	r := s.do(coord, "POST", "/espace/plan-action/propositions", url.Values{"texte": {""}, "origine": {"Atelier des acteurs"}})
	if r.status != 422 || !strings.Contains(r.body, "Écrivez la proposition") || !strings.Contains(r.body, "Atelier des acteurs") {
		t.Fatalf("empty proposal: %d", r.status)
	}
	// The proposal comes from the diagnostic's questionnaire of the territory.
	page := s.do(coord, "GET", "/espace/plan-action", nil).body
	questionnaire := between(between(page, `<select`, `</select>`), `<option value="" selected>Aucun</option><option value="`, `"`)
	if questionnaire == "" {
		t.Fatalf("no questionnaire to choose: %s", between(page, `<select`, `</select>`))
	}
	if r := s.do(coord, "POST", "/espace/plan-action/propositions", url.Values{"texte": {"x"}, "questionnaire": {"999999"}}); r.status != 422 || !strings.Contains(r.body, "Choisissez un questionnaire du diagnostic du territoire") {
		t.Fatalf("another questionnaire: %d", r.status)
	}
	r = s.do(coord, "POST", "/espace/plan-action/propositions", url.Values{"texte": {"Équiper les personnes sans smartphone"}, "origine": {"Atelier des acteurs"}, "questionnaire": {questionnaire}})
	if r.status != 303 {
		t.Fatalf("proposal: %d %s", r.status, r.body)
	}
	if p := s.do(coord, "GET", r.header.Get("Location"), nil); !strings.Contains(p.body, "Atelier des acteurs ; questionnaire « ") {
		t.Fatalf("proposal page: %s", p.body)
	}
	r = s.do(coord, "POST", r.header.Get("Location")+"/actions", url.Values{"intitule": {"Remettre 100 téléphones reconditionnés"}, "pilote": {itoa(fs)}, "copilotes": {itoa(ccas)}})
	if r.status != 303 {
		t.Fatalf("action: %d %s", r.status, r.body)
	}
	action := r.header.Get("Location")
	if r := s.do(coord, "POST", action+"/indicateurs", url.Values{"nom": {"Téléphones remis"}, "cible": {"100"}, "valeur": {"40"}}); r.status != 303 {
		t.Fatalf("indicator: %d %s", r.status, r.body)
	}
	day := s.clock.Now().In(frtime.Paris).Format("02/01/2006")
	if r := s.do(coord, "POST", action+"/points", url.Values{"date": {day}, "texte": {""}, "statut": {"en_cours"}}); r.status != 422 || !strings.Contains(r.body, "Écrivez ce que dit le point d'étape") {
		t.Fatalf("empty review: %d", r.status)
	}
	if r := s.do(coord, "POST", action+"/points", url.Values{"date": {day}, "texte": {"40 téléphones remis au premier trimestre"}, "statut": {"en_cours"}}); r.status != 303 {
		t.Fatalf("review: %d %s", r.status, r.body)
	}
	if r := s.do(coord, "GET", action, nil); r.status != 200 || !strings.Contains(r.body, "statut passé de « À lancer » à « En cours »") || !strings.Contains(r.body, "40 %") {
		t.Fatalf("action page: %d %s", r.status, r.body)
	}

	// The territory's bilan shows the plan's progress.
	book, err := excelize.OpenReader(bytes.NewReader(s.download(coord, "/espace/bilans/bilan.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := book.GetRows("Plan d'action")
	if err != nil {
		t.Fatal(err)
	}
	var status, line bool
	for _, row := range rows {
		joined := strings.Join(row, "|")
		status = status || joined == "En cours|2" // the demo's action too
		line = line || joined == "Remettre 100 téléphones reconditionnés|En cours|France Services Rochefort Océan (démo)|CCAS de Rochefort (démo)|Téléphones remis|100|40|40 %"
	}
	if !status || !line {
		t.Fatalf("plan sheet: %q", rows)
	}
	if text := pdfText(t, s.download(coord, "/espace/bilans/bilan.pdf")); text != "" &&
		(!strings.Contains(text, "Plan d'action") || !strings.Contains(text, "Remettre 100 téléphones reconditionnés") || !strings.Contains(text, "Téléphones remis : 40 sur 100 (40 %)")) {
		t.Fatalf("bilan pdf:\n%s", text)
	}

	// A structure's own bilan shows the actions it leads or co-leads: the
	// CCAS co-leads this one and the demo's.
	med := s.login(account.RoleMediation)
	book, err = excelize.OpenReader(bytes.NewReader(s.download(med, "/espace/bilans/bilan.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	if rows, err := book.GetRows("Plan d'action"); err != nil || !strings.Contains(rows[2][0], "pilote ou co-pilote") || !strings.Contains(fmt.Sprint(rows), "Remettre 100 téléphones reconditionnés") {
		t.Fatalf("structure's plan sheet: %q %v", rows, err)
	}

	// The dashboards show the plan too: the territory's actions for the
	// coordination, those the structure leads or co-leads for its own, each
	// with its status and its indicators, linked to the action's page.
	for _, c := range []struct {
		who    *http.Client
		intro  string
		status string
	}{{coord, "Les actions du plan d'action du territoire.", "En cours"}, {med, "que la structure pilote ou co-pilote", "En cours"}} {
		dash := html.UnescapeString(s.do(c.who, "GET", "/espace/tableau-de-bord", nil).body)
		plan := between(dash, `id="plan-action"`, `</section>`)
		if !strings.Contains(plan, c.intro) || !strings.Contains(plan, `href="`+action+`">Remettre 100 téléphones reconditionnés</a>`) ||
			!strings.Contains(plan, "Téléphones remis : 40 sur 100 (40 %)") || !strings.Contains(plan, "<td class=\"govuk-table__cell\">"+c.status+"</td>") {
			t.Fatalf("the dashboard's plan:\n%s", plan)
		}
		if r := s.do(c.who, "GET", action, nil); r.status != 200 {
			t.Fatalf("the plan's action from the dashboard: %d", r.status)
		}
	}

	// The API gives the action with its review to the lead.
	id := strings.TrimPrefix(action, "/espace/plan-action/actions/")
	if r := s.api(s.token(account.RolePartner, fs), "GET", "/api/v1/plan-action/actions/"+id, ""); r.status != 200 ||
		!strings.Contains(r.body, `"statut":"en_cours"`) || !strings.Contains(r.body, `"statut_avant":"a_lancer"`) || !strings.Contains(r.body, `{"id":`) || !strings.Contains(r.body, `"cible":100,"valeur":40`) {
		t.Fatalf("api action: %d %s", r.status, r.body)
	}
	coordToken := s.token(account.RoleCoordination, ccas)
	if r := s.api(coordToken, "GET", "/api/v1/plan-action/actions", ""); r.status != 200 || !strings.Contains(r.body, `"intitule":"Remettre 100 téléphones reconditionnés"`) {
		t.Fatalf("api actions: %d %s", r.status, r.body)
	}
	if r := s.api(coordToken, "GET", "/api/v1/bilans", ""); r.status != 200 || !strings.Contains(r.body, `"plan_action":{`) ||
		!strings.Contains(r.body, `{"intitule":"Remettre 100 téléphones reconditionnés","statut":"En cours"`) || !strings.Contains(r.body, `{"nom":"Téléphones remis","cible":100,"valeur":40}`) {
		t.Fatalf("api bilan: %d %s", r.status, r.body)
	}

	// The lead reads its action; it does not review it.
	partner := s.login(account.RolePartner)
	if r := s.do(partner, "GET", "/espace/plan-action", nil); r.status != 200 || !strings.Contains(r.body, "Remettre 100 téléphones") || strings.Contains(r.body, "Ajouter une proposition") {
		t.Fatalf("lead's plan: %d", r.status)
	}
	if r := s.do(partner, "POST", action+"/points", url.Values{"date": {day}, "texte": {"x"}, "statut": {"realisee"}}); r.status != 403 {
		t.Fatalf("lead reviews: %d", r.status)
	}
}

// TestCharterScenario: the coordinator publishes the charter; France
// Services signs it (the form keeps what was typed on error); the public
// page, without signing in, lists France Services with the signer's role
// but not their name; a new version has no signatory yet.
func TestCharterScenario(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	coord := s.login(account.RoleCoordination)
	text := "Les acteurs du Pays rochefortais s'engagent à orienter chaque personne vers le bon lieu.\n\nIls partagent leurs ressources."
	if r := s.do(coord, "POST", "/espace/reseau/charte/versions", url.Values{"texte": {text}}); r.status != 303 {
		t.Fatalf("publish: %d %s", r.status, r.body)
	}
	partner := s.login(account.RolePartner)
	r := s.do(partner, "GET", "/espace/reseau/charte", nil)
	if r.status != 200 || !strings.Contains(r.body, "Signer pour votre structure") || !strings.Contains(r.body, "Ils partagent leurs ressources.") {
		t.Fatalf("partner's page: %d %s", r.status, r.body)
	}
	sign := between(r.body, `<form method="post" action="`, `"`)
	if !strings.HasSuffix(sign, "/signatures") {
		t.Fatalf("the signature form: %q", sign)
	}
	day := s.clock.Now().In(frtime.Paris).Format("02/01/2006")
	r = s.do(partner, "POST", sign, url.Values{"nom": {"Paule Directrice"}, "fonction": {"Directrice de France Services"}, "date": {day}})
	if r.status != 422 || !strings.Contains(r.body, "Cochez la case") || !strings.Contains(r.body, "Paule Directrice") {
		t.Fatalf("unticked: %d", r.status)
	}
	form := url.Values{"nom": {"Paule Directrice"}, "fonction": {"Directrice de France Services"}, "date": {day}, "accepte": {"oui"}}
	if r := s.do(partner, "POST", sign, form); r.status != 303 {
		t.Fatalf("sign: %d %s", r.status, r.body)
	}
	if r := s.do(partner, "POST", sign, form); r.status != 422 || !strings.Contains(r.body, "Votre structure a déjà signé cette version") {
		t.Fatalf("signed twice: %d %s", r.status, r.body)
	}
	if r := s.do(s.login(account.RoleReception), "POST", sign, form); r.status != 403 {
		t.Fatalf("reception signs: %d", r.status)
	}

	anon := s.client()
	r = s.do(anon, "GET", "/reseau/charte", nil)
	if r.status != 200 || !strings.Contains(r.body, "France Services Rochefort Océan (démo)") || !strings.Contains(r.body, "signataire : Directrice de France Services") ||
		strings.Contains(r.body, "Paule Directrice") || !strings.Contains(r.body, "Ils partagent leurs ressources.") {
		t.Fatalf("public page: %d %s", r.status, r.body)
	}
	if r := s.do(coord, "POST", "/espace/reseau/charte/versions", url.Values{"texte": {text + "\n\nIls se réunissent chaque trimestre."}}); r.status != 303 {
		t.Fatalf("a new version: %d", r.status)
	}
	// (The demo published version 1: these are versions 2 and 3.)
	if r := s.do(anon, "GET", "/reseau/charte", nil); !strings.Contains(r.body, "Version 3") || strings.Contains(r.body, "France Services Rochefort Océan (démo)") {
		t.Fatalf("public page after a new version: %s", r.body)
	}

	// The API lists the signatories of the current version.
	ccas := s.demo.Structures[demo.CCAS]
	if r := s.api(s.token(account.RoleMediation, ccas), "GET", "/api/v1/charte", ""); r.status != 200 || !strings.Contains(r.body, `"version":3`) || !strings.Contains(r.body, `"signataires":[]`) {
		t.Fatalf("api charter: %d %s", r.status, r.body)
	}
}

// between returns the text of s between from and to.
func between(s, from, to string) string {
	_, after, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(after, to)
	return v
}
