package surveystore_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
)

func surveyFixture(t *testing.T, st *surveystore.Store) (own, other scope.Structure, q survey.Questionnaire) {
	t.Helper()
	a := newStructure(t, st, "CCAS A", 0)
	b := newStructure(t, st, "CCAS B", 0)
	own, other = scope.OfStructure(a.ID), scope.OfStructure(b.ID)
	q = survey.Questionnaire{Title: "Besoins", PublicToken: survey.NewPublicToken(), Settings: survey.Settings{Crosstabs: survey.TemplateCrosstabs}}
	if err := st.CreateQuestionnaire(context.Background(), own, &q, survey.Template(nil), journal.Entry{Who: "Test", Action: journal.Create, What: "questionnaire"}, t0); err != nil {
		t.Fatal(err)
	}
	return own, other, q
}

func TestQuestionnaireVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := surveystore.New(db)
		ctx := context.Background()
		own, other, q := surveyFixture(t, st)
		j := journal.Entry{Who: "Test", Action: journal.Update, What: "test"}
		if _, err := st.Questionnaire(ctx, other, q.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads the questionnaire: %v", err)
		}
		if _, err := st.Questionnaire(ctx, scope.Structure{}, q.ID); err != scope.ErrMissing {
			t.Fatalf("zero scope: %v", err)
		}
		got, err := st.Questionnaire(ctx, own, q.ID)
		if err != nil || len(got.Versions) != 1 || got.Versions[0].Published() || len(got.Settings.Crosstabs) != 5 {
			t.Fatalf("questionnaire %+v: %v", got, err)
		}
		if _, ok := got.Current(); ok {
			t.Fatal("a draft is not a current version")
		}
		def := survey.Template(nil)
		def.Intro = "Nouvelle introduction"
		if err := st.SaveDraft(ctx, other, q.ID, def, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure edits the draft: %v", err)
		}
		if err := st.SaveDraft(ctx, own, q.ID, def, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.PublishDraft(ctx, other, q.ID, j, t0); err == nil {
			t.Fatal("another structure publishes")
		}
		if err := st.PublishDraft(ctx, own, q.ID, j, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := st.PublishDraft(ctx, own, q.ID, j, t0); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("publishing without a draft: %v", err)
		}
		// A published version is frozen: saving starts version 2.
		def.Intro = "Version 2"
		if err := st.SaveDraft(ctx, own, q.ID, def, t0); err != nil {
			t.Fatal(err)
		}
		got, _ = st.Questionnaire(ctx, own, q.ID)
		cur, _ := got.Current()
		draft, ok := got.Draft()
		if len(got.Versions) != 2 || cur.Number != 1 || cur.Definition.Intro != "Nouvelle introduction" || !ok || draft.Number != 2 || draft.Definition.Intro != "Version 2" {
			t.Fatalf("versions %+v", got.Versions)
		}
		pub, err := st.QuestionnaireForPublic(ctx, q.PublicToken)
		if err != nil || pub.ID != q.ID {
			t.Fatalf("public: %v", err)
		}
		if _, err := st.QuestionnaireForPublic(ctx, "inconnu"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown token: %v", err)
		}
		got.Title, got.Open, got.DoubleEntry = "Renommé", true, true
		if err := st.UpdateQuestionnaire(ctx, other, got, j, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure updates: %v", err)
		}
		if err := st.UpdateQuestionnaire(ctx, own, got, j, t0.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		list, err := st.ListQuestionnaires(ctx, own, surveystore.QuestionnaireFilter{UpdatedSince: t0.Add(90 * time.Minute)})
		if err != nil || len(list) != 1 || list[0].Title != "Renommé" || !list[0].Open || list[0].CurrentVersion != 1 || !list[0].HasDraft {
			t.Fatalf("list %+v: %v", list, err)
		}
		if list, _ := st.ListQuestionnaires(ctx, other, surveystore.QuestionnaireFilter{}); len(list) != 0 {
			t.Fatal("another structure lists the questionnaire")
		}
		if list, _ := st.ListQuestionnaires(ctx, own, surveystore.QuestionnaireFilter{AfterID: q.ID}); len(list) != 0 {
			t.Fatal("cursor")
		}
	})
}

func TestSurveyResponses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := surveystore.New(db)
		ctx := context.Background()
		own, other, q := surveyFixture(t, st)
		j := journal.Entry{Who: "Test", Action: journal.Create, What: "réponse"}
		if err := st.PublishDraft(ctx, own, q.ID, j, t0); err != nil {
			t.Fatal(err)
		}
		q, _ = st.Questionnaire(ctx, own, q.ID)
		v, _ := q.Current()
		paper := func(entry int, age string) *survey.Response {
			return &survey.Response{QuestionnaireID: q.ID, VersionID: v.ID, Channel: survey.Paper, Status: survey.ToCheck, ExternalID: "P-1", Entry: entry,
				Answers: survey.Answers{"age": {age}}, EntrySeconds: 40, SubmittedAt: t0}
		}
		first := paper(1, "75+")
		if err := st.AddResponse(ctx, other, first, nil, j, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure adds an answer: %v", err)
		}
		if err := st.AddResponse(ctx, own, first, nil, j, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.AddResponse(ctx, own, paper(1, "75+"), nil, j, t0); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("the same entry twice: %v", err)
		}
		second := paper(2, "60-74")
		second.Status = survey.Control
		if err := st.AddResponse(ctx, own, second, &surveystore.StatusChange{ResponseID: first.ID, Status: survey.Disagree}, j, t0); err != nil {
			t.Fatal(err)
		}
		entries, err := st.PaperEntries(ctx, own, q.ID, "P-1")
		if err != nil || len(entries) != 2 || entries[0].Status != survey.Disagree || entries[1].Answers.Value("age") != "60-74" || entries[0].VersionNumber != 1 {
			t.Fatalf("entries %+v: %v", entries, err)
		}
		if err := st.ChangeStatuses(ctx, own, []surveystore.StatusChange{{ResponseID: first.ID, Status: survey.Complete, Answers: survey.Answers{"age": {"60-74"}}}}, j, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := st.ChangeStatuses(ctx, other, []surveystore.StatusChange{{ResponseID: first.ID, Status: survey.Control}}, j, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure resolves: %v", err)
		}
		// Import: one transaction for the answers and the report.
		rows := []survey.Response{
			{QuestionnaireID: q.ID, VersionID: v.ID, Channel: survey.LimeSurvey, Status: survey.Complete, ExternalID: "1", Answers: survey.Answers{"age": {"15-24"}}},
			{QuestionnaireID: q.ID, VersionID: v.ID, Channel: survey.LimeSurvey, Status: survey.Complete, ExternalID: "2", Answers: survey.Answers{"age": {"25-39"}}, SubmittedAt: t0},
		}
		imp := &surveystore.SurveyImport{QuestionnaireID: q.ID, Format: "limesurvey", FileName: "r.csv", Rows: 3, Imported: 2, Duplicates: 1, Report: []byte(`{"ok":true}`)}
		if err := st.ImportResponses(ctx, other, rows, imp, j, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("import into another structure's questionnaire: %v", err)
		}
		if err := st.ImportResponses(ctx, own, rows, imp, j, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.ImportResponses(ctx, own, rows[:1], &surveystore.SurveyImport{QuestionnaireID: q.ID, Format: "limesurvey", Report: []byte("{}")}, j, t0); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("the same row twice: %v", err)
		}
		ids, err := st.ExternalIDs(ctx, own, q.ID, survey.LimeSurvey)
		if err != nil || len(ids) != 2 || !ids["1"] || !ids["2"] {
			t.Fatalf("external ids %v: %v", ids, err)
		}
		imps, _ := st.SurveyImports(ctx, own, q.ID)
		if len(imps) != 1 || imps[0].Imported != 2 {
			t.Fatalf("imports %+v", imps)
		}
		full, err := st.SurveyImportReport(ctx, own, imps[0].ID)
		if err != nil || string(full.Report) != `{"ok":true}` {
			t.Fatalf("report %s: %v", full.Report, err)
		}
		if _, err := st.SurveyImportReport(ctx, other, imps[0].ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads the report: %v", err)
		}
		// Online: started with a resume code, resumed, submitted once.
		online := &survey.Response{QuestionnaireID: q.ID, VersionID: v.ID, ConsentWording: "J'accepte", ConsentedAt: t0, Answers: survey.Answers{}}
		hash := survey.HashCode("ABCD-EFGH")
		if err := st.StartPublicResponse(ctx, online, hash, t0); err != nil {
			t.Fatal(err)
		}
		back, err := st.PublicResponse(ctx, q.ID, 0, hash)
		if err != nil || back.ID != online.ID || back.ConsentWording != "J'accepte" || back.Status != survey.InProgress {
			t.Fatalf("resume: %+v %v", back, err)
		}
		back.Answers = survey.Answers{"age": {"40-59"}}
		if err := st.SavePublicResponse(ctx, &back, true, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := st.SavePublicResponse(ctx, &back, false, t0.Add(time.Minute)); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("saving a submitted answer: %v", err)
		}
		if _, err := st.PublicResponse(ctx, q.ID, 0, hash); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a submitted answer's code is forgotten: %v", err)
		}
		complete, err := st.ListResponses(ctx, own, q.ID, surveystore.ResponseFilter{Status: survey.Complete})
		if err != nil || len(complete) != 4 {
			t.Fatalf("complete answers: %d %v", len(complete), err)
		}
		page, _ := st.ListResponses(ctx, own, q.ID, surveystore.ResponseFilter{AfterID: complete[0].ID, Limit: 2})
		if len(page) != 2 || page[0].ID <= complete[0].ID {
			t.Fatalf("cursor page %+v", page)
		}
		if rs, _ := st.ListResponses(ctx, own, q.ID, surveystore.ResponseFilter{UpdatedSince: t0.Add(30 * time.Minute)}); len(rs) != 1 {
			t.Fatalf("updated since: %d", len(rs))
		}
		if rs, _ := st.ListResponses(ctx, other, q.ID, surveystore.ResponseFilter{}); len(rs) != 0 {
			t.Fatal("another structure lists the answers")
		}
		if _, err := st.Response(ctx, other, first.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads an answer: %v", err)
		}
		list, _ := st.ListQuestionnaires(ctx, own, surveystore.QuestionnaireFilter{})
		if list[0].Counts[survey.Complete] != 4 || list[0].Counts[survey.Control] != 1 {
			t.Fatalf("counts %v", list[0].Counts)
		}
	})
}

func TestBenchmarks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := surveystore.New(db)
		ctx := context.Background()
		own, other, _ := surveyFixture(t, st)
		j := journal.Entry{Who: "Test", Action: journal.Update, What: "repère"}
		seed := survey.SeedBenchmarks()
		bs, err := st.Benchmarks(ctx, own, seed, t0)
		if err != nil || len(bs) != len(seed) || bs[0].Indicator != seed[0].Indicator || bs[0].ChoiceValues[0] != "ordinateur" {
			t.Fatalf("seeded %d: %v", len(bs), err)
		}
		again, _ := st.Benchmarks(ctx, own, seed, t0)
		if len(again) != len(seed) {
			t.Fatal("seeded twice")
		}
		b := bs[12]
		if b.SubgroupRole != survey.RoleDiploma || b.SubgroupValues[0] != "aucun_cep" {
			t.Fatalf("subgroup %+v", b)
		}
		b.Value = 0.3
		if err := st.SaveBenchmark(ctx, other, &b, j, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure edits: %v", err)
		}
		if err := st.SaveBenchmark(ctx, own, &b, j, t0); err != nil {
			t.Fatal(err)
		}
		nb := survey.Benchmark{Indicator: "local", Value: 0.5, Source: "CAF", Publication: "CAF 2025", Year: 2025, Population: "allocataires", Breakdown: "ensemble"}
		if err := st.SaveBenchmark(ctx, own, &nb, j, t0); err != nil || nb.ID == 0 {
			t.Fatal(err)
		}
		if got, _ := st.Benchmark(ctx, own, b.ID); got.Value != 0.3 {
			t.Fatalf("updated %+v", got)
		}
		if err := st.DeleteBenchmark(ctx, other, nb.ID, j, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure deletes: %v", err)
		}
		if err := st.DeleteBenchmark(ctx, own, nb.ID, j, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Benchmark(ctx, own, nb.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatal("deleted")
		}
	})
}

func TestAddResponsesInOneTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := surveystore.New(db)
		ctx := context.Background()
		own, other, q := surveyFixture(t, st)
		j := journal.Entry{Who: "Test", Action: journal.Create, What: "réponses"}
		if err := st.PublishDraft(ctx, own, q.ID, j, t0); err != nil {
			t.Fatal(err)
		}
		q, _ = st.Questionnaire(ctx, own, q.ID)
		v, _ := q.Current()
		rs := []survey.Response{
			{VersionID: v.ID, Channel: survey.Online, Status: survey.Complete, Answers: survey.Answers{"age": {"75+"}}, SubmittedAt: t0},
			{VersionID: v.ID, Channel: survey.Paper, Status: survey.Complete, ExternalID: "P-1", Entry: 1, Answers: survey.Answers{"age": {"15-24"}}, SubmittedAt: t0},
		}
		if err := st.AddResponses(ctx, other, q.ID, rs, j, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("into another structure's questionnaire: %v", err)
		}
		if err := st.AddResponses(ctx, own, q.ID, rs, j, t0); err != nil {
			t.Fatal(err)
		}
		got, err := st.ListResponses(ctx, own, q.ID, surveystore.ResponseFilter{Status: survey.Complete})
		if err != nil || len(got) != 2 || got[1].ExternalID != "P-1" || got[0].SubmittedAt.IsZero() {
			t.Fatalf("%+v %v", got, err)
		}
	})
}
