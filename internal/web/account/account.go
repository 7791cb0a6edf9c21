// Package account serves the pages of a staff member's own account: logging
// in and out, choosing a password through a one-time link, the staff home
// with the structure one acts for, and personal API tokens.
package account

import (
	"embed"
	"html/template"
	"net"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// HomePanel renders a section another capability adds to the staff home
// (for example the follow-up figures); empty when it has nothing to show.
type HomePanel func(r *http.Request) (template.HTML, error)

// Config is what the pages need from the server.
type Config struct {
	ClientIP   func(r *http.Request) string // the address the login throttle counts; nil: the peer's
	HomePanels []HomePanel
}

// Handlers serves the pages.
type Handlers struct {
	site     *ui.Site
	accounts *accounts.Service
	cfg      Config
}

// New registers the pages' templates and the staff home's menu entry.
func New(site *ui.Site, svc *accounts.Service, cfg Config) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	site.AddMenu(ui.MenuItem{Label: "Accueil de l'espace", Href: "/espace", Perm: account.PermStaffArea})
	if cfg.ClientIP == nil {
		cfg.ClientIP = func(r *http.Request) string {
			host, _, _ := net.SplitHostPort(r.RemoteAddr)
			return host
		}
	}
	return &Handlers{site: site, accounts: svc, cfg: cfg}, nil
}

// badForm answers a form that cannot be read.
func (h *Handlers) badForm(w http.ResponseWriter, r *http.Request) {
	h.site.RenderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible. Revenez en arrière et recommencez.")
}
