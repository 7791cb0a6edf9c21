package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
)

var questionnairePath = regexp.MustCompile(`^/espace/diagnostic/questionnaires/(\d+)/brouillon$`)

// answerScreen fills one public page: the first choice of each question, or a typed value.
func answerScreen(body string, def *survey.Definition, pick map[string][]string) url.Values {
	m := regexp.MustCompile(`name="cles" value="([^"]*)"`).FindStringSubmatch(body)
	form := url.Values{"cles": {m[1]}, "ecran": {regexp.MustCompile(`name="ecran" value="(\d+)"`).FindStringSubmatch(body)[1]}}
	for _, k := range strings.Fields(m[1]) {
		q, _ := def.Question(k)
		name := "q_" + k
		if v, ok := pick[k]; ok {
			form[name] = v
			continue
		}
		switch q.Kind {
		case survey.SingleChoice, survey.District, survey.MultipleChoice:
			form.Set(name, q.Choices[0].Value)
		case survey.Scale:
			form.Set(name, fmt.Sprint(q.Min))
		case survey.Number:
			form.Set(name, "2")
		case survey.Commune:
			form.Set(name, "Rochefort")
		case survey.ShortText:
			form.Set(name, "Merci <b>")
		}
	}
	return form
}

// TestDiagnosticJourney: a CCAS builds a questionnaire from the template,
// collects answers online (without JavaScript), on paper typed twice and by
// import, reads the report with its PDF and XLSX, weights it, and sees its
// communes ranked by fragility against offer and activity.
func TestDiagnosticJourney(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	coord, reception, mediation := s.login(account.RoleCoordination), s.login(account.RoleReception), s.login(account.RoleMediation)
	def := survey.Template(nil)
	var base, token string

	t.Run("Build", func(t *testing.T) {
		r := s.do(coord, "POST", "/espace/diagnostic/questionnaires", url.Values{"modele": {"abs"}, "titre": {"Enquête numérique 2026"}, "quartiers": {"Centre\nGare\nPort"}})
		m := questionnairePath.FindStringSubmatch(r.header.Get("Location"))
		if r.status != 303 || m == nil {
			t.Fatalf("create: %d %s", r.status, r.header.Get("Location"))
		}
		base = "/espace/diagnostic/questionnaires/" + m[1]
		if r := s.do(coord, "GET", base+"/brouillon", nil); r.status != 200 || !strings.Contains(r.body, "Gare") || !strings.Contains(r.body, "Brouillon de la version 1") {
			t.Fatalf("draft: %d", r.status)
		}
		r = s.do(coord, "POST", base+"/brouillon/questions", url.Values{"section": {"usages"}, "type": {"echelle"}, "libelle": {"Internet vous est-il utile ?"},
			"libelle_falc": {"Internet vous aide ?"}, "minimum": {"1"}, "maximum": {"4"}, "cle": {"utilite"}})
		if r.status != 303 {
			t.Fatalf("add a question: %d %s", r.status, r.body)
		}
		r = s.do(coord, "POST", base+"/brouillon/questions", url.Values{"section": {"usages"}, "type": {"choix_unique"}, "libelle": {"Doublon"}, "choix": {"a\nb"}, "cle": {"utilite"}})
		if r.status != 422 || !strings.Contains(r.body, "déjà la clé") {
			t.Fatalf("a duplicate key: %d", r.status)
		}
		if r := s.do(coord, "POST", base+"/brouillon/questions/utilite/deplacement", url.Values{"sens": {"haut"}}); r.status != 303 {
			t.Fatalf("move: %d", r.status)
		}
		r = s.do(coord, "POST", base+"/brouillon/textes", url.Values{"introduction": {"Bonjour"}, "consentement": {"J'accepte, sans mon nom."}, "remerciement": {"Merci !"}})
		if r.status != 303 {
			t.Fatalf("texts: %d %s", r.status, r.body)
		}
		if r := s.do(reception, "GET", base+"/brouillon", nil); r.status != 403 {
			t.Fatalf("the reception desk edits questionnaires: %d", r.status)
		}
		if r := s.do(coord, "POST", base+"/publication", url.Values{}); r.status != 303 {
			t.Fatalf("publish: %d %s", r.status, r.body)
		}
		if r := s.do(coord, "POST", base+"/parametres", url.Values{"titre": {"Enquête numérique 2026"}, "ouvert": {"1"}, "double_saisie": {"1"}}); r.status != 303 {
			t.Fatalf("settings: %d %s", r.status, r.body)
		}
		r = s.do(coord, "GET", base, nil)
		m = regexp.MustCompile(`/enquetes/([a-z0-9]+)`).FindStringSubmatch(r.body)
		if m == nil || !strings.Contains(r.body, "Version en service : <strong>1</strong>") {
			t.Fatalf("overview:\n%.2000s", r.body)
		}
		token = m[1]
		q, err := surveystore.New(s.store).QuestionnaireForPublic(context.Background(), token)
		if err != nil {
			t.Fatal(err)
		}
		cur, _ := q.Current()
		def = cur.Definition
		if _, ok := def.Question("utilite"); !ok {
			t.Fatal("the added question is not published")
		}
	})

	t.Run("AnswerOnlineWithoutJavaScript", func(t *testing.T) {
		c := s.client()
		r := s.do(c, "GET", "/enquetes/"+token, nil)
		if r.status != 200 || !strings.Contains(r.body, "J'accepte, sans mon nom.") || strings.Contains(r.body, "<script>") && !strings.Contains(r.body, `type="module"`) {
			t.Fatalf("start: %d", r.status)
		}
		if r := s.do(c, "POST", "/enquetes/"+token, url.Values{"mode": {"question"}}); r.status != 422 || !strings.Contains(r.body, "cochez la case") {
			t.Fatalf("without consent: %d", r.status)
		}
		r = s.do(c, "POST", "/enquetes/"+token, url.Values{"consentement": {"1"}, "mode": {"question"}, "falc": {"1"}})
		if r.status != 303 || !strings.HasSuffix(r.header.Get("Location"), "/questions?ecran=1") {
			t.Fatalf("begin: %d %s", r.status, r.header.Get("Location"))
		}
		r = s.do(c, "GET", r.header.Get("Location"), nil)
		code := regexp.MustCompile(`reprendre plus tard : <strong>([A-Z0-9-]+)</strong>`).FindStringSubmatch(r.body)
		if code == nil || !strings.Contains(r.body, "Chez vous, quels appareils avez-vous ?") {
			t.Fatalf("first screen (facile à lire):\n%.3000s", r.body)
		}
		// A required question left empty: stay on the page.
		form := answerScreen(r.body, &def, map[string][]string{"equip_appareils": nil})
		form.Set("action", "suivant")
		if r := s.do(c, "POST", "/enquetes/"+token+"/questions", form); r.status != 422 || !strings.Contains(r.body, "Répondez à cette question") {
			t.Fatalf("required: %d", r.status)
		}
		pick := map[string][]string{"connexion_domicile": {"non"}, "equip_appareils": {"smartphone", "tablette"}, "commune": {"17300"}}
		answered := 0
		for i := 0; i < 40; i++ {
			body := r.body
			form := answerScreen(body, &def, pick)
			action := "suivant"
			if strings.Contains(body, `value="envoyer"`) {
				action = "envoyer"
			}
			form.Set("action", action)
			r = s.do(c, "POST", "/enquetes/"+token+"/questions", form)
			if r.status == 422 && strings.Contains(r.body, "Plusieurs communes") {
				// 17300 is the postal code of two communes: choose one among the proposed.
				pick["commune"] = []string{"17299"}
				continue
			}
			if r.status != 303 {
				t.Fatalf("screen %d: %d\n%.2000s", i, r.status, r.body)
			}
			answered++
			if action == "envoyer" {
				break
			}
			if i == 3 {
				// Stop for later, then resume with the code on another device.
				pause := s.do(c, "POST", "/enquetes/"+token+"/questions", url.Values{"cles": {""}, "ecran": {"4"}, "action": {"pause"}})
				if p := s.do(c, "GET", pause.header.Get("Location"), nil); !strings.Contains(p.body, code[1]) {
					t.Fatalf("pause page does not give the code")
				}
				c = s.client()
				res := s.do(c, "POST", "/enquetes/"+token+"/reprise", url.Values{"code": {strings.ToLower(code[1])}})
				if res.status != 303 {
					t.Fatalf("resume: %d %s", res.status, res.body)
				}
			}
			r = s.do(c, "GET", r.header.Get("Location"), nil)
			if i == 3 {
				r = s.do(c, "GET", "/enquetes/"+token+"/questions?ecran=5", nil)
			}
		}
		if r.header.Get("Location") != "/enquetes/"+token+"/merci" {
			t.Fatalf("not sent after %d screens: %s", answered, r.header.Get("Location"))
		}
		if r := s.do(c, "GET", "/enquetes/"+token+"/merci", nil); !strings.Contains(r.body, "Merci !") {
			t.Fatal("thanks")
		}
		// The connection's quality was skipped (no connection at home): fewer screens than questions.
		if answered >= len(def.Questions())+1 {
			t.Errorf("%d screens for %d questions: the skip logic did not skip", answered, len(def.Questions())+1)
		}
	})

	typed := func(age string) url.Values {
		return url.Values{"consentement": {"1"}, "q_equip_appareils": {"1 2"}, "q_connexion_domicile": {"1"}, "q_connexion_qualite": {"2"},
			"q_usage_internet": {"1"}, "q_demarche_en_ligne": {"2"}, "q_demarche_abandon": {"2"}, "q_difficulte_demarches": {"3"}, "q_age": {age}, "q_sexe": {"1"}, "q_commune": {"17299"}}
	}
	t.Run("PaperDoubleEntry", func(t *testing.T) {
		f := typed("5")
		f.Set("reference", "P-001")
		r := s.do(reception, "POST", base+"/saisie", f)
		if r.status != 303 {
			t.Fatalf("first entry: %d %s", r.status, r.body)
		}
		if p := s.do(reception, "GET", base+"/saisie", nil); !strings.Contains(p.body, "Première saisie du questionnaire P-001") {
			t.Fatal("flash of the first entry")
		}
		f = typed("4")
		f.Set("reference", "P-001")
		f.Set("q_usage_internet", "9")
		if r := s.do(mediation, "POST", base+"/saisie", f); r.status != 422 || !strings.Contains(r.body, "Numéro de 1 à 5") {
			t.Fatalf("a wrong number: %d", r.status)
		}
		f.Set("q_usage_internet", "1")
		if r := s.do(mediation, "POST", base+"/saisie", f); r.status != 303 {
			t.Fatalf("second entry: %d %s", r.status, r.body)
		}
		r = s.do(coord, "GET", base+"/desaccords", nil)
		if !strings.Contains(r.body, "Questionnaire P-001") || !strings.Contains(r.body, "Première saisie : 75 ans et plus") {
			t.Fatalf("disagreements:\n%.2000s", r.body)
		}
		if r := s.do(reception, "GET", base+"/desaccords", nil); r.status != 403 {
			t.Fatalf("the reception desk reads the answers back: %d", r.status)
		}
		if r := s.do(coord, "POST", base+"/desaccords/P-001", url.Values{"choix_age": {"1"}}); r.status != 303 {
			t.Fatalf("resolve: %d %s", r.status, r.body)
		}
	})

	t.Run("ImportLimeSurvey", func(t *testing.T) {
		var csv strings.Builder
		csv.WriteString("id,submitdate,equip_appareils[smartphone],equip_appareils[ordinateur],connexion_domicile,usage_internet,demarche_en_ligne,demarche_abandon,difficulte_demarches,age,sexe\n")
		for i := 1; i <= 60; i++ {
			fmt.Fprintf(&csv, "%d,2026-01-10 10:00:00,Y,%s,box,quotidien,seul,non,parfois,%s,%s\n", i, map[bool]string{true: "Y"}[i%2 == 0],
				[]string{"15-24", "25-39", "40-59", "60-74", "75+"}[i%5], []string{"femme", "homme"}[i/5%2])
		}
		csv.WriteString("61,,Y,,box,quotidien,seul,non,parfois,40-59,femme\n")
		body, ctype := multipartForm(t, map[string]string{"format": "limesurvey"}, "fichier", "export.csv", csv.String())
		req, _ := http.NewRequest("POST", s.http.URL+base+"/import", body)
		req.Header.Set("Content-Type", ctype)
		res, err := coord.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 303 || !strings.Contains(res.Header.Get("Location"), "/imports/") {
			t.Fatalf("import: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		r := s.do(coord, "GET", res.Header.Get("Location"), nil)
		if !strings.Contains(r.body, "61 ligne(s) lue(s) : <strong>60 importée(s)</strong>, 0 doublon(s), 1 refusée(s)") || !strings.Contains(r.body, "submitdate vide") {
			t.Fatalf("report:\n%.3000s", r.body)
		}
	})

	t.Run("Report", func(t *testing.T) {
		r := s.do(coord, "GET", base+"/rapport", nil)
		for _, want := range []string{"62 réponses complètes", "ne sont pas tirées au hasard", "<svg class=\"parcours-chart\" role=\"img\"", "Intervalle à 95 %", "Données du graphique",
			"Tableaux croisés", "Méthode", "Credoc, Baromètre du numérique 2017", "Internet vous est-il utile ?"} {
			if !strings.Contains(r.body, want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		if strings.Contains(r.body, "Merci <b>") {
			t.Error("a free-text answer is published in the report")
		}
		raw := s.download(coord, base+"/rapport.pdf?diffusion=externe")
		if text := pdfToText(t, raw); !strings.Contains(text, "Enquête numérique 2026") || !strings.Contains(text, "diffusion hors du CCAS") {
			t.Errorf("PDF text: %.500s", text)
		}
		if text := pdfToText(t, s.download(coord, base+"/synthese.pdf")); !strings.Contains(text, "synthèse pour le conseil d'administration") {
			t.Errorf("summary PDF: %.300s", text)
		}
		book, err := excelize.OpenReader(bytes.NewReader(s.download(coord, base+"/rapport.xlsx")))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(book.GetSheetList()); n < len(def.Questions())+3 {
			t.Errorf("%d sheets", n)
		}
		r = s.do(coord, "POST", base+"/marges", url.Values{"source": {"Insee RP 2021"}, "csv": {"15-24;femme;1000\n15-24;homme;900\n25-39;femme;1200\n25-39;homme;1100\n40-59;femme;2000\n40-59;homme;1900\n60-74;femme;1500\n60-74;homme;1300\n75+;femme;1200\n75+;homme;700"}})
		if r.status != 303 {
			t.Fatalf("margins: %d %s", r.status, r.body)
		}
		r = s.do(coord, "GET", base+"/rapport?ponderation=1", nil)
		if !strings.Contains(r.body, "Effectif efficace de Kish") || !strings.Contains(r.body, "Convergence atteinte") {
			t.Errorf("weighted report:\n%.1500s", r.body)
		}
		if r := s.do(coord, "GET", base+"/synthese", nil); r.status != 200 || !strings.Contains(r.body, "Les chiffres clés") {
			t.Errorf("summary: %d", r.status)
		}
		if r := s.do(coord, "GET", base+"/reponses", nil); !strings.Contains(r.body, "Merci <b>") || !strings.Contains(r.body, "Import LimeSurvey") {
			t.Error("the answers list")
		}
	})

	t.Run("Fragility", func(t *testing.T) {
		if r := s.do(coord, "GET", "/espace/fragilite", nil); !strings.Contains(r.body, "parcours fragilite import") {
			t.Fatal("without indicators the page says how to load them")
		}
		var files []fragilityindex.File
		var b strings.Builder
		b.WriteString("CODE_INSEE,TX_POVERTY\n")
		for i, c := range s.demo.Communes {
			fmt.Fprintf(&b, "%s,%d\n", c.Code, 10+i)
		}
		files = append(files, fragilityindex.File{Name: "taux_pauvrete.csv", Data: []byte(b.String())})
		b.Reset()
		b.WriteString(",CODE_INSEE,TX_NSCOL15P,TX_MENSEUL,TX_FAMMONO,TX_65ETPLUS,TX_25ETMOINS,TX_DEMANDEURS_EMPLOI\n")
		for i, c := range s.demo.Communes {
			fmt.Fprintf(&b, "%d,%s,%d,30,10,%d,25,\n", i, c.Code, 40+i, 20+i)
		}
		files = append(files, fragilityindex.File{Name: "data_scol_menage_demandeurEmplois.csv", Data: []byte(b.String())})
		b.Reset()
		b.WriteString("CODE_INSEE;DEP;LIBCOM;TAUX_COUVERTURE_THD\n")
		for i, c := range s.demo.Communes {
			fmt.Fprintf(&b, "%s;17;%s;%d\n", c.Code, c.Name, 95-3*i)
		}
		files = append(files, fragilityindex.File{Name: "taux_couverture_THD.csv", Data: []byte(b.String())})
		b.Reset()
		b.WriteString("CODE_INSEE,LIBCOM,DEP,COUVERTURE_MOBILE\n")
		for i, c := range s.demo.Communes {
			fmt.Fprintf(&b, "%s,%s,17,%d\n", c.Code, c.Name, 99-i)
		}
		files = append(files, fragilityindex.File{Name: "taux_couverture_mobile.csv", Data: []byte(b.String())})
		if _, err := app.New(s.store, app.Config{}).Fragility.ImportFiles(context.Background(), files); err != nil {
			t.Fatal(err)
		}
		r := s.do(coord, "GET", "/espace/fragilite", nil)
		if r.status != 200 || !strings.Contains(r.body, "Rochefort") || !strings.Contains(r.body, "lamednum-2022") || !strings.Contains(r.body, "<svg") {
			i := strings.Index(r.body, "<main")
			t.Fatalf("fragility page %d:\n%.3000s", r.status, r.body[max(0, i):])
		}
		if r := s.do(coord, "GET", "/espace/fragilite?methode=base100-2020&reference=territoire", nil); !strings.Contains(r.body, "base100-2020") || strings.Contains(r.body, "−10 à +10)</th>") {
			t.Error("base 100 table")
		}
	})
}

// download fetches a file that must be there.
func (s *site) download(c *http.Client, path string) []byte {
	s.t.Helper()
	b, _, status := s.raw(c, path)
	if status != 200 {
		s.t.Fatalf("%s: %d %s", path, status, b)
	}
	return b
}

func multipartForm(t *testing.T, fields map[string]string, fileField, fileName, content string) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile(fileField, fileName)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write([]byte(content))
	_ = w.Close()
	return &b, w.FormDataContentType()
}
