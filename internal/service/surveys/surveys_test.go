package surveys_test

import (
	"context"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
	"github.com/parcours-numerique/parcours/internal/surveyimport"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type fixture struct {
	svc                          *surveys.Service
	st                           *store.Store
	mediator, reception, partner *account.Actor
	outsider                     *account.Actor
}

func newFixture(t testing.TB, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	structureOf := func(name string) int64 {
		s := structure.Structure{Name: name, Typology: "CCAS", RNA: "W179999999", CommuneCode: "17299", Address: "1 rue Test"}
		s.Normalize()
		if err := st.CreateStructure(ctx, &s, t0); err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	a, b := structureOf("CCAS A"), structureOf("CCAS B")
	actor := func(email string, sid int64, role account.Role) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: email, StructureID: sid, Role: role}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		act, err := st.ActorForMembership(ctx, id, sid)
		if err != nil {
			t.Fatal(err)
		}
		return act
	}
	now := t0
	return &fixture{svc: surveys.New(surveystore.New(st), func() time.Time { return now }), st: st,
		mediator: actor("m@a.fr", a, account.RoleMediation), reception: actor("r@a.fr", a, account.RoleReception),
		partner: actor("p@a.fr", a, account.RolePartner), outsider: actor("m@b.fr", b, account.RoleMediation)}
}

func (f *fixture) published(t testing.TB) survey.Questionnaire {
	t.Helper()
	ctx := context.Background()
	q, err := f.svc.Create(ctx, f.mediator, surveys.NewQuestionnaire{Template: true})
	if err != nil {
		t.Fatal(err)
	}
	if q, err = f.svc.Publish(ctx, f.mediator, q.ID); err != nil {
		t.Fatal(err)
	}
	return q
}

func complete(age string) survey.Answers {
	return survey.Answers{"equip_appareils": {"smartphone"}, "connexion_domicile": {"box"}, "usage_internet": {"quotidien"}, "demarche_en_ligne": {"seul"},
		"demarche_abandon": {"non"}, "difficulte_demarches": {"jamais"}, "age": {age}}
}

func TestBuildPublishAndVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		if _, err := f.svc.Create(ctx, f.reception, surveys.NewQuestionnaire{Template: true}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the reception desk builds questionnaires: %v", err)
		}
		q, err := f.svc.Create(ctx, f.mediator, surveys.NewQuestionnaire{Template: true, Districts: []survey.Choice{{Value: "a", Label: "A"}, {Value: "b", Label: "B"}}})
		if err != nil || q.Title != survey.TemplateTitle || len(q.Settings.Crosstabs) != 5 {
			t.Fatalf("%+v %v", q, err)
		}
		if _, err := f.svc.Get(ctx, f.outsider, q.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads it: %v", err)
		}
		if _, err := f.svc.UpdateSettings(ctx, f.mediator, q.ID, surveys.Settings{Title: "x", Open: true}); err == nil {
			t.Fatal("opened without a published version")
		}
		// One change at a time, validated.
		_, err = f.svc.EditDraft(ctx, f.mediator, q.ID, func(d *survey.Definition) error {
			d.Sections[0].Questions[0].Easy = "Vos appareils ?"
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.EditDraft(ctx, f.mediator, q.ID, func(d *survey.Definition) error { d.Sections[0].Questions[0].Key = "Mauvaise clé"; return nil }); err == nil {
			t.Fatal("an invalid draft saved")
		}
		q, err = f.svc.Publish(ctx, f.mediator, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Publish(ctx, f.mediator, q.ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("published twice: %v", err)
		}
		// Editing after publication starts version 2; version 1 stays as it was.
		q, err = f.svc.EditDraft(ctx, f.mediator, q.ID, func(d *survey.Definition) error {
			d.Sections[6].Questions = d.Sections[6].Questions[:len(d.Sections[6].Questions)-1]
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		cur, _ := q.Current()
		draft, _ := q.Draft()
		if cur.Number != 1 || draft.Number != 2 || cur.Definition.Sections[0].Questions[0].Easy != "Vos appareils ?" || len(cur.Definition.Questions()) == len(draft.Definition.Questions()) {
			t.Fatal("the published version changed")
		}
		q, err = f.svc.UpdateSettings(ctx, f.mediator, q.ID, surveys.Settings{Title: "Enquête 2026", Open: true, DoubleEntry: true})
		if err != nil || !q.Open || !q.DoubleEntry {
			t.Fatalf("%+v %v", q, err)
		}
		// Cross-tabs that the new version cannot carry are dropped at publication.
		if _, err := f.svc.SetCrosstabs(ctx, f.mediator, q.ID, []survey.Crosstab{{Question: "age", By: survey.RoleAge}}); err == nil {
			t.Fatal("a question crossed with itself")
		}
		list, err := f.svc.List(ctx, f.mediator, surveys.ListFilter{})
		if err != nil || len(list) != 1 || list[0].CurrentVersion != 1 || !list[0].HasDraft {
			t.Fatalf("list %+v %v", list, err)
		}
	})
}

func TestPaperDoubleEntry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		q := f.published(t)
		if _, err := f.svc.UpdateSettings(ctx, f.mediator, q.ID, surveys.Settings{Title: q.Title, DoubleEntry: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.EnterPaper(ctx, f.partner, q.ID, surveys.PaperEntry{Reference: "P1", Answers: complete("75+"), Consent: true}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a partner types: %v", err)
		}
		_, err := f.svc.EnterPaper(ctx, f.reception, q.ID, surveys.PaperEntry{Answers: complete("75+")})
		if fm := fieldMap(err); fm["reference"] == "" || fm["consentement"] == "" {
			t.Fatalf("reference and consent required: %v", fm)
		}
		out, err := f.svc.EnterPaper(ctx, f.reception, q.ID, surveys.PaperEntry{Reference: "P1", Answers: complete("75+"), Consent: true, Seconds: 35})
		if err != nil || out.Entry != 1 || out.Response.Status != survey.ToCheck || !strings.Contains(out.Message(), "Première saisie") {
			t.Fatalf("%+v %v", out, err)
		}
		out, err = f.svc.EnterPaper(ctx, f.mediator, q.ID, surveys.PaperEntry{Reference: "P1", Answers: complete("75+"), Consent: true})
		if err != nil || out.Entry != 2 || !out.Matched {
			t.Fatalf("matching second entry: %+v %v", out, err)
		}
		if _, err := f.svc.EnterPaper(ctx, f.mediator, q.ID, surveys.PaperEntry{Reference: "P1", Answers: complete("75+"), Consent: true}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a third entry: %v", err)
		}
		// P2: the two entries differ on the age band.
		if _, err := f.svc.EnterPaper(ctx, f.reception, q.ID, surveys.PaperEntry{Reference: "P2", Answers: complete("60-74"), Consent: true}); err != nil {
			t.Fatal(err)
		}
		out, err = f.svc.EnterPaper(ctx, f.mediator, q.ID, surveys.PaperEntry{Reference: "P2", Answers: complete("75+"), Consent: true})
		if err != nil || out.Matched || len(out.Differ) != 1 || out.Differ[0] != "age" {
			t.Fatalf("disagreement: %+v %v", out, err)
		}
		ds, err := f.svc.Disagreements(ctx, f.mediator, q.ID)
		if err != nil || len(ds) != 1 || ds[0].Reference != "P2" || ds[0].Questions[0].Key != "age" {
			t.Fatalf("disagreements %+v %v", ds, err)
		}
		if _, err := f.svc.Disagreements(ctx, f.reception, q.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatal("the reception desk reads the answers back")
		}
		if err := f.svc.Resolve(ctx, f.mediator, q.ID, "P2", map[string]string{}); fieldMap(err)["age"] == "" {
			t.Fatalf("a choice is needed for each disagreement: %v", err)
		}
		if err := f.svc.Resolve(ctx, f.mediator, q.ID, "P2", map[string]string{"age": "2"}); err != nil {
			t.Fatal(err)
		}
		rs, _ := f.svc.Responses(ctx, f.mediator, q.ID, surveys.ResponseFilter{Status: survey.Complete})
		if len(rs) != 2 || rs[1].Answers.Value("age") != "75+" || rs[0].EntrySeconds != 35 || rs[0].ConsentWording == "" {
			t.Fatalf("counted answers %+v", rs)
		}
		if _, err := f.svc.Responses(ctx, f.mediator, q.ID, surveys.ResponseFilter{Status: "autre"}); fieldMap(err)["statut"] == "" {
			t.Fatal("unknown status accepted")
		}
	})
}

func fieldMap(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return map[string]string{}
}

func TestPublicAnswering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		q := f.published(t)
		if _, err := f.svc.OpenPublic(ctx, q.PublicToken); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a closed questionnaire takes answers: %v", err)
		}
		if _, err := f.svc.UpdateSettings(ctx, f.mediator, q.ID, surveys.Settings{Title: q.Title, Open: true}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.StartPublic(ctx, q.PublicToken, false); fieldMap(err)["consentement"] == "" {
			t.Fatalf("started without consent: %v", err)
		}
		r, code, err := f.svc.StartPublic(ctx, q.PublicToken, true)
		if err != nil || r.ConsentWording == "" || len(code) != 9 {
			t.Fatalf("%+v %q %v", r, code, err)
		}
		// A required question must be answered to go on; saving for later needs nothing.
		if _, err := f.svc.SavePublic(ctx, q.PublicToken, r.ID, surveys.Step{Keys: []string{"connexion_domicile", "connexion_qualite"}, Forward: true}); fieldMap(err)["connexion_domicile"] == "" {
			t.Fatalf("went on without a required answer: %v", err)
		}
		r, err = f.svc.SavePublic(ctx, q.PublicToken, r.ID, surveys.Step{Keys: []string{"connexion_domicile", "connexion_qualite"},
			Answers: survey.Answers{"connexion_domicile": {"non"}, "connexion_qualite": {"bonne"}}})
		if err != nil || r.Answers.Has("connexion_qualite") {
			t.Fatalf("skip logic: %+v %v", r.Answers, err)
		}
		back, err := f.svc.ResumePublic(ctx, q.PublicToken, strings.ToLower(strings.ReplaceAll(code, "-", " ")), "192.0.2.1")
		if err != nil || back.ID != r.ID || back.Answers.Value("connexion_domicile") != "non" {
			t.Fatalf("resume: %+v %v", back, err)
		}
		if _, err := f.svc.ResumePublic(ctx, q.PublicToken, "AAAA-AAAA", "192.0.2.1"); fieldMap(err)["code"] == "" {
			t.Fatalf("wrong code: %v", err)
		}
		// Guessing codes from one address soon waits, even with the right
		// code; another address is not held back.
		for range 6 {
			_, _ = f.svc.ResumePublic(ctx, q.PublicToken, "AAAA-AAAA", "192.0.2.9")
		}
		if _, err := f.svc.ResumePublic(ctx, q.PublicToken, code, "192.0.2.9"); !apperr.Is(err, apperr.TooManyRequests) || !strings.Contains(fieldMap(err)["code"], "réessayez dans") {
			t.Fatalf("after six wrong tries from one address, the next is not held back: %v", err)
		}
		if back, err := f.svc.ResumePublic(ctx, q.PublicToken, code, "192.0.2.10"); err != nil || back.ID != r.ID {
			t.Fatalf("another address: %v", err)
		}
		if _, err := f.svc.SavePublic(ctx, q.PublicToken, r.ID, surveys.Step{Submit: true}); err == nil {
			t.Fatal("submitted without the required answers")
		}
		all := complete("40-59")
		keys := make([]string, 0, len(all))
		for k := range all {
			keys = append(keys, k)
		}
		r, err = f.svc.SavePublic(ctx, q.PublicToken, r.ID, surveys.Step{Keys: keys, Answers: all, Submit: true})
		if err != nil || r.Status != survey.Complete {
			t.Fatalf("submit: %+v %v", r, err)
		}
		if _, err := f.svc.ResumePublic(ctx, q.PublicToken, code, "192.0.2.1"); err == nil {
			t.Fatal("a sent answer is resumed")
		}
	})
}

func limeCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("id,submitdate,equip_appareils[smartphone],equip_appareils[ordinateur],connexion_domicile,usage_internet,demarche_en_ligne,demarche_abandon,difficulte_demarches,age,sexe,diplome,quartier\n")
	ages := []string{"15-24", "25-39", "40-59", "60-74", "75+"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d,2026-02-01 10:00:00,Y,%s,box,quotidien,seul,non,parfois,%s,%s,bac,centre\n", i+1, map[bool]string{true: "Y"}[i%3 == 0], ages[i%5], []string{"femme", "homme"}[i%2])
	}
	return []byte(b.String())
}

func TestImportAndAnalyse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		q := f.published(t)
		data := append(limeCSV(120), []byte("121,2026-02-01 10:00:00,Y,,fibre,quotidien,seul,non,parfois,40-59,femme,bac,centre\n")...)
		res, err := f.svc.Import(ctx, f.mediator, q.ID, surveys.ImportInput{Format: surveyimport.LimeSurvey, FileName: "r.csv", Data: data, DryRun: true})
		if err != nil || res.ImportID != 0 || res.Report.Imported != 120 || res.Report.Rejected != 1 {
			t.Fatalf("dry run %+v %v", res.Report, err)
		}
		if rs, _ := f.svc.Responses(ctx, f.mediator, q.ID, surveys.ResponseFilter{}); len(rs) != 0 {
			t.Fatal("a dry run recorded answers")
		}
		mapping, err := surveys.ParseMapping("connexion_domicile:fibre = box\n")
		if err != nil {
			t.Fatal(err)
		}
		res, err = f.svc.Import(ctx, f.mediator, q.ID, surveys.ImportInput{Format: surveyimport.LimeSurvey, FileName: "r.csv", Data: data, Mapping: mapping})
		if err != nil || res.ImportID == 0 || res.Report.Imported != 121 {
			t.Fatalf("import %+v %v", res.Report, err)
		}
		res, err = f.svc.Import(ctx, f.mediator, q.ID, surveys.ImportInput{Format: surveyimport.LimeSurvey, Data: data, Mapping: mapping})
		if err != nil || res.Report.Duplicates != 121 || res.Report.Imported != 0 {
			t.Fatalf("the same file again: %+v %v", res.Report, err)
		}
		_, rep, err := f.svc.ImportReport(ctx, f.mediator, q.ID, res.ImportID)
		if err != nil || rep.Duplicates != 121 || len(rep.Results) != 121 {
			t.Fatalf("stored report %+v %v", rep, err)
		}
		if _, _, err := f.svc.ImportReport(ctx, f.outsider, q.ID, res.ImportID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads the report: %v", err)
		}
		if _, err := f.svc.RecordAPI(ctx, f.mediator, q.ID, "ext-1", complete("75+")); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RecordAPI(ctx, f.mediator, q.ID, "ext-1", complete("75+")); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("the same external id twice: %v", err)
		}
		rep2, _, err := f.svc.Analyse(ctx, f.mediator, q.ID, surveys.AnalysisOptions{Audience: surveyanalysis.External})
		if err != nil || rep2.Respondents != 122 || len(rep2.Crosstabs) != 5 || len(rep2.Sources) == 0 {
			t.Fatalf("analysis %d %d %v", rep2.Respondents, len(rep2.Crosstabs), err)
		}
		if _, _, err := f.svc.Analyse(ctx, f.mediator, q.ID, surveys.AnalysisOptions{Audience: "public"}); fieldMap(err)["diffusion"] == "" {
			t.Fatal("unknown audience accepted")
		}
		// Raking to margins entered for the age bands and sexes.
		m := &survey.Margins{Source: "Insee RP 2021", AgeSex: map[string]map[string]float64{}}
		for i, b := range []string{"15-24", "25-39", "40-59", "60-74", "75+"} {
			m.AgeSex[b] = map[string]float64{survey.Female: float64(1000 + 100*i), survey.Male: float64(900 + 80*i)}
		}
		if _, err := f.svc.SetMargins(ctx, f.mediator, q.ID, m); err != nil {
			t.Fatal(err)
		}
		rep3, _, err := f.svc.Analyse(ctx, f.mediator, q.ID, surveys.AnalysisOptions{Weighted: true})
		if err != nil || rep3.Weighting == nil || !rep3.Weighting.Converged {
			t.Fatalf("weighted: %+v %q %v", rep3.Weighting, rep3.WeightingNote, err)
		}
	})
}

func TestBenchmarksEditable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		bs, err := f.svc.Benchmarks(ctx, f.mediator)
		if err != nil || len(bs) != len(survey.SeedBenchmarks()) {
			t.Fatalf("%d %v", len(bs), err)
		}
		b := bs[0]
		b.Value = 1.5
		if _, err := f.svc.SaveBenchmark(ctx, f.mediator, b); fieldMap(err)["valeur"] == "" {
			t.Fatal("a share over 1 accepted")
		}
		b.Value = 0.8
		if _, err := f.svc.SaveBenchmark(ctx, f.mediator, b); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteBenchmark(ctx, f.outsider, b.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure deletes: %v", err)
		}
		if err := f.svc.DeleteBenchmark(ctx, f.mediator, b.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// BenchmarkImportLimeSurvey10k: 10,000 LimeSurvey rows read, checked and
// recorded in one transaction, on SQLite.
func BenchmarkImportLimeSurvey10k(b *testing.B) {
	data := limeCSV(10_000)
	ctx := context.Background()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		st := storetest.SQLite(b)
		f := newFixture(b, st)
		q := f.published(b)
		c0 := cpuTime()
		b.StartTimer()
		res, err := f.svc.Import(ctx, f.mediator, q.ID, surveys.ImportInput{Format: surveyimport.LimeSurvey, Data: data})
		b.StopTimer()
		cpu += cpuTime() - c0
		if err != nil || res.Report.Imported != 10_000 {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
