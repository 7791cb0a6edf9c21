package surveyreport

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
)

func report(t *testing.T) surveyanalysis.Report {
	t.Helper()
	d := survey.Template(nil)
	var rs []survey.Response
	ages := []string{"15-24", "25-39", "40-59", "60-74", "75+"}
	for i := 0; i < 240; i++ {
		a := survey.Answers{"age": {ages[i%5]}, "sexe": {[]string{"femme", "homme"}[i%2]}, "equip_appareils": {"smartphone"},
			"connexion_domicile": {[]string{"box", "mobile", "non"}[i%3]}, "demarche_en_ligne": {"seul"}, "demarche_abandon": {[]string{"oui", "non"}[i%4/3]},
			"difficulte_demarches": {"parfois"}, "diplome": {"bac"}, "csp": {"employe"}, "quartier": {"centre"}, "foyer_personnes": {fmt.Sprint(1 + i%4)}}
		if i%3 == 0 {
			a["equip_appareils"] = append(a["equip_appareils"], "ordinateur")
		}
		if i == 0 {
			a["connexion_domicile"] = []string{"box"}
			a["commentaire"] = []string{"<script>alert(1)</script>"}
		}
		rs = append(rs, survey.Response{Channel: survey.Online, Status: survey.Complete, Answers: a, VersionNumber: 1, SubmittedAt: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)})
	}
	return surveyanalysis.Analyse(surveyanalysis.Input{Title: "Vos besoins en numérique", Definition: &d, VersionNumber: 1, Responses: rs,
		Settings: survey.Settings{Crosstabs: survey.TemplateCrosstabs}, Benchmarks: survey.SeedBenchmarks(), Audience: surveyanalysis.External,
		Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)})
}

func TestBarChartIsWellFormedSVG(t *testing.T) {
	r := report(t)
	for _, q := range r.Questions {
		svg := string(BarChart(q, "graphique-"+q.Key))
		if len(q.Rows) == 0 {
			continue
		}
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Fatalf("%s: %v\n%s", q.Key, err, svg)
		}
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "<title id=\"graphique-"+q.Key+"-titre\">") {
			t.Errorf("%s: not labelled", q.Key)
		}
	}
	var eq surveyanalysis.QuestionResult
	for _, q := range r.Questions {
		if q.Key == "equip_appareils" {
			eq = q
		}
	}
	if !strings.Contains(string(BarChart(eq, "x")), "stroke-dasharray") {
		t.Error("the national figure is not marked")
	}
}

// pdfText reads a PDF with poppler's pdftotext, a real reader.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing: .ci/run installs poppler-utils")
		}
		t.Skip("pdftotext missing: apt-get install poppler-utils")
	}
	cmd := exec.Command(bin, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestReportPDF(t *testing.T) {
	r := report(t)
	pdf, err := ReportPDF(r)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"Vos besoins en numérique", "À lire avant les chiffres", "pas un échantillon aléatoire",
		"Avez-vous une connexion à internet chez vous ?", "Intervalle à 95 %", "Tableaux croisés", "Méthode", "Sources des chiffres nationaux",
		"Insee Première n° 1780", "Credoc 2017"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not read %q", want)
		}
	}
	sum, err := SummaryPDF(surveyanalysis.Summarize(r, Period(r)), r)
	if err != nil {
		t.Fatal(err)
	}
	st := pdfText(t, sum)
	for _, want := range []string{"synthèse pour le conseil d'administration", "240 réponses", "Les chiffres clés", "Limites"} {
		if !strings.Contains(st, want) {
			t.Errorf("the summary does not read %q:\n%s", want, st)
		}
	}
	if n := bytes.Count(sum, []byte("/Type /Page\n")); n != 1 {
		t.Errorf("the summary has %d pages", n)
	}
}

func TestReportXLSX(t *testing.T) {
	r := report(t)
	b, err := ReportXLSX(r)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	// Synthèse, one per question, one per cross-tab, Méthode, Sources.
	if want := 1 + len(r.Questions) + len(r.Crosstabs) + 2; len(sheets) != want {
		t.Fatalf("%d sheets, want %d: %v", len(sheets), want, sheets)
	}
	rows, _ := f.GetRows("Q2 connexion_domicile")
	if len(rows) < 5 || rows[3][0] != "Réponse" || rows[4][0] != "Oui, par une box (ADSL, fibre, câble)" {
		t.Fatalf("question sheet %v", rows)
	}
	rows, _ = f.GetRows("Croisement 1")
	if len(rows) < 4 || !strings.Contains(rows[0][0], "selon tranche d'âge") {
		t.Fatalf("cross-tab sheet %v", rows)
	}
}
