package mandates

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/mandate"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type newData struct {
	Persons, Categories, Durations []ui.Option
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	allowed, err := h.mandates.AllowedCategories(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	page, err := h.persons.List(r.Context(), a, persons.Filter{PerPage: 500})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := newData{Persons: []ui.Option{{Value: "", Label: "Choisir une personne"}}, Durations: ui.Choices(mandate.Durations)}
	for _, p := range page.Persons {
		d.Persons = append(d.Persons, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name()})
	}
	for _, c := range ui.Choices(mandate.Categories) {
		if contains(allowed, c.Value) {
			d.Categories = append(d.Categories, c)
		}
	}
	h.site.Render(w, r, status, "mandates_new", ui.Page{Title: "Nouveau mandat", Form: f, Data: d})
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// New shows the mandate form, for the person named in ?personne= if any.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	st, err := h.mandates.Aidant(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if !st.Ready() {
		h.site.RenderError(w, r, http.StatusForbidden, "Action réservée aux aidants",
			"Seul un aidant prépare un mandat : il a suivi la formation d'aidant, signé la charte et se connecte avec un code.")
		return
	}
	f := &ui.Form{}
	if id := ui.QueryID(r, "personne"); id != 0 {
		f.Set("personne", ui.Itoa(id))
	}
	f.Set("duree", "365")
	h.newForm(w, r, http.StatusOK, f)
}

// Create prepares the mandate and opens its page, where it is printed.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	days, _ := strconv.Atoi(r.PostFormValue("duree"))
	m, err := h.mandates.Create(r.Context(), ui.Actor(r), mandatesvc.NewMandate{PersonID: ui.ParseID(r.PostFormValue("personne")),
		Categories: r.PostForm["categories"], Days: days})
	if err != nil {
		if h.refused(w, r, err) {
			return
		}
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.newForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Mandat préparé : imprimez-le, lisez-le avec la personne, faites-le signer, puis enregistrez la signature.")
	ui.Redirect(w, r, "/espace/mandats/"+ui.Itoa(m.ID))
}
