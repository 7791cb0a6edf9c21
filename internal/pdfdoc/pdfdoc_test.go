package pdfdoc

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/pdfdoc/pdfdoctest"
)

func TestTextKeepsFrenchAndSpellsTheRest(t *testing.T) {
	for in, want := range map[string]string{
		"Œuvre à l'été – 10 €":    "Œuvre à l'été – 10 €",
		"9\u202fh\u00a0–\u200912": "9 h\u00a0– 12",
		"n ≥ 30 ≤ 2 · p":          "n >= 30 <= 2 · p",
		"−5":                      "-5",
		"Łódź":                    "Lódz",
		"日本":                      "??",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// A real reader (poppler's pdftotext) finds the title, the accents and the
// footer with the page count.
func TestDocumentReadsBack(t *testing.T) {
	d := New("Bilan de l’année", time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	d.SetFont("Helvetica", "", 12)
	d.MultiCell(d.Width, 6, d.T("Personnes accompagnées : 12\u202f345"), "", "L", false)
	d.AddPage()
	var buf bytes.Buffer
	if err := d.Output(&buf); err != nil {
		t.Fatal(err)
	}
	text := pdfdoctest.Text(t, buf.Bytes(), false)
	for _, want := range []string{"Personnes accompagnées : 12 345", "Bilan de l’année - page 1 sur 2", "page 2 sur 2"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not read %q:\n%s", want, text)
		}
	}
}
