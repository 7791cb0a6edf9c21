// Package placeadmin serves the staff pages that keep places true: a
// structure's places and their edit form, the error reports residents send
// and their moderation, the coordination's review of its territory's
// places, and the import of place files.
package placeadmin

import (
	"embed"
	"log/slog"
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the pages.
type Handlers struct {
	site   *ui.Site
	places *places.Service
	files  *placefiles.Service
	log    *slog.Logger
}

// New registers the pages' templates and menu entries with the site.
func New(site *ui.Site, pl *places.Service, files *placefiles.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	site.AddMenu(
		ui.MenuItem{Label: "Lieux", Href: "/espace/lieux", Perm: account.PermEditPlaces},
		ui.MenuItem{Label: "Lieux du territoire", Href: "/espace/territoire/lieux", Perm: account.PermReviewTerritoryPlaces},
		ui.MenuItem{Label: "Importer des lieux", Href: "/espace/lieux/import", Perm: account.PermImportPlaces},
	)
	return &Handlers{site: site, places: pl, files: files, log: site.Log}, nil
}

// localReturn keeps a "retour" target only when it is a path of the staff
// area, so that a form cannot send anyone elsewhere.
func localReturn(target, fallback string) string {
	if strings.HasPrefix(target, "/espace/") && !strings.HasPrefix(target, "//") && !strings.ContainsAny(target, "\\\r\n") {
		return target
	}
	return fallback
}

// parseForm reads a posted form, answering 400 itself when it cannot.
func (h *Handlers) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		h.site.RenderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return false
	}
	return true
}
