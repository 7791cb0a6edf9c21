package fragility

import (
	"math"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// oneColumn reads content as a file with one column "V" read into ind.
func oneColumn(t *testing.T, content string, ind Indicator, coverage bool) (*Dataset, *Report) {
	t.Helper()
	l := NewLoader()
	spec := FileSpec{Name: "test.csv", CodeHeaders: CodeHeaders, NameHeaders: NameHeaders,
		Columns: []Column{{Headers: []string{"V", "P_V"}, Indicator: ind, Coverage: coverage, Source: "test", Year: 2024}}}
	if err := l.Read(strings.NewReader(content), spec); err != nil {
		t.Fatal(err)
	}
	d, rep := l.Finish()
	return d, rep
}

func value(t *testing.T, d *Dataset, code string, ind Indicator) (float64, bool) {
	t.Helper()
	c, ok := d.Commune(code)
	if !ok {
		return 0, false
	}
	v, ok := c.Value(ind)
	return v.Value, ok
}

func TestReadFrenchExport(t *testing.T) {
	t.Parallel()
	// BOM, semicolons, quoted headers, decimal commas, a percent sign, INSEE's "s" for secret.
	content := "\ufeff\"CODGEO\";\"LIBGEO\";\"P_V\"\r\n" +
		"\"01001\";\"L'Abergement-Clémenciat\";\"85,5\"\r\n" +
		"\"2A004\";\"Ajaccio\";\"12,25 %\"\r\n" +
		"\"2b033\";\"Bastia\";\"s\"\r\n" +
		"\"97411\";\"Saint-Denis\";\"40\"\r\n"
	d, rep := oneColumn(t, content, NoVeryHighSpeed, true)
	f := rep.Files[0]
	if !f.BOM || f.Separator != ';' || f.Rows != 4 || f.Communes != 4 {
		t.Errorf("%+v", f)
	}
	for code, want := range map[string]float64{"01001": 14.5, "2A004": 87.75, "97411": 60} {
		if got, ok := value(t, d, code, NoVeryHighSpeed); !ok || math.Abs(got-want) > 1e-9 {
			t.Errorf("%s: %v %v, want %v", code, got, ok, want)
		}
	}
	if _, ok := value(t, d, "2B033", NoVeryHighSpeed); ok {
		t.Error("secret value read as a number")
	}
	c, _ := d.Commune("2A004")
	if c.Name != "Ajaccio" || c.Department() != "2A" {
		t.Errorf("%+v %s", c, c.Department())
	}
	if c, _ := d.Commune("97411"); c.Department() != "974" {
		t.Errorf("overseas department %s", c.Department())
	}
	col := f.Columns[0]
	if col.Count(Missing) != 1 || col.Values != 3 || col.Fraction || !col.Coverage || col.Header != "P_V" {
		t.Errorf("%+v", col)
	}
	v, _ := c.Value(NoVeryHighSpeed)
	if v.Source != "test" || v.Year != 2024 {
		t.Errorf("source %+v", v)
	}
}

func TestReadProblems(t *testing.T) {
	t.Parallel()
	content := "CODE_INSEE,LIBCOM,V\n" +
		"1001,Lost zero,10\n" + // leading zero lost by a spreadsheet
		"01002.0,Float code,20\n" +
		"ABCDE,Bad,30\n" +
		"123,Short,30\n" +
		"01004,Negative,-2\n" +
		"01005,Over,130\n" +
		"01006,Text,beaucoup\n" +
		"01007,Empty,\n" +
		"01008,NA,NA\n" +
		"01009,Dup,40\n" +
		"01009,Dup,41\n" + // conflicting duplicate: the first is kept
		"01010,Dup fills,\n" +
		"01010,Dup fills,55\n" + // duplicate filling an empty cell
		"01011,Short row\n" +
		"01012,Rounding,100.0000000001\n"
	d, rep := oneColumn(t, content, Aged65, false)
	f := rep.Files[0]
	col := f.Columns[0]
	checks := []struct {
		what      string
		got, want int
	}{
		{"padded", f.Count(PaddedCode), 1},
		{"bad codes", f.Count(BadCode), 2},
		{"duplicates", f.Count(Duplicate), 2},
		{"negative", col.Count(Negative), 1},
		{"over 100", col.Count(Above100), 1},
		{"not a number", col.Count(NotANumber), 1},
		{"implausible", col.Implausible(), 3},
		{"conflict", col.Count(Conflict), 1},
		{"missing", col.Count(Missing), 3}, // 01007, 01008, 01011
		{"values", col.Values, 5},          // 01001, 01002, 01009, 01010, 01012
		{"communes", f.Communes, 11},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	for code, want := range map[string]float64{"01001": 10, "01002": 20, "01009": 40, "01010": 55, "01012": 100} {
		if got, ok := value(t, d, code, Aged65); !ok || got != want {
			t.Errorf("%s: %v %v, want %v", code, got, ok, want)
		}
	}
	for _, code := range []string{"01004", "01005", "01006", "01007"} {
		if _, ok := value(t, d, code, Aged65); ok {
			t.Errorf("%s should have no value", code)
		}
	}
	ex := col.Problems[0].Examples[0]
	if col.Problems[0].Kind != Negative || ex.Line != 6 || ex.Commune != "01004" || ex.Raw != "-2" {
		t.Errorf("first example %+v of %s", ex, col.Problems[0].Kind)
	}
	var b strings.Builder
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Fichier test.csv : 15 lignes, 11 communes, séparateur virgule",
		"1 valeurs négatives (non utilisées) ; par exemple : ligne 6 commune 01004 « -2 »;",
		"2 codes commune invalides (lignes ignorées)",
		"Part des 65 ans et plus : 5 communes renseignées, 6 sans valeur (par exemple 01004, 01005, 01006, 01007, 01008)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}

func TestReadFractionScale(t *testing.T) {
	t.Parallel()
	t.Run("ZeroToOneColumnIsRescaled", func(t *testing.T) {
		d, rep := oneColumn(t, "CODE_INSEE,V\n01001,0.8\n01002,1\n01003,0\n01004,1.5\n", NoMobile, true)
		col := rep.Files[0].Columns[0]
		// 1.5 is over 1: the column is on 0–100 and 0.8 is a small percentage.
		if col.Fraction {
			t.Errorf("a value of 1.5 rules out a 0–1 column")
		}
		if got, _ := value(t, d, "01001", NoMobile); math.Abs(got-99.2) > 1e-9 {
			t.Errorf("0.8 %% coverage → %v", got)
		}
		d, rep = oneColumn(t, "CODE_INSEE,V\n01001,0.8\n01002,1\n01003,0\n01004,-0.5\n", NoMobile, true)
		col = rep.Files[0].Columns[0]
		if !col.Fraction || col.Count(Negative) != 1 {
			t.Errorf("%+v", col)
		}
		for code, want := range map[string]float64{"01001": 20, "01002": 0, "01003": 100} {
			if got, _ := value(t, d, code, NoMobile); math.Abs(got-want) > 1e-9 {
				t.Errorf("%s: %v, want %v", code, got, want)
			}
		}
	})
	t.Run("OnlyZeroesAndOnesStayPercent", func(t *testing.T) {
		_, rep := oneColumn(t, "CODE_INSEE,V\n01001,0\n01002,1\n", Aged65, false)
		if rep.Files[0].Columns[0].Fraction {
			t.Error("0 and 1 alone do not show a 0–1 scale")
		}
	})
}

func TestReadRepeatedValues(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("CODGEO\tV\n")
	for i := 1; i <= 12; i++ {
		code := "230" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		v := "36.83412008931781"
		if i > 10 {
			v = "33.333333333333336" // 1/3: a small commune, not an estimate
		}
		b.WriteString(code + "\t" + v + "\n")
	}
	_, rep := oneColumn(t, b.String(), Poverty, false)
	f := rep.Files[0]
	if f.Separator != '\t' || f.Columns[0].Count(Repeated) != 10 || f.Columns[0].Values != 12 {
		t.Errorf("%+v", f)
	}
}

func TestReadTwoFilesSameIndicator(t *testing.T) {
	t.Parallel()
	l := NewLoader()
	spec := FileSpec{Name: "a.csv", CodeHeaders: CodeHeaders, Columns: []Column{{Headers: []string{"V"}, Indicator: Poverty, Source: "a", Year: 2020}}}
	if err := l.Read(strings.NewReader("CODGEO,V\n01001,10\n"), spec); err != nil {
		t.Fatal(err)
	}
	spec.Name, spec.Columns[0].Source = "b.csv", "b"
	if err := l.Read(strings.NewReader("CODGEO,V\n01001,20\n01002,30\n"), spec); err != nil {
		t.Fatal(err)
	}
	d, rep := l.Finish()
	c, _ := d.Commune("01001")
	if v, _ := c.Value(Poverty); v.Value != 10 || v.Source != "a" {
		t.Errorf("first file should win: %+v", v)
	}
	if rep.Files[1].Columns[0].Count(Conflict) != 1 || rep.Communes != 2 {
		t.Errorf("%+v", rep)
	}
}

func TestReadUnusableFiles(t *testing.T) {
	t.Parallel()
	spec := FileSpec{Name: "x.csv", CodeHeaders: CodeHeaders, Columns: []Column{{Headers: []string{"V"}, Indicator: Poverty}, {Headers: []string{"W"}, Indicator: Aged65}}}
	for name, content := range map[string]string{
		"Empty":    "",
		"NoCode":   "NOM,V\nx,1\n",
		"NoColumn": "CODGEO,X\n01001,1\n",
		"NameOnly": "LIBCOM\nAhun\n",
	} {
		if err := NewLoader().Read(strings.NewReader(content), spec); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	l := NewLoader()
	if err := l.Read(strings.NewReader("codgeo,v\n01001,1\n"), spec); err != nil {
		t.Fatal(err)
	}
	_, rep := l.Finish()
	if f := rep.Files[0]; len(f.AbsentColumns) != 1 || f.AbsentColumns[0] != "W" {
		t.Errorf("absent %v", f.AbsentColumns)
	}
	if _, _, err := ReadDir(t.TempDir(), BatchMedNum2020); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("missing files: %v", err)
	}
}

func TestNormalizeCode(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"01001": "01001", "1001": "01001", " 75056 ": "75056", "2a004": "2A004", "2B033": "2B033",
		"97411": "97411", "\"01001\"": "01001", "1001.0": "01001",
		"2C004": "", "123": "", "123456": "", "ABCDE": "", "": "", "2A0O4": "",
	} {
		got, _, ok := normalizeCode(raw)
		if got != want || ok != (want != "") {
			t.Errorf("%q: %q %v, want %q", raw, got, ok, want)
		}
	}
}

// FuzzRead reads arbitrary bytes as an indicator file: it never panics and
// every kept value is a share within 0–100.
func FuzzRead(f *testing.F) {
	f.Add([]byte("\ufeffCODGEO;V;W\n01001;12,5;0.3\n2A004;;1\n"))
	f.Add([]byte("CODE_INSEE,V\n1001,-3\n01002,150\n01002,\"4\"\n"))
	f.Add([]byte("\"CODGEO\"\t\"V\"\n\"97411\"\t\"NA\"\n"))
	spec := FileSpec{Name: "fuzz.csv", CodeHeaders: CodeHeaders, Columns: []Column{
		{Headers: []string{"V"}, Indicator: Poverty},
		{Headers: []string{"W"}, Indicator: NoMobile, Coverage: true},
	}}
	f.Fuzz(func(t *testing.T, data []byte) {
		l := NewLoader()
		if err := l.Read(strings.NewReader(string(data)), spec); err != nil {
			if _, ok := apperr.As(err); !ok {
				t.Fatalf("error not an application error: %v", err)
			}
			return
		}
		d, rep := l.Finish()
		for _, c := range d.Communes {
			if _, _, ok := normalizeCode(c.Code); !ok {
				t.Fatalf("invalid code kept: %q", c.Code)
			}
			for _, ind := range []Indicator{Poverty, NoMobile} {
				if v, ok := c.Value(ind); ok && (v.Value < 0 || v.Value > 100 || math.IsNaN(v.Value)) {
					t.Fatalf("%s %s = %v", c.Code, ind, v.Value)
				}
			}
		}
		for _, col := range rep.Files[0].Columns {
			if col.Values > rep.Files[0].Communes {
				t.Fatalf("more values than communes: %+v", col)
			}
		}
	})
}
