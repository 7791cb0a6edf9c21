package resources

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/resource"
	resourcesvc "github.com/parcours-numerique/parcours/internal/service/resources"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type viewData struct {
	Resource  resource.Resource
	CanChange bool
}

// View is a resource's page: its description, its link or its download,
// and for its author structure the links to change or delete it.
func (h *Handlers) View(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	res, err := h.lib.Get(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "resource_view", ui.Page{Title: res.Title, Data: viewData{Resource: res, CanChange: resourcesvc.CanChange(a, res)}})
}

// Download sends a resource's file.
func (h *Handlers) Download(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	res, b, err := h.lib.File(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	resource.Send(w, res, b)
}
