//go:build browser

package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestLanguagesInChromium: the home page and a place search in Arabic
// (right to left), in easy French and in Ukrainian pass axe-core with no
// violation at 320 px, nothing overflows, and the page reads in the
// language's direction.
func TestLanguagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	for _, c := range []struct {
		lang, home, search string
	}{
		{"ar", "الحصول على مساعدة في استعمال الأدوات الرقمية", "على بعد أقل من 10 كم من"},
		{i18n.FALC, "Vous avez du mal avec internet", "à moins de 10 km de Rochefort (17300)"},
		{"uk", "Допомога з цифровими технологіями", "не далі ніж 10 км від Rochefort (17300)"},
	} {
		for _, p := range []browserPage{{path: "/", want: c.home}, {path: "/lieux?code=17299&commune=Rochefort+%2817300%29&rayon=10", want: c.search}} {
			t.Run(c.lang+p.path, func(t *testing.T) {
				t.Parallel()
				tab, cancel := chromedp.NewContext(newBrowser(t)) // its own language cookie
				defer cancel()
				ctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
				defer cancelTimeout()
				if err := chromedp.Do(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: i18n.Cookie, Value: c.lang, URL: s.http.URL, HTTPOnly: new(true)}); err != nil {
					t.Fatal(err)
				}
				if err := checkPage(ctx, s.http.URL, p, "", []int64{320}, true, axe); err != nil {
					t.Fatal(err)
				}
				dir, err := chromedp.Run(ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("main h1")).direction`))
				if err != nil {
					t.Fatal(err)
				}
				if want := i18n.Get(c.lang).Dir(); dir != want {
					t.Errorf("the heading reads %s, want %s", dir, want)
				}
			})
		}
	}
}
