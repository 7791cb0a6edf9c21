package surveyanalysis

import (
	"fmt"
	"strings"

	"github.com/parcours-numerique/parcours/internal/disclosure"
	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// Cell is one cell of a published cross-tab.
type Cell struct {
	Count         int
	CountHidden   bool
	Percent       float64 // share of the column (the profile group), weighted when weighted
	PercentHidden bool
	Reason        string
}

// CrosstabResult is a question crossed with a profile question.
type CrosstabResult struct {
	Question, QuestionLabel string
	By                      survey.Role
	ByLabel                 string // the profile question's label
	Rows, Cols              []string
	Cells                   [][]Cell
	ColTotals               []Cell // respondents per profile group
	RowTotals               []Cell
	Total                   Cell
	Test                    stats.TestKind
	Reason                  string // which test and why
	ChiSquare               float64
	DF                      int
	P                       float64
	CramersV                float64
	Significant             bool // p < 0.05
	Sentence                string
	Merges                  []string
	Weighted                bool
}

// Title names the cross-tab.
func (c *CrosstabResult) Title() string {
	return c.QuestionLabel + " — selon " + strings.ToLower(c.By.Label())
}

// crosstab crosses a question (rows) with a profile question (columns).
func crosstab(def *survey.Definition, ct survey.Crosstab, c *coded, weights []float64, pol disclosure.Policy) (CrosstabResult, bool) {
	q, ok := def.Question(ct.Question)
	by, okBy := def.ByRole(ct.By)
	if !ok || !okBy || q.Key == by.Key {
		return CrosstabResult{}, false
	}
	rc, cc := c.cols[q.Key], c.cols[by.Key]
	if rc.single == nil || cc.single == nil {
		return CrosstabResult{}, false
	}
	res := CrosstabResult{Question: q.Key, QuestionLabel: q.Label, By: ct.By, ByLabel: by.Label, Rows: rc.labels, Cols: cc.labels, Weighted: weights != nil}
	t, err := stats.NewTable(rc.labels, cc.labels, rc.single, cc.single, weights)
	if err != nil {
		return CrosstabResult{}, false
	}
	prot, err := disclosure.Protect(disclosure.Table{Rows: t.Rows, Cols: t.Cols, Counts: t.Counts}, pol)
	if err != nil {
		return CrosstabResult{}, false
	}
	colW := make([]float64, len(t.Cols))
	if t.Weighted != nil {
		for i := range t.Rows {
			for j := range t.Cols {
				colW[j] += t.Weighted[i][j]
			}
		}
	}
	res.Cells = make([][]Cell, len(t.Rows))
	for i := range t.Rows {
		res.Cells[i] = make([]Cell, len(t.Cols))
		for j := range t.Cols {
			pc := prot.Cells[i][j]
			sh := prot.ColShare(i, j)
			cell := Cell{Count: pc.Value, CountHidden: pc.Hidden, Percent: sh.Value, PercentHidden: sh.Hidden}
			if t.Weighted != nil && colW[j] > 0 {
				cell.Percent = t.Weighted[i][j] / colW[j]
			}
			if pc.Hidden {
				cell.Reason = pc.Reason.Label(pol)
			} else if sh.Hidden {
				cell.Reason = sh.Reason.Label(pol)
			}
			res.Cells[i][j] = cell
		}
	}
	for j := range t.Cols {
		ct := prot.ColTotals[j]
		res.ColTotals = append(res.ColTotals, Cell{Count: ct.Value, CountHidden: ct.Hidden, Reason: ct.Reason.Label(pol)})
	}
	for i := range t.Rows {
		rt := prot.RowTotals[i]
		res.RowTotals = append(res.RowTotals, Cell{Count: rt.Value, CountHidden: rt.Hidden, Reason: rt.Reason.Label(pol)})
	}
	res.Total = Cell{Count: prot.Total.Value, CountHidden: prot.Total.Hidden}
	a, err := stats.Analyse(t)
	if err != nil {
		return res, true
	}
	res.Test, res.Reason, res.ChiSquare, res.DF, res.P, res.CramersV = a.Test, a.Reason, a.ChiSquare, a.DF, a.P, a.CramersV
	for _, m := range a.Merges {
		res.Merges = append(res.Merges, m.Dimension+" : "+strings.Join(m.Merged, " + "))
	}
	res.Significant = a.Test != stats.NoTest && a.P < 0.05
	res.Sentence = crosstabSentence(res, a)
	return res, true
}

// crosstabSentence says in plain words whether the answers differ between groups.
func crosstabSentence(res CrosstabResult, a stats.Association) string {
	by := strings.ToLower(res.By.Label())
	switch {
	case a.Test == stats.NoTest:
		return "Pas de test possible : trop peu de groupes ont des réponses."
	case res.Significant && a.Test == stats.Fisher:
		return fmt.Sprintf("Les réponses diffèrent selon %s (test exact de Fisher, %s).", by, pValue(a.P))
	case res.Significant:
		return fmt.Sprintf("Les réponses diffèrent selon %s (%s) ; lien %s (V de Cramér = %s).", by, pValue(a.P), strength(a.CramersV), decimal(a.CramersV, 2))
	}
	return fmt.Sprintf("Pas de différence nette selon %s (%s) : les écarts entre groupes peuvent venir du hasard.", by, pValue(a.P))
}

// strength names an effect size (Cramér's V) in words.
func strength(v float64) string {
	switch {
	case v < 0.1:
		return "négligeable"
	case v < 0.2:
		return "faible"
	case v < 0.3:
		return "modéré"
	}
	return "fort"
}

// pValue writes a p-value French style: « p = 0,003 », « p < 0,001 ».
func pValue(p float64) string {
	if p < 0.001 {
		return "p < 0,001"
	}
	return "p = " + decimal(p, 3)
}

func decimal(v float64, digits int) string {
	return strings.Replace(fmt.Sprintf("%.*f", digits, v), ".", ",", 1)
}

// Decimal writes a number with a decimal comma.
func Decimal(v float64, digits int) string { return decimal(v, digits) }

// PValue writes a p-value French style.
func PValue(p float64) string { return pValue(p) }
