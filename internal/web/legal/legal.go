// Package legal serves the pages every public site owes its visitors: the
// accessibility statement, the legal notice and the personal data page.
package legal

import (
	"embed"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the pages.
type Handlers struct{ site *ui.Site }

// New registers the pages' templates with the site.
func New(site *ui.Site) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site}, nil
}

// Accessibility is the accessibility statement.
func (h *Handlers) Accessibility(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, http.StatusOK, "accessibility", ui.Page{Title: "Accessibilité"})
}

// Legal is the legal notice.
func (h *Handlers) Legal(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, http.StatusOK, "legal", ui.Page{Title: "Mentions légales"})
}

// Privacy says what personal data is kept, why and for how long.
func (h *Handlers) Privacy(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, http.StatusOK, "privacy", ui.Page{Title: "Données personnelles"})
}
