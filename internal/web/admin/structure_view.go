package admin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// StructurePage shows a structure to those allowed to see it; anyone else
// gets the same 404 as for a structure that does not exist.
func (h *Handlers) StructurePage(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	p, err := h.structures.Page(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "admin_structure_view", ui.Page{Title: p.Structure.Name, Data: p})
}

// TerritoryPage is the coordinator's view of its territory's network.
func (h *Handlers) TerritoryPage(w http.ResponseWriter, r *http.Request) {
	p, err := h.structures.TerritoryPage(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	title := "Territoire"
	var data *structures.TerritoryPage
	if p.Territory.ID != 0 {
		title, data = "Territoire : "+p.Territory.Name, &p
	}
	h.site.Render(w, r, http.StatusOK, "admin_territory_view", ui.Page{Title: title, Data: data})
}
