package workshops

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/resource"
	resourcesvc "github.com/parcours-numerique/parcours/internal/service/resources"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// materialData is a workshop's material on its staff page: the resources
// it uses, and the library's others to pick from.
type materialData struct {
	Items   []resource.Resource
	Choices []ui.Option
	Library bool // the actor reads the territory's library
}

// material reads the workshop's material and the resources to pick from.
func (h *Handlers) material(r *http.Request, workshopID int64) (materialData, error) {
	a := ui.Actor(r)
	var d materialData
	if h.library == nil || !a.Can(account.PermResources) {
		return d, nil
	}
	items, err := h.library.Material(r.Context(), a, workshopID)
	if err != nil {
		return d, err
	}
	d.Items, d.Library = items, true
	if !a.Can(account.PermAgendaOrganize) {
		return d, nil
	}
	all, err := h.library.Search(r.Context(), a, resourcesvc.Query{})
	if err != nil {
		return d, err
	}
	used := map[int64]bool{}
	for _, it := range items {
		used[it.ID] = true
	}
	d.Choices = []ui.Option{{Value: "", Label: "Choisir une ressource"}}
	for _, res := range all {
		if !used[res.ID] {
			d.Choices = append(d.Choices, ui.Option{Value: ui.Itoa(res.ID), Label: res.Title + " (" + res.KindLabel() + ", " + res.StructureName + ")"})
		}
	}
	return d, nil
}

// MaterialAttach adds a resource of the library to the workshop's material.
func (h *Handlers) MaterialAttach(w http.ResponseWriter, r *http.Request) {
	res, err := h.library.Attach(r.Context(), ui.Actor(r), workshopID(r), ui.ParseID(r.PostForm.Get("ressource")))
	if err != nil {
		h.failed(w, r, err)
		return
	}
	h.site.Flash(r, "« "+res.Title+" » fait partie des supports de l'atelier.")
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(workshopID(r))+"#supports")
}

// MaterialDetach removes a resource from the workshop's material; the
// resource stays in the library.
func (h *Handlers) MaterialDetach(w http.ResponseWriter, r *http.Request) {
	resID, _ := ui.PathID(r, "res")
	if err := h.library.Detach(r.Context(), ui.Actor(r), workshopID(r), resID); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Support retiré de l'atelier ; il reste dans la bibliothèque.")
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(workshopID(r))+"#supports")
}

// MaterialDownload sends, to anyone, the file of a resource with an open
// licence that a published workshop offers as its material.
func (h *Handlers) MaterialDownload(w http.ResponseWriter, r *http.Request) {
	resID, ok := ui.PathID(r, "res")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	res, b, err := h.library.PublicMaterialFile(r.Context(), workshopID(r), resID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	resource.Send(w, res, b)
}
