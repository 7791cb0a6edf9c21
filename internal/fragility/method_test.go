package fragility

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// synthetic returns n communes where commune i (1-based) has value f(i, k)
// for the k-th core indicator, read through the ordinary loader.
func synthetic(t testing.TB, n int, f func(i, k int) string) *Dataset {
	t.Helper()
	var b strings.Builder
	b.WriteString("CODGEO,LIBGEO,THD,MOB,A65,DIP,POV,MEN\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%05d,Commune %d", i, i)
		for k := range Core {
			b.WriteString("," + f(i, k))
		}
		fmt.Fprintf(&b, ",%d\n", i%50)
	}
	cols := []Column{
		{Headers: []string{"THD"}, Indicator: NoVeryHighSpeed, Source: "s", Year: 2024},
		{Headers: []string{"MOB"}, Indicator: NoMobile, Source: "s", Year: 2024},
		{Headers: []string{"A65"}, Indicator: Aged65, Source: "recensement", Year: 2021},
		{Headers: []string{"DIP"}, Indicator: LowDiploma, Source: "recensement", Year: 2021},
		{Headers: []string{"POV"}, Indicator: Poverty, Source: "Filosofi", Year: 2021},
		{Headers: []string{"MEN"}, Indicator: OnePerson, Source: "recensement", Year: 2021},
	}
	l := NewLoader()
	if err := l.Read(strings.NewReader(b.String()), FileSpec{Name: "synthetic.csv", CodeHeaders: CodeHeaders, NameHeaders: NameHeaders, Columns: cols}); err != nil {
		t.Fatal(err)
	}
	d, _ := l.Finish()
	return d
}

func TestLaMedNum2022Septiles(t *testing.T) {
	t.Parallel()
	// 70 communes valued 1..70 on every indicator: cut points 10, 20, …, 60.
	d := synthetic(t, 70, func(i, k int) string { return fmt.Sprint(i) })
	r, err := LaMedNum2022{}.Compute(d)
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "lamednum-2022" || r.Version != "parcours-1" || r.Min != -10 || r.Max != 10 || len(r.Indicators) != 5 {
		t.Errorf("%+v", r)
	}
	if !strings.Contains(r.Notes[0], "seuils des septiles 10.00 ; 20.00 ; 30.00 ; 40.00 ; 50.00 ; 60.00") {
		t.Errorf("notes %q", r.Notes[0])
	}
	for _, c := range []struct {
		code   string
		points float64
		score  float64
	}{
		{"00001", -3, -10}, {"00010", -3, -10}, // on the first cut point: not above it
		{"00011", -2, -10.0 * 2 / 3}, {"00035", 0, 0}, {"00040", 0, 0}, {"00041", 1, 10.0 / 3},
		{"00061", 3, 10}, {"00070", 3, 10},
	} {
		s, ok := r.Commune(c.code)
		if !ok || !s.Scored || s.Parts[0].Points != c.points || math.Abs(s.Score-c.score) > 1e-12 {
			t.Errorf("%s: %+v, want points %v score %v", c.code, s, c.points, c.score)
		}
	}
	s, _ := r.Commune("00035")
	if p := s.Parts[4]; p.Indicator != Poverty || p.Value.Source != "Filosofi" || p.Value.Year != 2021 || p.Value.Value != 35 {
		t.Errorf("part %+v", p)
	}
	if len(s.Context) != 1 || s.Context[0].Indicator != OnePerson || s.Context[0].Value.Value != 35 || s.Context[0].Points != 0 {
		t.Errorf("context %+v", s.Context)
	}
	if r.Scored() != 70 || s.Name != "Commune 35" {
		t.Errorf("scored %d", r.Scored())
	}
}

func TestLaMedNum2022TiesAndDirection(t *testing.T) {
	t.Parallel()
	// Indicator k of commune i: 0 for the first half (like full THD coverage), then rising.
	d := synthetic(t, 140, func(i, k int) string {
		if i <= 70 {
			return "0"
		}
		return fmt.Sprint(i - 70)
	})
	r, err := LaMedNum2022{}.Compute(d)
	if err != nil {
		t.Fatal(err)
	}
	// Cut points 0, 0, 0, 10, 30, 50: every 0 shares the lowest class.
	low, _ := r.Commune("00001")
	tied, _ := r.Commune("00070")
	high, _ := r.Commune("00140")
	if low.Score != -10 || tied.Score != -10 || high.Score != 10 {
		t.Errorf("low %v tied %v high %v", low.Score, tied.Score, high.Score)
	}
	just, _ := r.Commune("00071") // value 1: above the three 0 cut points
	if just.Parts[0].Points != 0 {
		t.Errorf("value 1: %v points", just.Parts[0].Points)
	}
}

func TestMissingIndicators(t *testing.T) {
	t.Parallel()
	d := synthetic(t, 70, func(i, k int) string {
		if i == 5 && k == 0 || i == 6 && k < 2 {
			return ""
		}
		return fmt.Sprint(i)
	})
	strict, err := LaMedNum2022{}.Compute(d)
	if err != nil {
		t.Fatal(err)
	}
	s5, _ := strict.Commune("00005")
	if s5.Scored || len(s5.Missing) != 1 || s5.Missing[0] != NoVeryHighSpeed || strict.Scored() != 68 {
		t.Errorf("strict: %+v, scored %d", s5, strict.Scored())
	}
	lenient, _ := LaMedNum2022{MaxMissing: 1}.Compute(d)
	s5, _ = lenient.Commune("00005")
	s6, _ := lenient.Commune("00006")
	// Four indicators at −3 each: −12 × 10 / 12 = −10, still on the same scale.
	if !s5.Scored || s5.Score != -10 || len(s5.Parts) != 4 || s6.Scored || lenient.Scored() != 69 {
		t.Errorf("lenient: %+v %+v", s5, s6)
	}
	for _, m := range []Method{LaMedNum2022{MaxMissing: -1}, LaMedNum2022{MaxMissing: 5}, Base100{MaxMissing: 5}} {
		if _, err := m.Compute(d); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", m.Name(), err)
		}
	}
	empty := synthetic(t, 3, func(i, k int) string {
		if k == 2 {
			return ""
		}
		return "1"
	})
	if _, err := (LaMedNum2022{}).Compute(empty); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("no value for an indicator: %v", err)
	}
}

func TestBase100(t *testing.T) {
	t.Parallel()
	// Commune i has i on every indicator: mean 3, median 3 over communes 1..5.
	d := synthetic(t, 6, func(i, k int) string { return fmt.Sprint(i * (k + 1)) })
	ref, err := ReferenceOf(d, "Communes 1 à 5", func(c *Commune) bool { return c.Code != "00006" })
	if err != nil {
		t.Fatal(err)
	}
	// Coverage indicators by their mean, rates by their median: equal here, 3·(k+1).
	for k, ind := range Core {
		if ref.Values[ind] != float64(3*(k+1)) {
			t.Errorf("%s: %v", ind, ref.Values[ind])
		}
	}
	r, err := Base100{Reference: ref}.Compute(d)
	if err != nil {
		t.Fatal(err)
	}
	if r.Method != "base100-2020" || r.Min != 0 || r.Max != 0 || !strings.Contains(r.Description, "« Communes 1 à 5 »") {
		t.Errorf("%+v", r)
	}
	for code, want := range map[string]float64{"00003": 100, "00006": 200, "00001": 100.0 / 3} {
		s, _ := r.Commune(code)
		if math.Abs(s.Score-want) > 1e-9 || math.Abs(s.Parts[2].Points-want) > 1e-9 {
			t.Errorf("%s: %v, want %v", code, s.Score, want)
		}
	}
	// Mean and median differ on a skewed territory.
	d = synthetic(t, 4, func(i, k int) string { return []string{"1", "2", "3", "90"}[i-1] })
	ref, _ = ReferenceOf(d, "biais", func(*Commune) bool { return true })
	if ref.Values[NoVeryHighSpeed] != 24 || ref.Values[Poverty] != 2.5 {
		t.Errorf("mean %v median %v", ref.Values[NoVeryHighSpeed], ref.Values[Poverty])
	}
	if _, err := (Base100{Reference: Reference{Name: "vide", Values: map[Indicator]float64{}}}).Compute(d); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("empty reference: %v", err)
	}
	if _, err := ReferenceOf(d, "aucune", func(*Commune) bool { return false }); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("empty territory: %v", err)
	}
}

func TestIndicators(t *testing.T) {
	t.Parallel()
	if len(all) != len(Core)+len(ContextIndicators) {
		t.Fatal("all must list Core then ContextIndicators")
	}
	for i, ind := range append(append([]Indicator(nil), Core...), ContextIndicators...) {
		if all[i] != ind || ind.Label() == "" {
			t.Errorf("%d: %s", i, ind)
		}
	}
}

func BenchmarkLaMedNum2022Synthetic35000(b *testing.B) {
	d := synthetic(b, 35000, func(i, k int) string { return fmt.Sprint((i * (k + 7) * 7919) % 1000 / 10) })
	b.ResetTimer()
	for b.Loop() {
		if _, err := (LaMedNum2022{MaxMissing: 1}).Compute(d); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBuilderRebuildsADataset(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	if b.Set("17299", "Rochefort", Indicator("inconnu"), Value{Value: 1}) {
		t.Fatal("unknown indicator accepted")
	}
	for i, ind := range Core {
		b.Set("17299", "Rochefort", ind, Value{Value: float64(10 + i), Source: "test", Year: 2020})
		b.Set("01001", "", ind, Value{Value: float64(20 + i), Source: "test", Year: 2020})
	}
	d := b.Dataset()
	if len(d.Communes) != 2 || d.Communes[0].Code != "01001" {
		t.Fatalf("communes %+v", d.Communes)
	}
	c, ok := d.Commune("17299")
	if v, has := c.Value(Poverty); !ok || !has || v.Value != 14 || c.Name != "Rochefort" {
		t.Fatalf("commune %+v value %+v", c, v)
	}
	if len(Indicators()) != len(Core)+len(ContextIndicators) || !Known(Aged65) {
		t.Error("indicators")
	}
}
