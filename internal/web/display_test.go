package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// TestDisplaySettingsWithoutJavaScript: a visitor chooses text size,
// contrast, spacing and animations in a plain form; a cookie keeps them and
// every page applies them.
func TestDisplaySettingsWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	c := s.client()
	home := s.do(c, "GET", "/lieux?commune=Rochefort", nil)
	if !strings.Contains(home.body, `href="/affichage?retour=%2flieux%3fcommune%3dRochefort"`) || !strings.Contains(home.body, `data-read-aloud hidden`) {
		t.Fatal("every page links to the display settings, and holds the read-aloud button hidden until a script shows it", regexp.MustCompile(`<p class="parcours-header__tools">[^$]*?</p>`).FindString(home.body))
	}
	form := s.do(c, "GET", "/affichage?retour=/lieux%3Fcommune%3DRochefort", nil)
	for _, want := range []string{"Taille du texte", "200 %", "Contraste renforcé", "Texte plus espacé", "Pas d'animation", `name="retour" value="/lieux?commune=Rochefort"`, `value="100" checked`} {
		if form.status != 200 || !strings.Contains(form.body, want) {
			t.Errorf("/affichage lacks %q", want)
		}
	}
	r := s.do(c, "POST", "/affichage", url.Values{"taille": {"200"}, "contraste": {"oui"}, "espacement": {"oui"}, "animations": {"oui"}, "retour": {"/lieux?commune=Rochefort"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/lieux?commune=Rochefort" {
		t.Fatalf("save: %d %s", r.status, r.header.Get("Location"))
	}
	if ck := r.header.Get("Set-Cookie"); !strings.Contains(ck, ui.DisplayCookie+"=200.c.e.m") || !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "Max-Age=31536000") {
		t.Fatalf("cookie: %s", ck)
	}
	page := s.do(c, "GET", "/lieux?commune=Rochefort", nil)
	if !strings.Contains(page.body, `class="govuk-template parcours-text-200 parcours-contrast parcours-spacing parcours-still"`) {
		t.Fatal("the settings do not apply to the pages")
	}
	if r := s.do(c, "GET", "/affichage", nil); !strings.Contains(r.body, `value="200" checked`) || !strings.Contains(r.body, `name="contraste" type="checkbox" value="oui" checked`) {
		t.Fatal("the form shows the settings as they are")
	}
	// Back to normal: the cookie goes.
	r = s.do(c, "POST", "/affichage", url.Values{"action": {"reinitialiser"}, "retour": {"/"}})
	if ck := r.header.Get("Set-Cookie"); !strings.Contains(ck, "Max-Age=0") {
		t.Fatalf("reset: %s", ck)
	}
	if page := s.do(c, "GET", "/", nil); !strings.Contains(page.body, `<html lang="fr" dir="ltr" class="govuk-template">`) {
		t.Fatal("after the reset the pages are shown normally")
	}
	// Only this site's paths as a return address; values outside the lists ignored.
	for _, bad := range []string{"//evil.example", "https://evil.example/", "/\\evil.example"} {
		if r := s.do(c, "POST", "/affichage", url.Values{"taille": {"150"}, "retour": {bad}}); r.header.Get("Location") != "/" {
			t.Errorf("retour=%s: redirected to %s", bad, r.header.Get("Location"))
		}
	}
	if d := ui.ParseDisplay("999.x.c"); d != (ui.Display{TextSize: 100, Contrast: true}) {
		t.Errorf("a forged cookie: %+v", d)
	}
}
