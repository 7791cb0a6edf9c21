//go:build browser

package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// displayPublicPages are the public pages checked in every display setting.
var displayPublicPages = []browserPage{
	{path: "/", want: "Parcours"},
	{path: "/lieux", want: "Votre commune ou son code postal"},
	{path: "/lieux?code=17299&commune=Rochefort+%2817300%29&rayon=10", want: "à moins de 10 km de Rochefort (17300)"},
	{path: "/lieux/1", want: "Signaler une erreur"},
	{path: "/ateliers", want: "Ateliers"},
	{path: "/rendez-vous", want: "Prendre rendez-vous"},
	{path: "/affichage", want: "Taille du texte"},
}

// TestDisplaySettingsInChromium: in each display setting (text at 200 %,
// high contrast, increased spacing, no animation, all at once), every
// public page passes axe-core and nothing overflows at 320 px; the
// read-aloud button shows with JavaScript and is absent without.
func TestDisplaySettingsInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	for _, setting := range []string{"200", "100.c", "100.e", "100.m", "200.c.e.m"} {
		for _, p := range displayPublicPages {
			t.Run(setting+p.path, func(t *testing.T) {
				t.Parallel()
				tab, cancel := chromedp.NewContext(newBrowser(t)) // its own cookies: its own setting
				defer cancel()
				ctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
				defer cancelTimeout()
				if err := chromedp.Do(ctx); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: ui.DisplayCookie, Value: setting, URL: s.http.URL, HTTPOnly: new(true)}); err != nil {
					t.Fatal(err)
				}
				if err := checkPage(ctx, s.http.URL, p, "", []int64{1280, 320}, true, axe); err != nil {
					t.Fatal(err)
				}
				applied, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.classList.length > 1`))
				if err != nil || !applied {
					t.Fatalf("the setting is not applied (%v)", err)
				}
			})
		}
	}
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
