// Package partnerships serves the screens of what a territory's network
// shares: the conventions with partners and the action plan drawn from the
// diagnostic. The coordination records them; the other structures read
// what concerns them.
package partnerships

import (
	"context"
	"embed"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	svc "github.com/parcours-numerique/parcours/internal/service/partnerships"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the screens.
type Handlers struct {
	site *ui.Site
	p    *svc.Service
}

// Menu lists the staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Conventions", Href: "/espace/reseau/conventions", Perm: account.PermNetwork},
	{Label: "Charte des acteurs", Href: "/espace/reseau/charte", Perm: account.PermNetwork},
	{Label: "Plan d'action", Href: "/espace/plan-action", Perm: account.PermNetwork},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, p *svc.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, p: p}, nil
}

// shown records a validation error on the form; other errors are not shown there.
func shown(f *ui.Form, err error) bool {
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
		return false
	}
	return f.Fail(err)
}

// structureOptions lists the territory's structures for a form.
func (h *Handlers) structureOptions(ctx context.Context, r *http.Request, empty string) ([]ui.Option, error) {
	list, err := h.p.Structures(ctx, ui.Actor(r))
	if err != nil {
		return nil, err
	}
	var out []ui.Option
	if empty != "" {
		out = append(out, ui.Option{Value: "", Label: empty})
	}
	for _, s := range list {
		out = append(out, ui.Option{Value: ui.Itoa(s.ID), Label: s.Name})
	}
	return out, nil
}

func ids(r *http.Request, name string) []int64 {
	var out []int64
	for _, v := range ui.FormList(r, name) {
		if id := ui.ParseID(v); id > 0 {
			out = append(out, id)
		}
	}
	return out
}
