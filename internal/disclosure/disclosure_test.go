package disclosure

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// hiddenSet lists the hidden positions of p, totals included, in a stable order.
func hiddenSet(p Protected) []Position {
	var out []Position
	for i, row := range p.Cells {
		for j, c := range row {
			if c.Hidden {
				out = append(out, Position{i, j})
			}
		}
	}
	for i, c := range p.RowTotals {
		if c.Hidden {
			out = append(out, Position{i, Total})
		}
	}
	for j, c := range p.ColTotals {
		if c.Hidden {
			out = append(out, Position{Total, j})
		}
	}
	if p.Total.Hidden {
		out = append(out, Position{Total, Total})
	}
	return out
}

// singleEquationLeaks checks every row and column equation of a two-way
// table independently of the package: a hidden cell alone among the
// published terms of its equation can be recovered by subtraction.
func singleEquationLeaks(p Protected) []string {
	var leaks []string
	count := func(cells []Cell, total Cell) int {
		n := 0
		for _, c := range cells {
			if c.Hidden {
				n++
			}
		}
		if total.Hidden {
			n++
		}
		return n
	}
	for i, row := range p.Cells {
		if count(row, p.RowTotals[i]) == 1 {
			leaks = append(leaks, "ligne "+p.Rows[i])
		}
	}
	for j := range p.Cols {
		var col []Cell
		for i := range p.Cells {
			col = append(col, p.Cells[i][j])
		}
		if count(col, p.ColTotals[j]) == 1 {
			leaks = append(leaks, "colonne "+p.Cols[j])
		}
	}
	if count(p.RowTotals, p.Total) == 1 {
		leaks = append(leaks, "totaux de lignes")
	}
	if count(p.ColTotals, p.Total) == 1 {
		leaks = append(leaks, "totaux de colonnes")
	}
	return leaks
}

func TestPrimaryAloneLeaksAndProtectDoesNot(t *testing.T) {
	t.Parallel()
	tab := Table{
		Rows:   []string{"CCAS", "France Services", "Médiathèque"},
		Cols:   []string{"moins de 30 ans", "30-59 ans", "60 ans et plus"},
		Counts: [][]int{{12, 3, 25}, {15, 20, 30}, {14, 18, 22}},
	}
	// Naive primary suppression hides only the 3; the CCAS row total (40) gives it back.
	rowTotal := 12 + 3 + 25
	if recovered := rowTotal - 12 - 25; recovered != 3 {
		t.Fatalf("recovered %d", recovered)
	}
	p, err := Protect(tab, Public)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Cells[0][1]; !c.Hidden || c.Reason != SmallCount || c.Value != 3 {
		t.Errorf("primary %+v", c)
	}
	// Row CCAS: smallest other cell (12); column 30-59: smallest visible (18);
	// column <30: smallest visible (14). Four cells in a rectangle, none alone.
	want := []Position{{0, 0}, {0, 1}, {2, 0}, {2, 1}}
	if got := hiddenSet(p); !reflect.DeepEqual(got, want) {
		t.Errorf("hidden %v, want %v", got, want)
	}
	for _, pos := range []Position{{0, 0}, {2, 0}, {2, 1}} {
		if p.At(pos).Reason != Complement {
			t.Errorf("%v: %q", pos, p.At(pos).Reason)
		}
	}
	if leaks := singleEquationLeaks(p); len(leaks) != 0 {
		t.Errorf("recoverable by one equation: %v", leaks)
	}
	if len(p.Exposed()) != 0 || len(p.Determined()) != 0 {
		t.Errorf("exposed %v determined %v", p.Exposed(), p.Determined())
	}
	if p.RowTotals[0].Hidden || p.Total.Value != 159 {
		t.Errorf("totals %+v %+v", p.RowTotals[0], p.Total)
	}
}

func TestSmallTotalsAreHiddenToo(t *testing.T) {
	t.Parallel()
	p, err := Protect(Table{
		Rows:   []string{"a", "b", "c"},
		Cols:   []string{"x", "y"},
		Counts: [][]int{{4, 5}, {30, 40}, {25, 33}},
	}, Public)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.RowTotals[0]; !c.Hidden || c.Reason != SmallCount {
		t.Errorf("row total 9: %+v", c)
	}
	// The row totals' equation would give back the 9: the smallest other row total (58) goes too.
	if c := p.RowTotals[2]; !c.Hidden || c.Reason != Complement {
		t.Errorf("row total c: %+v", c)
	}
	if leaks := singleEquationLeaks(p); len(leaks) != 0 {
		t.Errorf("recoverable by one equation: %v", leaks)
	}
	if d := p.Determined(); len(d) != 0 {
		t.Errorf("determined %v", d)
	}
}

func TestCombinationOfEquations(t *testing.T) {
	t.Parallel()
	tab := Table{
		Rows: []string{"r0", "r1", "r2", "r3"},
		Cols: []string{"c0", "c1", "c2", "c3"},
		Counts: [][]int{
			{3, 12, 40, 45},
			{12, 4, 6, 30},
			{50, 35, 2, 12},
			{44, 38, 12, 5},
		},
	}
	// Single-equation protection alone ends with two hidden blocks joined by
	// (1,2): rows 0 + 1 minus columns 0 + 1 give x12 back.
	bridge := Protected{Policy: Public, Rows: tab.Rows, Cols: tab.Cols}
	hiddenAt := map[Position]bool{{0, 0}: true, {0, 1}: true, {1, 0}: true, {1, 1}: true, {1, 2}: true, {2, 2}: true, {2, 3}: true, {3, 2}: true, {3, 3}: true}
	for i, row := range tab.Counts {
		var cells []Cell
		for j, v := range row {
			cells = append(cells, Cell{Value: v, Hidden: hiddenAt[Position{i, j}]})
		}
		bridge.Cells = append(bridge.Cells, cells)
		bridge.RowTotals = append(bridge.RowTotals, Cell{Value: row[0] + row[1] + row[2] + row[3]})
	}
	for j := range tab.Cols {
		bridge.ColTotals = append(bridge.ColTotals, Cell{Value: tab.Counts[0][j] + tab.Counts[1][j] + tab.Counts[2][j] + tab.Counts[3][j]})
	}
	bridge.Total = Cell{Value: 350}
	if leaks := singleEquationLeaks(bridge); len(leaks) != 0 {
		t.Fatalf("the bridge pattern should pass the single-equation check: %v", leaks)
	}
	if d := bridge.Determined(); !reflect.DeepEqual(d, []Position{{1, 2}}) {
		t.Errorf("determined %v, want [(1,2)]", d)
	}
	// Check the arithmetic an attacker would do.
	r0, r1 := bridge.RowTotals[0].Value-40-45, bridge.RowTotals[1].Value-30
	c0, c1 := bridge.ColTotals[0].Value-50-44, bridge.ColTotals[1].Value-35-38
	if r0+r1-c0-c1 != 6 {
		t.Errorf("recovered %d", r0+r1-c0-c1)
	}

	p, err := Protect(tab, Public)
	if err != nil {
		t.Fatal(err)
	}
	want := []Position{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 2}, {1, 3}, {2, 2}, {2, 3}, {3, 2}, {3, 3}}
	if got := hiddenSet(p); !reflect.DeepEqual(got, want) {
		t.Errorf("hidden %v, want %v", got, want)
	}
	if len(p.Exposed()) != 0 || len(p.Determined()) != 0 || len(singleEquationLeaks(p)) != 0 {
		t.Errorf("exposed %v determined %v", p.Exposed(), p.Determined())
	}
}

func TestOneWay(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		policy Policy
		counts []int
		hidden []int
	}{
		{"PublicSmallCount", Public, []int{3, 20, 40}, []int{0, 1}},
		{"PartnersKeepsTen", Partners, []int{3, 10, 40}, []int{0, 1}},
		{"PartnersShowsFive", Partners, []int{5, 10, 40}, nil},
		{"ZeroIsShownAndNotPickedFirst", Partners, []int{0, 3, 50, 60}, []int{1, 2}},
		{"TwoSmallProtectEachOther", Public, []int{4, 7, 50}, []int{0, 1}},
		{"AllSmallHidesTheTotal", Public, []int{2, 3}, []int{0, 1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Protect(OneWay([]string{"a", "b", "c", "d"}[:len(c.counts)], c.counts), c.policy)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for j, cell := range p.Cells[0] {
				if cell.Hidden {
					got = append(got, j)
				}
			}
			if p.Total.Hidden {
				got = append(got, len(c.counts))
			}
			if !reflect.DeepEqual(got, c.hidden) {
				t.Errorf("hidden %v, want %v", got, c.hidden)
			}
			if len(p.Exposed()) != 0 || len(p.Determined()) != 0 || p.RowTotals != nil {
				t.Errorf("exposed %v determined %v", p.Exposed(), p.Determined())
			}
		})
	}
}

// Random tables: after protection no visible count is small and no hidden
// cell can be recovered by one equation or any combination of them.
func TestRandomTables(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 11))
	for n := 0; n < 300; n++ {
		r, c := 1+rng.IntN(6), 2+rng.IntN(6)
		tab := Table{Counts: make([][]int, r)}
		for j := 0; j < c; j++ {
			tab.Cols = append(tab.Cols, string(rune('a'+j)))
		}
		for i := range tab.Counts {
			tab.Rows = append(tab.Rows, string(rune('A'+i)))
			for j := 0; j < c; j++ {
				v := rng.IntN(60)
				if rng.IntN(3) == 0 {
					v = rng.IntN(12)
				}
				tab.Counts[i] = append(tab.Counts[i], v)
			}
		}
		if rng.IntN(4) == 0 {
			tab = OneWay(tab.Cols, tab.Counts[0])
		}
		policy := []Policy{Partners, Public}[n%2]
		p, err := Protect(tab, policy)
		if err != nil {
			t.Fatal(err)
		}
		for _, pos := range allPositions(p) {
			if c := p.At(pos); !c.Hidden && c.Value > 0 && c.Value < policy.MinCount {
				t.Fatalf("table %d: visible small count %d at %v", n, c.Value, pos)
			}
		}
		if p.RowTotals != nil {
			if leaks := singleEquationLeaks(p); len(leaks) != 0 {
				t.Fatalf("table %d %v: recoverable by one equation: %v", n, tab.Counts, leaks)
			}
		}
		if e, d := p.Exposed(), p.Determined(); len(e) != 0 || len(d) != 0 {
			t.Fatalf("table %d %v: exposed %v determined %v", n, tab.Counts, e, d)
		}
	}
}

func allPositions(p Protected) []Position {
	var out []Position
	for i, row := range p.Cells {
		for j := range row {
			out = append(out, Position{i, j})
		}
	}
	for i := range p.RowTotals {
		out = append(out, Position{i, Total})
	}
	for j := range p.ColTotals {
		out = append(out, Position{Total, j})
	}
	return append(out, Position{Total, Total})
}

func TestShares(t *testing.T) {
	t.Parallel()
	p, err := Protect(Table{
		Rows:   []string{"a", "b"},
		Cols:   []string{"oui", "non"},
		Counts: [][]int{{20, 25}, {12, 13}},
	}, Partners)
	if err != nil {
		t.Fatal(err)
	}
	if s := p.RowShare(0, 0); s.Hidden || s.Value != 20.0/45 {
		t.Errorf("row a: %+v", s)
	}
	// Row b has 25 respondents: no percentage on a base under 30.
	if s := p.RowShare(1, 0); !s.Hidden || s.Reason != SmallBase {
		t.Errorf("row b: %+v", s)
	}
	if s := p.ColShare(1, 1); s.Hidden || s.Value != 13.0/38 {
		t.Errorf("column non: %+v", s)
	}
	if s := p.TotalShare(1, 1); s.Hidden || s.Value != 13.0/70 {
		t.Errorf("total: %+v", s)
	}
	q, _ := Protect(OneWay([]string{"oui", "non"}, []int{37, 3}), Public)
	if s := q.RowShare(0, 0); !s.Hidden || s.Reason != Complement {
		t.Errorf("one-way 37 of 40 beside a hidden 3: %+v", s)
	}
	for _, c := range []struct {
		count, base int
		reason      Reason
	}{
		{20, 29, SmallBase},
		{3, 40, SmallCount},
		{37, 40, Complement},
		{0, 40, Shown},
		{40, 40, Shown},
		{20, 40, Shown},
	} {
		s := Public.Percent(c.count, c.base)
		if s.Reason != c.reason || s.Hidden != (c.reason != Shown) {
			t.Errorf("%d/%d: %+v", c.count, c.base, s)
		}
	}
	if SmallCount.Label(Public) != "Effectif inférieur à 11, masqué (secret statistique)." || Shown.Label(Public) != "" {
		t.Error("labels")
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	for name, tab := range map[string]Table{
		"Negative":       {Rows: []string{"a"}, Cols: []string{"x"}, Counts: [][]int{{-1}}},
		"Ragged":         {Rows: []string{"a", "b"}, Cols: []string{"x", "y"}, Counts: [][]int{{1, 2}, {3}}},
		"RowsMismatch":   {Rows: []string{"a"}, Cols: []string{"x"}, Counts: [][]int{{1}, {2}}},
		"OneWayTwoLines": {Cols: []string{"x"}, Counts: [][]int{{1}, {2}}},
		"NoColumn":       {Rows: []string{"a"}, Counts: [][]int{{}}},
	} {
		if _, err := Protect(tab, Public); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Protect(OneWay([]string{"x"}, []int{1}), Policy{}); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("zero policy: %v", err)
	}
}

func BenchmarkProtect20x20(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	tab := Table{}
	for i := 0; i < 20; i++ {
		tab.Rows = append(tab.Rows, "r")
		tab.Cols = append(tab.Cols, "c")
		var row []int
		for j := 0; j < 20; j++ {
			row = append(row, rng.IntN(40))
		}
		tab.Counts = append(tab.Counts, row)
	}
	for b.Loop() {
		if _, err := Protect(tab, Public); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzProtect builds a table from bytes (first byte: shape) and checks the
// invariants: no visible small count, no hidden cell recoverable.
func FuzzProtect(f *testing.F) {
	f.Add([]byte{0x23, 12, 3, 25, 15, 20, 30, 14, 18, 22})
	f.Add([]byte{0x03, 3, 20, 40})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		r, c := int(data[0]>>4)%6, 1+int(data[0]&0x0f)%6
		oneWay := r == 0
		if oneWay {
			r = 1
		}
		tab := Table{Counts: make([][]int, r)}
		for j := 0; j < c; j++ {
			tab.Cols = append(tab.Cols, "c")
		}
		k := 1
		for i := 0; i < r; i++ {
			if !oneWay {
				tab.Rows = append(tab.Rows, "r")
			}
			for j := 0; j < c; j++ {
				v := 0
				if k < len(data) {
					v = int(data[k]) % 40
				}
				k++
				tab.Counts[i] = append(tab.Counts[i], v)
			}
		}
		p, err := Protect(tab, Public)
		if err != nil {
			t.Fatal(err)
		}
		for _, pos := range allPositions(p) {
			if c := p.At(pos); !c.Hidden && c.Value > 0 && c.Value < Public.MinCount {
				t.Fatalf("visible small count at %v", pos)
			}
		}
		if e, d := p.Exposed(), p.Determined(); len(e) != 0 || len(d) != 0 {
			t.Fatalf("%v: exposed %v determined %v", tab.Counts, e, d)
		}
	})
}
