package passes

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/service/passes"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type handoverData struct {
	Carnets, Persons, Criteria []ui.Option
	Received                   []pass.Carnet
}

func (h *Handlers) handoverForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	list, err := h.passes.Carnets(r.Context(), a, true)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	page, err := h.persons.List(r.Context(), a, persons.Filter{PerPage: 500})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := handoverData{Received: list, Criteria: ui.Choices(pass.Eligibility),
		Carnets: []ui.Option{{Value: "", Label: "Choisir un carnet"}}, Persons: []ui.Option{{Value: "", Label: "Choisir une personne"}}}
	for _, c := range list {
		if !c.Distributed() {
			d.Carnets = append(d.Carnets, ui.Option{Value: ui.Itoa(c.ID), Label: c.Identifier + " (" + ui.Itoa(int64(c.Count)) + " pass, valable jusqu'au " + c.ValidUntil + ")"})
		}
	}
	for _, p := range page.Persons {
		d.Persons = append(d.Persons, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name()})
	}
	h.site.Render(w, r, status, "passes_handover", ui.Page{Title: "Remettre un carnet de Pass numérique", Form: f, Data: d})
}

// HandoverForm lists the carnets received and the handover form.
func (h *Handlers) HandoverForm(w http.ResponseWriter, r *http.Request) {
	h.handoverForm(w, r, http.StatusOK, &ui.Form{})
}

// Handover hands a carnet to a person with the eligibility criteria.
func (h *Handlers) Handover(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Formulaire illisible ou trop gros.", http.StatusBadRequest)
		return
	}
	f := ui.NewForm(r)
	err := h.passes.Distribute(r.Context(), ui.Actor(r), passes.Handover{CarnetID: ui.ParseID(r.PostFormValue("carnet")),
		PersonID: ui.ParseID(r.PostFormValue("personne")), Criteria: r.PostForm["criteres"]})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.handoverForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Carnet remis.")
	ui.Redirect(w, r, "/espace/pass/remise")
}
