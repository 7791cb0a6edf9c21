package web

import (
	"embed"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// The screens of the flat package use the shared ui types under their old
// names until each capability moves to its own package.
type (
	page     = ui.Page
	form     = ui.Form
	option   = ui.Option
	field    = ui.Field
	menuItem = ui.MenuItem
	route    = ui.Route
)

//go:embed templates
var templateFS embed.FS

var paris = frtime.Paris

func frenchDate(t time.Time) string     { return frtime.Date(t) }
func frenchDateTime(t time.Time) string { return frtime.DateTime(t) }

// staffMenu lists the staff pages, in menu order: each capability's items
// come from its own file; a role sees those it has the permission for.
var staffMenu = concatMenus(
	[]menuItem{{Label: "Accueil de l'espace", Href: "/espace", Perm: account.PermStaffArea}},
	receptionMenu,
	agendaMenu,
	placeEditMenu,
	placeFileMenu,
	diagnosticMenu,
	[]menuItem{
		{Label: "Territoire", Href: "/espace/territoire", Perm: account.PermViewTerritory},
		{Label: "Structures", Href: "/espace/admin/structures", Perm: account.PermManagePlatform},
		{Label: "Territoires", Href: "/espace/admin/territoires", Perm: account.PermManagePlatform},
		{Label: "Comptes", Href: "/espace/admin/comptes", Perm: account.PermManagePlatform},
		{Label: "Jetons d'API", Href: "/espace/jetons", Perm: account.PermManageTokens},
	},
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
func (s *Server) flash(r *http.Request, msg string) { s.site.Flash(r, msg) }
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

func redirect(w http.ResponseWriter, r *http.Request, to string) { ui.Redirect(w, r, to) }
func newForm(r *http.Request) *form                              { return ui.NewForm(r) }
func fieldError(f, msg string) error                             { return ui.FieldError(f, msg) }
func renameFields(err error, names map[string]string) error      { return ui.RenameFields(err, names) }
func choices(list []person.Choice) []option                      { return ui.Choices(list) }
func formList(r *http.Request, name string) []string             { return ui.FormList(r, name) }
func formInt(r *http.Request, name string) int                   { return ui.FormInt(r, name) }
func formID(v string) int64                                      { return ui.ParseID(v) }
func pathID(r *http.Request, name string) (int64, bool)          { return ui.PathID(r, name) }
func queryID(r *http.Request, name string) int64                 { return ui.QueryID(r, name) }
func itoa64(n int64) string                                      { return ui.Itoa(n) }
func actorFrom(r *http.Request) *account.Actor                   { return ui.Actor(r) }

// personFormFields maps the service's field names to the form's inputs.
var personFormFields = map[string]string{"commune_insee": "commune"}
