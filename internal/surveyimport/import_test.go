package surveyimport

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// limeCSV is a LimeSurvey response export: headings as question codes, a
// multiple choice as one column per subquestion ("Y" when ticked), timings.
const limeCSV = "\xef\xbb\xbf" + `"id","submitdate","lastpage","startlanguage","seed","connexion_domicile","equip_appareils[smartphone]","equip_appareils[SQ002]","equip_appareils[tablette]","age","sexe","Q99","interviewtime"
"1","2024-05-02 10:11:12","7","fr","123","box","Y","Y","","75+","femme","x","120"
"2","2024-05-02 11:00:00","7","fr","124","Oui, seulement par le téléphone portable","Y","","","60-74","homme","","98"
"3","","2","fr","125","box","","","","15-24","femme","",""
"4","2024-05-03 09:00:00","7","fr","126","A7","","","Y","99+","femme","",""
"1","2024-05-02 10:11:12","7","fr","123","box","Y","Y","","75+","femme","x","120"
"5","2024-05-03 10:00:00","7","fr","127","non","","","","40-59","autre","",""
`

func TestLimeSurveyEveryRowAccounted(t *testing.T) {
	t.Parallel()
	d := survey.Template(nil)
	rep, rows, err := Read(&d, Options{Format: LimeSurvey, Data: []byte(limeCSV),
		Mapping:  Mapping{Values: map[string]map[string]string{"equip_appareils": {"SQ002": "ordinateur"}}},
		Existing: map[string]bool{"5": true}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 6 || rep.Imported != 2 || rep.Duplicates != 2 || rep.Rejected != 2 || rep.Imported+rep.Duplicates+rep.Rejected != rep.Rows {
		t.Fatalf("report %+v", rep)
	}
	if len(rows) != 2 || !survey.Equal(rows[0].Answers["equip_appareils"], []string{"smartphone", "ordinateur"}) || rows[0].Answers.Value("age") != "75+" {
		t.Fatalf("row 1: %+v", rows[0])
	}
	// "Long" answers (full text) are read through the choices' labels.
	if rows[1].Answers.Value("connexion_domicile") != "mobile" || rows[0].SubmittedAt.IsZero() {
		t.Errorf("row 2: %+v", rows[1])
	}
	byLine := map[int]RowResult{}
	for _, r := range rep.Results {
		byLine[r.Line] = r
	}
	if r := byLine[4]; r.Outcome != Rejected || !strings.Contains(r.Reasons[0], "submitdate vide") {
		t.Errorf("unfinished response: %+v", r)
	}
	// Every reason of a refused row is given: unknown connection and age values.
	if r := byLine[5]; r.Outcome != Rejected || len(r.Reasons) != 2 || !strings.Contains(r.Reasons[0], "« A7 »") || !strings.Contains(r.Reasons[0], "connexion_domicile:A7=valeur") {
		t.Errorf("bad values: %+v", r)
	}
	if r := byLine[6]; r.Outcome != Duplicate || !strings.Contains(r.Reasons[0], "ligne 2") {
		t.Errorf("duplicate in the file: %+v", r)
	}
	if r := byLine[7]; r.Outcome != Duplicate || !strings.Contains(r.Reasons[0], "déjà importée") {
		t.Errorf("already imported: %+v", r)
	}
	if strings.Join(rep.Ignored, ",") != "Q99" {
		t.Errorf("ignored columns %v (metadata and timings are not reported)", rep.Ignored)
	}
}

func TestLimeSurveyNeedsItsHeadings(t *testing.T) {
	t.Parallel()
	d := survey.Template(nil)
	for _, data := range []string{"", "a,b\n1,2\n", "connexion_domicile\nbox\n"} {
		if _, _, err := Read(&d, Options{Format: LimeSurvey, Data: []byte(data)}); err == nil {
			t.Errorf("%q accepted", data)
		}
	}
}

// koboFiles writes a KoboToolbox XLSX export and its XLSForm: the form's
// names differ from the questionnaire's keys, and so do its choices; the
// labels match.
func koboFiles(t testing.TB, rows int) (data, form []byte) {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "survey")
	for i, r := range [][]any{
		{"type", "name", "label::Français (fr)", "required"},
		{"start", "start", "", ""},
		{"begin_group", "g1", "Équipement", ""},
		{"select_one connex", "internet_maison", "Avez-vous une connexion à internet chez vous ?", "true"},
		{"select_multiple appareils", "appareils", "Quels appareils avez-vous chez vous, qui marchent ?", ""},
		{"end_group", "", "", ""},
		{"select_one ages", "age", "Quel âge avez-vous ?", ""},
		{"integer", "taille_foyer", "Combien de personnes vivent dans votre logement, vous compris ?", ""},
	} {
		_ = f.SetSheetRow("survey", fmt.Sprintf("A%d", i+1), &r)
	}
	_, _ = f.NewSheet("choices")
	for i, r := range [][]any{
		{"list_name", "name", "label::Français (fr)"},
		{"connex", "c1", "Oui, par une box (ADSL, fibre, câble)"},
		{"connex", "c2", "Oui, seulement par le téléphone portable"},
		{"connex", "c3", "Non"},
		{"appareils", "tel", "Un smartphone (téléphone avec internet)"},
		{"appareils", "pc", "Un ordinateur (fixe ou portable)"},
		{"ages", "a5", "75 ans et plus"},
		{"ages", "a4", "60 à 74 ans"},
	} {
		_ = f.SetSheetRow("choices", fmt.Sprintf("A%d", i+1), &r)
	}
	var fb bytes.Buffer
	if err := f.Write(&fb); err != nil {
		t.Fatal(err)
	}
	x := excelize.NewFile()
	header := []any{"start", "g1/internet_maison", "g1/appareils", "g1/appareils/tel", "g1/appareils/pc", "age", "taille_foyer", "_id", "_uuid", "_submission_time", "_index"}
	_ = x.SetSheetRow("Sheet1", "A1", &header)
	for i := 0; i < rows; i++ {
		r := []any{"2024-05-02T10:00:00", "c1", "tel pc", "1", "1", "a5", "2", 1000 + i, fmt.Sprintf("uuid-%d", i), "2024-05-02T10:05:00", i + 1}
		switch i {
		case 1:
			r[1], r[2], r[3], r[4], r[5] = "c3", "", "0", "0", "a4"
		case 2:
			r[1] = "c9"
		case 3:
			r[8] = "uuid-0"
		}
		_ = x.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &r)
	}
	var xb bytes.Buffer
	if err := x.Write(&xb); err != nil {
		t.Fatal(err)
	}
	return xb.Bytes(), fb.Bytes()
}

func TestKoboToolboxWithItsForm(t *testing.T) {
	t.Parallel()
	d := survey.Template(nil)
	data, form := koboFiles(t, 5)
	rep, rows, err := Read(&d, Options{Format: KoboToolbox, Data: data, XLSForm: form})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 5 || rep.Imported != 3 || rep.Rejected != 1 || rep.Duplicates != 1 {
		t.Fatalf("report %+v", rep)
	}
	a := rows[0].Answers
	if a.Value("connexion_domicile") != "box" || !survey.Equal(a["equip_appareils"], []string{"smartphone", "ordinateur"}) || a.Value("age") != "75+" || a.Value("foyer_personnes") != "2" {
		t.Fatalf("answers %v", a)
	}
	if rows[1].Answers.Has("equip_appareils") || rows[1].Answers.Value("age") != "60-74" || rows[0].ExternalID != "uuid-0" {
		t.Errorf("row 2: %+v", rows[1])
	}
	// Without the form, the choice codes mean nothing: every row says so.
	rep, _, err = Read(&d, Options{Format: KoboToolbox, Data: data})
	if err != nil || rep.Imported != 0 || !strings.Contains(strings.Join(rep.Results[0].Reasons, " "), "« a5 »") {
		t.Errorf("without the form: %v %+v", err, rep)
	}
	// A CSV export with ";" reads the same way when names are mapped.
	csv := "_uuid;connexion;age\nu1;box;75+\nu2;non;40-59\n"
	rep, rows, err = Read(&d, Options{Format: KoboToolbox, Data: []byte(csv), Mapping: Mapping{Columns: map[string]string{"connexion": "connexion_domicile"}}})
	if err != nil || rep.Imported != 2 || rows[1].Answers.Value("connexion_domicile") != "non" {
		t.Fatalf("csv: %v %+v", err, rep)
	}
}

// limeRows writes a LimeSurvey export of n complete responses to the template.
func limeRows(n int) []byte {
	var b strings.Builder
	b.WriteString(`"id","submitdate","lastpage","startlanguage","equip_appareils[smartphone]","equip_appareils[ordinateur]","connexion_domicile","connexion_qualite","usage_internet","demarche_en_ligne","demarche_abandon","difficulte_demarches","aisance","age","sexe","diplome","quartier","commune","foyer_personnes"` + "\n")
	conn := []string{"box", "mobile", "non"}
	ages := []string{"15-24", "25-39", "40-59", "60-74", "75+"}
	for i := 0; i < n; i++ {
		c := conn[i%3]
		q := ""
		if c != "non" {
			q = "bonne"
		}
		fmt.Fprintf(&b, `"%d","2024-05-02 10:11:12","7","fr","Y","%s","%s","%s","quotidien","seul","non","parfois","%d","%s","femme","bac","centre","17299","%d"`+"\n",
			i+1, map[bool]string{true: "Y", false: ""}[i%2 == 0], c, q, 1+i%5, ages[i%5], 1+i%4)
	}
	return []byte(b.String())
}

func BenchmarkReadLimeSurvey10k(b *testing.B) {
	d := survey.Template(nil)
	data := limeRows(10_000)
	for b.Loop() {
		rep, _, err := Read(&d, Options{Format: LimeSurvey, Data: data})
		if err != nil || rep.Imported != 10_000 {
			b.Fatal(err, rep.Rejected)
		}
	}
}

func TestLimeRowsAreValid(t *testing.T) {
	t.Parallel()
	d := survey.Template(nil)
	rep, _, err := Read(&d, Options{Format: LimeSurvey, Data: limeRows(50)})
	if err != nil || rep.Imported != 50 {
		t.Fatalf("%v %+v", err, rep.Results[:1])
	}
}

// A NUL byte, bytes that are not UTF-8 or a right-to-left override in a
// cell reject that row with its reason; the other rows are imported.
func TestInvalidTextRejectsTheRowNotTheFile(t *testing.T) {
	t.Parallel()
	d := survey.Template(nil)
	data := string(limeRows(4))
	lines := strings.Split(data, "\n")
	lines[2] = strings.Replace(lines[2], `"centre"`, "\"cen\x00tre\"", 1)
	lines[3] = strings.Replace(lines[3], `"centre"`, "\"cen\xfftre\"", 1)
	lines[4] = strings.Replace(lines[4], `"centre"`, "\"cen\u202etre\"", 1)
	rep, rows, err := Read(&d, Options{Format: LimeSurvey, Data: []byte(strings.Join(lines, "\n"))})
	if err != nil {
		t.Fatalf("the whole file failed: %v", err)
	}
	if rep.Imported != 1 || rep.Rejected != 3 || len(rows) != 1 || rows[0].ExternalID != "1" {
		t.Fatalf("report %+v", rep)
	}
	for _, r := range rep.Results {
		if r.Outcome == Rejected && (len(r.Reasons) != 1 || !strings.Contains(r.Reasons[0], "colonne « quartier » : caractère invisible")) {
			t.Errorf("line %d: %q", r.Line, r.Reasons)
		}
	}
}

// FuzzRead feeds the CSV and XLSX readers and the mapping any bytes: an
// error or a report accounting for every row, never a panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte(limeCSV))
	f.Add(limeRows(3))
	data, _ := koboFiles(f, 2)
	f.Add(data)
	f.Add([]byte("id;age\n1;\x00\n"))
	d := survey.Template(nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{LimeSurvey, KoboToolbox} {
			rep, _, err := Read(&d, Options{Format: format, Data: data})
			if err != nil {
				if !apperr.Is(err, apperr.Invalid) {
					t.Fatalf("unexpected error kind: %v", err)
				}
				continue
			}
			if rep.Imported+rep.Duplicates+rep.Rejected != rep.Rows {
				t.Fatalf("rows not accounted: %+v", rep)
			}
		}
	})
}

// FuzzXLSForm feeds the XLSForm reader (KoboToolbox forms) any bytes.
func FuzzXLSForm(f *testing.F) {
	_, form := koboFiles(f, 1)
	f.Add(form)
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := readXLSForm(data); err != nil && !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}
