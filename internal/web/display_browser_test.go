//go:build browser

package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestDisplaySettingsInChromium: the read-aloud button shows with
// JavaScript and is absent without. The public pages in every display
// setting are TestPublicMatrixInChromium's.
func TestDisplaySettingsInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	t.Run("read aloud", func(t *testing.T) {
		t.Parallel()
		browser := newBrowser(t)
		for _, js := range []bool{true, false} {
			tab, cancel := chromedp.NewContext(browser)
			ctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
			if err := checkPage(ctx, s.http.URL, browserPage{path: "/lieux/1", want: "Signaler une erreur"}, "", []int64{320}, js, axe); err != nil {
				t.Fatal(err)
			}
			shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const b = document.querySelector("[data-read-aloud]"); return !b.hidden && getComputedStyle(b).visibility === "visible"; })()`))
			cancelTimeout()
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			if shown != js {
				t.Errorf("JavaScript %v: the read-aloud button shown %v", js, shown)
			}
		}
	})
}
