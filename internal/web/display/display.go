// Package display serves the display settings a visitor chooses without an
// account and without JavaScript: text size up to 200 %, high contrast,
// increased spacing (WCAG 1.4.12) and no animation, remembered by a cookie.
package display

import (
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the settings page.
type Handlers struct{ site *ui.Site }

// New registers the page's template with the site.
func New(site *ui.Site) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	site.Translated("language")
	return &Handlers{site: site}, nil
}

type formData struct {
	Sizes  []ui.Option
	Return string
	Saved  bool
}

// Form is /affichage: the settings, as they are now.
func (h *Handlers) Form(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, ui.LocalPath(r.URL.Query().Get("retour")), r.URL.Query().Get("fait") == "1")
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, back string, saved bool) {
	d := formData{Return: back, Saved: saved}
	for _, n := range ui.TextSizes {
		label := strconv.Itoa(n) + " %"
		if n == 100 {
			label += " (normale)"
		}
		d.Sizes = append(d.Sizes, ui.Option{Value: strconv.Itoa(n), Label: label})
	}
	cur := ui.DisplayOf(r)
	f := &ui.Form{}
	f.Set("taille", strconv.Itoa(cur.TextSize))
	for name, on := range map[string]bool{"contraste": cur.Contrast, "espacement": cur.Spacing, "animations": cur.Still} {
		if on {
			f.Set(name, "oui")
		}
	}
	h.site.Render(w, r, http.StatusOK, "display", ui.Page{Title: "Affichage : taille du texte, contraste, espacement", Form: f, Data: d})
}

// Save remembers the settings chosen and goes back to the page the visitor
// came from, where they apply at once.
func (h *Handlers) Save(w http.ResponseWriter, r *http.Request) {
	d := ui.Display{TextSize: 100}
	if r.PostFormValue("action") != "reinitialiser" {
		if n, err := strconv.Atoi(r.PostFormValue("taille")); err == nil && slices.Contains(ui.TextSizes, n) {
			d.TextSize = n
		}
		d.Contrast = r.PostFormValue("contraste") == "oui"
		d.Spacing = r.PostFormValue("espacement") == "oui"
		d.Still = r.PostFormValue("animations") == "oui"
	}
	h.site.SetDisplay(w, r, d)
	back := ui.LocalPath(r.PostFormValue("retour"))
	if back == "/" && r.PostFormValue("retour") == "" {
		back = "/affichage?fait=1"
	}
	ui.Redirect(w, r, back)
}

// langChoice is one language of the language page.
type langChoice struct {
	Lang    i18n.Lang
	Href    string
	Current bool
}

type languageData struct {
	Langs  []langChoice
	Return string
}

// Language is /langue, the language switch of every public page, made of
// links that work without JavaScript: without a language it lists them,
// each under its own name; /langue?l=ar&retour=/lieux remembers the choice
// and goes back to the page, now in that language. An unknown language
// changes nothing.
func (h *Handlers) Language(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back := ui.SafeReturn(q.Get("retour"))
	if back == "" {
		back = "/"
	}
	code := q.Get("l")
	if code == "" {
		cur := ui.LangOf(r)
		d := languageData{Return: back}
		for _, l := range i18n.Langs {
			d.Langs = append(d.Langs, langChoice{Lang: l, Current: l.Code == cur.Code,
				Href: "/langue?" + url.Values{"l": {l.Code}, "retour": {back}}.Encode()})
		}
		h.site.Render(w, r, http.StatusOK, "language", ui.Page{Title: cur.T("lang.title"), Data: d})
		return
	}
	if i18n.Known(code) {
		h.site.SetLang(w, r, i18n.Get(code))
	}
	ui.Redirect(w, r, back)
}
