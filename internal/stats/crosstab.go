package stats

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Table is a cross-tabulation of two questions.
type Table struct {
	Rows, Cols []string
	Counts     [][]int     // respondents per cell, unweighted
	Weighted   [][]float64 // sum of weights per cell; nil when unweighted
	EffectiveN float64     // Kish's effective n of the respondents in the table, when weighted
}

// NewTable cross-tabulates two single-choice questions; respondents who did
// not answer one of them (NoAnswer) are left out; weights may be nil.
func NewTable(rows, cols []string, rowCodes, colCodes []int, weights []float64) (Table, error) {
	if len(rowCodes) != len(colCodes) {
		return Table{}, apperr.New(apperr.Invalid, "Les deux questions croisées n'ont pas le même nombre de répondants.")
	}
	if err := checkWeights(weights, len(rowCodes)); err != nil {
		return Table{}, err
	}
	t := Table{Rows: rows, Cols: cols, Counts: make([][]int, len(rows))}
	for i := range t.Counts {
		t.Counts[i] = make([]int, len(cols))
	}
	if weights != nil {
		t.Weighted = make([][]float64, len(rows))
		for i := range t.Weighted {
			t.Weighted[i] = make([]float64, len(cols))
		}
	}
	var sum, sum2 float64
	for k, r := range rowCodes {
		c := colCodes[k]
		if r == NoAnswer || c == NoAnswer {
			continue
		}
		if r < 0 || r >= len(rows) || c < 0 || c >= len(cols) {
			return Table{}, apperr.New(apperr.Invalid, "Une réponse ne correspond à aucune modalité du tableau croisé.")
		}
		t.Counts[r][c]++
		if weights != nil {
			w := weights[k]
			t.Weighted[r][c] += w
			sum += w
			sum2 += w * w
		}
	}
	if weights != nil && sum2 > 0 {
		t.EffectiveN = sum * sum / sum2
	}
	return t, nil
}

// TestKind names the test an Association used.
type TestKind string

const (
	Pearson       TestKind = "khi2"          // Pearson's chi-square on the table as given
	PearsonMerged TestKind = "khi2-regroupe" // Pearson's chi-square after merging categories
	Fisher        TestKind = "fisher"        // Fisher's exact test, two-sided, 2×2
	NoTest        TestKind = "aucun"         // fewer than two categories with answers on a side
)

// Cochran is the check of Cochran's rule on a table's expected counts.
type Cochran struct {
	Cells       int
	Below5      int // cells with an expected count under 5
	Below1      int // cells with an expected count under 1
	MinExpected float64
	OK          bool // no expected count < 1 and at most 20 % of them < 5
}

// Merge records categories put together so that the test could be run.
type Merge struct {
	Dimension string   // "ligne" or "colonne"
	Merged    []string // the categories merged, in table order
	Into      string   // label of the merged category
}

// Association is the test of independence of a cross-tab, with which test
// was used and why.
type Association struct {
	Test         TestKind
	Reason       string      // why this test, in French
	Tested       Table       // the table the test ran on: empty lines removed, categories merged
	Expected     [][]float64 // expected counts of Tested under independence
	ChiSquare    float64     // Pearson's statistic on Tested (no continuity correction)
	DF           int
	P            float64 // p-value of the test used
	CramersV     float64 // effect size on Tested, 0..1
	Cochran      Cochran // on the table as given (empty lines removed)
	Merges       []Merge
	Dropped      []string // categories without any respondent, left out
	DesignEffect float64  // n / n_eff of the weights; 1 when unweighted
}

// workTable holds the table being analysed: integer counts for Fisher,
// the values the chi-square uses (counts, or weighted counts scaled to n_eff).
type workTable struct {
	rows, cols []string
	counts     [][]int
	vals       [][]float64
}

// Analyse tests the independence of the two questions of t.
//
// Rule: Pearson's chi-square (expected counts from the margins, df =
// (r−1)(c−1)) when Cochran's rule holds. Otherwise, while the table is larger
// than 2×2, the row or column with the smallest total (rows first on a tie)
// is merged with its neighbour in table order that has the smaller total
// (the previous one on a tie), until the rule holds; a 2×2 table that still
// breaks the rule gets Fisher's exact test. Categories are merged with a
// neighbour in the order given, so order them meaningfully (age bands,
// levels) before analysing. On weighted tables the chi-square is computed on
// the weighted counts scaled to Kish's effective n, and Fisher's test on the
// unweighted counts.
func Analyse(t Table) (Association, error) {
	w, err := newWork(t)
	if err != nil {
		return Association{}, err
	}
	var a Association
	a.DesignEffect = 1
	if t.Weighted != nil {
		var n float64
		for _, row := range t.Counts {
			for _, v := range row {
				n += float64(v)
			}
		}
		if t.EffectiveN > 0 {
			a.DesignEffect = n / t.EffectiveN
		}
	}
	a.Dropped = w.dropEmpty()
	if len(w.rows) < 2 || len(w.cols) < 2 {
		a.Test = NoTest
		a.Reason = "Moins de deux modalités ont des réponses d'un côté du tableau : aucun test d'indépendance n'est possible."
		a.Tested = w.table(t.Weighted != nil, t.EffectiveN)
		return a, nil
	}
	a.Cochran = cochran(expected(w.vals))
	for !cochran(expected(w.vals)).OK && (len(w.rows) > 2 || len(w.cols) > 2) {
		a.Merges = append(a.Merges, w.mergeSmallest())
	}
	exp := expected(w.vals)
	after := cochran(exp)
	a.Tested = w.table(t.Weighted != nil, t.EffectiveN)
	a.Expected = exp
	a.ChiSquare = chiSquare(w.vals, exp)
	a.DF = (len(w.rows) - 1) * (len(w.cols) - 1)
	a.CramersV = cramersV(a.ChiSquare, total(w.vals), len(w.rows), len(w.cols))
	initial := fmt.Sprintf("%d case(s) sur %d ont un effectif théorique inférieur à 5 et %d inférieur à 1",
		a.Cochran.Below5, a.Cochran.Cells, a.Cochran.Below1)
	switch {
	case after.OK && len(a.Merges) == 0:
		a.Test = Pearson
		a.P = distuv.ChiSquared{K: float64(a.DF)}.Survival(a.ChiSquare)
		a.Reason = "Test du khi² de Pearson : la règle de Cochran est respectée (aucun effectif théorique inférieur à 1, au plus 20 % inférieurs à 5)."
	case after.OK:
		a.Test = PearsonMerged
		a.P = distuv.ChiSquared{K: float64(a.DF)}.Survival(a.ChiSquare)
		a.Reason = "Règle de Cochran non respectée sur le tableau initial (" + initial +
			") : modalités voisines regroupées (" + describeMerges(a.Merges) + "), puis test du khi² de Pearson sur le tableau regroupé."
	default:
		a.Test = Fisher
		a.P = FisherExact(w.counts[0][0], w.counts[0][1], w.counts[1][0], w.counts[1][1])
		a.Reason = "Règle de Cochran non respectée (" + initial + ")"
		if len(a.Merges) > 0 {
			a.Reason += ", même après regroupement en 2 × 2 (" + describeMerges(a.Merges) + ")"
		}
		a.Reason += " : test exact de Fisher bilatéral."
		if t.Weighted != nil {
			a.Reason += " Le test exact porte sur les effectifs non pondérés."
		}
	}
	if t.Weighted != nil && a.Test != Fisher {
		a.Reason += fmt.Sprintf(" Tableau pondéré : le khi² porte sur les effectifs pondérés ramenés à l'effectif efficace (n effectif = %.0f).", t.EffectiveN)
	}
	return a, nil
}

func describeMerges(ms []Merge) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Dimension + " « " + m.Into + " »"
	}
	return strings.Join(parts, ", ")
}

func newWork(t Table) (*workTable, error) {
	if len(t.Counts) != len(t.Rows) {
		return nil, apperr.New(apperr.Invalid, "Le tableau croisé n'a pas autant de lignes que de libellés.")
	}
	if t.Weighted != nil && (len(t.Weighted) != len(t.Rows) || t.EffectiveN <= 0) {
		return nil, apperr.New(apperr.Invalid, "Le tableau pondéré est incomplet (poids ou effectif efficace manquant).")
	}
	w := &workTable{rows: append([]string(nil), t.Rows...), cols: append([]string(nil), t.Cols...)}
	var wsum float64
	for i, row := range t.Counts {
		if len(row) != len(t.Cols) || (t.Weighted != nil && len(t.Weighted[i]) != len(t.Cols)) {
			return nil, apperr.New(apperr.Invalid, "Une ligne du tableau croisé n'a pas autant de cases que de colonnes.")
		}
		for j, v := range row {
			if v < 0 || (t.Weighted != nil && (t.Weighted[i][j] < 0 || math.IsNaN(t.Weighted[i][j]))) {
				return nil, apperr.New(apperr.Invalid, "Un effectif du tableau croisé est négatif.")
			}
			if t.Weighted != nil {
				wsum += t.Weighted[i][j]
			}
		}
		w.counts = append(w.counts, append([]int(nil), row...))
	}
	w.vals = make([][]float64, len(t.Rows))
	for i := range t.Rows {
		w.vals[i] = make([]float64, len(t.Cols))
		for j := range t.Cols {
			if t.Weighted != nil {
				if wsum > 0 {
					w.vals[i][j] = t.Weighted[i][j] / wsum * t.EffectiveN
				}
			} else {
				w.vals[i][j] = float64(t.Counts[i][j])
			}
		}
	}
	return w, nil
}

// table returns the working table in the exported shape.
func (w *workTable) table(isWeighted bool, neff float64) Table {
	t := Table{Rows: w.rows, Cols: w.cols, Counts: w.counts}
	if isWeighted {
		t.Weighted, t.EffectiveN = w.vals, neff
	}
	return t
}

// dropEmpty removes rows and columns without any respondent and returns their labels.
func (w *workTable) dropEmpty() []string {
	var dropped []string
	for i := len(w.rows) - 1; i >= 0; i-- {
		if sumInts(w.counts[i]) == 0 {
			dropped = append([]string{w.rows[i]}, dropped...)
			w.rows = remove(w.rows, i)
			w.counts = remove(w.counts, i)
			w.vals = remove(w.vals, i)
		}
	}
	var droppedCols []string
	for j := len(w.cols) - 1; j >= 0; j-- {
		empty := true
		for i := range w.rows {
			if w.counts[i][j] != 0 {
				empty = false
				break
			}
		}
		if empty {
			droppedCols = append([]string{w.cols[j]}, droppedCols...)
			w.cols = remove(w.cols, j)
			for i := range w.rows {
				w.counts[i] = remove(w.counts[i], j)
				w.vals[i] = remove(w.vals[i], j)
			}
		}
	}
	return append(dropped, droppedCols...)
}

// mergeSmallest applies one step of the merge rule documented on Analyse.
func (w *workTable) mergeSmallest() Merge {
	rowTot := make([]float64, len(w.rows))
	colTot := make([]float64, len(w.cols))
	for i := range w.rows {
		for j := range w.cols {
			rowTot[i] += w.vals[i][j]
			colTot[j] += w.vals[i][j]
		}
	}
	byRow, idx, best := true, -1, math.Inf(1)
	if len(w.rows) > 2 {
		for i, v := range rowTot {
			if v < best {
				idx, best = i, v
			}
		}
	}
	if len(w.cols) > 2 {
		for j, v := range colTot {
			if v < best {
				byRow, idx, best = false, j, v
			}
		}
	}
	tot := rowTot
	if !byRow {
		tot = colTot
	}
	other := idx - 1
	if idx == 0 || (idx+1 < len(tot) && tot[idx+1] < tot[idx-1]) {
		other = idx + 1
	}
	a, b := min(idx, other), max(idx, other)
	if byRow {
		m := Merge{Dimension: "ligne", Merged: []string{w.rows[a], w.rows[b]}, Into: w.rows[a] + " + " + w.rows[b]}
		for j := range w.cols {
			w.counts[a][j] += w.counts[b][j]
			w.vals[a][j] += w.vals[b][j]
		}
		w.rows[a] = m.Into
		w.rows, w.counts, w.vals = remove(w.rows, b), remove(w.counts, b), remove(w.vals, b)
		return m
	}
	m := Merge{Dimension: "colonne", Merged: []string{w.cols[a], w.cols[b]}, Into: w.cols[a] + " + " + w.cols[b]}
	for i := range w.rows {
		w.counts[i][a] += w.counts[i][b]
		w.vals[i][a] += w.vals[i][b]
		w.counts[i], w.vals[i] = remove(w.counts[i], b), remove(w.vals[i], b)
	}
	w.cols[a] = m.Into
	w.cols = remove(w.cols, b)
	return m
}

func remove[T any](s []T, i int) []T {
	return append(s[:i:i], s[i+1:]...)
}

func sumInts(s []int) int {
	n := 0
	for _, v := range s {
		n += v
	}
	return n
}

func total(vals [][]float64) float64 {
	var n float64
	for _, row := range vals {
		for _, v := range row {
			n += v
		}
	}
	return n
}

// expected returns the counts expected under independence, from the margins.
func expected(vals [][]float64) [][]float64 {
	r, c := len(vals), len(vals[0])
	rowTot := make([]float64, r)
	colTot := make([]float64, c)
	var n float64
	for i := range vals {
		for j, v := range vals[i] {
			rowTot[i] += v
			colTot[j] += v
			n += v
		}
	}
	exp := make([][]float64, r)
	for i := range exp {
		exp[i] = make([]float64, c)
		for j := range exp[i] {
			if n > 0 {
				exp[i][j] = rowTot[i] * colTot[j] / n
			}
		}
	}
	return exp
}

func cochran(exp [][]float64) Cochran {
	ch := Cochran{MinExpected: math.Inf(1)}
	for _, row := range exp {
		for _, e := range row {
			ch.Cells++
			if e < 5 {
				ch.Below5++
			}
			if e < 1 {
				ch.Below1++
			}
			ch.MinExpected = min(ch.MinExpected, e)
		}
	}
	ch.OK = ch.Below1 == 0 && float64(ch.Below5) <= 0.2*float64(ch.Cells)
	return ch
}

// chiSquare is Pearson's statistic Σ (O−E)²/E, without continuity correction.
func chiSquare(vals, exp [][]float64) float64 {
	var x float64
	for i := range vals {
		for j, o := range vals[i] {
			if e := exp[i][j]; e > 0 {
				d := o - e
				x += d * d / e
			}
		}
	}
	return x
}

// cramersV is √(χ² / (n·(min(r,c)−1))).
func cramersV(chi2, n float64, r, c int) float64 {
	k := min(r, c) - 1
	if n <= 0 || k < 1 {
		return 0
	}
	return math.Sqrt(chi2 / (n * float64(k)))
}

// ChiSquareP is the p-value of Pearson's chi-square statistic x on df degrees of freedom.
func ChiSquareP(x float64, df int) float64 {
	return distuv.ChiSquared{K: float64(df)}.Survival(x)
}

// FisherExact is the two-sided p-value of Fisher's exact test on the 2×2
// table [[a, b], [c, d]]: the sum of the probabilities of every table with
// the same margins that is no more likely than the one observed (with R's
// relative tolerance of 1e-7 for ties).
func FisherExact(a, b, c, d int) float64 {
	r1, c1, n := a+b, a+c, a+b+c+d
	if n == 0 {
		return 1
	}
	lo, hi := max(0, r1+c1-n), min(r1, c1)
	base := lchoose(n, r1)
	logp := func(x int) float64 { return lchoose(c1, x) + lchoose(n-c1, r1-x) - base }
	obs := logp(a)
	var p float64
	for x := lo; x <= hi; x++ {
		if lp := logp(x); lp <= obs+1e-7 {
			p += math.Exp(lp)
		}
	}
	return min(p, 1)
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
