package placeadmin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type placeListData struct {
	places.Overview
	Structure string
}

// PlaceList is a structure's list of places: completion, what is missing,
// the reminder for listings not confirmed for a year, and error reports.
func (h *Handlers) PlaceList(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	o, err := h.places.Mine(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "placeedit_list", ui.Page{Title: "Lieux", Data: placeListData{Overview: o, Structure: a.Membership.StructureName}})
}
