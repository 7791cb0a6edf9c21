package referral

import (
	"html"
	"strconv"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

// quietZone is the blank margin, in modules, that readers need around a code.
const quietZone = 4

// QRCodeSVG draws text as a QR code (error correction level M) in an SVG
// image of one path, labelled for screen readers, to print on the fiche
// d'orientation.
func QRCodeSVG(text, label string) (string, error) {
	q, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium), qrcode.WithEncodingMode(qrcode.EncModeByte))
	if err != nil {
		return "", err
	}
	w := &svgWriter{label: label}
	if err := q.Save(w); err != nil {
		return "", err
	}
	return w.svg, nil
}

// svgWriter receives the module matrix of a code and draws each dark module
// as a unit square, runs of a row merged.
type svgWriter struct {
	label string
	svg   string
}

func (w *svgWriter) Write(m qrcode.Matrix) error {
	w.svg = SVGOf(m.Bitmap(), w.label)
	return nil
}

func (w *svgWriter) Close() error { return nil }

// SVGOf draws a module matrix (modules[y][x] true when dark) with its quiet zone.
func SVGOf(modules [][]bool, label string) string {
	size := len(modules) + 2*quietZone
	var path strings.Builder
	for y, row := range modules {
		for x := 0; x < len(row); x++ {
			if !row[x] {
				continue
			}
			start := x
			for x < len(row) && row[x] {
				x++
			}
			path.WriteString("M" + strconv.Itoa(start+quietZone) + " " + strconv.Itoa(y+quietZone) + "h" + strconv.Itoa(x-start) + "v1h-" + strconv.Itoa(x-start) + "z")
		}
	}
	n := strconv.Itoa(size)
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + n + ` ` + n + `" role="img" aria-label="` + html.EscapeString(label) +
		`" shape-rendering="crispEdges"><rect width="` + n + `" height="` + n + `" fill="#fff"/><path fill="#000" d="` + path.String() + `"/></svg>`
}
