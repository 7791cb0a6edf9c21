package surveyreport

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
)

// Chart geometry, in SVG user units (the chart scales to its box).
const (
	chartWidth = 640.0
	labelRow   = 18.0
	barRow     = 16.0
	rowGap     = 12.0
	barLeft    = 4.0
	barMax     = 520.0
)

// national returns, for each category, the most recent national figure read
// against the whole of the respondents, when it concerns that category alone.
func national(q surveyanalysis.QuestionResult) map[string]surveyanalysis.Comparison {
	out := map[string]surveyanalysis.Comparison{}
	for _, c := range q.Comparisons {
		if !c.Comparable || c.Subgroup != "ensemble des répondants" || len(c.Benchmark.ChoiceValues) != 1 {
			continue
		}
		v := c.Benchmark.ChoiceValues[0]
		if prev, ok := out[v]; !ok || c.Benchmark.Year > prev.Benchmark.Year {
			out[v] = c
		}
	}
	return out
}

// BarChart draws a question's shares as horizontal bars with their 95 %
// intervals, and the national figure as a dashed mark where one applies.
// id makes the title and description ids unique in the page.
func BarChart(q surveyanalysis.QuestionResult, id string) template.HTML {
	if len(q.Rows) == 0 {
		return ""
	}
	marks := national(q)
	rowH := labelRow + barRow + rowGap
	height := float64(len(q.Rows))*rowH + 8
	if len(marks) > 0 {
		height += 22
	}
	var b strings.Builder
	title, desc := id+"-titre", id+"-desc"
	fmt.Fprintf(&b, `<svg class="parcours-chart" role="img" aria-labelledby="%s %s" viewBox="0 0 %.0f %.0f" width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">`,
		title, desc, chartWidth, height)
	fmt.Fprintf(&b, `<title id="%s">%s</title>`, title, html.EscapeString(q.Label))
	what := "Part des répondants pour chaque réponse, avec l'intervalle de confiance à 95 %"
	if len(marks) > 0 {
		what += " et, en pointillé, le chiffre national"
	}
	fmt.Fprintf(&b, `<desc id="%s">%s. Les valeurs sont dans le tableau qui suit.</desc>`, desc, html.EscapeString(what))
	scale := func(p float64) float64 { return barLeft + p*barMax }
	y := 4.0
	for _, r := range q.Rows {
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="14" fill="#0b0c0c">%s</text>`, barLeft, y+13, html.EscapeString(truncate(r.Label, 80)))
		by := y + labelRow
		fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.0f" height="%.0f" fill="#f3f2f1"/>`, barLeft, by, barMax, barRow)
		if r.PercentHidden {
			fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" font-size="13" fill="#505a5f">non diffusé</text>`, barLeft+6, by+12)
		} else {
			s := r.Share
			fmt.Fprintf(&b, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" fill="#00616b"/>`, barLeft, by, s.Value*barMax, barRow)
			mid := by + barRow/2
			fmt.Fprintf(&b, `<path d="M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f" stroke="#0b0c0c" stroke-width="1.5" fill="none"/>`,
				scale(s.Low), mid, scale(s.High), scale(s.Low), mid-5, mid+5, scale(s.High), mid-5, mid+5)
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="13" font-weight="bold" fill="#0b0c0c">%s</text>`, min(scale(s.High)+6, chartWidth-44), by+12, html.EscapeString(Percent(s.Value)))
		}
		if c, ok := marks[r.Value]; ok {
			x := scale(c.Benchmark.Value)
			fmt.Fprintf(&b, `<path d="M%.1f %.1fV%.1f" stroke="#d4351c" stroke-width="2.5" stroke-dasharray="3 2"/>`, x, by-3, by+barRow+3)
		}
		y += rowH
	}
	if len(marks) > 0 {
		fmt.Fprintf(&b, `<path d="M%.0f %.1fH%.0f" stroke="#d4351c" stroke-width="2.5" stroke-dasharray="3 2"/><text x="%.0f" y="%.1f" font-size="13" fill="#0b0c0c">chiffre national le plus récent (voir la comparaison)</text>`,
			barLeft, y+6, barLeft+24, barLeft+30, y+10)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
