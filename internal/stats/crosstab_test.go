package stats

import (
	"reflect"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func counts(rows ...[]int) Table {
	t := Table{Counts: rows}
	for i := range rows {
		t.Rows = append(t.Rows, string(rune('A'+i)))
	}
	for j := range rows[0] {
		t.Cols = append(t.Cols, string(rune('a'+j)))
	}
	return t
}

func TestPearsonPublished(t *testing.T) {
	t.Parallel()
	a, err := Analyse(counts([]int{10, 20}, []int{30, 40}))
	if err != nil {
		t.Fatal(err)
	}
	if a.Test != Pearson || a.DF != 1 || !near(a.ChiSquare, 0.793651, 5e-7) || !near(a.P, 0.372998, 5e-7) {
		t.Errorf("%s χ²=%.7f df=%d p=%.7f", a.Test, a.ChiSquare, a.DF, a.P)
	}
	// Expected counts from the margins: 30·40/100 = 12.
	if !near(a.Expected[0][0], 12, 1e-12) || !a.Cochran.OK || len(a.Merges) != 0 {
		t.Errorf("%+v", a)
	}
	// Cramér's V on a 2×2 is |φ| = √(χ²/n).
	if !near(a.CramersV, 0.0890870806, 1e-9) {
		t.Errorf("V = %v", a.CramersV)
	}
}

// Values from R 4.2.2: chisq.test(m, correct = FALSE), fisher.test(m).
func TestAgainstR(t *testing.T) {
	t.Parallel()
	t.Run("Pearson3x3", func(t *testing.T) {
		a, _ := Analyse(counts([]int{25, 30, 15}, []int{40, 22, 18}, []int{12, 20, 33}))
		if a.Test != Pearson || a.DF != 4 || !near(a.ChiSquare, 25.0361786, 1e-6) || !near(a.P, 4.947413428e-05, 1e-12) || !near(a.CramersV, 0.2412958167, 1e-9) {
			t.Errorf("%s χ²=%v p=%v V=%v", a.Test, a.ChiSquare, a.P, a.CramersV)
		}
	})
	for _, c := range []struct {
		a, b, c, d int
		p          float64
	}{
		{1, 9, 11, 3, 0.0027595}, // published vector
		{3, 1, 1, 3, 0.4857142857},
		{0, 5, 7, 2, 0.02097902098},
		{4, 2, 10, 1, 0.5147058824},
	} {
		got := FisherExact(c.a, c.b, c.c, c.d)
		if !near(got, c.p, 5e-8) {
			t.Errorf("Fisher [[%d,%d],[%d,%d]] = %.10f, want %.10f", c.a, c.b, c.c, c.d, got, c.p)
		}
	}
	if p := ChiSquareP(0.7936507937, 1); !near(p, 0.3729984836, 1e-9) {
		t.Errorf("ChiSquareP = %v", p)
	}
}

func TestFisherWhenCochranFails2x2(t *testing.T) {
	t.Parallel()
	// [[1,9],[11,3]]: the smallest expected count is exactly 5, so Cochran's rule holds.
	if a, _ := Analyse(counts([]int{1, 9}, []int{11, 3})); a.Test != Pearson || !near(a.Cochran.MinExpected, 5, 1e-12) {
		t.Errorf("%s %+v", a.Test, a.Cochran)
	}
	a, err := Analyse(counts([]int{0, 5}, []int{7, 2}))
	if err != nil {
		t.Fatal(err)
	}
	// Expected counts 2.5, 2.5, 4.5, 4.5: every cell under 5. R: fisher.test → 0.02097902098.
	if a.Cochran.OK || a.Cochran.Below5 != 4 || a.Test != Fisher || !near(a.P, 0.02097902098, 1e-10) {
		t.Errorf("%s p=%v cochran=%+v", a.Test, a.P, a.Cochran)
	}
	if !strings.Contains(a.Reason, "Fisher") || !strings.Contains(a.Reason, "Cochran") {
		t.Errorf("reason %q", a.Reason)
	}
}

func TestMergeThenPearson(t *testing.T) {
	t.Parallel()
	tab := Table{
		Rows:   []string{"15-29", "30-59", "60-74", "75+"},
		Cols:   []string{"jamais", "parfois", "souvent"},
		Counts: [][]int{{30, 25, 20}, {28, 30, 22}, {3, 1, 2}, {2, 1, 0}},
	}
	a, err := Analyse(tab)
	if err != nil {
		t.Fatal(err)
	}
	// Rule: the smallest line (row 75+, 3) goes with its only neighbour (60-74);
	// the merged row (9) is still the smallest and goes with 30-59.
	want := []Merge{
		{Dimension: "ligne", Merged: []string{"60-74", "75+"}, Into: "60-74 + 75+"},
		{Dimension: "ligne", Merged: []string{"30-59", "60-74 + 75+"}, Into: "30-59 + 60-74 + 75+"},
	}
	if !reflect.DeepEqual(a.Merges, want) {
		t.Errorf("merges %+v", a.Merges)
	}
	if a.Cochran.OK || a.Cochran.Below5 != 6 || a.Cochran.Below1 != 1 {
		t.Errorf("initial Cochran %+v", a.Cochran)
	}
	// R: chisq.test(rbind(c(30,25,20), c(33,32,24)), correct = FALSE).
	if a.Test != PearsonMerged || a.DF != 2 || !near(a.ChiSquare, 0.1722761108, 1e-9) || !near(a.P, 0.9174675611, 1e-9) || !near(a.CramersV, 0.03241086377, 1e-9) {
		t.Errorf("%s χ²=%v p=%v V=%v", a.Test, a.ChiSquare, a.P, a.CramersV)
	}
	if !reflect.DeepEqual(a.Tested.Counts, [][]int{{30, 25, 20}, {33, 32, 24}}) || !reflect.DeepEqual(a.Tested.Rows, []string{"15-29", "30-59 + 60-74 + 75+"}) {
		t.Errorf("tested %+v", a.Tested)
	}
	if !strings.Contains(a.Reason, "regroupées") {
		t.Errorf("reason %q", a.Reason)
	}
	// The input table is left untouched.
	if tab.Rows[2] != "60-74" || tab.Counts[2][0] != 3 {
		t.Error("input modified")
	}
}

func TestMergeDownToFisher(t *testing.T) {
	t.Parallel()
	a, err := Analyse(Table{
		Rows:   []string{"a", "b", "c"},
		Cols:   []string{"oui", "non"},
		Counts: [][]int{{3, 0}, {1, 2}, {10, 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Rows a and b tie at 3: the first (a) goes with its only neighbour (b).
	if len(a.Merges) != 1 || a.Merges[0].Into != "a + b" {
		t.Errorf("merges %+v", a.Merges)
	}
	// R: fisher.test(matrix(c(4,2,10,1), 2, byrow = TRUE)).
	if a.Test != Fisher || !near(a.P, 0.5147058824, 1e-9) || !near(a.ChiSquare, 1.56998557, 1e-8) {
		t.Errorf("%s p=%v χ²=%v", a.Test, a.P, a.ChiSquare)
	}
	if !strings.Contains(a.Reason, "même après regroupement") {
		t.Errorf("reason %q", a.Reason)
	}
}

func TestEmptyLinesAndNoTest(t *testing.T) {
	t.Parallel()
	a, err := Analyse(Table{
		Rows:   []string{"a", "vide", "b"},
		Cols:   []string{"x", "rien", "y"},
		Counts: [][]int{{20, 0, 30}, {0, 0, 0}, {25, 0, 25}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Dropped, []string{"vide", "rien"}) || a.Test != Pearson || a.DF != 1 {
		t.Errorf("%+v", a)
	}
	a, _ = Analyse(Table{Rows: []string{"a", "b"}, Cols: []string{"x", "y"}, Counts: [][]int{{5, 0}, {7, 0}}})
	if a.Test != NoTest || a.P != 0 {
		t.Errorf("%+v", a)
	}
}

func TestNewTableAndWeighted(t *testing.T) {
	t.Parallel()
	rows := []int{0, 0, 1, 1, 1, NoAnswer, 0}
	cols := []int{0, 1, 0, 1, 1, 0, NoAnswer}
	tab, err := NewTable([]string{"F", "M"}, []string{"oui", "non"}, rows, cols, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tab.Counts, [][]int{{1, 1}, {1, 2}}) || tab.Weighted != nil {
		t.Errorf("%+v", tab)
	}
	if _, err := NewTable([]string{"F"}, []string{"oui"}, []int{1}, []int{0}, nil); !apperr.Is(err, apperr.Invalid) {
		t.Error(err)
	}
	t.Run("UnitWeightsGiveTheUnweightedTest", func(t *testing.T) {
		var r, c []int
		for i, n := range []int{10, 20, 30, 40} {
			for k := 0; k < n; k++ {
				r, c = append(r, i/2), append(c, i%2)
			}
		}
		w := make([]float64, len(r))
		for i := range w {
			w[i] = 1
		}
		tab, _ := NewTable([]string{"A", "B"}, []string{"a", "b"}, r, c, w)
		a, err := Analyse(tab)
		if err != nil {
			t.Fatal(err)
		}
		if !near(a.ChiSquare, 0.793651, 5e-7) || !near(a.DesignEffect, 1, 1e-12) {
			t.Errorf("χ²=%v deff=%v", a.ChiSquare, a.DesignEffect)
		}
	})
	t.Run("UnequalWeightsShrinkTheStatisticByTheDesignEffect", func(t *testing.T) {
		// Every cell holds as many respondents of weight 1 as of weight 3: the
		// weighted proportions are the unweighted ones and deff = 1.25.
		var r, c []int
		var w []float64
		for i, n := range []int{10, 20, 30, 40} {
			for k := 0; k < 2*n; k++ {
				r, c = append(r, i/2), append(c, i%2)
				w = append(w, float64(1+2*(k%2)))
			}
		}
		tab, _ := NewTable([]string{"A", "B"}, []string{"a", "b"}, r, c, w)
		a, _ := Analyse(tab)
		// Unweighted on 200 respondents: χ² = 2·0.793651; divided by deff 1.25.
		if !near(a.DesignEffect, 1.25, 1e-12) || !near(a.ChiSquare, 2*0.7936507937/1.25, 1e-9) {
			t.Errorf("χ²=%v deff=%v", a.ChiSquare, a.DesignEffect)
		}
		if !strings.Contains(a.Reason, "n effectif = 160") {
			t.Errorf("reason %q", a.Reason)
		}
	})
}
