package admin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// StructureFormData is what the structure form offers to choose.
type StructureFormData struct {
	ID          int64 // 0 for a new structure
	Typologies  []ui.Option
	Territories []ui.Option
}

func (h *Handlers) structureFormData(r *http.Request, id int64) (StructureFormData, error) {
	d := StructureFormData{ID: id, Typologies: []ui.Option{{Value: "", Label: "Choisir un type"}}, Territories: []ui.Option{{Value: "", Label: "Aucun territoire"}}}
	for _, t := range structure.Typologies {
		d.Typologies = append(d.Typologies, ui.Option{Value: t.Code, Label: t.Label + " (" + t.Code + ")"})
	}
	rows, err := h.structures.Territories(r.Context(), ui.Actor(r))
	if err != nil {
		return d, err
	}
	for _, t := range rows {
		d.Territories = append(d.Territories, ui.Option{Value: ui.Itoa(t.Territory.ID), Label: t.Territory.Name})
	}
	return d, nil
}

func (h *Handlers) renderStructureForm(w http.ResponseWriter, r *http.Request, status int, id int64, title string, f *ui.Form) {
	d, err := h.structureFormData(r, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "admin_structure_form", ui.Page{Title: title, Form: f, Data: d})
}

// StructureNew is the form of a new structure.
func (h *Handlers) StructureNew(w http.ResponseWriter, r *http.Request) {
	h.renderStructureForm(w, r, http.StatusOK, 0, "Nouvelle structure", nil)
}

// StructureEdit is the form of an existing structure.
func (h *Handlers) StructureEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	st, err := h.structures.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	f.Set("name", st.Name)
	f.Set("typology", st.Typology)
	f.Set("siret", st.SIRET)
	f.Set("rna", st.RNA)
	f.Set("commune", st.CommuneCode)
	f.Set("address", st.Address)
	if st.TerritoryID != 0 {
		f.Set("territory", ui.Itoa(st.TerritoryID))
	}
	h.renderStructureForm(w, r, http.StatusOK, id, "Modifier « "+st.Name+" »", f)
}

// StructureCreate records a new structure.
func (h *Handlers) StructureCreate(w http.ResponseWriter, r *http.Request) {
	h.saveStructure(w, r, 0)
}

// StructureUpdate saves an existing structure.
func (h *Handlers) StructureUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	h.saveStructure(w, r, id)
}

func (h *Handlers) saveStructure(w http.ResponseWriter, r *http.Request, id int64) {
	if !h.parseForm(w, r) {
		return
	}
	in := structures.Input{
		Name: r.PostForm.Get("name"), Typology: r.PostForm.Get("typology"), SIRET: r.PostForm.Get("siret"), RNA: r.PostForm.Get("rna"),
		Commune: r.PostForm.Get("commune"), Address: r.PostForm.Get("address"), TerritoryID: formID(r, "territory"),
	}
	a := ui.Actor(r)
	var st structure.Structure
	var err error
	if id == 0 {
		st, err = h.structures.Create(r.Context(), a, in)
	} else {
		st, err = h.structures.Update(r.Context(), a, id, in)
	}
	if err != nil {
		if f := h.refused(w, r, err); f != nil {
			title := "Nouvelle structure"
			if id != 0 {
				title = "Modifier la structure"
			}
			h.renderStructureForm(w, r, http.StatusUnprocessableEntity, id, title, f)
		}
		return
	}
	h.site.Flash(r, "La structure « "+st.Name+" » est enregistrée.")
	ui.Redirect(w, r, "/espace/structures/"+ui.Itoa(st.ID))
}
