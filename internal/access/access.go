// Package access is the file handed to a person who asks to see their data
// (right of access): everything the structure keeps about them, in plain
// French, as labelled lines that read the same in the PDF and in the JSON.
package access

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/parcours-numerique/parcours/internal/frtime"
)

// Field is one labelled value.
type Field struct {
	Label string `json:"libelle"`
	Value string `json:"valeur"`
}

// Item is one thing kept: an appointment, an evaluation, an access…
type Item struct {
	Title  string  `json:"titre"`
	Fields []Field `json:"champs"`
}

// Section groups the items of one kind, with a sentence saying what they are.
type Section struct {
	Title string `json:"titre"`
	About string `json:"explication"`
	Empty string `json:"si_vide,omitempty"` // said when there is no item
	Items []Item `json:"elements"`
}

// File is the whole file.
type File struct {
	Structure   string    `json:"structure"`
	PersonID    int64     `json:"dossier"`
	GeneratedAt time.Time `json:"remis_le"`
	Sections    []Section `json:"sections"`
}

// Add appends an item with the non-empty fields among pairs (label, value…).
func (s *Section) Add(title string, pairs ...string) {
	it := Item{Title: title}
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) != "" {
			it.Fields = append(it.Fields, Field{Label: pairs[i], Value: pairs[i+1]})
		}
	}
	s.Items = append(s.Items, it)
}

// WriteJSON writes the file as indented JSON.
func (f File) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

const margin = 18.0 // mm

// PDF writes the file as an A4 document in large, plain type.
func (f File) PDF() ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin+5)
	pdf.SetCreationDate(f.GeneratedAt)
	pdf.SetModificationDate(f.GeneratedAt)
	pdf.SetLang("fr-FR")
	tr := pdf.UnicodeTranslatorFromDescriptor("") // cp1252 holds French
	t := func(s string) string {
		return tr(strings.NewReplacer("\u202f", " ", "\u00a0", " ", "·", "-", "’", "'").Replace(s))
	}
	title := "Vos données chez " + f.Structure
	pdf.SetTitle(title, true)
	pdf.SetAuthor("Parcours", true)
	pdf.SetCreator("Parcours", true)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-margin)
		pdf.SetFont("Helvetica", "", 9)
		pdf.SetTextColor(80, 80, 80)
		pdf.CellFormat(0, 5, t(fmt.Sprintf("Dossier n° %d - remis le %s - page %d sur {nb}", f.PersonID, frtime.Date(f.GeneratedAt), pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	width, _ := pdf.GetPageSize()
	text := width - 2*margin
	pdf.SetTextColor(0, 97, 107)
	pdf.SetFont("Helvetica", "B", 20)
	pdf.MultiCell(text, 9, t("Vos données"), "", "L", false)
	pdf.SetFont("Helvetica", "B", 14)
	pdf.MultiCell(text, 7, t(f.Structure), "", "L", false)
	pdf.SetTextColor(27, 28, 31)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 12)
	pdf.MultiCell(text, 6, t(fmt.Sprintf("Vous avez demandé à voir les informations que %s garde sur vous. Les voici toutes, le %s. "+
		"Si une information est fausse, demandez à la corriger. Vous pouvez aussi demander à tout effacer.", f.Structure, frtime.Date(f.GeneratedAt))), "", "L", false)
	for _, s := range f.Sections {
		pdf.Ln(4)
		pdf.SetFont("Helvetica", "B", 15)
		pdf.SetTextColor(0, 97, 107)
		pdf.MultiCell(text, 8, t(s.Title), "B", "L", false)
		pdf.SetTextColor(27, 28, 31)
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(text, 5.5, t(s.About), "", "L", false)
		if len(s.Items) == 0 && s.Empty != "" {
			pdf.SetFont("Helvetica", "I", 12)
			pdf.MultiCell(text, 6, t(s.Empty), "", "L", false)
		}
		for _, it := range s.Items {
			pdf.Ln(2)
			pdf.SetFont("Helvetica", "B", 12)
			pdf.MultiCell(text, 6, t(it.Title), "", "L", false)
			for _, fl := range it.Fields {
				pdf.SetFont("Helvetica", "", 12)
				pdf.MultiCell(text, 6, t(fl.Label+" : "+fl.Value), "", "L", false)
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
