package admin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// TerritoryList lists the territories with their coordinators.
func (h *Handlers) TerritoryList(w http.ResponseWriter, r *http.Request) {
	rows, err := h.structures.Territories(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "admin_territory_list", ui.Page{Title: "Territoires", Data: rows})
}
