package web

import (
	"embed"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/frtime"
	webagenda "github.com/parcours-numerique/parcours/internal/web/agenda"
	"github.com/parcours-numerique/parcours/internal/web/reception"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// The screens of the flat package use the shared ui types under their old
// names until each capability moves to its own package.
type (
	page     = ui.Page
	form     = ui.Form
	menuItem = ui.MenuItem
	route    = ui.Route
)

//go:embed templates
var templateFS embed.FS

func frenchDate(t time.Time) string     { return frtime.Date(t) }
func frenchDateTime(t time.Time) string { return frtime.DateTime(t) }

// staffMenu lists the staff pages of the capabilities added before the
// places, in menu order; a role sees those it has the permission for.
var staffMenu = concatMenus(
	[]menuItem{{Label: "Accueil de l'espace", Href: "/espace", Perm: account.PermStaffArea}},
	reception.Menu,
	webagenda.Menu,
)

func concatMenus(parts ...[]menuItem) []menuItem {
	var out []menuItem
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	s.site.Render(w, r, status, name, p)
}
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	s.site.RenderError(w, r, status, heading, message)
}
func (s *Server) notFound(w http.ResponseWriter, r *http.Request)  { s.site.NotFound(w, r) }
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) { s.site.Forbidden(w, r) }
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.site.ServerError(w, r, err)
}
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }
func (s *Server) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	s.site.RedirectToLogin(w, r)
}

func actorFrom(r *http.Request) *account.Actor { return ui.Actor(r) }

// resolveCommune reads a commune typed in a form (commune.Resolve).
func resolveCommune(in string) (code, message string) { return commune.ResolveCode(in) }
