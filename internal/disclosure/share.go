package disclosure

// Share is a percentage ready to publish.
type Share struct {
	Value  float64 // 0..1; never show it when Hidden
	Hidden bool
	Reason Reason
}

// Percent is count out of base under p, for a figure published on its own:
// hidden on a base under MinBase, and when the count or its complement
// (base − count) is a small count, since the percentage and the base give it back.
func (p Policy) Percent(count, base int) Share {
	s := Share{}
	if base > 0 {
		s.Value = float64(count) / float64(base)
	}
	switch {
	case base < p.MinBase || base <= 0:
		s.Hidden, s.Reason = true, SmallBase
	case count > 0 && count < p.MinCount:
		s.Hidden, s.Reason = true, SmallCount
	case base-count > 0 && base-count < p.MinCount:
		s.Hidden, s.Reason = true, Complement
	}
	return s
}

// RowShare is cell (i, j) as a share of its row total.
func (p Protected) RowShare(i, j int) Share {
	if p.RowTotals == nil {
		return p.share(p.Cells[i][j], p.Total)
	}
	return p.share(p.Cells[i][j], p.RowTotals[i])
}

// ColShare is cell (i, j) as a share of its column total.
func (p Protected) ColShare(i, j int) Share {
	if p.ColTotals == nil {
		return p.share(p.Cells[i][j], p.Cells[i][j])
	}
	return p.share(p.Cells[i][j], p.ColTotals[j])
}

// TotalShare is cell (i, j) as a share of the grand total.
func (p Protected) TotalShare(i, j int) Share {
	return p.share(p.Cells[i][j], p.Total)
}

// share hides a percentage whose cell or base is hidden, or whose base is under MinBase.
func (p Protected) share(c, base Cell) Share {
	s := Share{}
	if base.Value > 0 {
		s.Value = float64(c.Value) / float64(base.Value)
	}
	switch {
	case c.Hidden:
		s.Hidden, s.Reason = true, c.Reason
	case base.Hidden || base.Value < p.Policy.MinBase || base.Value == 0:
		s.Hidden, s.Reason = true, SmallBase
	}
	return s
}
