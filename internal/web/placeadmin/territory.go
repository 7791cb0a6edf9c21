package placeadmin

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type territoryPlacesData struct {
	places.TerritoryReview
	Structures []ui.Option // the territory's structures, for assignment
}

// TerritoryPlaces is the coordination's page: listings of the territory not
// confirmed for a year (owned or not), open reports, and the places no
// structure keeps true yet, which the coordination can hand to one.
func (h *Handlers) TerritoryPlaces(w http.ResponseWriter, r *http.Request) {
	h.renderTerritory(w, r, http.StatusOK, &ui.Form{})
}

func (h *Handlers) renderTerritory(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	review, err := h.places.Territory(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := territoryPlacesData{TerritoryReview: review, Structures: []ui.Option{{Value: "", Label: "Choisir une structure"}}}
	for _, st := range review.Structures {
		d.Structures = append(d.Structures, ui.Option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
	}
	var data any = d
	if review.Territory == "" {
		data = nil // the actor coordinates no territory
	}
	h.site.Render(w, r, status, "placeedit_territory", ui.Page{Title: "Lieux du territoire", Form: f, Data: data})
}

// PlaceAssign hands a place nobody keeps true to a structure of the
// territory, which then keeps it true.
func (h *Handlers) PlaceAssign(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if !h.parseForm(w, r) {
		return
	}
	target, _ := strconv.ParseInt(r.PostForm.Get("structure"), 10, 64)
	p, st, err := h.places.Assign(r.Context(), ui.Actor(r), id, target)
	if apperr.Is(err, apperr.Invalid) {
		// The select's id on the page names the field at fault.
		f := ui.NewForm(r)
		f.Fail(ui.RenameFields(err, map[string]string{"structure": "structure-" + strconv.FormatInt(p.ID, 10)}))
		h.renderTerritory(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "« "+p.Name+" » est confié à "+st.Name+" : ses équipes le voient dans leur page « Lieux » et le tiennent à jour.")
	ui.Redirect(w, r, "/espace/territoire/lieux")
}
