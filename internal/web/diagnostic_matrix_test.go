package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// Diagnostic: questionnaires, answers, reports, benchmarks, fragility.

// diagnosticMatrix lists this capability's staff routes for the
// authorization matrix. Placeholders (diagnosticMatrixSetup): {ownq} is the
// demo CCAS's questionnaire, {otherq} one of the outside structure;
// {ownimport}, {otherimport} an import of each; {ownbench}, {otherbench} a
// national benchmark of each. Forms are refused (422) or point at nothing
// (404), so that no role changes what the next role sees.
var diagnosticMatrix = []matrixCase{
	{pattern: "GET /espace/diagnostic", own: "/espace/diagnostic", other: "/espace/diagnostic", ok: 200},
	{pattern: "POST /espace/diagnostic/questionnaires", own: "/espace/diagnostic/questionnaires", other: "/espace/diagnostic/questionnaires", form: url.Values{"modele": {"vide"}}, ok: 422},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}", own: "/espace/diagnostic/questionnaires/{ownq}", other: "/espace/diagnostic/questionnaires/{otherq}", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/parametres", own: "/espace/diagnostic/questionnaires/{ownq}/parametres", other: "/espace/diagnostic/questionnaires/{otherq}/parametres", form: url.Values{"titre": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/publication", own: "/espace/diagnostic/questionnaires/{ownq}/publication", other: "/espace/diagnostic/questionnaires/{otherq}/publication", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon/textes", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/textes", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/textes", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/textes", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/textes", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/textes", form: url.Values{"consentement": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/sections", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/sections", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/sections", form: url.Values{"titre_section": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/sections/{key}", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/sections/equipement", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/sections/equipement", form: url.Values{"action": {"supprimer"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon/questions/nouvelle", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/questions/nouvelle", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/questions/nouvelle", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/questions", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/questions", form: url.Values{"type": {"choix_unique"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/questions/age", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/questions/age", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/questions/age", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/questions/age", form: url.Values{"type": {"choix_unique"}, "libelle": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}/deplacement", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/questions/inconnue/deplacement", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/questions/age/deplacement", form: url.Values{"sens": {"haut"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}/suppression", own: "/espace/diagnostic/questionnaires/{ownq}/brouillon/questions/inconnue/suppression", other: "/espace/diagnostic/questionnaires/{otherq}/brouillon/questions/age/suppression", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/diagnostic/saisie", own: "/espace/diagnostic/saisie", other: "/espace/diagnostic/saisie", ok: 200},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/saisie", own: "/espace/diagnostic/questionnaires/{ownq}/saisie", other: "/espace/diagnostic/questionnaires/{otherq}/saisie", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/saisie", own: "/espace/diagnostic/questionnaires/{ownq}/saisie", other: "/espace/diagnostic/questionnaires/{otherq}/saisie", form: url.Values{"reference": {"M-1"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/papier", own: "/espace/diagnostic/questionnaires/{ownq}/papier", other: "/espace/diagnostic/questionnaires/{otherq}/papier", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/desaccords", own: "/espace/diagnostic/questionnaires/{ownq}/desaccords", other: "/espace/diagnostic/questionnaires/{otherq}/desaccords", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/desaccords/{ref}", own: "/espace/diagnostic/questionnaires/{ownq}/desaccords/inconnu", other: "/espace/diagnostic/questionnaires/{otherq}/desaccords/inconnu", form: url.Values{}, ok: 404, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/import", own: "/espace/diagnostic/questionnaires/{ownq}/import", other: "/espace/diagnostic/questionnaires/{otherq}/import", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/import", own: "/espace/diagnostic/questionnaires/{ownq}/import", other: "/espace/diagnostic/questionnaires/{otherq}/import", form: url.Values{"format": {"limesurvey"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/imports/{import}", own: "/espace/diagnostic/questionnaires/{ownq}/imports/{ownimport}", other: "/espace/diagnostic/questionnaires/{otherq}/imports/{otherimport}", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/reponses", own: "/espace/diagnostic/questionnaires/{ownq}/reponses", other: "/espace/diagnostic/questionnaires/{otherq}/reponses", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/rapport", own: "/espace/diagnostic/questionnaires/{ownq}/rapport", other: "/espace/diagnostic/questionnaires/{otherq}/rapport", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/rapport.pdf", own: "/espace/diagnostic/questionnaires/{ownq}/rapport.pdf", other: "/espace/diagnostic/questionnaires/{otherq}/rapport.pdf", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/rapport.xlsx", own: "/espace/diagnostic/questionnaires/{ownq}/rapport.xlsx", other: "/espace/diagnostic/questionnaires/{otherq}/rapport.xlsx", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/synthese", own: "/espace/diagnostic/questionnaires/{ownq}/synthese", other: "/espace/diagnostic/questionnaires/{otherq}/synthese", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/synthese.pdf", own: "/espace/diagnostic/questionnaires/{ownq}/synthese.pdf", other: "/espace/diagnostic/questionnaires/{otherq}/synthese.pdf", ok: 200, scoped: true},
	{pattern: "GET /espace/diagnostic/questionnaires/{id}/analyse", own: "/espace/diagnostic/questionnaires/{ownq}/analyse", other: "/espace/diagnostic/questionnaires/{otherq}/analyse", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/croisements", own: "/espace/diagnostic/questionnaires/{ownq}/croisements", other: "/espace/diagnostic/questionnaires/{otherq}/croisements", form: url.Values{"croisement": {"age:age"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/diagnostic/questionnaires/{id}/marges", own: "/espace/diagnostic/questionnaires/{ownq}/marges", other: "/espace/diagnostic/questionnaires/{otherq}/marges", form: url.Values{"m_75+_femme": {"beaucoup"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/diagnostic/reperes", own: "/espace/diagnostic/reperes", other: "/espace/diagnostic/reperes", ok: 200},
	{pattern: "GET /espace/diagnostic/reperes/nouveau", own: "/espace/diagnostic/reperes/nouveau", other: "/espace/diagnostic/reperes/nouveau", ok: 200},
	{pattern: "POST /espace/diagnostic/reperes", own: "/espace/diagnostic/reperes", other: "/espace/diagnostic/reperes", form: url.Values{"indicateur": {""}}, ok: 422},
	{pattern: "GET /espace/diagnostic/reperes/{id}", own: "/espace/diagnostic/reperes/{ownbench}", other: "/espace/diagnostic/reperes/{otherbench}", ok: 200, scoped: true},
	{pattern: "POST /espace/diagnostic/reperes/{id}", own: "/espace/diagnostic/reperes/{ownbench}", other: "/espace/diagnostic/reperes/{otherbench}", form: url.Values{"indicateur": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/diagnostic/reperes/{id}/suppression", own: "/espace/diagnostic/reperes/999999/suppression", other: "/espace/diagnostic/reperes/{otherbench}/suppression", form: url.Values{}, ok: 404, scoped: true},
	{pattern: "GET /espace/fragilite", own: "/espace/fragilite", other: "/espace/fragilite", ok: 200},

	{pattern: "GET /api/v1/questionnaires", own: "/api/v1/questionnaires", other: "/api/v1/questionnaires", ok: 200},
	{pattern: "POST /api/v1/questionnaires", own: "/api/v1/questionnaires", other: "/api/v1/questionnaires", ok: 422},
	{pattern: "GET /api/v1/questionnaires/{id}", own: "/api/v1/questionnaires/{ownq}", other: "/api/v1/questionnaires/{otherq}", ok: 200, scoped: true},
	{pattern: "PUT /api/v1/questionnaires/{id}/brouillon", own: "/api/v1/questionnaires/{ownq}/brouillon", other: "/api/v1/questionnaires/{otherq}/brouillon", ok: 422},
	{pattern: "POST /api/v1/questionnaires/{id}/publication", own: "/api/v1/questionnaires/{ownq}/publication", other: "/api/v1/questionnaires/{otherq}/publication", ok: 409, scoped: true},
	{pattern: "PUT /api/v1/questionnaires/{id}/reglages", own: "/api/v1/questionnaires/{ownq}/reglages", other: "/api/v1/questionnaires/{otherq}/reglages", ok: 422},
	{pattern: "PUT /api/v1/questionnaires/{id}/croisements", own: "/api/v1/questionnaires/{ownq}/croisements", other: "/api/v1/questionnaires/{otherq}/croisements", ok: 422},
	{pattern: "PUT /api/v1/questionnaires/{id}/marges", own: "/api/v1/questionnaires/{ownq}/marges", other: "/api/v1/questionnaires/{otherq}/marges", ok: 422},
	{pattern: "GET /api/v1/questionnaires/{id}/reponses", own: "/api/v1/questionnaires/{ownq}/reponses", other: "/api/v1/questionnaires/{otherq}/reponses", ok: 200, scoped: true},
	{pattern: "POST /api/v1/questionnaires/{id}/reponses", own: "/api/v1/questionnaires/{ownq}/reponses", other: "/api/v1/questionnaires/{otherq}/reponses", ok: 422},
	{pattern: "POST /api/v1/questionnaires/{id}/imports", own: "/api/v1/questionnaires/{ownq}/imports", other: "/api/v1/questionnaires/{otherq}/imports", ok: 422},
	{pattern: "GET /api/v1/questionnaires/{id}/analyse", own: "/api/v1/questionnaires/{ownq}/analyse", other: "/api/v1/questionnaires/{otherq}/analyse", ok: 200, scoped: true},
	{pattern: "GET /api/v1/reperes-nationaux", own: "/api/v1/reperes-nationaux", other: "/api/v1/reperes-nationaux", ok: 200},
	{pattern: "POST /api/v1/reperes-nationaux", own: "/api/v1/reperes-nationaux", other: "/api/v1/reperes-nationaux", ok: 422},
	{pattern: "PUT /api/v1/reperes-nationaux/{id}", own: "/api/v1/reperes-nationaux/{ownbench}", other: "/api/v1/reperes-nationaux/{otherbench}", ok: 422},
	{pattern: "DELETE /api/v1/reperes-nationaux/{id}", own: "/api/v1/reperes-nationaux/999999", other: "/api/v1/reperes-nationaux/{otherbench}", ok: 404, scoped: true},
	{pattern: "GET /api/v1/fragilite", own: "/api/v1/fragilite?territoire={territory}", other: "/api/v1/fragilite?territoire={territory}", ok: 409},
}

// diagnosticBrowserPages lists this capability's pages checked in Chromium:
// the public answering pages (axe-core at 320 and 640 px, without JavaScript)
// and the staff pages of the demo CCAS's questionnaire.
var diagnosticBrowserPages = []browserPage{
	{path: "/enquetes/demo-besoins-numeriques", want: "Votre accord"},
	{path: "/enquetes/demo-besoins-numeriques?falc=1", want: "Cela prend 10 minutes"},
	{path: "/enquetes/inconnu", want: "Questionnaire fermé", status: http.StatusNotFound},
	{path: "/espace/diagnostic", role: account.RoleMediation, want: "Créer un questionnaire"},
	{path: "/espace/diagnostic/saisie", role: account.RoleReception, want: "Saisie des questionnaires papier"},
	{path: "/espace/diagnostic/reperes", role: account.RoleCoordination, want: "Chiffres nationaux de référence"},
	{path: "/espace/diagnostic/reperes/nouveau", role: account.RoleCoordination, want: "Année du terrain"},
	{path: "/espace/fragilite", role: account.RoleCoordination, want: "Fragilité numérique du territoire"},
}

// diagnosticMatrixSetup gives the outside structure a published
// questionnaire, an import and benchmarks; the demo CCAS gets an import too.
func diagnosticMatrixSetup(t *testing.T, s *site, outside, otherUser int64) func(role account.Role) []string {
	t.Helper()
	ctx := context.Background()
	st, now := s.store, s.clock.Now()
	own := scope.OfStructure(s.demo.Structures[demo.CCAS])
	other := scope.OfStructure(outside)
	j := journal.Entry{Who: "Test", Action: journal.Create, What: "test"}
	list, err := surveystore.New(st).ListQuestionnaires(ctx, own, surveystore.QuestionnaireFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("demo questionnaire: %v", err)
	}
	ownQ := list[0].ID
	oq := survey.Questionnaire{Title: "Questionnaire Hors Territoire", PublicToken: "hors-territoire"}
	if err := surveystore.New(st).CreateQuestionnaire(ctx, other, &oq, survey.Template(nil), j, now); err != nil {
		t.Fatal(err)
	}
	if err := surveystore.New(st).PublishDraft(ctx, other, oq.ID, j, now); err != nil {
		t.Fatal(err)
	}
	importInto := func(sc scope.Structure, qid int64) int64 {
		q, err := surveystore.New(st).Questionnaire(ctx, sc, qid)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := q.Current()
		imp := &surveystore.SurveyImport{QuestionnaireID: qid, Format: "limesurvey", FileName: "export.csv", Rows: 1, Imported: 1, Report: []byte(`{"Format":"limesurvey","Rows":1,"Imported":1}`)}
		rs := []survey.Response{{QuestionnaireID: qid, VersionID: v.ID, Channel: survey.LimeSurvey, Status: survey.Complete, ExternalID: "matrice-1", Answers: survey.Answers{"age": {"75+"}}}}
		if err := surveystore.New(st).ImportResponses(ctx, sc, rs, imp, j, now); err != nil {
			t.Fatal(err)
		}
		return imp.ID
	}
	ownImport, otherImport := importInto(own, ownQ), importInto(other, oq.ID)
	ownBench, err := surveystore.New(st).Benchmarks(ctx, own, survey.SeedBenchmarks(), now)
	if err != nil {
		t.Fatal(err)
	}
	otherBench, err := surveystore.New(st).Benchmarks(ctx, other, survey.SeedBenchmarks(), now)
	if err != nil {
		t.Fatal(err)
	}
	return func(account.Role) []string {
		return []string{"{ownq}", itoa(ownQ), "{otherq}", itoa(oq.ID), "{ownimport}", itoa(ownImport), "{otherimport}", itoa(otherImport),
			"{ownbench}", itoa(ownBench[0].ID), "{otherbench}", itoa(otherBench[0].ID)}
	}
}
