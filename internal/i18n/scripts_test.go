package i18n

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// The Lighthouse script turns the display setting with the page and the
// language, as the browser tests' matrix does: its languages are Langs, in
// the same order.
func TestLighthouseScriptLanguages(t *testing.T) {
	b, err := os.ReadFile("../../scripts/lighthouse-public.sh")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^langs=\(([^)]*)\)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("scripts/lighthouse-public.sh has no langs=(…) line")
	}
	var want []string
	for _, l := range Langs {
		want = append(want, l.Code)
	}
	if got := strings.Fields(string(m[1])); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("scripts/lighthouse-public.sh's languages are %v, want %v (i18n.Langs)", got, want)
	}
}
