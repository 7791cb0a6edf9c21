// Package admin serves the pages of the platform's structures: a
// structure's page, the territory page of a coordinator, and the platform
// administration of structures, territories and accounts.
package admin

import (
	"embed"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the pages.
type Handlers struct {
	site       *ui.Site
	accounts   *accounts.Service
	structures *structures.Service
}

// New registers the pages' templates and menu entries.
func New(site *ui.Site, acc *accounts.Service, st *structures.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	site.AddMenu(
		ui.MenuItem{Label: "Territoire", Href: "/espace/territoire", Perm: account.PermViewTerritory},
		ui.MenuItem{Label: "Structures", Href: "/espace/admin/structures", Perm: account.PermManagePlatform},
		ui.MenuItem{Label: "Territoires", Href: "/espace/admin/territoires", Perm: account.PermManagePlatform},
		ui.MenuItem{Label: "Comptes", Href: "/espace/admin/comptes", Perm: account.PermManagePlatform},
	)
	return &Handlers{site: site, accounts: acc, structures: st}, nil
}

// parseForm reads a posted form, answering 400 when it cannot.
func (h *Handlers) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		h.site.RenderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible. Revenez en arrière et recommencez.")
		return false
	}
	return true
}

// refused puts a refusal (invalid input, conflict) on the form to show it
// again; any other error is answered with its page, and no form returned.
func (h *Handlers) refused(w http.ResponseWriter, r *http.Request, err error) *ui.Form {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict:
		f := ui.NewForm(r)
		f.Fail(err)
		return f
	}
	h.site.Fail(w, r, err)
	return nil
}

// formID reads an id from a form field; 0 when absent or not a number.
func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
	return id
}

// structureOptions lists the structures the actor administers for a select,
// after a first option naming the empty choice.
func (h *Handlers) structureOptions(r *http.Request, empty string) ([]ui.Option, error) {
	sts, err := h.structures.List(r.Context(), ui.Actor(r), "")
	if err != nil {
		return nil, err
	}
	out := []ui.Option{{Value: "", Label: empty}}
	for _, st := range sts {
		out = append(out, ui.Option{Value: ui.Itoa(st.ID), Label: st.Name})
	}
	return out, nil
}
