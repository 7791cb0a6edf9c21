// Package meetings serves the screens of the network meetings: the
// coordination of a territory plans a meeting and invites structures and
// listed professionals, records who came, writes the minutes and the
// decisions; the structures invited read the meetings they are invited to
// and print the minutes.
package meetings

import (
	"embed"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the meetings' screens.
type Handlers struct {
	site *ui.Site
	svc  *meetingsvc.Service
}

// Menu lists the staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Réunions du réseau", Href: "/espace/reseau/reunions", Perm: account.PermNetwork},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, svc *meetingsvc.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, svc: svc}, nil
}

// refused shows err next to the form's fields when it is about them; it
// reports false when the error gets its own page.
func refused(f *ui.Form, err error) bool {
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
		return false
	}
	return f.Fail(err)
}

func (h *Handlers) id(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
	}
	return id, ok
}
