package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// welcomeForm is a first evaluation of someone who wants to learn e-mail:
// yes answers to the first n questions.
func welcomeForm(first, last string, yes int) url.Values {
	v := url.Values{"suivi": {"suivie"}, "prenom": {first}, "nom": {last}, "annee_naissance": {"1950"}, "genre": {"feminin"},
		"commune": {"17299"}, "statut": {"retraite"}, "consentement_suivi": {"oui"}, "thematiques": {"email"}}
	for i := 0; i < 8; i++ {
		v.Set("q"+string(rune('1'+i)), map[bool]string{true: "oui", false: "non"}[i < yes])
	}
	return v
}

func apiAnswers(yes int) string {
	a := make([]string, 8)
	for i := range a {
		a[i] = map[bool]string{true: "true", false: "false"}[i < yes]
	}
	return "[" + strings.Join(a, ",") + "]"
}

func jsonID(t *testing.T, r response) int64 {
	t.Helper()
	var out struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || out.ID == 0 {
		t.Fatalf("no id in %d %s", r.status, r.body)
	}
	return out.ID
}

// TestDivergenceFollowStatusWebAndAPI: a person welcomed through the web's
// first evaluation and one created then evaluated through the API land in
// the same follow-up status, by one rule: the waiting list when the
// evaluation suggests an individual accompaniment, en cours otherwise.
func TestDivergenceFollowStatusWebAndAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
		web := s.login(account.RoleReception)
		token := s.token(account.RoleReception, ccas)
		for _, c := range []struct {
			yes  int
			want person.FollowStatus
		}{{2, person.Waiting}, {8, person.InProgress}} {
			name := "Statut" + string(rune('A'+c.yes))
			evalID := lastID(t, s.do(web, "POST", "/espace/accueil", welcomeForm(name, "Web", c.yes)), "/espace/evaluations/")
			page := s.do(web, "GET", "/espace/evaluations/"+evalID, nil)
			webPerson := mustID(t, regexp.MustCompile(`/espace/personnes/(\d+)`).FindStringSubmatch(page.body)[1])

			p := s.api(token, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"`+name+`","nom":"Api","annee_naissance":1950,"genre":"feminin","commune_insee":"17299","statut":"retraite","consentements":["suivi"]}`)
			if p.status != 201 || !strings.Contains(p.body, `"statut_suivi":"en_cours"`) {
				t.Fatalf("API person: %d %s", p.status, p.body)
			}
			apiPerson := jsonID(t, p)
			e := s.api(token, "POST", "/api/v1/evaluations", `{"personne_id":`+itoa(apiPerson)+`,"thematiques":["email"],"reponses":`+apiAnswers(c.yes)+`}`)
			if e.status != 201 {
				t.Fatalf("API evaluation: %d %s", e.status, e.body)
			}
			byWeb, err := st.Person(ctx, scope.OfStructure(ccas), webPerson)
			if err != nil {
				t.Fatal(err)
			}
			byAPI, err := st.Person(ctx, scope.OfStructure(ccas), apiPerson)
			if err != nil {
				t.Fatal(err)
			}
			if byWeb.Status != c.want || byAPI.Status != c.want || byWeb.WaitingSince.IsZero() != byAPI.WaitingSince.IsZero() {
				t.Errorf("%d yes: web %s (waiting since %v), API %s (waiting since %v), want %s", c.yes, byWeb.Status, byWeb.WaitingSince, byAPI.Status, byAPI.WaitingSince, c.want)
			}
			if g := s.api(token, "GET", "/api/v1/personnes/"+itoa(apiPerson), ""); !strings.Contains(g.body, `"statut_suivi":"`+string(c.want)+`"`) {
				t.Errorf("the API reads back %s", g.body)
			}
		}
	})
}

// TestDivergenceReferralLinkMailedWebAndAPI: an API referral to a place
// without Parcours e-mails the signed link exactly as the web's does.
func TestDivergenceReferralLinkMailedWebAndAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
		pl := place.Place{Source: "test", SourceID: "divergence", Status: place.StatusOpen, Pivot: "00000000000000", Name: "Lieu sans Parcours",
			Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "4 rue du Test", Emails: []string{"accueil@lieu.example.fr"},
			Services: []string{"Aide aux démarches administratives"}, UpdatedOn: s.clock.Now()}
		if err := placestore.New(st).CreatePlace(ctx, &pl, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		persons, _, err := st.ListPersons(ctx, scope.OfStructure(ccas), store.PersonFilter{Query: "moreau", Limit: 1})
		if err != nil || len(persons) != 1 {
			t.Fatal(err)
		}
		pid := itoa(persons[0].ID)
		webRef := lastID(t, s.do(s.login(account.RoleReception), "POST", "/espace/orientations", referralForm(pid, "lieu-"+itoa(pl.ID))), "/espace/orientations/")
		r := s.api(s.token(account.RoleReception, ccas), "POST", "/api/v1/orientations", `{"personne_id":`+pid+`,"lieu_id":`+itoa(pl.ID)+
			`,"nom":"Léa Journée","contact":"telephone","contact_valeur":"01 99 00 11 22","service":"Aide aux démarches administratives","motif":"Dossier de complémentaire santé.","personne_informee":true}`)
		if r.status != 201 {
			t.Fatalf("API referral: %d %s", r.status, r.body)
		}
		var created struct {
			ID     int64  `json:"id"`
			Link   string `json:"lien"`
			Sender string `json:"structure_emettrice"`
		}
		if err := json.Unmarshal([]byte(r.body), &created); err != nil || created.Link == "" || created.Sender == "" {
			t.Fatalf("API referral: %s", r.body)
		}
		msgs, _, err := st.ListMessages(ctx, scope.OfStructure(ccas), store.MessageFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		byRef := map[string]notify.Message{}
		for _, m := range msgs {
			if m.Kind == notify.ReferralLink && m.To == "accueil@lieu.example.fr" {
				byRef[regexp.MustCompile(`n° (\d+)`).FindStringSubmatch(m.Subject)[1]] = m
			}
		}
		web, api := byRef[webRef], byRef[itoa(created.ID)]
		if web.Body == "" || api.Body == "" || len(byRef) != 2 {
			t.Fatalf("one e-mail each: %v", byRef)
		}
		if !strings.Contains(api.Body, created.Link) {
			t.Fatalf("the API's e-mail carries the link it answered:\n%s\n%s", api.Body, created.Link)
		}
		token := regexp.MustCompile(`/orientation/[A-Za-z0-9_\-.]+`)
		normalise := func(m notify.Message, id string) string {
			return strings.ReplaceAll(token.ReplaceAllString(m.Subject+"\n"+m.Body, "/orientation/LIEN"), "n° "+id, "n° N")
		}
		if a, w := normalise(api, itoa(created.ID)), normalise(web, webRef); a != w || api.Status != web.Status || api.Channel != web.Channel {
			t.Fatalf("the e-mails differ:\nweb: %s\nAPI: %s", w, a)
		}
		if page := s.do(s.client(), "GET", strings.TrimPrefix(created.Link, s.http.URL), nil); page.status != 200 || !strings.Contains(page.body, "Léa Journée") {
			t.Fatalf("the API's link opens the referral: %d", page.status)
		}
		if secret := created.Link[strings.LastIndex(created.Link, "/")+1:]; strings.Contains(s.logBuf.String(), secret) {
			t.Fatal("the signed link's token is written in the logs")
		}
	})
}

// TestDuplicateWarningWhenYearOrCommuneUnknown: the same names (accents
// and case ignored) with the birth year or the commune unknown on one side
// are a probable duplicate, through the web and the API alike.
func TestDuplicateWarningWhenYearOrCommuneUnknown(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		web := s.login(account.RoleReception)
		token := s.token(account.RoleReception, s.demo.Structures[demo.CCAS])
		first := lastID(t, s.do(web, "POST", "/espace/accueil", welcomeForm("Hélène", "Doublon", 3)), "/espace/evaluations/")
		pid := regexp.MustCompile(`/espace/personnes/(\d+)`).FindStringSubmatch(s.do(web, "GET", "/espace/evaluations/"+first, nil).body)[1]

		noCommune := welcomeForm("HELENE", "doublon", 3)
		noCommune.Del("commune")
		if r := s.do(web, "POST", "/espace/accueil", noCommune); r.status != http.StatusConflict || !strings.Contains(r.body, "dossier n° "+pid) {
			t.Fatalf("web, commune unknown: %d", r.status)
		}
		noYear := welcomeForm("hélène", "DOUBLON", 3)
		noYear.Del("annee_naissance")
		if r := s.do(web, "POST", "/espace/accueil", noYear); r.status != http.StatusConflict || !strings.Contains(r.body, "dossier n° "+pid) {
			t.Fatalf("web, year unknown: %d", r.status)
		}
		if r := s.api(token, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"Helene","nom":"Doublon","consentements":["suivi"]}`); r.status != 409 || !strings.Contains(r.body, "n° "+pid) {
			t.Fatalf("API, year and commune unknown: %d %s", r.status, r.body)
		}
		if r := s.api(token, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"Hélène","nom":"Doublon","annee_naissance":1990,"consentements":["suivi"]}`); r.status != 201 {
			t.Fatalf("API, another birth year is another person: %d %s", r.status, r.body)
		}
	})
}

// TestBookingFromAReferral: after an orientation, the referral's page and
// the person's page offer « Prendre rendez-vous »: the partner booking
// screen of a structure using Parcours, the person preselected; the place's
// own booking site otherwise.
func TestBookingFromAReferral(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	rec := s.login(account.RoleReception)
	persons, _, err := s.store.ListPersons(ctx, scope.OfStructure(ccas), store.PersonFilter{Query: "moreau", Limit: 1})
	if err != nil || len(persons) != 1 {
		t.Fatal(err)
	}
	pid := itoa(persons[0].ID)

	m := agenda.Motive{StructureID: fs, Name: "Aide au dossier", Duration: 30, Location: agenda.LocationOnSite, BookableBy: agenda.BookPartners, MaxDelayDays: 30}
	if err := agendastore.New(s.store).CreateMotive(ctx, scope.OfStructure(fs), &m, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	toFS := lastID(t, s.do(rec, "POST", "/espace/orientations", referralForm(pid, "structure-"+itoa(fs))), "/espace/orientations/")
	book := "/espace/agenda/orienter?structure=" + itoa(fs) + "&orientation=" + toFS
	pl := place.Place{Source: "test", SourceID: "rdv", Status: place.StatusOpen, Pivot: "00000000000000", Name: "Lieu avec prise de rendez-vous",
		Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299", Address: "6 rue du Test", BookingURL: "https://rdv.example.fr/lieu",
		Services: []string{"Aide aux démarches administratives"}, UpdatedOn: s.clock.Now()}
	if err := placestore.New(s.store).CreatePlace(ctx, &pl, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	toPlace := lastID(t, s.do(rec, "POST", "/espace/orientations", referralForm(pid, "lieu-"+itoa(pl.ID))), "/espace/orientations/")

	for _, c := range []struct{ path, want string }{
		{"/espace/orientations/" + toFS, `href="` + strings.ReplaceAll(book, "&", "&amp;") + `"`},
		{"/espace/orientations/" + toPlace, `href="https://rdv.example.fr/lieu"`},
		{"/espace/personnes/" + pid, `href="` + strings.ReplaceAll(book, "&", "&amp;") + `"`},
		{"/espace/personnes/" + pid, `href="https://rdv.example.fr/lieu"`},
	} {
		raw, _, status := s.raw(rec, c.path)
		if status != 200 || !strings.Contains(string(raw), c.want) || !strings.Contains(string(raw), "Prendre rendez-vous") {
			t.Errorf("%s: « Prendre rendez-vous » leading to %s is missing (%d)", c.path, c.want, status)
		}
	}
	// The partner screen lists the receiving structure's motives with the referral, whose form names the person.
	motives := s.do(rec, "GET", book, nil)
	link := "/espace/agenda/orienter/" + itoa(m.ID) + "?orientation=" + toFS
	if !strings.Contains(motives.body, link) {
		t.Fatalf("the motives of the structure, with the referral (%d)", motives.status)
	}
	form := s.do(rec, "GET", link, nil)
	if form.status != 200 || !strings.Contains(form.body, `value="Léa Journée"`) {
		t.Fatalf("the booking form names the person (%d)", form.status)
	}
}

// TestEvaluationCorrectionWithAPastDeadline: a new evaluation with a
// deadline already passed is refused, but correcting an existing one saves
// it with a warning.
func TestEvaluationCorrectionWithAPastDeadline(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	rec := s.login(account.RoleReception)
	past := s.clock.Now().AddDate(0, 0, -5).Format("2006-01-02")
	form := welcomeForm("Passé", "Échéance", 3)
	form.Set("echeance", past)
	if r := s.do(rec, "POST", "/espace/accueil", form); r.status != 422 || !strings.Contains(r.body, `id="echeance-error"`) {
		t.Fatalf("a new evaluation with a past deadline: %d", r.status)
	}
	form.Del("echeance")
	evalID := lastID(t, s.do(rec, "POST", "/espace/accueil", form), "/espace/evaluations/")
	edit := s.do(rec, "GET", "/espace/evaluations/"+evalID+"/modifier", nil)
	if edit.status != 200 || !strings.Contains(edit.body, `action="/espace/evaluations/`+evalID+`"`) || !strings.Contains(edit.body, `value="oui" checked`) {
		t.Fatalf("the correction form, answers pre-filled: %d", edit.status)
	}
	correction := url.Values{"thematiques": {"email"}, "echeance": {past}}
	for i := 0; i < 8; i++ {
		correction.Set("q"+string(rune('1'+i)), "non")
	}
	lastID(t, s.do(rec, "POST", "/espace/evaluations/"+evalID, correction), "/espace/evaluations/")
	page := s.do(rec, "GET", "/espace/evaluations/"+evalID, nil)
	if !strings.Contains(page.body, "Évaluation corrigée") || !strings.Contains(page.body, "La date limite est déjà passée") || !strings.Contains(page.body, "Exclu·e du numérique") {
		t.Fatalf("the correction is saved with a warning:\n%.3000s", page.body)
	}
	token := s.token(account.RoleReception, s.demo.Structures[demo.CCAS])
	if r := s.api(token, "GET", "/api/v1/evaluations/"+evalID, ""); r.status != 200 || !strings.Contains(r.body, `"echeance":"`+past+`"`) || !strings.Contains(r.body, `"score":0`) {
		t.Fatalf("the corrected evaluation: %d %s", r.status, r.body)
	}
}

// TestReceptionAPIForIntegrators: what a partner meets synchronising
// through the API — every object created can be read back, lists follow
// changes with a cursor, date-times carry their offset, and errors name
// the API's fields.
func TestReceptionAPIForIntegrators(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	rec, med := s.token(account.RoleReception, ccas), s.token(account.RoleMediation, ccas)

	t.Run("ErrorsNameTheAPIFields", func(t *testing.T) {
		r := s.api(med, "POST", "/api/v1/activites", `{"type":"individuel","date":"`+s.clock.Now().Format("2006-01-02")+`","duree":30,"canal":"autre","commune_insee":"99999","thematiques":["email"],"autonomie":"autonome","precisions":"Dossier APL"}`)
		var e struct {
			Error struct {
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(r.body), &e); err != nil || r.status != 422 || e.Error.Fields["precisions"] == "" || e.Error.Fields["commune_insee"] == "" || e.Error.Fields["commune"] != "" {
			t.Fatalf("précisions without the theme and a bad commune: %d %s", r.status, r.body)
		}
		p := s.api(rec, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"Inès","nom":"Erreur","commune_insee":"99999","consentements":["suivi"]}`)
		if p.status != 422 || !strings.Contains(p.body, `"commune_insee"`) || strings.Contains(p.body, `"commune":`) {
			t.Fatalf("a person's bad commune: %d %s", p.status, p.body)
		}
		for _, q := range []string{"/api/v1/activites?page=2", "/api/v1/personnes?modifie_depuis=2026-01-01T00:00:00", "/api/v1/orientations?curseur=xyz"} {
			r := s.api(rec, "GET", q, "")
			if r.status != 422 && !(strings.HasPrefix(q, "/api/v1/activites") && r.status == 403) {
				t.Errorf("%s: %d %s", q, r.status, r.body)
			}
		}
		if r := s.api(med, "GET", "/api/v1/activites?page=2", ""); r.status != 422 || !strings.Contains(r.body, `"page"`) {
			t.Errorf("an unknown parameter is named: %d %s", r.status, r.body)
		}
	})

	var personID, evalID, refID, actID int64
	t.Run("ReadBackWhatIsWritten", func(t *testing.T) {
		personID = jsonID(t, s.api(rec, "POST", "/api/v1/personnes", `{"suivi":"anonyme","genre":"masculin","statut":"retraite"}`))
		evalID = jsonID(t, s.api(rec, "POST", "/api/v1/evaluations", `{"personne_id":`+itoa(personID)+`,"thematiques":["aide_aux_demarches_administratives","email"],"demarches":["logement"],"reponses":`+apiAnswers(1)+`}`))
		// An anonymous person is oriented as the web orients: the name to share is given.
		ref := s.api(rec, "POST", "/api/v1/orientations", `{"personne_id":`+itoa(personID)+`,"evaluation_id":`+itoa(evalID)+`,"structure_id":`+itoa(fs)+
			`,"nom":"Marcel","contact":"referent","service":"Aide aux démarches administratives","personne_informee":true,"consentement_partage":true}`)
		if ref.status != 201 || !strings.Contains(ref.body, `"structure_emettrice":"CCAS de Rochefort (démo)"`) || !strings.Contains(ref.body, `"structure_emettrice_id":`+itoa(ccas)) || !strings.Contains(ref.body, `"evaluation_id":`+itoa(evalID)) {
			t.Fatalf("referral of an anonymous person: %d %s", ref.status, ref.body)
		}
		refID = jsonID(t, ref)
		act := s.api(med, "POST", "/api/v1/activites", `{"type":"individuel","date":"`+s.clock.Now().Format("2006-01-02")+`","duree":45,"canal":"a_distance","thematiques":["aide_aux_demarches_administratives"],"demarches":["logement"],"precisions":"Dossier APL","autonomie":"autonome","personne_id":`+itoa(personID)+`}`)
		if act.status != 201 || !strings.Contains(act.body, `"precisions":"Dossier APL"`) {
			t.Fatalf("activity: %d %s", act.status, act.body)
		}
		actID = jsonID(t, act)
		for path, want := range map[string]string{
			"/api/v1/personnes/" + itoa(personID):                  `"suivi":"anonyme"`,
			"/api/v1/evaluations/" + itoa(evalID):                  `"personne_id":` + itoa(personID),
			"/api/v1/orientations/" + itoa(refID):                  `"nom":"Marcel"`,
			"/api/v1/activites/" + itoa(actID):                     `"precisions":"Dossier APL"`,
			"/api/v1/personnes/" + itoa(personID) + "/evaluations": `"id":` + itoa(evalID),
		} {
			tok := rec
			if strings.HasPrefix(path, "/api/v1/activites") {
				tok = med
			}
			if r := s.api(tok, "GET", path, ""); r.status != 200 || !strings.Contains(r.body, want) {
				t.Errorf("%s: %d %s", path, r.status, r.body)
			}
		}
		if r := s.api(s.token(account.RolePartner, fs), "GET", "/api/v1/orientations/"+itoa(refID), ""); r.status != 200 || !strings.Contains(r.body, `"personne_id":null`) || !strings.Contains(r.body, `"evaluation_id":null`) {
			t.Errorf("the receiver reads the referral without the sender's file numbers: %d %s", r.status, r.body)
		}
	})

	t.Run("DateTimesCarryTheirOffset", func(t *testing.T) {
		dt := regexp.MustCompile(`"(cree_le|modifie_le|expire_le|cloturee_le|date)":"([^"]*T[^"]*)"`)
		for _, path := range []string{"/api/v1/personnes/" + itoa(personID) + "/chronologie", "/api/v1/orientations/" + itoa(refID)} {
			body := s.api(rec, "GET", path, "").body
			found := dt.FindAllStringSubmatch(body, -1)
			if len(found) == 0 {
				t.Fatalf("%s: no date-time in %s", path, body)
			}
			for _, m := range found {
				if _, err := time.Parse(time.RFC3339, m[2]); err != nil || !regexp.MustCompile(`[+-]\d\d:\d\d$`).MatchString(m[2]) {
					t.Errorf("%s: %s %q has no offset", path, m[1], m[2])
				}
			}
		}
	})

	t.Run("ListsSynchroniseWithACursor", func(t *testing.T) {
		type page struct {
			Next    *string           `json:"suivant"`
			Persons []json.RawMessage `json:"personnes"`
		}
		seen, cursor := 0, ""
		for k := 0; ; k++ {
			q := "/api/v1/personnes?limite=4"
			if cursor != "" {
				q += "&curseur=" + url.QueryEscape(cursor)
			}
			var pg page
			r := s.api(rec, "GET", q, "")
			if err := json.Unmarshal([]byte(r.body), &pg); err != nil || r.status != 200 || k > 20 {
				t.Fatalf("%s: %d %s", q, r.status, r.body)
			}
			seen += len(pg.Persons)
			if pg.Next == nil {
				break
			}
			cursor = *pg.Next
		}
		var all struct {
			Total int `json:"total"`
		}
		_ = json.Unmarshal([]byte(s.api(rec, "GET", "/api/v1/personnes?limite=500", "").body), &all)
		if seen != all.Total || seen < 5 {
			t.Fatalf("the pages hold every person once: %d of %d", seen, all.Total)
		}
		since := s.clock.Now().Add(time.Minute)
		s.clock.Advance(2 * time.Minute)
		if r := s.api(s.token(account.RolePartner, fs), "POST", "/api/v1/orientations/"+itoa(refID)+"/decision", `{"decision":"valider"}`); r.status != 200 {
			t.Fatalf("decision: %d %s", r.status, r.body)
		}
		changed := s.api(rec, "GET", "/api/v1/orientations?modifie_depuis="+url.QueryEscape(since.Format(time.RFC3339)), "")
		if changed.status != 200 || strings.Count(changed.body, `"etat":`) != 1 || !strings.Contains(changed.body, `"id":`+itoa(refID)+`,`) {
			t.Fatalf("what changed since: %d %s", changed.status, changed.body)
		}
		for _, path := range []string{"/api/v1/personnes", "/api/v1/activites", "/api/v1/personnes/" + itoa(personID) + "/evaluations"} {
			tok := rec
			if path == "/api/v1/activites" {
				tok = med
			}
			if r := s.api(tok, "GET", path+"?modifie_depuis="+url.QueryEscape(since.Format(time.RFC3339)), ""); r.status != 200 || strings.Contains(r.body, `"id":`) {
				t.Errorf("%s changed since: %d %.300s", path, r.status, r.body)
			}
		}
	})
}
