package web_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestDiagnosticAPI: the whole diagnostic through the API, every exchange
// checked against the OpenAPI document.
func TestDiagnosticAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	mediation := s.token(account.RoleMediation, ccas)
	reception := s.token(account.RoleReception, ccas)
	coordination := s.token(account.RoleCoordination, ccas)
	partner := s.token(account.RolePartner, fs)
	decode := func(t *testing.T, r response, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(r.body), v); err != nil {
			t.Fatalf("%v: %s", err, r.body)
		}
	}

	var demoID int64
	t.Run("List", func(t *testing.T) {
		if r := s.api(partner, "GET", "/api/v1/questionnaires", ""); r.status != 403 {
			t.Fatalf("partner: %d", r.status)
		}
		r := s.api(mediation, "GET", "/api/v1/questionnaires?limite=1", "")
		var page struct {
			Questionnaires []struct {
				ID      int64          `json:"id"`
				Counts  map[string]int `json:"reponses"`
				Current *int           `json:"version_publiee"`
			} `json:"questionnaires"`
			Next *string `json:"suivant"`
		}
		decode(t, r, &page)
		if r.status != 200 || len(page.Questionnaires) != 1 || page.Questionnaires[0].Counts["complete"] != demo.DiagnosticAnswers || page.Next == nil {
			t.Fatalf("%d %s", r.status, r.body)
		}
		demoID = page.Questionnaires[0].ID
		r = s.api(mediation, "GET", "/api/v1/questionnaires?limite=1&curseur="+url.QueryEscape(*page.Next), "")
		if r.status != 200 || !strings.Contains(r.body, `"questionnaires":[]`) {
			t.Fatalf("second page: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "GET", "/api/v1/questionnaires?curseur=abc&tri=nom", ""); r.status != 422 || !strings.Contains(r.body, `"curseur"`) || !strings.Contains(r.body, `"tri"`) {
			t.Fatalf("bad cursor and unknown parameter: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "GET", "/api/v1/questionnaires?modifie_depuis=2999-01-01T00:00:00%2B01:00", ""); !strings.Contains(r.body, `"questionnaires":[]`) {
			t.Fatalf("changed since: %s", r.body)
		}
	})

	var id string
	t.Run("BuildAndPublish", func(t *testing.T) {
		if r := s.api(mediation, "POST", "/api/v1/questionnaires", `{"modele":"autre"}`); r.status != 422 || !strings.Contains(r.body, `"modele"`) {
			t.Fatalf("unknown model: %d %s", r.status, r.body)
		}
		r := s.api(mediation, "POST", "/api/v1/questionnaires", `{"modele":"abs","titre":"Par l'API","quartiers":[{"valeur":"nord","libelle":"Nord"},{"valeur":"sud","libelle":"Sud"}]}`)
		var q struct {
			ID       int64 `json:"id"`
			Versions []struct {
				Definition map[string]any `json:"definition"`
			} `json:"versions"`
		}
		decode(t, r, &q)
		if r.status != 201 || len(q.Versions) != 1 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		id = fmt.Sprint(q.ID)
		def := q.Versions[0].Definition
		def["introduction"] = "Par l'API."
		b, _ := json.Marshal(def)
		if r := s.api(mediation, "PUT", "/api/v1/questionnaires/"+id+"/brouillon", string(b)); r.status != 200 || !strings.Contains(r.body, "Par l'API.") {
			t.Fatalf("draft: %d %s", r.status, r.body)
		}
		def["consentement"] = ""
		b, _ = json.Marshal(def)
		if r := s.api(mediation, "PUT", "/api/v1/questionnaires/"+id+"/brouillon", string(b)); r.status != 422 || !strings.Contains(r.body, `"consentement"`) {
			t.Fatalf("empty consent: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/publication", ""); r.status != 200 || !strings.Contains(r.body, `"version_publiee":1`) {
			t.Fatalf("publish: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/publication", ""); r.status != 409 {
			t.Fatalf("publish again: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "PUT", "/api/v1/questionnaires/"+id+"/reglages", `{"titre":"Par l'API","ouvert":true,"double_saisie":true}`); r.status != 200 || !strings.Contains(r.body, `"ouvert":true`) {
			t.Fatalf("settings: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "GET", "/api/v1/questionnaires/"+id, ""); r.status != 200 || !strings.Contains(r.body, "/enquetes/") {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
	})

	t.Run("Answers", func(t *testing.T) {
		answers := `{"equip_appareils":["smartphone"],"connexion_domicile":["box"],"usage_internet":["quotidien"],"demarche_en_ligne":["aide"],"demarche_abandon":["oui"],"difficulte_demarches":["souvent"],"age":["60-74"],"sexe":["homme"]}`
		r := s.api(reception, "POST", "/api/v1/questionnaires/"+id+"/reponses", `{"canal":"papier","reference":"A-1","consentement_papier":true,"reponses":`+answers+`}`)
		if r.status != 201 || !strings.Contains(r.body, `"statut":"a_verifier"`) {
			t.Fatalf("first paper entry: %d %s", r.status, r.body)
		}
		r = s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/reponses", `{"canal":"papier","reference":"A-1","consentement_papier":true,"reponses":`+strings.Replace(answers, "60-74", "75+", 1)+`}`)
		if r.status != 201 || !strings.Contains(r.body, `"desaccords":["age"]`) {
			t.Fatalf("second paper entry: %d %s", r.status, r.body)
		}
		if r := s.api(reception, "POST", "/api/v1/questionnaires/"+id+"/reponses", `{"canal":"papier","reference":"A-2","reponses":{"age":["99"]}}`); r.status != 422 ||
			!strings.Contains(r.body, `"consentement_papier"`) || !strings.Contains(r.body, `"reponses.age"`) {
			t.Fatalf("paper errors: %d %s", r.status, r.body)
		}
		r = s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/reponses", `{"canal":"api","reference":"outil-7","reponses":`+answers+`}`)
		if r.status != 201 || !strings.Contains(r.body, `"statut":"complete"`) {
			t.Fatalf("api answer: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/reponses", `{"canal":"api","reference":"outil-7","reponses":`+answers+`}`); r.status != 409 {
			t.Fatalf("the same reference twice: %d %s", r.status, r.body)
		}
		r = s.api(mediation, "GET", "/api/v1/questionnaires/"+id+"/reponses?statut=complete&limite=10", "")
		if r.status != 200 || strings.Count(r.body, `"canal":"api"`) != 1 || strings.Contains(r.body, `"canal":"papier"`) {
			t.Fatalf("list: %d %s", r.status, r.body)
		}
		if r := s.api(reception, "GET", "/api/v1/questionnaires/"+id+"/reponses", ""); r.status != 403 {
			t.Fatalf("the reception desk lists answers: %d", r.status)
		}
	})

	t.Run("Import", func(t *testing.T) {
		var csv strings.Builder
		csv.WriteString("id,submitdate,connexion_domicile,age,sexe\n")
		for i := 1; i <= 40; i++ {
			fmt.Fprintf(&csv, "%d,2026-01-10 10:00:00,\"%s\",%s,femme\n", i, []string{"box", "Oui, seulement par le téléphone portable", "A3"}[i%3], []string{"40-59", "75+"}[i%2])
		}
		body, _ := json.Marshal(map[string]any{"format": "limesurvey", "nom_fichier": "export.csv", "contenu": csv.String(), "verification_seule": true})
		r := s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/imports", string(body))
		if r.status != 200 || !strings.Contains(r.body, `"id":null`) || !strings.Contains(r.body, `"refusees":13`) {
			t.Fatalf("dry run: %d %.600s", r.status, r.body)
		}
		body, _ = json.Marshal(map[string]any{"format": "limesurvey", "contenu_base64": base64.StdEncoding.EncodeToString([]byte(csv.String())),
			"correspondances": map[string]any{"valeurs": map[string]any{"connexion_domicile": map[string]string{"A3": "non"}}}})
		r = s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/imports", string(body))
		if r.status != 201 || !strings.Contains(r.body, `"importees":40`) {
			t.Fatalf("import: %d %.600s", r.status, r.body)
		}
		r = s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/imports", string(body))
		if r.status != 201 || !strings.Contains(r.body, `"doublons":40`) {
			t.Fatalf("again: %d %.300s", r.status, r.body)
		}
		if r := s.api(mediation, "POST", "/api/v1/questionnaires/"+id+"/imports", `{"format":"limesurvey"}`); r.status != 422 || !strings.Contains(r.body, `"contenu"`) {
			t.Fatalf("no file: %d %s", r.status, r.body)
		}
	})

	t.Run("Analysis", func(t *testing.T) {
		margins := `{"marges":{"source":"Insee RP 2021","age_sexe":{"15-24":{"femme":1000,"homme":900},"25-39":{"femme":1200,"homme":1100},"40-59":{"femme":2000,"homme":1900},"60-74":{"femme":1500,"homme":1300},"75+":{"femme":1200,"homme":700}}}}`
		if r := s.api(coordination, "PUT", fmt.Sprintf("/api/v1/questionnaires/%d/marges", demoID), margins); r.status != 200 || !strings.Contains(r.body, "Insee RP 2021") {
			t.Fatalf("margins: %d %s", r.status, r.body)
		}
		if r := s.api(coordination, "PUT", fmt.Sprintf("/api/v1/questionnaires/%d/croisements", demoID), `{"croisements":[{"question":"demarche_en_ligne","par":"age"}]}`); r.status != 200 {
			t.Fatalf("crosstabs: %d %s", r.status, r.body)
		}
		r := s.api(coordination, "GET", fmt.Sprintf("/api/v1/questionnaires/%d/analyse?ponderation=true&diffusion=externe", demoID), "")
		var a struct {
			Respondents int `json:"reponses"`
			Weighting   *struct {
				Converged bool    `json:"convergence"`
				NEff      float64 `json:"n_effectif"`
			} `json:"redressement"`
			Questions []struct {
				Key         string `json:"cle"`
				Comparisons []struct {
					Comparable bool   `json:"comparable"`
					Sentence   string `json:"phrase"`
				} `json:"comparaisons"`
			} `json:"questions"`
			Crosstabs []struct {
				Test string  `json:"test"`
				P    float64 `json:"p"`
			} `json:"croisements"`
		}
		decode(t, r, &a)
		if r.status != 200 || a.Respondents != demo.DiagnosticAnswers || a.Weighting == nil || !a.Weighting.Converged || len(a.Crosstabs) != 1 {
			t.Fatalf("analysis: %d %.800s", r.status, r.body)
		}
		compared := 0
		for _, q := range a.Questions {
			for _, c := range q.Comparisons {
				if c.Comparable {
					compared++
				}
			}
		}
		if compared < 10 {
			t.Errorf("%d comparisons", compared)
		}
		if r := s.api(coordination, "GET", fmt.Sprintf("/api/v1/questionnaires/%d/analyse?diffusion=public", demoID), ""); r.status != 422 {
			t.Fatalf("unknown audience: %d", r.status)
		}
		if r := s.api(reception, "GET", fmt.Sprintf("/api/v1/questionnaires/%d/analyse", demoID), ""); r.status != 403 {
			t.Fatalf("the reception desk reads the analysis: %d", r.status)
		}
		if r := s.api(coordination, "PUT", fmt.Sprintf("/api/v1/questionnaires/%d/marges", demoID), `{"marges":null}`); r.status != 200 || !strings.Contains(r.body, `"marges":null`) {
			t.Fatalf("clear margins: %d %s", r.status, r.body)
		}
	})

	t.Run("Benchmarks", func(t *testing.T) {
		r := s.api(mediation, "GET", "/api/v1/reperes-nationaux", "")
		if r.status != 200 || !strings.Contains(r.body, "Credoc, Baromètre du numérique 2017") {
			t.Fatalf("list: %d", r.status)
		}
		b := `{"indicateur":"allocataires en ligne","valeur":0.7,"source":"CAF","publication":"CAF 2025","annee":2025,"population":"allocataires","age_min":15,"age_max":0,"declinaison":"ensemble"}`
		r = s.api(mediation, "POST", "/api/v1/reperes-nationaux", b)
		var created struct {
			ID int64 `json:"id"`
		}
		decode(t, r, &created)
		if r.status != 201 || created.ID == 0 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		path := fmt.Sprintf("/api/v1/reperes-nationaux/%d", created.ID)
		if r := s.api(mediation, "PUT", path, strings.Replace(b, "0.7", "1.7", 1)); r.status != 422 || !strings.Contains(r.body, `"valeur"`) {
			t.Fatalf("a share over 1: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "PUT", path, strings.Replace(b, "0.7", "0.72", 1)); r.status != 200 || !strings.Contains(r.body, `"valeur":0.72`) {
			t.Fatalf("update: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "DELETE", path, ""); r.status != 204 {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "DELETE", path, ""); r.status != 404 {
			t.Fatalf("delete again: %d", r.status)
		}
	})

	t.Run("Fragility", func(t *testing.T) {
		if r := s.api(coordination, "GET", "/api/v1/fragilite", ""); r.status != 409 {
			t.Fatalf("no indicators: %d %s", r.status, r.body)
		}
		importFragility(t, s)
		r := s.api(coordination, "GET", "/api/v1/fragilite?methode=base100-2020&reference=departement", "")
		if r.status != 200 || !strings.Contains(r.body, `"methode":"base100-2020"`) || !strings.Contains(r.body, `"code":"17299"`) {
			t.Fatalf("index: %d %.500s", r.status, r.body)
		}
		if r := s.api(mediation, "GET", "/api/v1/fragilite", ""); r.status != 403 {
			t.Fatalf("mediation: %d", r.status)
		}
		if r := s.api(coordination, "GET", "/api/v1/fragilite?methode=indice-2023", ""); r.status != 422 {
			t.Fatalf("unknown method: %d", r.status)
		}
	})
}

// importFragility loads the four core indicators for the demo territory's
// communes (made-up values, shaped like the real files).
func importFragility(t *testing.T, s *site) {
	t.Helper()
	var files []fragilityindex.File
	for _, f := range []struct{ name, header, row string }{
		{"taux_pauvrete.csv", "CODE_INSEE,TX_POVERTY", "%s,%d"},
		{"taux_couverture_THD.csv", "CODE_INSEE,TAUX_COUVERTURE_THD", "%s,%d"},
		{"taux_couverture_mobile.csv", "CODE_INSEE,COUVERTURE_MOBILE", "%s,%d"},
		{"data_scol_menage_demandeurEmplois.csv", "CODE_INSEE,TX_NSCOL15P,TX_65ETPLUS", "%s,%d,30"},
	} {
		var b strings.Builder
		b.WriteString(f.header + "\n")
		for i, c := range s.demo.Communes {
			fmt.Fprintf(&b, f.row+"\n", c.Code, 20+i)
		}
		files = append(files, fragilityindex.File{Name: f.name, Data: []byte(b.String())})
	}
	if _, err := app.New(s.store, app.Config{}).Fragility.ImportFiles(context.Background(), files); err != nil {
		t.Fatal(err)
	}
}
