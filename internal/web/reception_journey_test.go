package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/scope"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// lastID returns the number at the end of a redirect.
func lastID(t *testing.T, r response, prefix string) string {
	t.Helper()
	loc := r.header.Get("Location")
	if r.status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("status %d, location %q (want %s…)\n%.3000s", r.status, loc, prefix, r.body)
	}
	return strings.TrimPrefix(loc, prefix)
}

func firstEvaluationForm(first, last string) url.Values {
	v := url.Values{
		"suivi": {"suivie"}, "prenom": {first}, "nom": {last}, "annee_naissance": {"1950"}, "genre": {"feminin"},
		"commune": {"Rochefort (17300)"}, "statut": {"retraite"}, "telephone": {"01 99 00 11 22"}, "besoins": {"gros_caracteres"},
		"consentement_suivi": {"oui"}, "thematiques": {"aide_aux_demarches_administratives", "email"}, "demarches": {"social_sante"},
		"equipement": {"smartphone"},
	}
	for i, a := range []string{"oui", "oui", "non", "non", "non", "non", "non", "non"} {
		v.Set("q"+string(rune('1'+i)), a)
	}
	return v
}

func referralForm(personID, destination string) url.Values {
	return url.Values{"personne": {personID}, "destination": {destination}, "service": {"Aide aux démarches administratives"},
		"nom": {"Léa Journée"}, "contact": {"telephone"}, "contact_valeur": {"01 99 00 11 22"}, "motif": {"Dossier de complémentaire santé."},
		"informee": {"oui"}, "consentement_partage": {"oui"}}
}

func activityForm(personID, notes string) url.Values {
	return url.Values{"type": {"individuel"}, "date": {time.Now().In(time.UTC).Format("2006-01-02")}, "duree": {"60"}, "canal": {"a_distance"},
		"materiel": {"telephone"}, "thematiques": {"email"}, "autonomie": {"partiellement_autonome"}, "personne": {personID}, "notes": {notes}}
}

// TestReceptionJourney: reception evaluates a person, orients them to the
// demo's France Services, which accepts; the mediator records two
// activities; the timeline shows all of it. Then a refusal, an expiry with
// the injected clock, and an answer through a signed link — on both databases.
func TestReceptionJourney(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		fs := itoa(s.demo.Structures[demo.FranceServices])
		reception := s.login(account.RoleReception)

		// 1. First evaluation on one screen.
		if r := s.do(reception, "GET", "/espace/accueil", nil); r.status != 200 || !strings.Contains(r.body, "Je sais envoyer un e-mail avec une pièce jointe") {
			t.Fatalf("evaluation form: %d", r.status)
		}
		bad := s.do(reception, "POST", "/espace/accueil", url.Values{"suivi": {"suivie"}, "prenom": {"Léa"}})
		if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `id="nom-error"`) || !strings.Contains(bad.body, "Répondez par oui ou par non à la question 1.") {
			i := strings.Index(bad.body, "govuk-error-summary__list")
			t.Fatalf("bad evaluation: %d\n%.2000s", bad.status, bad.body[max(i, 0):])
		}
		evalID := lastID(t, s.do(reception, "POST", "/espace/accueil", firstEvaluationForm("Léa", "Journée")), "/espace/evaluations/")
		ev := s.do(reception, "GET", "/espace/evaluations/"+evalID, nil)
		if ev.status != 200 || !strings.Contains(ev.body, "Exclu·e du numérique") || !strings.Contains(ev.body, "Orienter vers un service") {
			t.Fatalf("evaluation page: %d\n%.3000s", ev.status, ev.body)
		}
		pid := regexp.MustCompile(`/espace/personnes/(\d+)`).FindStringSubmatch(ev.body)[1]

		// A second person with the same name, year and commune is a probable duplicate.
		dup := s.do(reception, "POST", "/espace/accueil", firstEvaluationForm("LEA", "journee"))
		if dup.status != http.StatusConflict || !strings.Contains(dup.body, "dossier n° "+pid) {
			t.Fatalf("duplicate: %d\n%.2000s", dup.status, dup.body)
		}

		// 2. Orientation to France Services, showing exactly what is shared.
		form := s.do(reception, "GET", "/espace/orientations/nouvelle?personne="+pid+"&evaluation="+evalID, nil)
		if form.status != 200 || !strings.Contains(form.body, "Ce qui sera envoyé, et rien d'autre") || !strings.Contains(form.body, "N'écrivez pas d'information sensible") {
			t.Fatalf("referral form: %d", form.status)
		}
		noConsent := referralForm(pid, "structure-"+fs)
		noConsent.Del("consentement_partage")
		if r := s.do(reception, "POST", "/espace/orientations", noConsent); r.status != 422 || !strings.Contains(r.body, `id="consentement_partage-error"`) {
			t.Fatalf("referral without consent: %d", r.status)
		}
		accepted := lastID(t, s.do(reception, "POST", "/espace/orientations", referralForm(pid, "structure-"+fs)), "/espace/orientations/")

		// 3. France Services sees it in its inbox and accepts it.
		partner := s.login(account.RolePartner)
		inbox := s.do(partner, "GET", "/espace/orientations", nil)
		if inbox.status != 200 || !strings.Contains(inbox.body, "Léa Journée") {
			t.Fatalf("inbox: %d", inbox.status)
		}
		view := s.do(partner, "GET", "/espace/orientations/"+accepted, nil)
		if view.status != 200 || !strings.Contains(view.body, "Dossier de complémentaire santé.") || strings.Contains(view.body, "Exclu·e du numérique") || strings.Contains(view.body, "/espace/personnes/") {
			t.Fatalf("partner view: %d (must show only the shared fields)\n%.3000s", view.status, view.body)
		}
		if r := s.do(partner, "GET", "/espace/personnes/"+pid, nil); r.status != 403 {
			t.Fatalf("partner opens the person: %d", r.status)
		}
		if r := s.do(partner, "POST", "/espace/orientations/"+accepted+"/decision", url.Values{"decision": {"refuser"}}); r.status != 422 || !strings.Contains(r.body, "motif de refus") {
			t.Fatalf("refusal without reason: %d", r.status)
		}
		lastID(t, s.do(partner, "POST", "/espace/orientations/"+accepted+"/decision", url.Values{"decision": {"valider"}, "commentaire": {"RDV mardi"}}), "/espace/orientations/")
		if r := s.do(partner, "POST", "/espace/orientations/"+accepted+"/decision", url.Values{"decision": {"valider"}}); r.status != http.StatusConflict {
			t.Fatalf("second answer: %d", r.status)
		}

		// 4. The mediator records two activities.
		mediation := s.login(account.RoleMediation)
		if r := s.do(mediation, "GET", "/espace/activites/nouvelle?personne="+pid, nil); r.status != 200 || !strings.Contains(r.body, "Léa Journée") {
			t.Fatalf("activity form: %d", r.status)
		}
		a1 := lastID(t, s.do(mediation, "POST", "/espace/activites", activityForm(pid, "Note secrète de médiation")), "/espace/activites/")
		dupForm := s.do(mediation, "GET", "/espace/activites/nouvelle?dupliquer="+a1, nil)
		if dupForm.status != 200 || !strings.Contains(dupForm.body, "Copie de l'accompagnement n° "+a1) {
			t.Fatalf("duplicate activity form: %d", dupForm.status)
		}
		lastID(t, s.do(mediation, "POST", "/espace/activites", activityForm(pid, "")), "/espace/activites/")
		if r := s.do(mediation, "GET", "/espace/activites/"+a1, nil); !strings.Contains(r.body, "Note secrète de médiation") || !strings.Contains(r.body, "premier accompagnement") {
			t.Fatalf("the author reads the notes and the first flag:\n%.3000s", r.body)
		}

		// 5. The timeline shows all of it; reception never reads the notes.
		page := s.do(reception, "GET", "/espace/personnes/"+pid, nil)
		for _, want := range []string{"Évaluation du", "vers France Services Rochefort Océan (démo)", "Validée", "Accompagnement individuel du", "premier accompagnement", "En cours"} {
			if !strings.Contains(page.body, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}
		if strings.Count(page.body, "Accompagnement individuel du") != 2 {
			t.Errorf("two activities expected in the timeline")
		}
		if strings.Contains(page.body, "Note secrète") {
			t.Fatal("reception reads an activity note")
		}
		api := s.api(s.token(account.RoleMediation, s.demo.Structures[demo.CCAS]), "GET", "/api/v1/personnes/"+pid+"/chronologie", "")
		var tl struct {
			Events []struct {
				Type        string `json:"type"`
				Orientation *struct {
					Etat string `json:"etat"`
				} `json:"orientation"`
			} `json:"evenements"`
		}
		if err := json.Unmarshal([]byte(api.body), &tl); err != nil || api.status != 200 || len(tl.Events) != 4 {
			t.Fatalf("API timeline: %d %v %s", api.status, err, api.body)
		}

		// 6. A refusal with its reasons.
		refused := lastID(t, s.do(reception, "POST", "/espace/orientations", referralForm(pid, "structure-"+fs)), "/espace/orientations/")
		lastID(t, s.do(partner, "POST", "/espace/orientations/"+refused+"/decision", url.Values{"decision": {"refuser"}, "motifs": {"session_complete", "non_mobile"}}), "/espace/orientations/")
		if r := s.do(reception, "GET", "/espace/orientations/"+refused, nil); !strings.Contains(r.body, "Refusée") || !strings.Contains(r.body, "Session complète, Non mobile") {
			t.Fatalf("refusal seen by the sender:\n%.3000s", r.body)
		}

		// 7. A place whose structure does not use Parcours answers through a signed link.
		pl := place.Place{Source: "test", SourceID: "sans-parcours", Status: place.StatusOpen, Pivot: "00000000000000", Name: "Lieu sans Parcours",
			Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "1 rue du Test", Hours: "Mo-Fr 09:00-17:00",
			Services: []string{"Aide aux démarches administratives"}, UpdatedOn: s.clock.Now()}
		if err := placestore.New(st).CreatePlace(ctx, &pl, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		linked := lastID(t, s.do(reception, "POST", "/espace/orientations", referralForm(pid, "lieu-"+itoa(pl.ID))), "/espace/orientations/")
		sender := s.do(reception, "GET", "/espace/orientations/"+linked, nil)
		m := regexp.MustCompile(`/orientation/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)`).FindStringSubmatch(sender.body)
		if m == nil || !strings.Contains(sender.body, "<svg") {
			t.Fatalf("the sender sees the link and its QR code:\n%.3000s", sender.body)
		}
		sheet := s.do(reception, "GET", "/espace/orientations/"+linked+"/fiche", nil)
		for _, want := range []string{"Où aller ?", "Quand ?", "Quoi apporter ?", "1 rue du Test", "lundi : 9 h", "<svg"} {
			if !strings.Contains(sheet.body, want) {
				t.Errorf("the fiche d'orientation lacks %q", want)
			}
		}
		anon := s.client()
		if r := s.do(anon, "GET", "/orientation/"+m[1], nil); r.status != 200 || !strings.Contains(r.body, "Léa Journée") {
			t.Fatalf("signed link: %d", r.status)
		}
		if r := s.do(anon, "GET", "/orientation/"+m[1][:len(m[1])-2]+"AA", nil); r.status != 404 {
			t.Fatalf("a tampered link: %d", r.status)
		}
		if r := s.do(anon, "POST", "/orientation/"+m[1], url.Values{"decision": {"valider"}, "signataire": {"Accueil du lieu"}}); r.status != 200 || !strings.Contains(r.body, "Validée") {
			t.Fatalf("answer through the link: %d\n%.2000s", r.status, r.body)
		}

		// 8. The structure's admin reads the journal, with the partner's reading.
		admin := s.login(account.RoleAdmin)
		j := s.do(admin, "GET", "/espace/journal", nil)
		if j.status != 200 || !strings.Contains(j.body, "Paul Partenaire (Partenaire)") || !strings.Contains(j.body, "Lien signé") {
			t.Fatalf("journal: %d\n%.2000s", j.status, j.body)
		}
		csv := s.do(admin, "GET", "/espace/journal/personnes/"+pid, nil)
		if csv.status != 200 || !strings.Contains(csv.body, "Agnès Accueil") || !strings.Contains(csv.header.Get("Content-Disposition"), "acces-personne-"+pid) {
			t.Fatalf("right of access export: %d", csv.status)
		}
		// 9. An orientation left without answer: reminder at 10 days, expiry at 30, once each.
		// Sessions follow the real clock, so after the jump the checks use API tokens.
		expiring := lastID(t, s.do(reception, "POST", "/espace/orientations", referralForm(pid, "structure-"+fs)), "/espace/orientations/")
		expID, _ := strconv.ParseInt(expiring, 10, 64)
		ccas := s.demo.Structures[demo.CCAS]
		events := func() (referral.Referral, int) {
			r, err := st.Referral(ctx, scope.OfStructure(ccas), expID)
			if err != nil {
				t.Fatal(err)
			}
			return r, len(r.Events)
		}
		s.clock.Advance(9 * 24 * time.Hour)
		s.srv.RunReceptionChores(ctx)
		if r, n := events(); !r.RemindedAt.IsZero() || n != 1 {
			t.Fatalf("no reminder before 10 days: %v %d", r.RemindedAt, n)
		}
		s.clock.Advance(2 * 24 * time.Hour)
		s.srv.RunReceptionChores(ctx)
		s.srv.RunReceptionChores(ctx)
		if r, n := events(); r.RemindedAt.IsZero() || n != 2 || r.State != referral.Open {
			t.Fatalf("one reminder at 10 days: %v %d %s", r.RemindedAt, n, r.State)
		}
		s.clock.Advance(20 * 24 * time.Hour)
		s.srv.RunReceptionChores(ctx)
		s.srv.RunReceptionChores(ctx)
		if r, n := events(); r.State != referral.Expired || n != 3 {
			t.Fatalf("one expiry at 30 days: %s %d", r.State, n)
		}
		receptionToken := s.token(account.RoleReception, ccas)
		sent := s.api(receptionToken, "GET", "/api/v1/orientations?boite=envoyees&etat=expiree", "")
		if sent.status != 200 || !strings.Contains(sent.body, `"id":`+expiring+`,`) {
			t.Fatalf("expired referral through the API: %d %s", sent.status, sent.body)
		}
		partnerToken := s.token(account.RolePartner, s.demo.Structures[demo.FranceServices])
		if r := s.api(partnerToken, "POST", "/api/v1/orientations/"+expiring+"/decision", `{"decision":"valider"}`); r.status != http.StatusConflict || !strings.Contains(r.body, "expiré") {
			t.Fatalf("answer after expiry: %d %s", r.status, r.body)
		}
		if r := s.do(anon, "GET", "/orientation/"+m[1], nil); r.status != 404 || !strings.Contains(r.body, "expiré") {
			t.Fatalf("a link older than 8 days: %d", r.status)
		}
	})
}

// token creates a personal API token for a demo account.
func (s *site) token(role account.Role, structureID int64) string {
	s.t.Helper()
	secret, hash, prefix := api.NewToken()
	if _, err := s.store.CreateAPIToken(context.Background(), s.demo.Users[role], structureID, "test", hash, prefix, s.clock.Now()); err != nil {
		s.t.Fatal(err)
	}
	return secret
}

// api calls the JSON API with a bearer token.
func (s *site) api(token, method, path, body string) response {
	s.t.Helper()
	return s.apiExchange(token, method, path, body)
}
