package activitystats

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/csvsafe"
)

// Bilan is a period's report of a structure or of the territory.
type Bilan struct {
	Title     string // "Bilan 2026 – CCAS de Rochefort"
	Period    string // "du 01/01/2026 au 31/12/2026"
	Figures   Figures
	Protected int // the small-cell threshold applied, 0 for a structure's own bilan
	// Plan, when set, is the progress of the territory's action plan: a
	// sheet of the workbook and a section of the PDF.
	Plan *ActionPlan
}

// Method is the footnote that says how the figures are counted.
func (b Bilan) Method() string {
	m := "Méthode : une séance est une activité enregistrée (accompagnement individuel ou atelier collectif) ; un accompagnement est une personne accompagnée lors d'une séance (un atelier de 8 participants compte 8 accompagnements). " +
		"Les codes sont ceux de La Coop de la médiation numérique. Une séance peut porter sur plusieurs thématiques : leurs nombres ne s'additionnent pas. " +
		"Les tranches d'âge sont calculées à partir de l'année de naissance à la date de la séance. " +
		"Orientations, évaluations, ateliers et rendez-vous : ceux de la période ; le rang d'une séance est sa place parmi celles de la personne."
	if b.Protected > 0 {
		m += fmt.Sprintf(" Secret statistique : les nombres de 1 à %d sont masqués (« < %d »), ainsi qu'un second nombre quand le masqué pourrait se retrouver par différence avec le total ; aucun pourcentage n'est donné sur moins de %d.", b.Protected-1, b.Protected, MinBasePct)
	}
	return m
}

// Indicators are the headline figures the field reports quote.
func (b Bilan) Indicators() []Count {
	f := b.Figures
	out := []Count{
		{Key: "accompagnements", Label: "Personnes accompagnées (accompagnements)", N: f.Accompaniments},
		{Key: "seances", Label: "Séances", N: f.Sessions},
		{Key: "individuels", Label: "Accompagnements individuels", N: f.Individual},
		{Key: "ateliers", Label: "Séances d'ateliers collectifs", N: f.Workshops},
		{Key: "participants", Label: "Participants aux ateliers", N: f.Participants},
		{Key: "premiers", Label: "Premiers accompagnements", N: f.FirstTimes},
		{Key: "orientations", Label: "Orientations vers une autre structure", N: f.Oriented},
		{Key: "heures", Label: "Heures d'accompagnement", N: f.MinutesTotal / 60},
	}
	if t, ok := f.Table("autonomie"); ok {
		for _, c := range t.Counts {
			if c.Key == "autonome" {
				out = append(out, Count{Key: "autonomes", Label: "Séances où la personne est devenue autonome", N: c.N, Hidden: c.Hidden})
			}
		}
	}
	out = append(out, f.PassesEquipment...)
	if b.Protected > 0 {
		for i := range out {
			if out[i].N > 0 && out[i].N < b.Protected {
				out[i].Hidden = true
			}
		}
	}
	return out
}

// Shown writes a count of the bilan, "< 5" when protected and hidden.
func (b Bilan) Shown(c Count) string {
	if b.Protected > 0 {
		return Shown(c, b.Protected)
	}
	return strconv.Itoa(c.N)
}

// WriteXLSX writes the bilan as a workbook: a sheet of indicators, then one
// sheet per table, the method on each; every text cell protected (csvsafe).
func (b Bilan) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	write := func(sheet string, rows [][]any) error {
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				return err
			}
		}
		return nil
	}
	text := func(s string) any { return csvsafe.Cell(s) }
	value := func(c Count) any {
		if c.Hidden {
			return b.Shown(c)
		}
		return c.N
	}
	if err := f.SetSheetName("Sheet1", "Indicateurs"); err != nil {
		return err
	}
	rows := [][]any{{text(b.Title)}, {text(b.Period)}, {}, {"Indicateur", "Nombre"}}
	for _, c := range b.Indicators() {
		rows = append(rows, []any{text(c.Label), value(c)})
	}
	rows = append(rows, []any{}, []any{text(b.Method())})
	if err := write("Indicateurs", rows); err != nil {
		return err
	}
	used := map[string]bool{"Indicateurs": true}
	for _, t := range b.Figures.Tables {
		name := sheetName(t.Title, used)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		rows := [][]any{{text(t.Title)}, {text(b.Period)}, {}, {"Valeur", "Code", "Nombre (" + t.Unit + ")", "Part"}}
		for _, c := range t.Counts {
			rows = append(rows, []any{text(c.Label), text(c.Key), value(c), Percent(c, t.Total)})
		}
		rows = append(rows, []any{"Total", "", b.Shown(Count{N: t.Total, Hidden: b.Protected > 0 && t.Total > 0 && t.Total < b.Protected}), ""})
		if t.Overlapping {
			rows = append(rows, []any{text("Une séance peut compter dans plusieurs lignes : les nombres ne s'additionnent pas.")})
		}
		rows = append(rows, []any{}, []any{text(b.Method())})
		if err := write(name, rows); err != nil {
			return err
		}
	}
	if b.Plan != nil {
		if err := b.writePlanSheet(f, write); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// sheetName makes a unique sheet name of at most 31 characters without the
// characters spreadsheets refuse.
func sheetName(title string, used map[string]bool) string {
	name := strings.NewReplacer(":", " ", "/", " ", "\\", " ", "?", " ", "*", " ", "[", "(", "]", ")", "'", " ").Replace(title)
	r := []rune(name)
	if len(r) > 28 {
		r = r[:28]
	}
	base := strings.TrimSpace(string(r))
	name = base
	for i := 2; used[name]; i++ {
		name = base + " " + strconv.Itoa(i)
	}
	used[name] = true
	return name
}

// WritePDF writes the bilan as a printable PDF: the indicators, then each
// table with its bar chart, and the method in a footnote of the last page.
func (b Bilan) WritePDF(w io.Writer) error {
	const margin = 15.0
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.SetLang("fr-FR")
	tr0 := pdf.UnicodeTranslatorFromDescriptor("")
	tr := func(s string) string {
		return tr0(strings.NewReplacer("\u202f", " ", "\u00a0", " ", "’", "'", "–", "-", "…", "...", "·", "-", "≥", ">=").Replace(s))
	}
	pdf.SetTitle(b.Title, true)
	pdf.SetAuthor("Parcours", true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin)
		pdf.SetFont("Helvetica", "", 8)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("%s - page %d sur {nb}", b.Title, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pw, _ := pdf.GetPageSize()
	width := pw - 2*margin
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(width, 8, tr(b.Title), "", "L", false)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(width, 6, tr(b.Period), "", "L", false)
	pdf.Ln(3)
	row := func(label, n, pct string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		pdf.SetFont("Helvetica", style, 9)
		pdf.CellFormat(width-50, 5.5, tr(label), "B", 0, "L", false, 0, "")
		pdf.CellFormat(25, 5.5, tr(n), "B", 0, "R", false, 0, "")
		pdf.CellFormat(25, 5.5, tr(pct), "B", 1, "R", false, 0, "")
	}
	heading := func(s string) {
		if pdf.GetY() > 240 {
			pdf.AddPage()
		}
		pdf.Ln(2)
		pdf.SetFont("Helvetica", "B", 12)
		pdf.SetTextColor(0, 97, 107)
		pdf.MultiCell(width, 6, tr(s), "", "L", false)
		pdf.SetTextColor(11, 12, 12)
	}
	heading("Indicateurs")
	row("Indicateur", "Nombre", "", true)
	for _, c := range b.Indicators() {
		row(c.Label, b.Shown(c), "", false)
	}
	for _, t := range b.Figures.Tables {
		if len(t.Counts) == 0 {
			continue
		}
		heading(t.Title + " (" + t.Unit + ")")
		// Bars: the length is the count; hidden counts draw no bar.
		top := t.Max()
		for _, c := range t.Counts {
			if pdf.GetY() > 270 {
				pdf.AddPage()
			}
			y := pdf.GetY()
			pdf.SetFont("Helvetica", "", 8)
			pdf.CellFormat(60, 4.5, tr(truncate(c.Label, 45)), "", 0, "L", false, 0, "")
			if !c.Hidden && top > 0 {
				pdf.SetFillColor(0, 97, 107)
				pdf.Rect(margin+61, y+0.8, (width-90)*float64(c.N)/float64(top), 3, "F")
			}
			pdf.SetX(margin + width - 28)
			pdf.CellFormat(14, 4.5, tr(b.Shown(c)), "", 0, "R", false, 0, "")
			pdf.CellFormat(14, 4.5, tr(Percent(c, t.Total)), "", 1, "R", false, 0, "")
		}
		pdf.SetFont("Helvetica", "I", 8)
		total := "Total : " + b.Shown(Count{N: t.Total, Hidden: b.Protected > 0 && t.Total > 0 && t.Total < b.Protected}) + " " + t.Unit
		if t.Overlapping {
			total += " (une séance peut compter dans plusieurs lignes)"
		}
		pdf.MultiCell(width, 4.5, tr(total), "", "L", false)
	}
	if b.Plan != nil {
		b.writePlanPDF(pdf, tr, heading, width)
	}
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "", 8)
	pdf.MultiCell(width, 4, tr("* "+b.Method()), "T", "L", false)
	return pdf.Output(w)
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
