// Package workshops serves the screens of collective workshops: the
// staff's list, a workshop with its sessions, registrations and waiting
// list, the attendance of a session and the collective activity report it
// prepares; and the residents' pages: the public programme (also printable
// and as a PDF), registering online and following their registration
// through its signed link. Each handler decodes the form, calls the
// workshops service and renders.
package workshops

import (
	"embed"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/service/resources"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the workshops' pages.
type Handlers struct {
	site      *ui.Site
	workshops *workshops.Service
	agenda    *agenda.Service    // the structure's sites and members, for the forms
	library   *resources.Service // the territory's teaching resources a workshop uses as its material
}

// New registers the pages' templates with the site.
func New(site *ui.Site, ws *workshops.Service, ag *agenda.Service, lib *resources.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html", "templates/partials/*.html"); err != nil {
		return nil, err
	}
	site.Translated("workshop_programme", "workshop_public_view", "workshop_public_registration")
	return &Handlers{site: site, workshops: ws, agenda: ag, library: lib}, nil
}

// shown puts on the form the errors the person can fix (invalid or
// conflicting input); it reports false for any other, shown as a page.
func shown(f *ui.Form, err error) bool {
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
		return false
	}
	return f.Fail(err)
}

// workshopID is the workshop of the page's address.
func workshopID(r *http.Request) int64 {
	id, _ := ui.PathID(r, "id")
	return id
}
