//go:build browser

package web_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestActivityReportKeyboardInChromium: a typical individual report (an
// anonymous person, a phone, one theme, the autonomy reached) is recorded
// with the keyboard only, from the form's opening to the saved page, in
// under 30 seconds; the themes and equipment of the previous report are not
// pre-checked.
func TestActivityReportKeyboardInChromium(t *testing.T) {
	t.Parallel()
	browser := newBrowser(t)
	s := newSite(t, storetest.SQLite(t))
	k := openKeyboardTab(t, browser, s, account.RoleMediation, "/espace/activites/nouvelle")
	start := time.Now()
	if checked := k.eval(`String(document.querySelectorAll("input[name=thematiques]:checked, input[name=materiel]:checked").length)`); checked != "0" {
		t.Fatalf("%s themes or equipment pre-checked from the last report", checked)
	}
	// Type: Tab reaches the checked radio of the group, arrows choose.
	k.tabTo(`e.name === "type"`, 60)
	if k.eval(`document.activeElement.id`) != "type" {
		k.press(kb.ArrowLeft)
	}
	k.check()
	k.tabToID("materiel-1")
	k.check()
	k.tabToID("thematiques-5")
	k.check()
	k.tabTo(`e.name === "autonomie"`, 250)
	k.check()
	k.tabTo(`e.matches("form[action='/espace/activites'] button[type=submit]")`, 120)
	k.press(kb.Enter)
	if p := k.waitPath(regexp.MustCompile(`^/espace/activites(/\d+)?$`)); p == "/espace/activites" {
		t.Fatalf("refused:\n%.1500s", k.text())
	}
	elapsed := time.Since(start)
	if txt := k.text(); !strings.Contains(txt, "E-mail") || !strings.Contains(txt, "Personne anonyme") {
		t.Fatalf("activity page:\n%.1500s", txt)
	}
	t.Logf("keyboard-only individual report: %.1f s (Tab stops checked for a visible focus on the way)", elapsed.Seconds())
	if elapsed > 30*time.Second {
		t.Fatalf("a typical individual report takes %s with the keyboard", elapsed)
	}
}
