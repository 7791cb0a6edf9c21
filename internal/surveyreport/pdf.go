package surveyreport

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
)

// pdfDoc is a report document with its helpers for headings and tables.
type pdfDoc struct{ *pdfdoc.Doc }

const margin = pdfdoc.Margin

func newPDF(title string) *pdfDoc { return &pdfDoc{pdfdoc.New(title, time.Time{})} }

func (d *pdfDoc) heading(s string, size float64) {
	if d.GetY() > 250 {
		d.AddPage()
	}
	d.Ln(2)
	d.SetFont("Helvetica", "B", size)
	d.SetTextColor(0, 97, 107)
	d.MultiCell(d.Width, size*0.5, d.T(s), "", "L", false)
	d.SetTextColor(11, 12, 12)
	d.Ln(1)
}

func (d *pdfDoc) para(s string, size float64) {
	d.SetFont("Helvetica", "", size)
	d.MultiCell(d.Width, size*0.45, d.T(s), "", "L", false)
	d.Ln(1)
}

// table writes rows of cells in columns of the given widths (mm), the first row bold.
func (d *pdfDoc) table(widths []float64, rows [][]string) {
	for i, r := range rows {
		style := ""
		if i == 0 {
			style = "B"
		}
		d.SetFont("Helvetica", style, 9)
		h := 5.0
		lines := 1
		for j, c := range r {
			if n := len(d.SplitLines([]byte(d.T(c)), widths[j]-2)); n > lines {
				lines = n
			}
		}
		rowH := h * float64(lines)
		if d.GetY()+rowH > 277 {
			d.AddPage()
		}
		x, y := d.GetX(), d.GetY()
		for j, c := range r {
			d.SetXY(x, y)
			d.MultiCell(widths[j], h, d.T(c), "", "L", false)
			x += widths[j]
		}
		d.SetXY(margin, y+rowH)
		d.SetDrawColor(200, 200, 200)
		d.Line(margin, y+rowH, margin+sum(widths), y+rowH)
	}
	d.Ln(2)
}

func sum(ws []float64) float64 {
	var s float64
	for _, w := range ws {
		s += w
	}
	return s
}

// bars draws a question's shares with their intervals.
func (d *pdfDoc) bars(q surveyanalysis.QuestionResult) {
	const labelW, barW, h = 70.0, 90.0, 5.0
	for _, r := range q.Rows {
		if d.GetY() > 270 {
			d.AddPage()
		}
		y := d.GetY()
		d.SetFont("Helvetica", "", 8)
		d.SetXY(margin, y)
		d.CellFormat(labelW, h, d.T(truncate(r.Label, 48)), "", 0, "L", false, 0, "")
		x0 := margin + labelW
		d.SetFillColor(243, 242, 241)
		d.Rect(x0, y+0.5, barW, h-1, "F")
		if r.PercentHidden {
			d.SetXY(x0+2, y)
			d.CellFormat(barW, h, d.T("non diffusé"), "", 0, "L", false, 0, "")
		} else {
			s := r.Share
			d.SetFillColor(0, 97, 107)
			d.Rect(x0, y+0.5, s.Value*barW, h-1, "F")
			d.SetDrawColor(11, 12, 12)
			d.Line(x0+s.Low*barW, y+h/2, x0+s.High*barW, y+h/2)
			d.Line(x0+s.Low*barW, y+1, x0+s.Low*barW, y+h-1)
			d.Line(x0+s.High*barW, y+1, x0+s.High*barW, y+h-1)
			d.SetXY(x0+barW+2, y)
			d.CellFormat(20, h, d.T(Percent(s.Value)), "", 0, "L", false, 0, "")
		}
		d.SetXY(margin, y+h+0.5)
	}
	d.Ln(2)
}

// QuestionRows are a question's table rows as shown: answer, count, share, interval.
func QuestionRows(q surveyanalysis.QuestionResult, minCount int) [][]string {
	rows := [][]string{{"Réponse", "Effectif", "Part", "Intervalle à 95 %"}}
	for _, r := range q.Rows {
		share, interval := "non diffusé", ""
		if !r.PercentHidden {
			share, interval = Percent(r.Share.Value), Interval(r.Share)
		}
		rows = append(rows, []string{r.Label, Count(r.Count, r.CountHidden, r.Reason, minCount), share, interval})
	}
	return rows
}

// CrosstabRows are a cross-tab's rows as shown, with column totals.
func CrosstabRows(c surveyanalysis.CrosstabResult, minCount int) [][]string {
	head := append([]string{""}, c.Cols...)
	rows := [][]string{head}
	for i, label := range c.Rows {
		row := []string{label}
		for _, cell := range c.Cells[i] {
			row = append(row, CellText(cell, minCount))
		}
		rows = append(rows, row)
	}
	tot := []string{"Ensemble (effectif)"}
	for _, cell := range c.ColTotals {
		tot = append(tot, Count(cell.Count, cell.CountHidden, cell.Reason, minCount))
	}
	return append(rows, tot)
}

// ReportPDF writes the whole report.
func ReportPDF(r surveyanalysis.Report) ([]byte, error) {
	d := newPDF(r.Title + " – rapport")
	d.SetFont("Helvetica", "B", 18)
	d.MultiCell(d.Width, 9, d.T(r.Title), "", "L", false)
	d.para(fmt.Sprintf("Rapport d'analyse, version %d du questionnaire, établi le %s. %s réponses complètes (%s), %s. Tableaux pour : %s.",
		r.VersionNumber, frtime.Date(r.GeneratedAt), Thousands(r.Respondents), Breakdown(r), Period(r), r.Audience.Label()), 10)
	d.heading("À lire avant les chiffres", 13)
	for _, n := range r.Notices {
		d.para("- "+n, 10)
	}
	weighted := r.Weighting != nil
	section := ""
	for _, q := range r.Questions {
		if q.Section != section {
			section = q.Section
			d.heading(section, 14)
		}
		d.heading(q.Label, 11)
		d.para(questionLine(q, weighted), 9)
		if len(q.Rows) > 0 && !q.BaseTooSmall {
			d.bars(q)
		}
		if len(q.Rows) > 0 {
			d.table([]float64{90, 25, 25, 40}, QuestionRows(q, r.Policy.MinCount))
		}
		if q.Numbers != nil {
			d.para(NumbersText(q), 9)
		}
		for _, c := range q.Comparisons {
			d.para("Comparaison ("+c.Subgroup+") : "+c.Sentence+" "+strings.Join(c.Notes, " "), 9)
		}
		if q.Note != "" {
			d.para(q.Note, 8)
		}
	}
	if len(r.Crosstabs) > 0 {
		d.AddPage()
		d.heading("Tableaux croisés", 14)
		for _, c := range r.Crosstabs {
			d.heading(c.Title(), 11)
			n := len(c.Cols) + 1
			ws := make([]float64, n)
			ws[0] = 50
			for i := 1; i < n; i++ {
				ws[i] = (d.Width - 50) / float64(n-1)
			}
			d.table(ws, CrosstabRows(c, r.Policy.MinCount))
			d.para(c.Sentence, 9)
			d.para(c.Reason, 8)
		}
	}
	d.AddPage()
	d.heading("Méthode", 14)
	for _, m := range r.Method {
		d.para(m, 9)
	}
	d.heading("Sources des chiffres nationaux", 14)
	for _, s := range r.Sources {
		d.para(fmt.Sprintf("%s (terrain %d, %s) : %s.", s.Publication, s.Year, s.Population, strings.Join(s.Indicators, " ; ")), 9)
	}
	var buf bytes.Buffer
	err := d.Output(&buf)
	return buf.Bytes(), err
}

// questionLine writes a question's base and what it leaves out.
func questionLine(q surveyanalysis.QuestionResult, weighted bool) string {
	s := "Base : " + Base(q, weighted) + " répondant(s)"
	if q.Missing > 0 {
		s += fmt.Sprintf(" ; sans réponse : %d", q.Missing)
	}
	if q.NotAsked > 0 {
		s += fmt.Sprintf(" ; non concernés : %d", q.NotAsked)
	}
	if q.OutOfVersion > 0 {
		s += fmt.Sprintf(" ; réponses d'une version antérieure mises à part : %d", q.OutOfVersion)
	}
	if q.BaseTooSmall {
		s += ". Moins de 30 répondants : aucun pourcentage n'est donné"
	}
	return s + "."
}

// NumbersText summarises a number question.
func NumbersText(q surveyanalysis.QuestionResult) string {
	n := q.Numbers
	if n == nil || n.Hidden {
		return "Trop peu de réponses pour publier un résumé."
	}
	s := fmt.Sprintf("Moyenne %s", Number(n.Mean, 1))
	if n.MeanIntervalComputable {
		s += fmt.Sprintf(" (intervalle à 95 %% : %s à %s)", Number(n.MeanLow, 1), Number(n.MeanHigh, 1))
	}
	s += fmt.Sprintf(", médiane %s, quartiles %s et %s", Number(n.Median, 1), Number(n.Q1, 1), Number(n.Q3, 1))
	if n.ShowExtremes {
		s += fmt.Sprintf(", de %s à %s", Number(n.Min, 0), Number(n.Max, 0))
	}
	return s + "."
}

// SummaryPDF writes the one-page summary for the board.
func SummaryPDF(s surveyanalysis.Summary, r surveyanalysis.Report) ([]byte, error) {
	d := newPDF(s.Title + " – synthèse")
	d.SetAutoPageBreak(false, margin)
	d.SetFont("Helvetica", "B", 16)
	d.MultiCell(d.Width, 8, d.T(s.Title+" : synthèse pour le conseil d'administration"), "", "L", false)
	weighted := "non pondérés"
	if s.Weighted {
		weighted = "pondérés sur le recensement"
	}
	d.para(fmt.Sprintf("%s réponses (%s), %s ; résultats %s.", Thousands(s.Respondents), s.Channels, s.Period, weighted), 10)
	d.heading("Les chiffres clés, face aux chiffres nationaux", 12)
	rows := [][]string{{"Indicateur", "Sur le territoire", "National"}}
	for _, h := range s.Headlines {
		mark := ""
		if h.Gap {
			mark = " (écart)"
		}
		rows = append(rows, []string{h.Label + mark, h.Text, h.Note})
	}
	d.table([]float64{70, 55, 55}, rows)
	d.heading("Écarts avec les chiffres nationaux", 12)
	if len(s.Gaps) == 0 {
		d.para("Aucun écart significatif : les chiffres nationaux sont tous dans les intervalles locaux.", 9)
	}
	for i, g := range s.Gaps {
		if i == 4 {
			d.para(fmt.Sprintf("… et %d autre(s) dans le rapport complet.", len(s.Gaps)-4), 9)
			break
		}
		d.para("- "+g, 9)
	}
	if len(s.Links) > 0 {
		d.heading("Différences entre groupes", 12)
		for i, l := range s.Links {
			if i == 3 {
				break
			}
			d.para("- "+l, 9)
		}
	}
	d.heading("Limites", 12)
	for i, n := range s.Notices {
		if i == 2 {
			break
		}
		d.para(n, 8)
	}
	d.para(fmt.Sprintf("Pourcentages avec intervalle de confiance à 95 %% (Wilson) et base n. Secret statistique : %s. Sources nationales datées dans le rapport complet.", r.Audience.Label()), 8)
	var buf bytes.Buffer
	err := d.Output(&buf)
	return buf.Bytes(), err
}
