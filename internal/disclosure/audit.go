package disclosure

// Exposed returns the hidden cells that a single row or column equation
// (cells = total) gives away: those alone hidden in an equation.
func (p Protected) Exposed() []Position {
	g := p.grid()
	var out []Position
	for _, eq := range g.eqs {
		alone := -1
		n := 0
		for _, k := range eq {
			if g.hidden[k] {
				alone = k
				n++
			}
		}
		if n == 1 {
			out = append(out, g.position[alone])
		}
	}
	return out
}

// Determined returns the hidden cells whose value follows from the published
// values by any combination of the row and column equations.
func (p Protected) Determined() []Position {
	g := p.grid()
	var out []Position
	for _, k := range g.determined() {
		out = append(out, g.position[k])
	}
	return out
}

// grid rebuilds the equations of p with its hidden cells.
func (p Protected) grid() *grid {
	t := Table{Rows: p.Rows, Cols: p.Cols, Counts: make([][]int, len(p.Cells))}
	for i, row := range p.Cells {
		t.Counts[i] = make([]int, len(row))
		for j, c := range row {
			t.Counts[i][j] = c.Value
		}
	}
	g, err := newGrid(t)
	if err != nil {
		panic("disclosure: a Protected table no longer matches its shape: " + err.Error())
	}
	for k, pos := range g.position {
		g.hidden[k] = p.At(pos).Hidden
	}
	return g
}

// At returns the cell at pos, totals included.
func (p Protected) At(pos Position) Cell {
	switch {
	case pos.Row == Total && pos.Col == Total:
		return p.Total
	case pos.Col == Total:
		return p.RowTotals[pos.Row]
	case pos.Row == Total:
		return p.ColTotals[pos.Col]
	}
	return p.Cells[pos.Row][pos.Col]
}
