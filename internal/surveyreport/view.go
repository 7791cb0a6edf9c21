// Package surveyreport writes a questionnaire's analysis for people: the
// figures as they are shown (percentages with their interval and base, or
// why they are hidden), charts as SVG drawn on the server (each with its data
// table beside it), a PDF of the report and of the one-page board summary,
// and an XLSX workbook with one sheet per question and per cross-tab.
package surveyreport

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
)

// Percent writes a share in whole percent.
func Percent(p float64) string { return stats.Percent(p) }

// Interval writes « 71–83 % ».
func Interval(p stats.Proportion) string {
	return strings.TrimSuffix(stats.Percent(p.Low), " %") + "–" + stats.Percent(p.High)
}

// Count writes a count, or « < 5 » / « masqué » when hidden.
func Count(n int, hidden bool, reason string, minCount int) string {
	if !hidden {
		return Thousands(n)
	}
	if strings.Contains(reason, "Effectif inférieur") {
		return "< " + strconv.Itoa(minCount)
	}
	return "masqué"
}

// Thousands writes an integer with thin spaces between thousands.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u202f')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Base writes the base of a question: « n = 177 », with Kish's n when weighted.
func Base(q surveyanalysis.QuestionResult, weighted bool) string {
	s := "n = " + Thousands(q.Base)
	if weighted && q.Base > 0 {
		s += fmt.Sprintf(", n effectif = %.0f", q.EffectiveBase)
	}
	return s
}

// Period writes the dates of the answers.
func Period(r surveyanalysis.Report) string {
	if r.First.IsZero() {
		return "aucune réponse"
	}
	a, b := frtime.Date(r.First), frtime.Date(r.Last)
	if a == b {
		return "le " + a
	}
	return "du " + a + " au " + b
}

// Number writes a decimal number French style.
func Number(v float64, digits int) string {
	if math.IsNaN(v) {
		return "—"
	}
	return surveyanalysis.Decimal(v, digits)
}

// Breakdown lists the channels: « en ligne : 120, sur papier : 57 ».
func Breakdown(r surveyanalysis.Report) string {
	var parts []string
	for _, c := range r.Channels {
		parts = append(parts, strings.ToLower(c.Channel.Label())+" : "+Thousands(c.Count))
	}
	if len(parts) == 0 {
		return "aucune"
	}
	return strings.Join(parts, ", ")
}

// CellText writes a cross-tab cell: « 12 % (8) », « < 5 », « masqué ».
func CellText(c surveyanalysis.Cell, minCount int) string {
	count := Count(c.Count, c.CountHidden, c.Reason, minCount)
	if c.CountHidden {
		return count
	}
	if c.PercentHidden {
		return count
	}
	return Percent(c.Percent) + " (" + count + ")"
}
