// Package mandates serves the screens of the training record of the
// territory's professionals, of the aidants' charter and of the mandates:
// the paper mandate in easy French, its public verification page, its use,
// renewal and revocation.
package mandates

import (
	"embed"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	trainingsvc "github.com/parcours-numerique/parcours/internal/service/training"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the training record's and the mandates' screens.
type Handlers struct {
	site     *ui.Site
	training *trainingsvc.Service
	mandates *mandatesvc.Service
	persons  *persons.Service
}

// Menu lists the staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Mandats", Href: "/espace/mandats", Perm: account.PermMandates},
	{Label: "Formations", Href: "/espace/formations", Perm: account.PermTraining},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, tr *trainingsvc.Service, ms *mandatesvc.Service, ps *persons.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, training: tr, mandates: ms, persons: ps}, nil
}

// parse reads a small posted form.
func parse(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Formulaire illisible ou trop gros.", http.StatusBadRequest)
		return false
	}
	return true
}

// refused answers a refusal with its reason (not an aidant, charter not
// signed…) on a 403 page; it reports whether err was one. Site.Fail then
// has nothing left to answer.
func (h *Handlers) refused(w http.ResponseWriter, r *http.Request, err error) bool {
	if !apperr.Is(err, apperr.Forbidden) || err == account.ErrFactorNotFresh {
		return false
	}
	h.site.RenderError(w, r, http.StatusForbidden, "Action réservée aux aidants", apperr.MessageOf(err))
	return true
}

// origin is the site's address as the browser reached it, for the QR codes
// when no public address is configured.
func (h *Handlers) origin(r *http.Request) string { return h.site.AbsoluteURL(r, "") }
