package web_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestReceptionAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	reception := s.token(account.RoleReception, ccas)
	mediation := s.token(account.RoleMediation, ccas)
	partner := s.token(account.RolePartner, fs)

	t.Run("StructuredErrors", func(t *testing.T) {
		r := s.api(reception, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"Léa","annee_naissance":1850,"inconnu":1}`)
		if r.status != 422 || !strings.Contains(r.body, `"code":"invalid"`) || !strings.Contains(r.body, `"inconnu"`) {
			t.Fatalf("%d %s", r.status, r.body)
		}
		r = s.api(reception, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"Léa","annee_naissance":1850}`)
		var e struct {
			Error struct {
				Code   string            `json:"code"`
				Fields map[string]string `json:"fields"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(r.body), &e); err != nil || r.status != 422 || e.Error.Fields["nom"] == "" || e.Error.Fields["annee_naissance"] == "" {
			t.Fatalf("%d %s", r.status, r.body)
		}
		if r := s.api("", "GET", "/api/v1/personnes", ""); r.status != 401 || !strings.Contains(r.body, `"unauthorized"`) {
			t.Fatalf("no token: %d %s", r.status, r.body)
		}
	})
	var id string
	t.Run("CreateGetListAndDuplicates", func(t *testing.T) {
		body := `{"suivi":"suivie","prenom":"Éloïse","nom":"Bérénger","annee_naissance":1960,"genre":"feminin","commune_insee":"17299","statut":"retraite","consentements":["suivi"]}`
		r := s.api(reception, "POST", "/api/v1/personnes", body)
		var p struct {
			ID      int64  `json:"id"`
			AgeBand string `json:"tranche_age"`
		}
		if err := json.Unmarshal([]byte(r.body), &p); err != nil || r.status != 201 || p.AgeBand == "" {
			t.Fatalf("%d %s", r.status, r.body)
		}
		id = itoa(p.ID)
		if r := s.api(reception, "POST", "/api/v1/personnes", strings.Replace(body, "Éloïse", "ELOISE", 1)); r.status != 409 || !strings.Contains(r.body, "n° "+id) {
			t.Fatalf("duplicate: %d %s", r.status, r.body)
		}
		if r := s.api(reception, "GET", "/api/v1/personnes/"+id, ""); r.status != 200 || !strings.Contains(r.body, `"Bérénger"`) {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		r = s.api(reception, "GET", "/api/v1/personnes?q=berenger%20elo&limite=1", "")
		if r.status != 200 || !strings.Contains(r.body, `"total":1`) || !strings.Contains(r.body, `"Éloïse"`) {
			t.Fatalf("search: %d %s", r.status, r.body)
		}
		if r := s.api(reception, "GET", "/api/v1/personnes?limite=5000", ""); r.status != 422 || !strings.Contains(r.body, `"limite"`) {
			t.Fatalf("page size: %d %s", r.status, r.body)
		}
	})
	t.Run("PartnerSeesOnlyWhatWasSharedWithIt", func(t *testing.T) {
		if r := s.api(partner, "GET", "/api/v1/personnes", ""); r.status != 403 {
			t.Fatalf("partner lists persons: %d", r.status)
		}
		ev := s.api(reception, "POST", "/api/v1/evaluations", `{"personne_id":`+id+`,"thematiques":["aide_aux_demarches_administratives"],"reponses":[true,false,false,false,false,false,false,false]}`)
		if ev.status != 201 || !strings.Contains(ev.body, `"profil":"exclu"`) || !strings.Contains(ev.body, `"etape_suivante":"orientation"`) {
			t.Fatalf("evaluation: %d %s", ev.status, ev.body)
		}
		ref := s.api(reception, "POST", "/api/v1/orientations", `{"personne_id":`+id+`,"structure_id":`+itoa(fs)+`,"contact":"referent","service":"Aide aux démarches administratives","personne_informee":true}`)
		if ref.status != 422 || !strings.Contains(ref.body, `"consentement_partage"`) {
			t.Fatalf("referral without consent: %d %s", ref.status, ref.body)
		}
		ref = s.api(reception, "POST", "/api/v1/orientations", `{"personne_id":`+id+`,"structure_id":`+itoa(fs)+`,"contact":"referent","service":"Aide aux démarches administratives","personne_informee":true,"consentement_partage":true,"motif":"Dossier CAF"}`)
		var out struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(ref.body), &out); err != nil || ref.status != 201 {
			t.Fatalf("referral: %d %s", ref.status, ref.body)
		}
		list := s.api(partner, "GET", "/api/v1/orientations?boite=envoyees", "")
		if list.status != 200 || !strings.Contains(list.body, "Dossier CAF") || regexp.MustCompile(`"personne_id":\d`).MatchString(list.body) {
			t.Fatalf("partner list: %d %s", list.status, list.body)
		}
		if r := s.api(reception, "POST", "/api/v1/orientations/"+itoa(out.ID)+"/decision", `{"decision":"valider"}`); r.status != 403 {
			t.Fatalf("the sender decides: %d %s", r.status, r.body)
		}
		if r := s.api(partner, "POST", "/api/v1/orientations/"+itoa(out.ID)+"/decision", `{"decision":"refuser"}`); r.status != 422 || !strings.Contains(r.body, `"motifs"`) {
			t.Fatalf("refusal without reason: %d %s", r.status, r.body)
		}
		if r := s.api(partner, "POST", "/api/v1/orientations/"+itoa(out.ID)+"/decision", `{"decision":"refuser","motifs":["doublon"]}`); r.status != 200 || !strings.Contains(r.body, `"etat":"refusee"`) {
			t.Fatalf("refusal: %d %s", r.status, r.body)
		}
	})
	t.Run("NotesOnlyForTheirAuthor", func(t *testing.T) {
		if r := s.api(reception, "POST", "/api/v1/activites", `{}`); r.status != 403 {
			t.Fatalf("reception records an activity: %d", r.status)
		}
		body := `{"type":"individuel","date":"` + s.clock.Now().Format("2006-01-02") + `","duree":30,"canal":"a_distance","thematiques":["email"],"autonomie":"autonome","personne_id":` + id + `,"notes":"Très confidentiel"}`
		r := s.api(mediation, "POST", "/api/v1/activites", body)
		if r.status != 201 || !strings.Contains(r.body, "Très confidentiel") || !strings.Contains(r.body, `"premier_accompagnement":true`) {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "GET", "/api/v1/activites?personne_id="+id, ""); !strings.Contains(r.body, "Très confidentiel") {
			t.Fatalf("the author reads the notes: %s", r.body)
		}
		if r := s.api(reception, "GET", "/api/v1/personnes/"+id+"/chronologie", ""); r.status != 200 || strings.Contains(r.body, "Très confidentiel") || !strings.Contains(r.body, `"type":"activite"`) {
			t.Fatalf("reception timeline: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "POST", "/api/v1/activites", strings.Replace(body, `"personne_id":`+id, `"personne_id":999999`, 1)); r.status != 404 {
			t.Fatalf("unknown person: %d %s", r.status, r.body)
		}
	})
}
