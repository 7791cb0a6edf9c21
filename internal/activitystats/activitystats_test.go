package activitystats

import (
	"bytes"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/pdfdoc/pdfdoctest"

	"github.com/xuri/excelize/v2"
)

func crafted() Figures {
	return Figures{Sessions: 60, Accompaniments: 60, Tables: []Table{
		// 3 is hidden; with the total published it would be 60-40-17: the
		// next smallest (17) is hidden too.
		{Name: "genre", Title: "Genre", Unit: "accompagnements", Total: 60, Counts: []Count{{Key: "feminin", N: 40}, {Key: "masculin", N: 17}, {Key: "non_communique", N: 3}}},
		// Two small cells already protect each other; 0 discloses no one.
		{Name: "canal", Title: "Canal", Unit: "séances", Total: 60, Counts: []Count{{Key: "a", N: 52}, {Key: "b", N: 4}, {Key: "c", N: 4}, {Key: "d", N: 0}}},
		// Themes overlap: no subtraction recovers a hidden cell.
		{Name: "thematique", Title: "Thématiques", Unit: "séances", Total: 60, Overlapping: true, Counts: []Count{{Key: "email", N: 50}, {Key: "ia", N: 2}, {Key: "sante", N: 30}}},
		// A total under the threshold hides every cell.
		{Name: "orientation", Title: "Orientations", Unit: "séances", Total: 4, Counts: []Count{{Key: "x", N: 3}, {Key: "y", N: 1}}},
	}}
}

func hidden(t Table) string {
	var out []string
	for _, c := range t.Counts {
		if c.Hidden {
			out = append(out, c.Key)
		}
	}
	return strings.Join(out, ",")
}

// TestProtectSmallCells: counts under the threshold are hidden, a second
// cell is hidden where one hidden cell could be recovered from the total,
// and percentages need a base of 30.
func TestProtectSmallCells(t *testing.T) {
	f := crafted()
	Protect(&f, MinCellShared)
	for name, want := range map[string]string{"genre": "masculin,non_communique", "canal": "b,c", "thematique": "ia", "orientation": "x,y"} {
		tb, _ := f.Table(name)
		if got := hidden(tb); got != want {
			t.Errorf("%s: hidden %q, want %q", name, got, want)
		}
	}
	pub := crafted()
	Protect(&pub, MinCellPublic)
	if tb, _ := pub.Table("genre"); hidden(tb) != "masculin,non_communique" {
		t.Errorf("public genre: %q", hidden(tb))
	}
	if tb, _ := pub.Table("canal"); hidden(tb) != "b,c" || Shown(tb.Counts[1], MinCellPublic) != "< 11" {
		t.Errorf("public canal: %q", hidden(tb))
	}
	if Percent(Count{N: 10}, 29) != "" || Percent(Count{N: 10}, 40) != "25 %" || Percent(Count{N: 10, Hidden: true}, 40) != "" {
		t.Error("percentages on a base under 30 or of hidden cells")
	}
}

// TestBilanFiles: the XLSX has one sheet per table, read back with the
// hidden cells written "< 5"; the PDF's text holds the figures and the
// method (pdftotext).
func TestBilanFiles(t *testing.T) {
	f := crafted()
	Protect(&f, MinCellShared)
	b := Bilan{Title: "Bilan 2026 – Territoire", Period: "du 01/01/2026 au 31/12/2026", Figures: f, Protected: MinCellShared}
	var x bytes.Buffer
	if err := b.WriteXLSX(&x); err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	if sheets := book.GetSheetList(); len(sheets) != 5 || sheets[0] != "Indicateurs" || sheets[1] != "Genre" {
		t.Fatalf("sheets: %v", sheets)
	}
	rows, _ := book.GetRows("Genre")
	if rows[4][1] != "feminin" || rows[4][2] != "40" || rows[5][2] != "< 5" || rows[6][2] != "< 5" || rows[7][2] != "60" {
		t.Fatalf("genre sheet: %v", rows)
	}
	if rows[4][3] != "67 %" || len(rows[5]) > 3 && rows[5][3] != "" {
		t.Fatalf("percentages: %v", rows)
	}
	var p bytes.Buffer
	if err := b.WritePDF(&p); err != nil {
		t.Fatal(err)
	}
	txt := pdfdoctest.Text(t, p.Bytes(), true)
	for _, want := range []string{"Bilan 2026 - Territoire", "Personnes accompagnées", "< 5", "67 %", "Secret statistique", "Méthode"} {
		if !strings.Contains(txt, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, txt)
		}
	}
}
