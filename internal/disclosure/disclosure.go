// Package disclosure protects small cells in the tables a structure or the
// territory publishes (survey reports, activity bilans, public statistics):
// small counts are hidden, percentages on small bases are not shown, and a
// second cell is hidden wherever a hidden one could be recovered from the
// totals by subtraction.
//
//	p, err := disclosure.Protect(table, disclosure.Public)
//	for _, row := range p.Cells { … cell.Hidden, cell.Reason.Label(p.Policy) … }
package disclosure

import (
	"fmt"
	"math"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Policy is a small-cell rule.
type Policy struct {
	Name     string
	MinCount int // counts from 1 to MinCount−1 are hidden; zero is shown (it describes nobody)
	MinBase  int // no percentage on a base under MinBase
}

var (
	// Partners applies to a structure's tables that leave it for the programme's partners.
	Partners = Policy{Name: "partenaires", MinCount: 5, MinBase: 30}
	// Public applies to tables published to everyone (open data, public statistics).
	Public = Policy{Name: "public", MinCount: 11, MinBase: 30}
)

// Reason says why a value is hidden.
type Reason string

const (
	Shown      Reason = ""
	SmallCount Reason = "effectif-faible" // primary suppression: 1 ≤ count < MinCount
	Complement Reason = "secondaire"      // hidden so that a small count cannot be recovered from the totals
	SmallBase  Reason = "base-faible"     // a percentage on a base under MinBase, or on a hidden base
)

// Label is the French explanation of r shown beside a hidden value.
func (r Reason) Label(p Policy) string {
	switch r {
	case SmallCount:
		return fmt.Sprintf("Effectif inférieur à %d, masqué (secret statistique).", p.MinCount)
	case Complement:
		return "Masqué pour qu'un petit effectif ne puisse pas être retrouvé par soustraction des totaux."
	case SmallBase:
		return fmt.Sprintf("Pourcentage non affiché : base inférieure à %d ou masquée.", p.MinBase)
	}
	return ""
}

// Table is a table of counts: a two-way table has Rows; a one-way table has
// no Rows and a single row of Counts. Totals are computed, never given.
type Table struct {
	Rows   []string
	Cols   []string
	Counts [][]int
}

// OneWay is a table of counts by one variable.
func OneWay(labels []string, counts []int) Table {
	return Table{Cols: labels, Counts: [][]int{counts}}
}

// Cell is a published value.
type Cell struct {
	Value  int // the true value: never show it when Hidden
	Hidden bool
	Reason Reason
}

// Total marks a total in a Position: {Row: i, Col: Total} is row i's total,
// {Row: Total, Col: j} column j's, {Total, Total} the grand total.
const Total = -1

// Position locates a cell of a Protected table.
type Position struct{ Row, Col int }

// Protected is a table ready to publish under a Policy.
type Protected struct {
	Policy    Policy
	Rows      []string // nil for a one-way table
	Cols      []string
	Cells     [][]Cell // one row for a one-way table
	RowTotals []Cell   // nil for a one-way table
	ColTotals []Cell   // nil for a one-way table
	Total     Cell
}

// Protect hides the small counts of t under p, then hides complementary
// cells until no hidden cell can be recovered from the published values.
//
// Rule, repeated until stable: (1) wherever a row or column equation
// (cells = total) has exactly one hidden term, hide another term of it: the
// smallest positive cell, else a zero cell, else the total; (2) wherever a
// hidden cell is still determined by a combination of equations, hide the
// smallest visible positive cell of its row, else of its column, else of
// the table.
func Protect(t Table, p Policy) (Protected, error) {
	if p.MinCount < 1 || p.MinBase < 0 {
		return Protected{}, apperr.New(apperr.Invalid, "Règle de secret statistique invalide.")
	}
	g, err := newGrid(t)
	if err != nil {
		return Protected{}, err
	}
	for k, v := range g.vals {
		if v > 0 && v < p.MinCount {
			g.hide(k, SmallCount)
		}
	}
	for {
		if g.complementSingle() {
			continue
		}
		if g.complementCombination() {
			continue
		}
		break
	}
	return g.protected(t, p), nil
}

// grid is the table with its totals as one flat list of cells and the
// equations (one cell per term, the total last) that tie them.
type grid struct {
	r, c     int // interior rows and columns
	oneWay   bool
	vals     []int
	hidden   []bool
	reason   []Reason
	isTotal  []bool
	eqs      [][]int
	position []Position
}

func newGrid(t Table) (*grid, error) {
	oneWay := len(t.Rows) == 0
	if oneWay && len(t.Counts) != 1 {
		return nil, apperr.New(apperr.Invalid, "Un tableau à une dimension a une seule ligne d'effectifs.")
	}
	if !oneWay && len(t.Counts) != len(t.Rows) {
		return nil, apperr.New(apperr.Invalid, "Le tableau n'a pas autant de lignes d'effectifs que de libellés.")
	}
	if len(t.Cols) == 0 {
		return nil, apperr.New(apperr.Invalid, "Le tableau n'a aucune colonne.")
	}
	r, c := len(t.Counts), len(t.Cols)
	g := &grid{r: r, c: c, oneWay: oneWay}
	// Interior cells first (row-major), then row totals, column totals, grand total.
	add := func(v int, total bool, pos Position) int {
		g.vals = append(g.vals, v)
		g.isTotal = append(g.isTotal, total)
		g.position = append(g.position, pos)
		return len(g.vals) - 1
	}
	rowTot := make([]int, r)
	colTot := make([]int, c)
	grand := 0
	for i, row := range t.Counts {
		if len(row) != c {
			return nil, apperr.New(apperr.Invalid, "Une ligne du tableau n'a pas autant d'effectifs que de colonnes.")
		}
		for j, v := range row {
			if v < 0 {
				return nil, apperr.New(apperr.Invalid, "Un effectif est négatif.")
			}
			add(v, false, Position{i, j})
			rowTot[i] += v
			colTot[j] += v
			grand += v
		}
	}
	cell := func(i, j int) int { return i*c + j }
	if oneWay {
		tot := add(grand, true, Position{Total, Total})
		eq := make([]int, 0, c+1)
		for j := 0; j < c; j++ {
			eq = append(eq, cell(0, j))
		}
		g.eqs = [][]int{append(eq, tot)}
	} else {
		rowIdx := make([]int, r)
		for i := range rowIdx {
			rowIdx[i] = add(rowTot[i], true, Position{i, Total})
		}
		colIdx := make([]int, c)
		for j := range colIdx {
			colIdx[j] = add(colTot[j], true, Position{Total, j})
		}
		tot := add(grand, true, Position{Total, Total})
		for i := 0; i < r; i++ {
			eq := make([]int, 0, c+1)
			for j := 0; j < c; j++ {
				eq = append(eq, cell(i, j))
			}
			g.eqs = append(g.eqs, append(eq, rowIdx[i]))
		}
		for j := 0; j < c; j++ {
			eq := make([]int, 0, r+1)
			for i := 0; i < r; i++ {
				eq = append(eq, cell(i, j))
			}
			g.eqs = append(g.eqs, append(eq, colIdx[j]))
		}
		g.eqs = append(g.eqs, append(append([]int(nil), rowIdx...), tot))
		g.eqs = append(g.eqs, append(append([]int(nil), colIdx...), tot))
	}
	g.hidden = make([]bool, len(g.vals))
	g.reason = make([]Reason, len(g.vals))
	return g, nil
}

func (g *grid) hide(k int, why Reason) {
	g.hidden[k] = true
	g.reason[k] = why
}

// complementSingle applies step (1) of the rule to the first exposed
// equation and reports whether it hid a cell.
func (g *grid) complementSingle() bool {
	for _, eq := range g.eqs {
		n := 0
		for _, k := range eq {
			if g.hidden[k] {
				n++
			}
		}
		if n != 1 {
			continue
		}
		g.hide(g.smallestVisible(eq), Complement)
		return true
	}
	return false
}

// smallestVisible returns the visible term of cells to hide as a complement:
// the smallest positive interior cell, else an interior zero, else the
// smallest total; -1 when every term is hidden.
func (g *grid) smallestVisible(cells []int) int {
	best, bestRank := -1, [2]int{3, 0}
	for _, k := range cells {
		if g.hidden[k] {
			continue
		}
		class := 0
		switch {
		case g.isTotal[k]:
			class = 2
		case g.vals[k] == 0:
			class = 1
		}
		rank := [2]int{class, g.vals[k]}
		if rank[0] < bestRank[0] || (rank[0] == bestRank[0] && rank[1] < bestRank[1]) {
			best, bestRank = k, rank
		}
	}
	return best
}

// complementCombination applies step (2) of the rule to the first hidden
// cell still determined by a combination of equations.
func (g *grid) complementCombination() bool {
	det := g.determined()
	if len(det) == 0 {
		return false
	}
	k := det[0]
	var row, col, all []int
	for _, eq := range g.eqs {
		if contains(eq, k) {
			if row == nil {
				row = eq
			} else if col == nil {
				col = eq
			}
		}
	}
	for i := range g.vals {
		all = append(all, i)
	}
	for _, cells := range [][]int{row, col, all} {
		if cells == nil {
			continue
		}
		if v := g.smallestVisible(cells); v >= 0 {
			g.hide(v, Complement)
			return true
		}
	}
	return false
}

func contains(s []int, k int) bool {
	for _, v := range s {
		if v == k {
			return true
		}
	}
	return false
}

// determined returns the hidden cells whose value follows from the published
// values by some linear combination of the equations: a hidden cell x_k is
// determined when the unit vector e_k lies in the row space of the equations
// restricted to the hidden cells.
func (g *grid) determined() []int {
	var hid []int
	col := make(map[int]int)
	for k, h := range g.hidden {
		if h {
			col[k] = len(hid)
			hid = append(hid, k)
		}
	}
	if len(hid) == 0 {
		return nil
	}
	var rows [][]float64
	for _, eq := range g.eqs {
		v := make([]float64, len(hid))
		any := false
		for t, k := range eq {
			if j, ok := col[k]; ok {
				v[j] = 1
				if t == len(eq)-1 {
					v[j] = -1 // the total is on the other side of the equation
				}
				any = true
			}
		}
		if any {
			rows = append(rows, v)
		}
	}
	basis, pivots := rref(rows)
	var out []int
	for j, k := range hid {
		e := make([]float64, len(hid))
		e[j] = 1
		for b, p := range pivots {
			if f := e[p]; f != 0 {
				for x := range e {
					e[x] -= f * basis[b][x]
				}
			}
		}
		zero := true
		for _, x := range e {
			if math.Abs(x) > 1e-9 {
				zero = false
				break
			}
		}
		if zero {
			out = append(out, k)
		}
	}
	return out
}

// rref reduces rows to reduced row echelon form and returns the non-zero
// rows with the column of each pivot.
func rref(rows [][]float64) ([][]float64, []int) {
	if len(rows) == 0 {
		return nil, nil
	}
	n := len(rows[0])
	var pivots []int
	r := 0
	for c := 0; c < n && r < len(rows); c++ {
		p := -1
		for i := r; i < len(rows); i++ {
			if math.Abs(rows[i][c]) > 1e-9 && (p < 0 || math.Abs(rows[i][c]) > math.Abs(rows[p][c])) {
				p = i
			}
		}
		if p < 0 {
			continue
		}
		rows[r], rows[p] = rows[p], rows[r]
		f := rows[r][c]
		for x := range rows[r] {
			rows[r][x] /= f
		}
		for i := range rows {
			if i != r && rows[i][c] != 0 {
				g := rows[i][c]
				for x := range rows[i] {
					rows[i][x] -= g * rows[r][x]
				}
			}
		}
		pivots = append(pivots, c)
		r++
	}
	return rows[:r], pivots
}

func (g *grid) cell(k int) Cell {
	return Cell{Value: g.vals[k], Hidden: g.hidden[k], Reason: g.reason[k]}
}

func (g *grid) protected(t Table, p Policy) Protected {
	out := Protected{Policy: p, Rows: t.Rows, Cols: t.Cols, Cells: make([][]Cell, g.r)}
	for i := range out.Cells {
		out.Cells[i] = make([]Cell, g.c)
		for j := range out.Cells[i] {
			out.Cells[i][j] = g.cell(i*g.c + j)
		}
	}
	k := g.r * g.c
	if !g.oneWay {
		for i := 0; i < g.r; i++ {
			out.RowTotals = append(out.RowTotals, g.cell(k))
			k++
		}
		for j := 0; j < g.c; j++ {
			out.ColTotals = append(out.ColTotals, g.cell(k))
			k++
		}
	}
	out.Total = g.cell(k)
	return out
}
