// Package itinerant serves the screens of itinerant services: the
// organiser declares a service and its stops and cancels a date with a
// reason; residents read a service's public page with its upcoming stops.
package itinerant

import (
	"embed"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the itinerant services' screens.
type Handlers struct {
	site   *ui.Site
	it     *itinerantsvc.Service
	agenda *agendasvc.Service // the structure's places and permanences, for the stop form
}

// Menu lists the staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Itinérance", Href: "/espace/itinerance", Perm: account.PermAgenda},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, it *itinerantsvc.Service, ag *agendasvc.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, it: it, agenda: ag}, nil
}

// shown records a validation error on the form; other errors are not shown there.
func shown(f *ui.Form, err error) bool {
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
		return false
	}
	return f.Fail(err)
}
