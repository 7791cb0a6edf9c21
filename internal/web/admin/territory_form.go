package admin

import (
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// TerritoryFormData is what the territory form offers to choose.
type TerritoryFormData struct {
	ID         int64 // 0 for a new territory
	Structures []ui.Option
}

func (h *Handlers) renderTerritoryForm(w http.ResponseWriter, r *http.Request, status int, id int64, title string, f *ui.Form) {
	opts, err := h.structureOptions(r, "Aucune pour l'instant")
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "admin_territory_form", ui.Page{Title: title, Form: f, Data: TerritoryFormData{ID: id, Structures: opts}})
}

// TerritoryNew is the form of a new territory.
func (h *Handlers) TerritoryNew(w http.ResponseWriter, r *http.Request) {
	h.renderTerritoryForm(w, r, http.StatusOK, 0, "Nouveau territoire", nil)
}

// TerritoryEdit is the form of an existing territory.
func (h *Handlers) TerritoryEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	t, err := h.structures.Territory(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	f.Set("name", t.Name)
	f.Set("communes", strings.Join(t.CommuneCodes, "\n"))
	if t.CoordinatorStructureID != 0 {
		f.Set("coordinator", ui.Itoa(t.CoordinatorStructureID))
	}
	h.renderTerritoryForm(w, r, http.StatusOK, id, "Modifier « "+t.Name+" »", f)
}

// TerritoryCreate records a new territory.
func (h *Handlers) TerritoryCreate(w http.ResponseWriter, r *http.Request) {
	h.saveTerritory(w, r, 0)
}

// TerritoryUpdate saves an existing territory.
func (h *Handlers) TerritoryUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	h.saveTerritory(w, r, id)
}

func (h *Handlers) saveTerritory(w http.ResponseWriter, r *http.Request, id int64) {
	if !h.parseForm(w, r) {
		return
	}
	in := structures.TerritoryInput{Name: r.PostForm.Get("name"), Communes: strings.Split(r.PostForm.Get("communes"), "\n"), CoordinatorID: formID(r, "coordinator")}
	a := ui.Actor(r)
	var t structure.Territory
	var err error
	if id == 0 {
		t, err = h.structures.CreateTerritory(r.Context(), a, in)
	} else {
		t, err = h.structures.UpdateTerritory(r.Context(), a, id, in)
	}
	if err != nil {
		if f := h.refused(w, r, err); f != nil {
			h.renderTerritoryForm(w, r, http.StatusUnprocessableEntity, id, "Territoire", f)
		}
		return
	}
	h.site.Flash(r, "Le territoire « "+t.Name+" » est enregistré.")
	ui.Redirect(w, r, "/espace/admin/territoires")
}
