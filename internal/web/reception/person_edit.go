package reception

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type personEditData struct {
	Person   person.Person
	Genders  []ui.Option
	Statuses []ui.Option
	Needs    []ui.Option
	Kinds    []ui.Option
}

func (h *Handlers) renderPersonEdit(w http.ResponseWriter, r *http.Request, status int, p person.Person, f *ui.Form) {
	h.render(w, r, status, "reception_person_edit", ui.Page{Title: "Modifier : " + p.Name(), Form: f, Data: personEditData{
		Person: p, Genders: ui.Choices(person.Genders), Statuses: ui.Choices(person.SocialStatuses), Needs: ui.Choices(person.Needs),
		Kinds: []ui.Option{{Value: string(person.Followed), Label: "Personne suivie"}, {Value: string(person.Anonymous), Label: "Personne anonyme"}},
	}})
}

// PersonEditForm changes a person's identity and attributes.
func (h *Handlers) PersonEditForm(w http.ResponseWriter, r *http.Request) {
	p, err := h.currentPerson(r, "Formulaire de modification")
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	f.Set("suivi", string(p.Kind))
	f.Set("prenom", p.FirstName)
	f.Set("nom", p.LastName)
	if p.BirthYear != 0 {
		f.Set("annee_naissance", strconv.Itoa(p.BirthYear))
	}
	f.Set("genre", p.Gender)
	f.Set("commune", p.CommuneCode)
	f.Set("statut", p.SocialStatus)
	f.Set("telephone", p.Phone)
	f.Set("courriel", p.Email)
	f.Set("langue", p.Language)
	f.Values["besoins"] = p.Needs
	h.renderPersonEdit(w, r, http.StatusOK, p, f)
}

// PersonEditSubmit saves the corrected identity and attributes.
func (h *Handlers) PersonEditSubmit(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	f := ui.NewForm(r)
	fail := func(status int) {
		old, err := h.currentPerson(r, "Formulaire de modification")
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		h.renderPersonEdit(w, r, status, old, f)
	}
	p, err := h.personFromForm(r)
	if err != nil {
		f.Fail(err)
		fail(http.StatusUnprocessableEntity)
		return
	}
	if p, err = h.persons.Update(r.Context(), a, id, p); err != nil {
		h.failForm(w, r, f, ui.RenameFields(err, personFields), fail)
		return
	}
	h.site.Flash(r, "Les informations de la personne sont enregistrées.")
	ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(p.ID))
}
