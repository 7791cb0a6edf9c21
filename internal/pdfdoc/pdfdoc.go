// Package pdfdoc starts the A4 documents Parcours prints (guides,
// programmes, reports, statements): French metadata, margins, a footer
// "title - page n sur N", and text converted to what the PDF's built-in
// fonts can draw (Windows-1252), so that no character prints as garbage.
package pdfdoc

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Margin is the page margin of every document, in millimetres.
const Margin = 15.0

// Doc is an A4 portrait document with its first page added.
type Doc struct {
	*fpdf.Fpdf
	tr func(string) string
	// Width is the text width between the margins, in millimetres.
	Width float64
}

// New starts a document titled title. A non-zero now fixes the creation
// date, so that the same input gives the same bytes.
func New(title string, now time.Time) *Doc {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(Margin, Margin, Margin)
	pdf.SetAutoPageBreak(true, Margin+5)
	if !now.IsZero() {
		pdf.SetCreationDate(now)
		pdf.SetModificationDate(now)
	}
	pdf.SetLang("fr-FR")
	d := &Doc{Fpdf: pdf, tr: pdf.UnicodeTranslatorFromDescriptor("")}
	pdf.SetTitle(title, true)
	pdf.SetAuthor("Parcours", true)
	pdf.SetCreator("Parcours", true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-Margin)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(80, 80, 80)
		pdf.CellFormat(0, 5, d.T(fmt.Sprintf("%s - page %d sur {nb}", title, pdf.PageNo())), "", 0, "C", false, 0, "")
		pdf.SetTextColor(11, 12, 12)
	})
	pdf.AddPage()
	w, _ := pdf.GetPageSize()
	d.Width = w - 2*Margin
	return d
}

// T converts s for the built-in fonts: French letters, the euro sign and
// typographic quotes and no-break spaces stay; narrow spaces become
// spaces; ≥ and ≤ are spelled; any other letter loses its accent or becomes '?'.
func (d *Doc) T(s string) string { return d.tr(Text(s)) }

var spelled = strings.NewReplacer("≥", ">=", "≤", "<=")

// Text is the Windows-1252 form of s, still in UTF-8.
func Text(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u202f', '\u2009', '\u2007':
			return ' '
		case '\u2212':
			return '-'
		}
		if r < 0x100 || strings.ContainsRune("ŒœŠšŽžŸƒ€‚„…†‡ˆ‰‹›‘’“”•–—˜™", r) {
			return r
		}
		if k := textfold.Key(string(r)); len(k) == 1 {
			if unicode.IsUpper(r) {
				return unicode.ToUpper(rune(k[0]))
			}
			return rune(k[0])
		}
		return '?'
	}, spelled.Replace(s))
}
