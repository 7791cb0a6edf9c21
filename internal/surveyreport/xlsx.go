package surveyreport

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/csvsafe"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
)

// ReportXLSX writes a workbook: a summary sheet, one sheet per question and
// per cross-tab, the method and the sources. Hidden values stay hidden;
// text cells are never formulas.
func ReportXLSX(r surveyanalysis.Report) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	names := map[string]bool{}
	sheet := func(name string) (string, error) {
		n := sheetName(name, names)
		if len(names) == 1 {
			return n, f.SetSheetName("Sheet1", n)
		}
		_, err := f.NewSheet(n)
		return n, err
	}
	write := func(name string, rows [][]any) error {
		n, err := sheet(name)
		if err != nil {
			return err
		}
		for i, row := range rows {
			cells := make([]any, len(row))
			for j, c := range row {
				if s, ok := c.(string); ok {
					cells[j] = csvsafe.Cell(s)
				} else {
					cells[j] = c
				}
			}
			addr, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(n, addr, &cells); err != nil {
				return err
			}
		}
		return f.SetColWidth(n, "A", "A", 60)
	}
	summary := [][]any{
		{r.Title},
		{"Version du questionnaire", r.VersionNumber},
		{"Réponses complètes", r.Respondents},
		{"Réponses analysées", r.Analysed},
		{"Canaux", Breakdown(r)},
		{"Période", Period(r)},
		{"Secret statistique", r.Audience.Label()},
		{},
	}
	for _, n := range r.Notices {
		summary = append(summary, []any{n})
	}
	if err := write("Synthèse", summary); err != nil {
		return nil, err
	}
	weighted := r.Weighting != nil
	for i, q := range r.Questions {
		rows := [][]any{{q.Label}, {questionLine(q, weighted)}, {}}
		if len(q.Rows) > 0 {
			rows = append(rows, []any{"Réponse", "Effectif", "Part (%)", "Borne basse (%)", "Borne haute (%)"})
			for _, row := range q.Rows {
				line := []any{row.Label, Count(row.Count, row.CountHidden, row.Reason, r.Policy.MinCount)}
				if !row.CountHidden {
					line[1] = row.Count
				}
				if row.PercentHidden {
					line = append(line, "non diffusé", "", "")
				} else {
					line = append(line, round1(row.Share.Value), round1(row.Share.Low), round1(row.Share.High))
				}
				rows = append(rows, line)
			}
		}
		if q.Numbers != nil {
			rows = append(rows, []any{NumbersText(q)})
		}
		for _, c := range q.Comparisons {
			rows = append(rows, []any{}, []any{"Comparaison (" + c.Subgroup + ")", c.Sentence}, []any{"Source", fmt.Sprintf("%s (terrain %d, %s)", c.Benchmark.Publication, c.Benchmark.Year, c.Benchmark.Population)})
		}
		if q.Note != "" {
			rows = append(rows, []any{}, []any{q.Note})
		}
		if err := write(fmt.Sprintf("Q%d %s", i+1, q.Key), rows); err != nil {
			return nil, err
		}
	}
	for i, c := range r.Crosstabs {
		rows := [][]any{{c.Title()}, {}}
		for _, row := range CrosstabRows(c, r.Policy.MinCount) {
			line := make([]any, len(row))
			for j, v := range row {
				line[j] = v
			}
			rows = append(rows, line)
		}
		rows = append(rows, []any{}, []any{c.Sentence}, []any{c.Reason})
		if c.Test != "" && c.Test != "aucun" {
			rows = append(rows, []any{"Khi² (ou statistique du test)", round3(c.ChiSquare)}, []any{"Degrés de liberté", c.DF}, []any{"p", round3(c.P)}, []any{"V de Cramér", round3(c.CramersV)})
		}
		if err := write(fmt.Sprintf("Croisement %d", i+1), rows); err != nil {
			return nil, err
		}
	}
	var method [][]any
	for _, m := range r.Method {
		method = append(method, []any{m})
	}
	if err := write("Méthode", method); err != nil {
		return nil, err
	}
	sources := [][]any{{"Publication", "Terrain", "Population", "Indicateurs"}}
	for _, s := range r.Sources {
		sources = append(sources, []any{s.Publication, s.Year, s.Population, strings.Join(s.Indicators, " ; ")})
	}
	if err := write("Sources", sources); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err := f.Write(&buf)
	return buf.Bytes(), err
}

func round1(share float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(share*100, 'f', 1, 64), 64)
	return v
}

func round3(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 4, 64), 64)
	return r
}

// sheetName makes a valid, unique sheet name (31 characters, no []:*?/\).
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	r := []rune(s)
	if len(r) > 31 {
		r = r[:31]
	}
	name := string(r)
	for i := 2; used[name]; i++ {
		suffix := fmt.Sprintf(" %d", i)
		rr := []rune(name)
		if len(rr)+len(suffix) > 31 {
			rr = rr[:31-len(suffix)]
		}
		name = string(rr) + suffix
	}
	used[name] = true
	return name
}
