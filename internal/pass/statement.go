package pass

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/csvsafe"
	"github.com/parcours-numerique/parcours/internal/frtime"
)

// Statement is what a qualified place asks its funders to reimburse for one
// month: every pass it redeemed, with the carnet and the funder.
type Statement struct {
	StructureName string
	PlaceName     string // empty: every place of the structure
	Month         string // YYYY-MM
	Lines         []StatementLine
}

// StatementLine is one redeemed pass.
type StatementLine struct {
	Number     string
	Carnet     string
	FunderName string
	PlaceName  string
	Theme      string
	RedeemedAt time.Time
}

// TotalCents is the amount to reimburse.
func (s Statement) TotalCents() int { return len(s.Lines) * ValueCents }

// MonthLabel is "mars 2026".
func (s Statement) MonthLabel() string {
	t, err := time.Parse("2006-01", s.Month)
	if err != nil {
		return s.Month
	}
	return frtime.MonthName(t.Month()) + " " + t.Format("2006")
}

// Euros writes an amount in cents the French way: "1 230,00 €".
func Euros(cents int) string {
	s := fmt.Sprintf("%d", cents/100)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s,%02d €", b.String(), cents%100)
}

func (s Statement) title() string {
	t := "Relevé des Pass numérique – " + s.MonthLabel()
	return t
}

func (s Statement) who() string {
	if s.PlaceName != "" {
		return s.StructureName + " – " + s.PlaceName
	}
	return s.StructureName
}

// ThemeLabel names a theme of the activity vocabulary.
type ThemeLabel func(string) string

// PDF writes the statement as an A4 document, one line per pass.
func (s Statement) PDF(theme ThemeLabel) ([]byte, error) {
	const margin = 15.0
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.SetLang("fr-FR")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	t := func(v string) string {
		return tr(strings.NewReplacer("\u202f", " ", "\u00a0", " ", "–", "-").Replace(v))
	}
	pdf.SetTitle(s.title(), true)
	pdf.SetAuthor("Parcours", true)
	pdf.SetCreator("Parcours", true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin)
		pdf.SetFont("Helvetica", "", 9)
		pdf.CellFormat(0, 5, t(fmt.Sprintf("%s - page %d sur {nb}", s.title(), pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 18)
	pdf.MultiCell(0, 9, t(s.title()), "", "L", false)
	pdf.SetFont("Helvetica", "", 12)
	pdf.MultiCell(0, 6, t("Lieu qualifié : "+s.who()), "", "L", false)
	pdf.MultiCell(0, 6, t(fmt.Sprintf("%d pass encaissés - montant à rembourser : %s", len(s.Lines), Euros(s.TotalCents()))), "", "L", false)
	pdf.Ln(4)
	widths := []float64{26, 26, 24, 56, 48}
	head := []string{"Date", "Pass", "Carnet", "Financeur", "Thème"}
	pdf.SetFont("Helvetica", "B", 10)
	for i, h := range head {
		pdf.CellFormat(widths[i], 7, t(h), "1", 0, "L", false, 0, "")
	}
	pdf.Ln(-1)
	pdf.SetFont("Helvetica", "", 9)
	clip := func(v string, n int) string {
		r := []rune(v)
		if len(r) > n {
			return string(r[:n-1]) + "…"
		}
		return v
	}
	for _, l := range s.Lines {
		cells := []string{frtime.Date(l.RedeemedAt), l.Number, l.Carnet, clip(l.FunderName, 34), clip(theme(l.Theme), 28)}
		for i, c := range cells {
			pdf.CellFormat(widths[i], 6, t(c), "1", 0, "L", false, 0, "")
		}
		pdf.Ln(-1)
	}
	pdf.SetFont("Helvetica", "B", 10)
	pdf.CellFormat(widths[0]+widths[1]+widths[2]+widths[3], 7, t("Total"), "1", 0, "R", false, 0, "")
	pdf.CellFormat(widths[4], 7, t(Euros(s.TotalCents())), "1", 0, "L", false, 0, "")
	pdf.Ln(-1)
	var buf bytes.Buffer
	err := pdf.Output(&buf)
	return buf.Bytes(), err
}

// XLSX writes the statement as a workbook: one line per pass and the total.
func (s Statement) XLSX(theme ThemeLabel) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Relevé"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	rows := [][]any{
		{s.title()},
		{"Lieu qualifié", s.who()},
		{},
		{"Date", "Pass", "Carnet", "Financeur", "Lieu", "Thème", "Valeur (€)"},
	}
	for _, l := range s.Lines {
		rows = append(rows, []any{l.RedeemedAt.In(frtime.Paris).Format("2006-01-02"), l.Number, l.Carnet, l.FunderName, l.PlaceName, theme(l.Theme), float64(ValueCents) / 100})
	}
	rows = append(rows, []any{"Total", len(s.Lines), "", "", "", "", float64(s.TotalCents()) / 100})
	for i, row := range rows {
		for j, c := range row {
			if v, ok := c.(string); ok {
				row[j] = csvsafe.Cell(v)
			}
		}
		addr, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, addr, &row); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth(sheet, "A", "G", 18); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Figures are a funder's (or a territory's) counts, for its dashboard and
// the bilans.
type Figures struct {
	CarnetsIssued      int // recorded
	CarnetsAllocated   int // allocated to a distributor
	CarnetsDistributed int // handed to a person
	CarnetsStarted     int // at least one pass redeemed
	PassesIssued       int
	PassesRedeemed     int
	PassesExpired      int // not redeemed and past their end of validity
	ByPlace            []Count
	ByTheme            []Count
}

// Count is a number of passes redeemed for one label.
type Count struct {
	Key   string
	Label string
	N     int
}

// RedeemedCents is the value of the passes redeemed.
func (f Figures) RedeemedCents() int { return f.PassesRedeemed * ValueCents }
