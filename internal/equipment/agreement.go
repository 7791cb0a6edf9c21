package equipment

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/parcours-numerique/parcours/internal/frtime"
)

// Agreement is what a loan agreement prints.
type Agreement struct {
	StructureName string
	Loan          Loan
	Device        Device
}

// euros writes cents as "30,00 €".
func euros(c int) string { return fmt.Sprintf("%d,%02d €", c/100, c%100) }

func day(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return frtime.Date(t)
}

// PDF writes the loan agreement in plain French, large type, one idea per
// line, with the places where both parties sign.
func (a Agreement) PDF() ([]byte, error) {
	const margin = 18.0
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetMargins(margin, margin, margin)
	pdf.SetAutoPageBreak(true, margin)
	pdf.SetLang("fr-FR")
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	t := func(v string) string {
		return tr(strings.NewReplacer("\u202f", " ", "\u00a0", " ", "’", "'").Replace(v))
	}
	title := "Convention de prêt de matériel"
	pdf.SetTitle(title, true)
	pdf.SetCreator("Parcours", true)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 20)
	pdf.MultiCell(0, 10, t(title), "", "L", false)
	pdf.SetFont("Helvetica", "", 13)
	line := func(s string) { pdf.MultiCell(0, 7, t(s), "", "L", false) }
	head := func(s string) {
		pdf.Ln(3)
		pdf.SetFont("Helvetica", "B", 14)
		line(s)
		pdf.SetFont("Helvetica", "", 13)
	}
	line("Prêt n° " + strconv.FormatInt(a.Loan.ID, 10) + " - " + a.StructureName)
	head("Qui emprunte ?")
	line(a.Loan.BorrowerName)
	head("Quel appareil ?")
	line(a.Device.Label())
	if a.Device.IMEI != "" {
		line("IMEI : " + a.Device.IMEI)
	}
	if a.Device.Serial != "" {
		line("Numéro de série : " + a.Device.Serial)
	}
	if a.Device.Accessories != "" {
		line("Avec : " + a.Device.Accessories)
	}
	line("État au départ : " + Conditions.Label(a.Device.Condition))
	head("Pour combien de temps ?")
	line("Du " + day(a.Loan.StartsOn) + " au " + day(a.Loan.DueOn) + ".")
	if a.Loan.DepositCents > 0 {
		line("Caution versée : " + euros(a.Loan.DepositCents) + ". Elle est rendue au retour de l'appareil.")
	} else {
		line("Pas de caution.")
	}
	head("Je m'engage à :")
	for _, s := range []string{
		"prendre soin de l'appareil ;",
		"ne pas le prêter ni le vendre ;",
		"le rapporter le " + day(a.Loan.DueOn) + " avec ses accessoires ;",
		"prévenir la structure si l'appareil est perdu, volé ou cassé.",
	} {
		line("- " + s)
	}
	line("Un SMS me rappelle la date 2 jours avant.")
	pdf.Ln(8)
	y := pdf.GetY()
	pdf.SetFont("Helvetica", "B", 12)
	pdf.Text(margin, y, t("Signature de l'emprunteur"))
	pdf.Text(110, y, t("Pour la structure"))
	pdf.Rect(margin, y+3, 80, 30, "D")
	pdf.Rect(110, y+3, 80, 30, "D")
	var buf bytes.Buffer
	err := pdf.Output(&buf)
	return buf.Bytes(), err
}
