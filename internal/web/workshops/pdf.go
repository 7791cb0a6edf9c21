package workshops

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/pdfdoc"
)

// programmePDF writes the monthly programme of workshops as an A4 PDF, in
// large type, one block per session.
func programmePDF(d printData, territory string) ([]byte, error) {
	doc := pdfdoc.New("Programme des ateliers – "+d.MonthLabel, time.Time{})
	pdf, t, text := doc.Fpdf, doc.T, doc.Width
	pdf.SetTextColor(0, 97, 107)
	pdf.SetFont("Helvetica", "B", 22)
	pdf.MultiCell(text, 10, t("Ateliers numériques"), "", "L", false)
	pdf.SetFont("Helvetica", "B", 15)
	sub := strings.ToUpper(d.MonthLabel[:1]) + d.MonthLabel[1:]
	if d.StructureName != "" {
		sub += " – " + d.StructureName
	} else if territory != "" {
		sub += " – " + territory
	}
	pdf.MultiCell(text, 7, t(sub), "", "L", false)
	pdf.SetTextColor(27, 28, 31)
	pdf.Ln(3)
	pdf.SetFont("Helvetica", "", 12)
	pdf.MultiCell(text, 6, t("Les ateliers sont gratuits sauf mention contraire. Inscrivez-vous sur le site, ou demandez à l'accueil."), "", "L", false)
	pdf.Ln(3)
	if len(d.Days) == 0 {
		pdf.SetFont("Helvetica", "", 13)
		pdf.MultiCell(text, 7, t("Aucun atelier n'est prévu ce mois-ci."), "", "L", false)
	}
	for _, day := range d.Days {
		if pdf.GetY() > 250 {
			pdf.AddPage()
		}
		pdf.SetFont("Helvetica", "B", 14)
		pdf.SetTextColor(0, 97, 107)
		pdf.MultiCell(text, 8, t(strings.ToUpper(day.Label[:1])+day.Label[1:]), "B", "L", false)
		pdf.SetTextColor(27, 28, 31)
		pdf.Ln(1)
		for _, ps := range day.Sessions {
			w := ps.Workshop
			pdf.SetFont("Helvetica", "B", 12)
			line := frtime.Clock(ps.Session.Start) + " – " + frtime.Clock(ps.Session.End) + " : " + w.Title
			pdf.MultiCell(text, 6, t(line), "", "L", false)
			pdf.SetFont("Helvetica", "", 11)
			info := "Niveau " + strings.ToLower(w.LevelLabel()) + ", " + strings.ToLower(w.AudienceLabel())
			if len(w.Sessions) > 1 {
				info += fmt.Sprintf(" - séance %d sur %d", ps.Number, len(w.Sessions))
			}
			if w.PassNumerique {
				info += " - Pass numérique accepté"
			}
			pdf.MultiCell(text, 5.5, t(info), "", "L", false)
			where := w.PlaceName
			if w.PlaceAddress != "" {
				where += ", " + w.PlaceAddress
			}
			pdf.MultiCell(text, 5.5, t("Lieu : "+where), "", "L", false)
			seats := "Places libres : " + strconv.Itoa(w.Free()) + " sur " + strconv.Itoa(w.Capacity)
			if w.Full() {
				seats = "Complet : liste d'attente ouverte"
			}
			pdf.MultiCell(text, 5.5, t(seats+" ("+w.StructureName+")"), "", "L", false)
			pdf.Ln(2)
		}
		pdf.Ln(1)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
