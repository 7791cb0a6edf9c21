//go:build browser

package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// matrixSettings are the display settings every public page is checked
// in: the default (no cookie), text at 200 %, high contrast, increased
// spacing, no animation, all at once.
var matrixSettings = []string{"", "200", "100.c", "100.e", "100.m", "200.c.e.m"}

// matrixPage is a public page of the matrix and the message of the
// language files it shows in the visitor's language.
type matrixPage struct {
	path    string
	message string // id of a text of the page's main content
	french  string // a page that stays in French: the French text it shows
}

// matrixRun is one load: a page, in a language, in a display setting.
type matrixRun struct {
	page    int
	lang    string
	setting string
}

// publicMatrix is the pairwise covering plan: every page in every language
// once, the display setting turning with the page and the language
// (settings[(page+language) mod 6]), so that every page meets every
// setting and every language meets every setting too, in 12 loads per page
// instead of 72.
func publicMatrix(pages int) []matrixRun {
	var runs []matrixRun
	for i := range pages {
		for j, l := range i18n.Langs {
			runs = append(runs, matrixRun{page: i, lang: l.Code, setting: matrixSettings[(i+j)%len(matrixSettings)]})
		}
	}
	return runs
}

// matrixCoverage returns what the plan misses among the pairs page ×
// language, page × setting and language × setting.
func matrixCoverage(runs []matrixRun, pages int) []string {
	type pair struct{ a, b string }
	seen := map[string]map[pair]bool{"page × language": {}, "page × setting": {}, "language × setting": {}}
	for _, r := range runs {
		p := fmt.Sprint(r.page)
		seen["page × language"][pair{p, r.lang}] = true
		seen["page × setting"][pair{p, r.setting}] = true
		seen["language × setting"][pair{r.lang, r.setting}] = true
	}
	var missing []string
	for i := range pages {
		p := fmt.Sprint(i)
		for _, l := range i18n.Langs {
			if !seen["page × language"][pair{p, l.Code}] {
				missing = append(missing, fmt.Sprintf("page %d in %s", i, l.Code))
			}
		}
		for _, s := range matrixSettings {
			if !seen["page × setting"][pair{p, s}] {
				missing = append(missing, fmt.Sprintf("page %d in setting %q", i, s))
			}
		}
	}
	for _, l := range i18n.Langs {
		for _, s := range matrixSettings {
			if !seen["language × setting"][pair{l.Code, s}] {
				missing = append(missing, fmt.Sprintf("%s in setting %q", l.Code, s))
			}
		}
	}
	return missing
}

// TestPublicMatrixInChromium: every public page in every language, each
// load in one of the display settings so that every page × setting and
// every language × setting pair is met too, passes axe-core at 320 px,
// overflows neither at 320 px nor, text at 200 %, at 1280 px, shows its text in the
// language (from the language's file), reads in the language's direction
// and carries the display setting's classes.
func TestPublicMatrixInChromium(t *testing.T) {
	t.Parallel()
	pages := []matrixPage{
		{path: "/", message: "home.title"},
		{path: "/lieux", message: "search.title"},
		{path: "/lieux?code=17299&commune=Rochefort+%2817300%29&rayon=10", message: "search.again"},
		{path: "/lieux/1", message: "place.report"},
		{path: "/ateliers", message: "workshops.title"},
		{message: "workshops.reach"}, // a workshop and its registration form, found below
		{path: "/rendez-vous", message: "appointments.title"},
		{message: "appointments.yours"}, // the booking form, found below
		{path: "/affichage", message: "meta.french_only", french: "Taille du texte"},
		{path: "/lieux/1/signaler", message: "report.heading"},
		{path: "/lieux/1/signaler/merci", message: "report.next"},
		{message: "optout.confirm"}, // the opt-out link of a booking's e-mail, found below
	}
	runs := publicMatrix(len(pages))
	if missing := matrixCoverage(runs, len(pages)); len(missing) > 0 {
		t.Fatalf("the matrix misses %s", strings.Join(missing, ", "))
	}
	if len(runs) != len(pages)*len(i18n.Langs) {
		t.Fatalf("%d loads for %d pages in %d languages: each pair once", len(runs), len(pages), len(i18n.Langs))
	}

	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	anon := s.client()
	if m := workshopHrefRE.FindStringSubmatch(s.do(anon, "GET", "/ateliers", nil).body); m != nil {
		pages[5].path = m[1]
	} else {
		t.Fatal("no workshop in the demo")
	}
	if m := slotHrefRE.FindStringSubmatch(s.do(anon, "GET", "/rendez-vous/motifs/1", nil).body); m != nil {
		pages[7].path = strings.ReplaceAll(m[1], "&amp;", "&")
	} else {
		t.Fatal("no slot to book in the demo")
	}
	// The opt-out link comes with the messages of a booking: book the
	// last slot offered (the booking form above shows the first).
	slots := slotHrefRE.FindAllStringSubmatch(s.do(anon, "GET", "/rendez-vous/motifs/1", nil).body, -1)
	if len(slots) < 2 {
		t.Fatal("fewer than two slots to book in the demo")
	}
	last := strings.ReplaceAll(slots[len(slots)-1][1], "&amp;", "&")
	slot := last[strings.Index(last, "creneau=")+len("creneau="):]
	if r := s.do(anon, "POST", "/rendez-vous/motifs/1/reserver", url.Values{"creneau": {slot}, "nom": {"Lucie Fabre"},
		"courriel": {"lucie@exemple.fr"}, "accord": {"oui"}}); r.status != http.StatusSeeOther {
		t.Fatalf("booking for the opt-out link: %d", r.status)
	}
	for _, m := range s.outbox() {
		if link := optOutLinkRE.FindString(m.Body); link != "" {
			pages[11].path = link
			break
		}
	}
	if pages[11].path == "" {
		t.Fatal("no opt-out link in the booking's messages")
	}

	// One browser context per language (its language cookie) and one tab
	// in it, reused from page to page: the display cookie is set before
	// each load.
	byLang := map[string][]matrixRun{}
	for _, r := range runs {
		byLang[r.lang] = append(byLang[r.lang], r)
	}
	for _, l := range i18n.Langs {
		t.Run(l.Code, func(t *testing.T) {
			t.Parallel()
			tab := newBrowser(t)
			for _, r := range byLang[l.Code] {
				p := pages[r.page]
				name := strings.TrimPrefix(p.path, "/")
				if r.setting != "" {
					name += "~" + r.setting
				}
				t.Run(name, func(t *testing.T) {
					if err := checkMatrixRun(tab, s.http.URL, p, l, r.setting, axe); err != nil {
						t.Errorf("%s in %s, display %q: %v", p.path, l.Code, r.setting, err)
					}
				})
			}
		})
	}
}

// checkMatrixRun loads one page of the matrix in the tab and checks it.
func checkMatrixRun(tab context.Context, base string, p matrixPage, l i18n.Lang, setting, axe string) error {
	ctx, cancel := context.WithTimeout(tab, pageTimeout)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		return err
	}
	if setting == "" {
		if _, err := chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: ui.DisplayCookie, URL: base}); err != nil {
			return err
		}
	} else if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: ui.DisplayCookie, Value: setting, URL: base, HTTPOnly: new(true)}); err != nil {
		return err
	}
	frenchOnly := p.french != "" && !l.IsFrench()
	want := l.T(p.message)
	if p.french != "" && l.IsFrench() {
		want = p.french
	}
	if strings.Contains(want, "{{") || want == p.message {
		return fmt.Errorf("the message %s is not a plain text of %s's file", p.message, l.Code)
	}
	// Nothing may overflow at 320 px, the narrowest phone, where axe-core
	// runs too. At 1280 px only with the text at 200 % (4 of each page's
	// 12 loads): what a phone's width holds, a wide screen holds too, but
	// for the largest text in the desktop layout's columns.
	widths := []int64{320}
	if ui.ParseDisplay(setting).TextSize > 100 {
		widths = append(widths, 1280)
	}
	bp := browserPage{path: p.path, want: want, lang: l.Code}
	if err := checkPage(ctx, base, bp, "", widths, true, axe); err != nil {
		return err
	}
	quoted, _ := json.Marshal(want)
	// The direction of the innermost element showing the text, of the
	// main heading and of the notice that a page stays in French.
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`((want) => {
		const h = document.documentElement, h1 = document.querySelector("main h1");
		let text = null;
		for (const e of document.querySelectorAll("main *")) if (e.textContent.includes(want)) text = e;
		return [h.dir, h.className, text ? getComputedStyle(text).direction : "", h1 ? getComputedStyle(h1).direction : ""];
	})(`+string(quoted)+`)`))
	if err != nil {
		return err
	}
	if got[0] != l.Dir() {
		return fmt.Errorf("the page's dir is %q, want %q", got[0], l.Dir())
	}
	if got[2] != l.Dir() {
		return fmt.Errorf("%q reads %q, want %q", want, got[2], l.Dir())
	}
	// A page that stays in French reads left to right under the notice
	// in the visitor's language.
	if frenchOnly && got[3] != "ltr" {
		return fmt.Errorf("the French page's heading reads %q, want ltr", got[3])
	}
	if want := strings.TrimSpace("govuk-template " + ui.ParseDisplay(setting).Classes()); got[1] != want {
		return fmt.Errorf("the page's classes are %q, want %q: the display setting is not applied", got[1], want)
	}
	// The box or circle drawn for each visible checkbox and radio covers
	// its input, which the row puts on the reading side: in Arabic, Persian
	// and Pashto the drawing must have moved to the right with it.
	astray, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const out = [];
		for (const item of document.querySelectorAll(".govuk-radios__item, .govuk-checkboxes__item")) {
			const input = item.querySelector("input"), label = item.querySelector("label");
			const box = item.getBoundingClientRect();
			if (!input || !label || box.width === 0) continue;
			const drawn = getComputedStyle(label, "::before");
			const left = box.left + parseFloat(drawn.left), right = left + parseFloat(drawn.width);
			const target = input.getBoundingClientRect();
			if (!(left < target.right && right > target.left)) out.push(label.textContent.trim());
		}
		return out;
	})()`))
	if err != nil {
		return err
	}
	if len(astray) > 0 {
		return fmt.Errorf("drawn away from their input (%s): %q", l.Dir(), astray)
	}
	return nil
}
