package diagnostic

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/fragility"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
	"github.com/parcours-numerique/parcours/internal/surveyimport"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func sampleQuestionnaire() survey.Questionnaire {
	def := survey.Template(nil)
	m := &survey.Margins{Source: "Insee", AgeSex: map[string]map[string]float64{"75+": {"femme": 10, "homme": 8}}}
	return survey.Questionnaire{ID: 3, Title: "Vos besoins <b>", PublicToken: "abc", Open: true, DoubleEntry: true, Settings: survey.Settings{Crosstabs: survey.TemplateCrosstabs, Margins: m},
		Versions: []survey.Version{{ID: 1, Number: 1, Definition: def, PublishedAt: now}, {ID: 2, Number: 2, Definition: def}}}
}

func sampleReport() surveyanalysis.Report {
	def := survey.Template(nil)
	var rs []survey.Response
	for i := 0; i < 60; i++ {
		a := survey.Answers{"age": {[]string{"15-24", "75+"}[i%2]}, "sexe": {"femme"}, "connexion_domicile": {[]string{"box", "non"}[i%3/2]},
			"equip_appareils": {"smartphone"}, "demarche_abandon": {"non"}, "foyer_personnes": {"2"}}
		rs = append(rs, survey.Response{Channel: survey.Paper, Status: survey.Complete, Answers: a, VersionNumber: 1, SubmittedAt: now})
	}
	return surveyanalysis.Analyse(surveyanalysis.Input{Title: "Vos besoins", Definition: &def, VersionNumber: 1, Responses: rs,
		Settings: survey.Settings{Crosstabs: survey.TemplateCrosstabs}, Benchmarks: survey.SeedBenchmarks(), Audience: surveyanalysis.External, Now: now})
}

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	q := sampleQuestionnaire()
	def := q.Versions[0].Definition
	rep := sampleReport()
	draft := draftData{Q: q, Base: base(q.ID), Def: def, Number: 2, IsDraft: true}
	for si := range def.Sections {
		ds := draftSection{Section: def.Sections[si]}
		for qi := range def.Sections[si].Questions {
			ds.Rows = append(ds.Rows, draftQuestion{Question: &def.Sections[si].Questions[qi], Condition: "Posée si…", Choices: "a · b"})
		}
		draft.Sections = append(draft.Sections, ds)
	}
	cur, _ := q.Current()
	dr, _ := q.Draft()
	importRep := &surveyimport.Report{Rows: 3, Imported: 1, Duplicates: 1, Rejected: 1, Columns: []surveyimport.ColumnUse{{Header: "Q1", Question: "age"}},
		Ignored: []string{"x"}, Unmapped: []string{"sexe"}, Results: []surveyimport.RowResult{{Line: 2, ExternalID: "1", Outcome: surveyimport.Rejected, Reasons: []string{"valeur <i>"}}}}
	summary := surveystore.QuestionnaireSummary{Questionnaire: q, CurrentVersion: 1, HasDraft: true, Counts: map[survey.Status]int{survey.Complete: 4}}
	ix := fragilityindex.TerritoryIndex{Territory: "Pays", Method: "lamednum-2022", Version: "parcours-1", Description: "desc", Rule: "règle",
		Rows: []fragilityindex.Row{{Code: "17299", Name: "Rochefort", Population: 23000, Lat: 45.9, Lon: -0.96, HasCoords: true, Scored: true, Priority: 1,
			Score: fragility.Score{Score: 3.3, Parts: []fragility.Part{{Indicator: fragility.Poverty, Value: fragility.Value{Value: 20}}}}},
			{Code: "17306", Name: "Saint-Agnant", Population: 2500, Lat: 45.85, Lon: -1.0, HasCoords: true, Priority: 3}},
		Sources: []fragilityindex.Source{{Label: "Taux de pauvreté", Source: "Filosofi", Year: 2018}}, Notes: []string{"seuils"}}
	fr := fragilityData{Ix: ix, Methods: []ui.Option{{Value: "lamednum-2022", Label: "2022"}}, References: []ui.Option{{Value: "france", Label: "France"}},
		Territories: []ui.Option{{Value: "1", Label: "Pays"}}, Map: communeMap(ix.Rows), Indicators: []string{"Pauvreté"}}
	for _, row := range ix.Rows {
		fr.Rows = append(fr.Rows, fragilityView(row))
	}
	pq := screenData{Token: "abc", Title: "Vos besoins", Section: "Équipement", Number: 1, Total: 20, First: true, Code: "K7M4-PXRB", Keys: "connexion_domicile",
		Questions: []publicQuestion{publicView(&def, &def.Sections[1].Questions[0], survey.Answers{}, false, &ui.Form{}, nil),
			publicView(&def, &def.Sections[0].Questions[0], survey.Answers{}, true, &ui.Form{}, nil),
			publicView(&def, &def.Sections[6].Questions[5], survey.Answers{}, false, &ui.Form{}, []option{{ID: "commune-0", Value: "17299", Label: "Rochefort"}})}}
	samples := map[string]any{
		"diagnostic_index":           indexData{Questionnaires: rows([]surveystore.QuestionnaireSummary{summary}), Models: []ui.Option{{Value: "abs", Label: "Modèle"}}},
		"diagnostic_questionnaire":   questionnaireData{Q: q, Base: base(q.ID), Current: cur, Draft: dr, PublicURL: "http://x/enquetes/abc", Counts: []statusCount{{Label: "Complète", Count: 3}}, Complete: 3, Disagree: 1},
		"diagnostic_draft":           draft,
		"diagnostic_texts":           textsData{Q: q, Base: base(q.ID)},
		"diagnostic_question":        questionFormData{Q: q, Base: base(q.ID), New: true, Kinds: kindOptions(), Roles: roleOptions(), Sections: []ui.Option{{Value: "a", Label: "A"}}, Conditions: []ui.Option{{Value: "", Label: "Toujours"}}, Action: "/x"},
		"diagnostic_entry_list":      entryListData{Questionnaires: []surveystore.QuestionnaireSummary{summary}},
		"diagnostic_entry":           entryData{Q: q, Base: base(q.ID), Version: 1, Fields: entryFields(&def), Start: "1", DoubleEntry: true},
		"diagnostic_paper":           paperData{Q: q, Def: def, Version: 1, Blocks: []paperSection{{Title: "A", Questions: []paperQuestion{{Label: "Q", Choices: []string{"1. Oui"}}, {Label: "T"}}}}},
		"diagnostic_disagreements":   disagreementsData{Q: q, Base: base(q.ID), Items: []disagreementView{{Reference: "P1", Action: "/x", Rows: []disagreementRow{{Key: "age", Label: "Âge", First: "75+", Second: "60-74"}}}}},
		"diagnostic_import":          importData{Q: q, Base: base(q.ID), Formats: []ui.Option{{Value: "limesurvey", Label: "LimeSurvey"}}, Report: importRep, Keys: []string{"age"}, MaxMB: 32, Imports: []surveystore.SurveyImport{{ID: 1, FileName: "f.csv", CreatedAt: now}}},
		"diagnostic_import_report":   importReportData{Q: q, Base: base(q.ID), Import: surveystore.SurveyImport{FileName: "f.csv", Format: "limesurvey", CreatedAt: now}, Report: importRep, Shown: importRep.Results, More: 2},
		"diagnostic_responses":       responsesData{Q: q, Base: base(q.ID), Rows: []responseRow{{ID: 1, Channel: "Papier", Status: "Complète", Answers: []answerView{{Label: "Âge", Value: "75+"}}}}, Next: "/x", Statuses: []ui.Option{{Value: "", Label: "Tous"}}},
		"diagnostic_report":          reportView(q, rep, "?diffusion=externe"),
		"diagnostic_summary":         reportView(q, rep, ""),
		"diagnostic_analysis":        analysisData{Q: q, Base: base(q.ID), Crosstabs: []crosstabChoice{{ID: "c1", Value: "a:age", Label: "A selon âge", Checked: true}}, Ages: def.Sections[6].Questions[0].Choices, Diplomas: def.Sections[6].Questions[3].Choices, HasRoles: true},
		"diagnostic_benchmarks":      benchmarksData{Rows: []benchmarkRow{{Benchmark: survey.SeedBenchmarks()[0], Percent: "81 %", Link: "equip = ordinateur"}}},
		"diagnostic_benchmark":       benchmarkFormData{ID: 4, Action: "/espace/diagnostic/reperes/4", Roles: roleOptions()},
		"diagnostic_fragility":       fr,
		"diagnostic_public_start":    startData{Token: "abc", Title: "Vos besoins", Intro: "Intro", Consent: "J'accepte", Count: 20, Resuming: true, Modes: []ui.Option{{Value: "question", Label: "Une"}}},
		"diagnostic_public_question": pq,
		"diagnostic_public_pause":    pauseData{Token: "abc", Title: "Vos besoins", Code: "K7M4-PXRB", URL: "http://x/enquetes/abc"},
		"diagnostic_public_thanks":   thanksData{Title: "Vos besoins", Thanks: "Merci"},
		"error":                      ui.ErrorPage{Heading: "Oups", Message: "Message"},
	}
	uitest.RenderAll(t, site, samples, map[string]bool{"diagnostic_public_start": true, "diagnostic_public_question": true, "diagnostic_public_pause": true, "diagnostic_public_thanks": true, "error": true})
}

func TestScreensFollowSkipLogic(t *testing.T) {
	def := survey.Template(nil)
	n := len(screens(&def, survey.Answers{}, "question"))
	with := len(screens(&def, survey.Answers{"connexion_domicile": {"box"}, "usage_internet": {"quotidien"}}, "question"))
	if with != n+2 {
		t.Fatalf("answers that show questions add screens: %d then %d", n, with)
	}
	sections := screens(&def, survey.Answers{}, "section")
	if len(sections) != len(def.Sections) {
		t.Fatalf("one page per section: %d", len(sections))
	}
	// In a section page, a question depending on its own section is shown with its condition.
	if len(sections[1].Questions) != 2 {
		t.Fatalf("connection page: %d questions", len(sections[1].Questions))
	}
}

func TestTypedAnswersAndQuestionForm(t *testing.T) {
	if v := valueOf("Centre-Ville (Nord)"); v != "centre_ville_nord" {
		t.Errorf("valueOf: %q", v)
	}
	for _, cp := range []string{"17300", "17430", "17450", "17620", "17780", "17870", "01000", "75001"} {
		if cs := commune.ByPostalCode(cp); len(cs) == 1 {
			if code, msg := communeTyped(cp); code != cs[0].Code || msg != "" {
				t.Errorf("postal code %s of one commune: %q %q", cp, code, msg)
			}
		}
	}
	if code, msg := communeTyped("17299"); code != "17299" || msg != "" {
		t.Errorf("INSEE code: %q %q", code, msg)
	}
	if _, msg := communeTyped("99999"); msg == "" {
		t.Error("unknown code accepted")
	}
	if _, msg := communeTyped("17300"); !strings.Contains(msg, "Vergeroux") {
		t.Errorf("a postal code of two communes: %q", msg)
	}
	cs := districtChoices("Centre\nCentre\n  \nNord")
	if len(cs) != 3 || cs[1].Value != "centre_2" {
		t.Errorf("districts %+v", cs)
	}
	if !strings.Contains(codes(&survey.Question{Choices: []survey.Choice{{Label: "Oui"}, {Label: "Non"}}}), "2 Non") {
		t.Error("codes")
	}

}
