package admin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// StructureListData is the administration's list of structures.
type StructureListData struct {
	Query      string
	Structures []structure.Structure
}

// StructureList lists the structures, searched by name.
func (h *Handlers) StructureList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	sts, err := h.structures.List(r.Context(), ui.Actor(r), q)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "admin_structure_list", ui.Page{Title: "Structures", Data: StructureListData{Query: q, Structures: sts}})
}
