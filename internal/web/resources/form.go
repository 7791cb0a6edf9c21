package resources

import (
	"net/http"
	"net/url"

	"github.com/parcours-numerique/parcours/internal/resource"
	resourcesvc "github.com/parcours-numerique/parcours/internal/service/resources"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// New is the form to share a resource.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	h.site.Render(w, r, http.StatusOK, "resource_form", ui.Page{Title: "Partager une ressource", Form: f, Data: newFormData(0, resource.Resource{})})
}

// Create adds a resource to the library, then shows it.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	up, err := readForm(w, r)
	var res resource.Resource
	if err == nil {
		res, err = h.lib.Create(r.Context(), ui.Actor(r), input(r), up)
	}
	if err != nil {
		h.failed(w, r, 0, resource.Resource{}, err)
		return
	}
	h.site.Flash(r, "Ressource partagée avec les structures du territoire.")
	ui.Redirect(w, r, "/espace/ressources/"+ui.Itoa(res.ID))
}

// Edit is the form to change a resource.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	res, err := h.lib.Get(r.Context(), a, id)
	if err == nil && !resourcesvc.CanChange(a, res) {
		h.site.Forbidden(w, r)
		return
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fill(f, res)
	h.site.Render(w, r, http.StatusOK, "resource_form", ui.Page{Title: "Modifier « " + res.Title + " »", Form: f, Data: newFormData(id, res)})
}

// Update saves a resource.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	up, err := readForm(w, r)
	if err == nil {
		_, err = h.lib.Update(r.Context(), a, id, input(r), up)
	}
	if err != nil {
		old, gerr := h.lib.Get(r.Context(), a, id)
		if gerr != nil {
			h.site.Fail(w, r, gerr)
			return
		}
		h.failed(w, r, id, old, err)
		return
	}
	h.site.Flash(r, "Ressource enregistrée.")
	ui.Redirect(w, r, "/espace/ressources/"+ui.Itoa(id))
}

// Delete removes a resource from the library.
func (h *Handlers) Delete(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if err := h.lib.Delete(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Ressource supprimée de la bibliothèque et des ateliers qui l'utilisaient.")
	ui.Redirect(w, r, "/espace/ressources")
}

// failed shows the form again with what was typed and the errors.
func (h *Handlers) failed(w http.ResponseWriter, r *http.Request, id int64, old resource.Resource, err error) {
	f := &ui.Form{Values: url.Values{}}
	if r.PostForm != nil {
		f.Values = r.PostForm
	}
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	title := "Partager une ressource"
	if id != 0 {
		title = "Modifier « " + old.Title + " »"
	}
	h.site.Render(w, r, http.StatusUnprocessableEntity, "resource_form", ui.Page{Title: title, Form: f, Data: newFormData(id, old)})
}
