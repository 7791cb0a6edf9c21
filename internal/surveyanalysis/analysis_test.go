package surveyanalysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
)

var now = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// respondents builds n complete answers; each starts from base and fill sets
// the answers of respondent i.
func respondents(n int, fill func(i int, a survey.Answers)) []survey.Response {
	out := make([]survey.Response, n)
	for i := range out {
		a := survey.Answers{"age": {"40-59"}, "sexe": {"femme"}}
		fill(i, a)
		out[i] = survey.Response{ID: int64(i + 1), Channel: survey.Paper, Status: survey.Complete, Answers: a, VersionNumber: 1, SubmittedAt: now}
	}
	return out
}

func analyse(t *testing.T, rs []survey.Response, bs []survey.Benchmark, aud Audience, crosstabs ...survey.Crosstab) Report {
	t.Helper()
	d := survey.Template(nil)
	return Analyse(Input{Title: "Test", Definition: &d, VersionNumber: 1, Responses: rs, Benchmarks: bs, Audience: aud, Now: now,
		Settings: survey.Settings{Crosstabs: crosstabs}})
}

func question(t *testing.T, rep Report, key string) QuestionResult {
	t.Helper()
	for _, q := range rep.Questions {
		if q.Key == key {
			return q
		}
	}
	t.Fatalf("no result for %s", key)
	return QuestionResult{}
}

func computer(b survey.Benchmark) bool {
	return b.QuestionKey == "equip_appareils" && b.ChoiceValues[0] == "ordinateur" && b.AgeMax == 0 && b.AgeMin == 12
}

// The field report's case: 78 % of 177 respondents own a computer, against
// 81 % nationally (Credoc 2017). The interval is about 71–83 %: no gap.
func TestFieldReportComputerIsNotDifferent(t *testing.T) {
	t.Parallel()
	rs := respondents(177, func(i int, a survey.Answers) {
		a["equip_appareils"] = []string{"smartphone"}
		if i < 138 {
			a["equip_appareils"] = []string{"smartphone", "ordinateur"}
		}
	})
	var bs []survey.Benchmark
	for _, b := range survey.SeedBenchmarks() {
		if computer(b) {
			bs = append(bs, b)
		}
	}
	rep := analyse(t, rs, bs, Internal)
	q := question(t, rep, "equip_appareils")
	if q.Base != 177 || !q.Multiple {
		t.Fatalf("base %d multiple %v", q.Base, q.Multiple)
	}
	if len(q.Comparisons) != 1 {
		t.Fatalf("comparisons: %+v", q.Comparisons)
	}
	c := q.Comparisons[0]
	if !c.Comparable || c.Gap || c.Position != "pas différent" {
		t.Fatalf("comparison: %+v", c)
	}
	if got := stats.Describe(c.Local); got != "78 % (71–83 %, n = 177)" {
		t.Errorf("described as %q", got)
	}
	for _, want := range []string{"pas différent du chiffre national de 81 % (Credoc 2017)", "peut venir du hasard"} {
		if !strings.Contains(c.Sentence, want) {
			t.Errorf("sentence %q lacks %q", c.Sentence, want)
		}
	}
	if len(c.Notes) < 2 || !strings.Contains(strings.Join(c.Notes, " "), "12 ans et plus") || !strings.Contains(strings.Join(c.Notes, " "), "date de 2017") {
		t.Errorf("notes on population and age of the figure: %v", c.Notes)
	}
}

// Wilson vectors (Newcombe 1998) read through the analysis: 81/263 → [0.2553, 0.3662].
func TestWilsonVectorThroughAnalysis(t *testing.T) {
	t.Parallel()
	rs := respondents(263, func(i int, a survey.Answers) {
		a["connexion_domicile"] = []string{"box"}
		if i < 81 {
			a["connexion_domicile"] = []string{"non"}
		}
	})
	q := question(t, analyse(t, rs, nil, Internal), "connexion_domicile")
	row := q.Rows[2]
	if row.Value != "non" || row.Count != 81 || math.Abs(row.Share.Low-0.2553) > 5e-5 || math.Abs(row.Share.High-0.3662) > 5e-5 {
		t.Fatalf("row %+v", row)
	}
}

func TestAgeBandsComparedLikeWithLike(t *testing.T) {
	t.Parallel()
	rs := respondents(400, func(i int, a survey.Answers) {
		a["age"] = []string{[]string{"15-24", "25-39", "40-59", "60-74", "75+"}[i%5]}
		a["usage_internet"] = []string{"quotidien"}
		if i%5 == 4 && i%10 == 4 {
			a["usage_internet"] = []string{"jamais"}
		}
		a["equip_appareils"] = []string{"smartphone"}
		a["demarche_en_ligne"] = []string{"seul"}
	})
	rep := analyse(t, rs, survey.SeedBenchmarks(), Internal)
	use := question(t, rep, "usage_internet")
	var over75, seventy bool
	for _, c := range use.Comparisons {
		if c.Benchmark.AgeMin == 75 {
			over75 = true
			// 75+: 80 respondents, 40 used internet: 50 % against 48 %, not different.
			if !c.Comparable || c.Subgroup != "75 ans et plus" || c.Local.Base != 80 || c.Hits != 40 || c.Gap {
				t.Errorf("75+ comparison: %+v", c)
			}
		}
	}
	for _, c := range question(t, rep, "equip_appareils").Comparisons {
		if c.Benchmark.AgeMin == 70 {
			seventy = true
			if c.Comparable || !strings.Contains(c.Sentence, "70 ans et plus") || !strings.Contains(c.Sentence, "60–74 ans") {
				t.Errorf("Credoc 70+ against Insee bands must not be compared: %+v", c)
			}
		}
		if c.Benchmark.AgeMin == 12 && c.Benchmark.Year == 2024 && (!c.Comparable || !c.Gap || c.Position != "supérieur") {
			// Everyone owns a smartphone: 100 % against 91 % is a gap.
			t.Errorf("smartphone 2024: %+v", c)
		}
	}
	if !over75 || !seventy {
		t.Fatal("benchmarks by age not read")
	}
	// SRCV covers 18 and over, the questionnaire 15 and over: compared, with a note.
	srcv := false
	for _, c := range question(t, rep, "demarche_en_ligne").Comparisons {
		if c.Benchmark.Source == "Insee SRCV" {
			srcv = true
			if !c.Comparable || !strings.Contains(strings.Join(c.Notes, " "), "18 ans et plus") {
				t.Errorf("SRCV: %+v", c)
			}
		}
	}
	if !srcv {
		t.Error("SRCV benchmark not read")
	}
}

func TestSmallCellsHidden(t *testing.T) {
	t.Parallel()
	// 3 "mobile", 40 "box", 57 "non": the 3 is hidden, and a second cell so
	// that it cannot be recovered from the total.
	rs := respondents(100, func(i int, a survey.Answers) {
		switch {
		case i < 3:
			a["connexion_domicile"] = []string{"mobile"}
		case i < 43:
			a["connexion_domicile"] = []string{"box"}
		default:
			a["connexion_domicile"] = []string{"non"}
		}
	})
	for _, aud := range []Audience{Internal, External} {
		q := question(t, analyse(t, rs, nil, aud), "connexion_domicile")
		hidden := 0
		for _, r := range q.Rows {
			if r.CountHidden {
				hidden++
				if !r.PercentHidden || r.Reason == "" {
					t.Errorf("%s: hidden count with a visible percentage: %+v", aud, r)
				}
			}
		}
		if !q.Rows[1].CountHidden || hidden != 2 {
			t.Errorf("%s: rows %+v", aud, q.Rows)
		}
	}
	// 8 respondents in a category: shown inside the CCAS, hidden when the table leaves it.
	rs = respondents(100, func(i int, a survey.Answers) {
		a["connexion_domicile"] = []string{"box"}
		if i < 8 {
			a["connexion_domicile"] = []string{"mobile"}
		}
		if i >= 8 && i < 30 {
			a["connexion_domicile"] = []string{"non"}
		}
	})
	if q := question(t, analyse(t, rs, nil, Internal), "connexion_domicile"); q.Rows[1].CountHidden {
		t.Errorf("internal: 8 is shown: %+v", q.Rows[1])
	}
	if q := question(t, analyse(t, rs, nil, External), "connexion_domicile"); !q.Rows[1].CountHidden {
		t.Errorf("external: 8 is hidden: %+v", q.Rows[1])
	}
	// No percentage on a base under 30.
	q := question(t, analyse(t, respondents(20, func(i int, a survey.Answers) { a["connexion_domicile"] = []string{"box"} }), nil, Internal), "connexion_domicile")
	if !q.BaseTooSmall || !q.Rows[0].PercentHidden || q.Rows[0].Describe() != "non diffusé" {
		t.Errorf("base 20: %+v", q)
	}
}

// The published chi-square vector: [[10,20],[30,40]] → χ² = 0.793651, p = 0.372998;
// and Fisher's: [[1,9],[11,3]] → p = 0.0027595.
func TestCrosstabVectors(t *testing.T) {
	t.Parallel()
	fill := func(cells [2][2]int) []survey.Response {
		var out []survey.Response
		for r, row := range cells {
			for c, n := range row {
				for k := 0; k < n; k++ {
					a := survey.Answers{"age": {"40-59"}, "sexe": {[]string{"femme", "homme"}[c]}, "demarche_abandon": {[]string{"oui", "non"}[r]}}
					out = append(out, survey.Response{Channel: survey.Online, Status: survey.Complete, Answers: a, VersionNumber: 1})
				}
			}
		}
		return out
	}
	ct := survey.Crosstab{Question: "demarche_abandon", By: survey.RoleSex}
	rep := analyse(t, fill([2][2]int{{10, 20}, {30, 40}}), nil, Internal, ct)
	if len(rep.Crosstabs) != 1 {
		t.Fatalf("crosstabs: %d", len(rep.Crosstabs))
	}
	x := rep.Crosstabs[0]
	// The sex question has a third choice ("autre") nobody gave: dropped before the test.
	if x.Test != stats.Pearson || math.Abs(x.ChiSquare-0.793651) > 1e-6 || x.DF != 1 || math.Abs(x.P-0.372998) > 1e-6 || x.Significant {
		t.Fatalf("pearson: %+v", x)
	}
	if !strings.Contains(x.Sentence, "Pas de différence nette") {
		t.Errorf("sentence: %q", x.Sentence)
	}
	// [[1,9],[11,3]]: every expected count is 5 or more, so Pearson's test;
	// the published Fisher p-value of this table is checked in package stats.
	rep = analyse(t, fill([2][2]int{{1, 9}, {11, 3}}), nil, Internal, ct)
	x = rep.Crosstabs[0]
	if x.Test != stats.Pearson || !x.Significant || !strings.Contains(x.Sentence, "p < 0,001") {
		t.Fatalf("pearson: %+v", x)
	}
	// The 1 is hidden, and so is a complement in its row and column.
	if !x.Cells[0][0].CountHidden || x.Cells[0][0].Count != 1 || !x.Cells[0][1].CountHidden {
		t.Errorf("cells: %+v", x.Cells[0])
	}
	// [[0,5],[6,1]] breaks Cochran's rule: Fisher's exact test.
	rep = analyse(t, fill([2][2]int{{0, 5}, {6, 1}}), nil, Internal, ct)
	x = rep.Crosstabs[0]
	if x.Test != stats.Fisher || math.Abs(x.P-stats.FisherExact(0, 5, 6, 1)) > 1e-12 || !x.Significant || !strings.Contains(x.Sentence, "Fisher") {
		t.Fatalf("fisher: %+v", x)
	}
}

func margins(d *survey.Definition) *survey.Margins {
	m := &survey.Margins{Source: "Insee, recensement 2021 (test)", AgeSex: map[string]map[string]float64{}}
	age, _ := d.ByRole(survey.RoleAge)
	for i, c := range age.Choices {
		m.AgeSex[c.Value] = map[string]float64{survey.Female: float64(2000 + 100*i), survey.Male: float64(1900 + 50*i)}
	}
	return m
}

func TestWeightedReport(t *testing.T) {
	t.Parallel()
	d := survey.Template(nil)
	rng := rand.New(rand.NewPCG(3, 4))
	bands := []string{"15-24", "25-39", "40-59", "60-74", "75+"}
	rs := respondents(600, func(i int, a survey.Answers) {
		// A reception-desk sample: old people and women over-represented.
		a["age"] = []string{bands[min(4, rng.IntN(7))]}
		a["sexe"] = []string{[]string{"femme", "femme", "homme"}[rng.IntN(3)]}
		a["connexion_domicile"] = []string{"box"}
		if a["age"][0] == "75+" && rng.IntN(2) == 0 {
			a["connexion_domicile"] = []string{"non"}
		}
		if i < 7 {
			a["sexe"] = []string{"autre"}
		}
	})
	m := margins(&d)
	rep := Analyse(Input{Title: "Test", Definition: &d, VersionNumber: 1, Responses: rs, Audience: Internal, Weighted: true, Now: now,
		Settings: survey.Settings{Margins: m}})
	w := rep.Weighting
	if w == nil || !w.Converged || w.LeftOut != 7 || rep.Analysed != 593 || w.EffectiveN >= 593 || w.EffectiveN < 300 {
		t.Fatalf("weighting %+v analysed %d note %q", w, rep.Analysed, rep.WeightingNote)
	}
	q := question(t, rep, "age")
	var total float64
	for _, c := range d.Sections[6].Questions[0].Choices {
		total += m.AgeSex[c.Value][survey.Female] + m.AgeSex[c.Value][survey.Male]
	}
	for _, r := range q.Rows {
		want := (m.AgeSex[r.Value][survey.Female] + m.AgeSex[r.Value][survey.Male]) / total
		if math.Abs(r.Share.Value-want) > 0.02 || !r.Share.Weighted {
			t.Errorf("age %s: weighted share %.4f, census %.4f", r.Value, r.Share.Value, want)
		}
		if math.Abs(r.Share.EffectiveBase-q.EffectiveBase) > 1e-9 {
			t.Errorf("intervals use Kish's n: %v vs %v", r.Share.EffectiveBase, q.EffectiveBase)
		}
	}
	if !strings.Contains(strings.Join(rep.Method, " "), "Effectif efficace de Kish") || !strings.Contains(rep.WeightingNote, "7 répondant(s)") {
		t.Errorf("method %v note %q", rep.Method, rep.WeightingNote)
	}
	// Without margins, the report says it is not weighted.
	rep = Analyse(Input{Definition: &d, Responses: rs, Weighted: true, Now: now})
	if rep.Weighting != nil || !strings.Contains(rep.WeightingNote, "non pondérés") {
		t.Errorf("no margins: %+v %q", rep.Weighting, rep.WeightingNote)
	}
}

func TestSummaryAndNotices(t *testing.T) {
	t.Parallel()
	rs := respondents(200, func(i int, a survey.Answers) {
		a["equip_appareils"] = []string{"smartphone"}
		if i < 100 {
			a["equip_appareils"] = []string{"smartphone", "ordinateur"}
		}
	})
	rep := analyse(t, rs, survey.SeedBenchmarks(), External)
	if !strings.Contains(rep.Notices[0], "pas un échantillon aléatoire") {
		t.Errorf("sample notice: %v", rep.Notices)
	}
	s := Summarize(rep, "mars 2026")
	if len(s.Headlines) == 0 || !s.Headlines[0].Gap || len(s.Gaps) == 0 {
		t.Fatalf("summary %+v", s)
	}
	if !strings.Contains(s.Gaps[0], "inférieur au chiffre national") && !strings.Contains(s.Gaps[0], "supérieur au chiffre national") {
		t.Errorf("gap %q", s.Gaps[0])
	}
}

// synthetic returns n answers to the template, cleaned by its skip logic.
func synthetic(tb testing.TB, d *survey.Definition, n int) []survey.Response {
	rng := rand.New(rand.NewPCG(7, 8))
	out := make([]survey.Response, n)
	qs := d.Questions()
	for i := range out {
		a := survey.Answers{}
		for _, q := range qs {
			if rng.IntN(15) == 0 {
				continue
			}
			switch q.Kind {
			case survey.SingleChoice, survey.District:
				a[q.Key] = []string{q.Choices[rng.IntN(len(q.Choices))].Value}
			case survey.MultipleChoice:
				for _, c := range q.Choices {
					if !c.Exclusive && rng.IntN(3) == 0 {
						a[q.Key] = append(a[q.Key], c.Value)
					}
				}
			case survey.Scale:
				a[q.Key] = []string{fmt.Sprint(q.Min + rng.IntN(q.Max-q.Min+1))}
			case survey.Number:
				a[q.Key] = []string{fmt.Sprint(1 + rng.IntN(6))}
			case survey.Commune:
				a[q.Key] = []string{[]string{"17299", "17306", "17200"}[rng.IntN(3)]}
			case survey.ShortText:
				if rng.IntN(5) == 0 {
					a[q.Key] = []string{"Merci"}
				}
			}
		}
		clean, err := d.Check(a, false)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = survey.Response{ID: int64(i + 1), Channel: survey.Online, Status: survey.Complete, Answers: clean, VersionNumber: 1, SubmittedAt: now}
	}
	return out
}

func TestSyntheticTemplateAnalysis(t *testing.T) {
	t.Parallel()
	d := survey.Template(nil)
	rs := synthetic(t, &d, 3000)
	rep := Analyse(Input{Definition: &d, Responses: rs, Benchmarks: survey.SeedBenchmarks(), Audience: External, Weighted: true, Now: now,
		Settings: survey.Settings{Crosstabs: survey.TemplateCrosstabs, Margins: margins(&d)}})
	if len(rep.Questions) != len(d.Questions()) || len(rep.Crosstabs) != 5 || rep.Weighting == nil {
		t.Fatalf("questions %d crosstabs %d weighting %v (%s)", len(rep.Questions), len(rep.Crosstabs), rep.Weighting, rep.WeightingNote)
	}
	for _, q := range rep.Questions {
		if q.Base+q.Missing+q.NotAsked+q.OutOfVersion != rep.Analysed {
			t.Errorf("%s: %d answered + %d missing + %d not asked + %d out of version ≠ %d", q.Key, q.Base, q.Missing, q.NotAsked, q.OutOfVersion, rep.Analysed)
		}
	}
}

// BenchmarkAnalyse100k: a 100,000-answer questionnaire (the ABS template:
// every question), 5 cross-tabs, raking on age band × sex with trimming,
// benchmarks compared, small cells protected.
func BenchmarkAnalyse100k(b *testing.B) {
	d := survey.Template(nil)
	rs := synthetic(b, &d, 100_000)
	in := Input{Definition: &d, Responses: rs, Benchmarks: survey.SeedBenchmarks(), Audience: External, Weighted: true, Now: now,
		Settings: survey.Settings{Crosstabs: survey.TemplateCrosstabs, Margins: margins(&d)}}
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		rep := Analyse(in)
		if rep.Weighting == nil || len(rep.Crosstabs) != 5 {
			b.Fatal("incomplete analysis")
		}
	}
	// On a shared machine the wall clock measures the neighbours too: the
	// process's CPU time per operation is reported beside it.
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
