package mandate

import (
	"bytes"
	"math"
	"time"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/yeqown/go-qrcode/v2"

	"github.com/parcours-numerique/parcours/internal/pdfdoc"
)

// Easy-French type sizes, in points: large, one idea per line.
const (
	bodySize    = 16.0
	headingSize = 18.0
	lineHeight  = 7.5  // mm
	pictoSize   = 8.0  // mm
	textIndent  = 13.0 // mm, after the pictogram
)

// Paper is what a printed mandate carries besides its wording.
type Paper struct {
	Mandate     Mandate
	Wording     []Line
	VerifyURL   string // the public verification page the QR code opens
	Now         time.Time
	WithCharter bool // adds the aidant's charter as a second page
}

// PDF prints the mandate in easy French: the wording with its pictograms,
// the QR code to the verification page, the boxes to sign, and the
// reference of the exact wording (version and hash).
func (p Paper) PDF() ([]byte, error) {
	d := pdfdoc.New("Mandat n° "+itoa(p.Mandate.ID), p.Now)
	writeLines(d, p.Wording)
	d.Ln(4)
	if err := drawQR(d, p.VerifyURL, d.GetX(), d.GetY(), 34); err != nil {
		return nil, err
	}
	x, y := d.GetX()+44, d.GetY()
	d.SetXY(x, y)
	d.SetFont("Helvetica", "", 12)
	d.MultiCell(d.Width-44, 6, d.T("Pour vérifier ce mandat, scannez ce code avec un téléphone. Ou allez sur :"), "", "L", false)
	d.SetX(x)
	d.SetFont("Courier", "", 7)
	d.MultiCell(d.Width-44, 4, d.T(p.VerifyURL), "", "L", false)
	d.SetY(y + 36)
	signatureBoxes(d, "Ma signature", "Signature de l'aidant")
	reference(d, p.Mandate)
	if p.WithCharter {
		d.AddPage()
		writeLines(d, Charter())
		d.Ln(6)
		d.SetFont("Helvetica", "", 12)
		d.MultiCell(d.Width, 6, d.T("Version de la charte : "+CharterVersion+"."), "", "L", false)
	}
	return output(d)
}

// CharterPDF prints the aidant's charter to sign on paper, with the
// aidant's name and the wording's version and hash.
func CharterPDF(aidantName, structureName string, now time.Time) ([]byte, error) {
	d := pdfdoc.New("Charte de l'aidant", now)
	writeLines(d, Charter())
	d.Ln(4)
	d.SetFont("Helvetica", "", bodySize)
	d.MultiCell(d.Width, lineHeight, d.T("Aidant : "+aidantName+"."), "", "L", false)
	d.MultiCell(d.Width, lineHeight, d.T("Structure : "+structureName+"."), "", "L", false)
	d.Ln(4)
	signatureBoxes(d, "Signature de l'aidant", "")
	d.SetFont("Helvetica", "", 9)
	d.MultiCell(d.Width, 5, d.T("Texte de la charte : version "+CharterVersion+", empreinte SHA-256 "+CharterHash()+"."), "", "L", false)
	return output(d)
}

// Revocation is the attestation printed when a mandate, or part of it, is stopped.
type Revocation struct {
	Mandate   Mandate
	Revoked   []Category // the categories this revocation stopped
	Who       string
	At        time.Time
	VerifyURL string
}

// PDF prints the attestation in easy French.
func (r Revocation) PDF() ([]byte, error) {
	d := pdfdoc.New("Attestation d'arrêt du mandat n° "+itoa(r.Mandate.ID), r.At)
	lines := []Line{
		{Text: "Attestation : le mandat est arrêté", Heading: true},
		{Picto: PictoPerson, Text: "Personne : " + r.Mandate.PersonInitials + "."},
		{Picto: PictoStructure, Text: "Structure : " + r.Mandate.StructureName + "."},
		{Picto: PictoCalendar, Text: "Date de l'arrêt : " + FrenchDate(r.At) + "."},
		{Picto: PictoAidant, Text: "Arrêté par : " + r.Who + "."},
		{Text: "L'aidant ne peut plus m'aider pour :", Heading: true},
	}
	for _, c := range r.Revoked {
		lines = append(lines, Line{Picto: PictoStop, Text: c.Label() + "."})
	}
	if active := r.Mandate.ActiveCategories(); len(active) > 0 {
		lines = append(lines, Line{Text: "Le mandat continue pour :", Heading: true})
		for _, c := range active {
			lines = append(lines, Line{Picto: PictoCheck, Text: c.Label() + "."})
		}
		lines = append(lines, Line{Picto: PictoCalendar, Text: "Jusqu'au " + r.Mandate.EndsOn() + "."})
	} else {
		lines = append(lines, Line{Picto: PictoStop, Text: "Le mandat est arrêté pour tout."})
	}
	writeLines(d, lines)
	d.Ln(4)
	if err := drawQR(d, r.VerifyURL, d.GetX(), d.GetY(), 30); err != nil {
		return nil, err
	}
	d.SetXY(d.GetX()+36, d.GetY())
	d.SetFont("Helvetica", "", 12)
	d.MultiCell(d.Width-36, 6, d.T("Ce code montre l'état du mandat."), "", "L", false)
	d.SetY(d.GetY() + 30)
	reference(d, r.Mandate)
	return output(d)
}

func output(d *pdfdoc.Doc) ([]byte, error) {
	var buf bytes.Buffer
	err := d.Output(&buf)
	return buf.Bytes(), err
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// writeLines prints one idea per line: a heading in bold, or a pictogram
// and its sentence.
func writeLines(d *pdfdoc.Doc, lines []Line) {
	for _, l := range lines {
		if l.Heading {
			d.Ln(2)
			d.SetFont("Helvetica", "B", headingSize)
			d.MultiCell(d.Width, 9, d.T(l.Text), "", "L", false)
			continue
		}
		_, pageH := d.GetPageSize()
		if d.GetY()+lineHeight*2 > pageH-pdfdoc.Margin-5 {
			d.AddPage()
		}
		x, y := d.GetX(), d.GetY()
		if l.Picto != "" {
			drawPicto(d, l.Picto, x, y+0.5, pictoSize)
		}
		d.SetXY(x+textIndent, y)
		d.SetFont("Helvetica", "", bodySize)
		d.MultiCell(d.Width-textIndent, lineHeight, d.T(l.Text), "", "L", false)
		if d.GetY() < y+pictoSize+0.5 {
			d.SetY(y + pictoSize + 0.5)
		}
		d.SetX(x)
	}
}

func signatureBoxes(d *pdfdoc.Doc, left, right string) {
	d.SetFont("Helvetica", "B", bodySize)
	w := (d.Width - 6) / 2
	x, y := d.GetX(), d.GetY()
	d.CellFormat(w, 8, d.T(left), "", 0, "L", false, 0, "")
	if right != "" {
		d.SetX(x + w + 6)
		d.CellFormat(w, 8, d.T(right), "", 0, "L", false, 0, "")
	}
	d.SetLineWidth(0.5)
	d.Rect(x, y+9, w, 24, "D")
	if right != "" {
		d.Rect(x+w+6, y+9, w, 24, "D")
	}
	d.SetXY(x, y+36)
}

func reference(d *pdfdoc.Doc, m Mandate) {
	d.SetFont("Helvetica", "", 8)
	d.SetTextColor(60, 60, 60)
	d.MultiCell(d.Width, 4, d.T("Mandat n° "+itoa(m.ID)+". Texte : version "+m.WordingVersion+", empreinte SHA-256 "+m.WordingHash+"."), "", "L", false)
	d.SetTextColor(11, 12, 12)
}

// qrMatrix receives the modules of a code.
type qrMatrix struct{ modules [][]bool }

func (q *qrMatrix) Write(m qrcode.Matrix) error { q.modules = m.Bitmap(); return nil }
func (q *qrMatrix) Close() error                { return nil }

// drawQR draws text as a QR code of side size mm, its quiet zone included.
func drawQR(d *pdfdoc.Doc, text string, x, y, size float64) error {
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium), qrcode.WithEncodingMode(qrcode.EncModeByte))
	if err != nil {
		return err
	}
	var m qrMatrix
	if err := q.Save(&m); err != nil {
		return err
	}
	const quiet = 4
	n := float64(len(m.modules) + 2*quiet)
	cell := size / n
	d.SetFillColor(0, 0, 0)
	for row, line := range m.modules {
		for col, dark := range line {
			if dark {
				d.Rect(x+float64(col+quiet)*cell, y+float64(row+quiet)*cell, cell+0.01, cell+0.01, "F")
			}
		}
	}
	return nil
}

// drawPicto draws one simple pictogram in a square of side s at (x, y).
func drawPicto(d *pdfdoc.Doc, kind string, x, y, s float64) {
	d.SetLineWidth(0.6)
	d.SetDrawColor(11, 12, 12)
	d.SetFillColor(11, 12, 12)
	cx, cy := x+s/2, y+s/2
	switch kind {
	case PictoPerson:
		d.Circle(cx, y+s*0.22, s*0.2, "F")
		d.RoundedRect(x+s*0.18, y+s*0.48, s*0.64, s*0.52, s*0.2, "12", "F")
	case PictoAidant:
		for _, px := range []float64{x + s*0.26, x + s*0.74} {
			d.Circle(px, y+s*0.25, s*0.15, "F")
			d.RoundedRect(px-s*0.22, y+s*0.48, s*0.44, s*0.52, s*0.15, "12", "F")
		}
	case PictoStructure:
		d.Polygon([]fpdf.PointType{{X: x, Y: y + s*0.45}, {X: cx, Y: y}, {X: x + s, Y: y + s*0.45}}, "F")
		d.Rect(x+s*0.15, y+s*0.45, s*0.7, s*0.55, "D")
		d.Rect(x+s*0.42, y+s*0.7, s*0.16, s*0.3, "F")
	case PictoCheck:
		d.SetLineWidth(1.2)
		d.Line(x+s*0.1, cy, x+s*0.4, y+s*0.85)
		d.Line(x+s*0.4, y+s*0.85, x+s*0.95, y+s*0.1)
	case PictoCalendar:
		d.Rect(x+s*0.05, y+s*0.15, s*0.9, s*0.8, "D")
		d.Rect(x+s*0.05, y+s*0.15, s*0.9, s*0.2, "F")
		for i := 0; i < 3; i++ {
			d.Rect(x+s*(0.18+0.25*float64(i)), y+s*0.5, s*0.14, s*0.14, "F")
		}
	case PictoStop:
		d.Circle(cx, cy, s*0.45, "D")
		d.SetLineWidth(1.2)
		d.Line(cx-s*0.22, cy-s*0.22, cx+s*0.22, cy+s*0.22)
		d.Line(cx+s*0.22, cy-s*0.22, cx-s*0.22, cy+s*0.22)
	case PictoLock:
		d.SetLineWidth(1)
		d.Line(x+s*0.3, y+s*0.45, x+s*0.3, y+s*0.12)
		d.Line(x+s*0.3, y+s*0.12, x+s*0.7, y+s*0.12)
		d.Line(x+s*0.7, y+s*0.12, x+s*0.7, y+s*0.45)
		d.Rect(x+s*0.15, y+s*0.42, s*0.7, s*0.55, "F")
	case PictoSearch:
		d.Circle(x+s*0.4, y+s*0.4, s*0.3, "D")
		d.SetLineWidth(1.4)
		r := s * 0.3 / math.Sqrt2
		d.Line(x+s*0.4+r, y+s*0.4+r, x+s*0.95, y+s*0.95)
	}
	d.SetLineWidth(0.2)
}
