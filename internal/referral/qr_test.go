package referral

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestSVGOfDrawsEachDarkModuleOnce(t *testing.T) {
	modules := [][]bool{
		{true, true, false},
		{false, true, true},
		{true, false, true},
	}
	svg := SVGOf(modules, `Code <QR> "test"`)
	if !strings.Contains(svg, `viewBox="0 0 11 11"`) || !strings.Contains(svg, `aria-label="Code &lt;QR&gt; &#34;test&#34;"`) {
		t.Fatalf("size or label: %s", svg)
	}
	// Rows are drawn as runs: (4,4) 2 wide, (5,5) 2 wide, (4,6) 1, (6,6) 1.
	want := "M4 4h2v1h-2zM5 5h2v1h-2zM4 6h1v1h-1zM6 6h1v1h-1z"
	if !strings.Contains(svg, `d="`+want+`"`) {
		t.Fatalf("path: %s", svg)
	}
}

func TestQRCodeSVGOfALink(t *testing.T) {
	link := "https://parcours.example.fr/orientation/AAAAAAAAAAEAAAAAaBcDeF.0123456789abcdefghijABCDEFGHIJ_-xyz"
	svg, err := QRCodeSVG(link, "Code QR")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatal(svg)
	}
	size, _ := strconv.Atoi(m[1])
	modules := size - 2*quietZone
	// A version v symbol has 17+4v modules a side; this link needs version 5 or more at level M.
	if (modules-17)%4 != 0 || modules < 37 {
		t.Fatalf("%d modules a side", modules)
	}
	// The three finder patterns: a 7-module run at the top left and right of the first row.
	if !strings.Contains(svg, "M4 4h7v1h-7z") || !strings.Contains(svg, "M"+strconv.Itoa(modules-7+quietZone)+" 4h7v1h-7z") {
		t.Fatalf("finder patterns missing: %.300s", svg)
	}
}
