package web

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
)

type personEditData struct {
	Person   person.Person
	Genders  []option
	Statuses []option
	Needs    []option
	Kinds    []option
}

func (s *Server) renderPersonEdit(w http.ResponseWriter, r *http.Request, status int, p person.Person, f *form) {
	s.render(w, r, status, "reception_person_edit", page{Title: "Modifier : " + p.Name(), Form: f, Data: personEditData{
		Person: p, Genders: choices(person.Genders), Statuses: choices(person.SocialStatuses), Needs: choices(person.Needs),
		Kinds: []option{{Value: string(person.Followed), Label: "Personne suivie"}, {Value: string(person.Anonymous), Label: "Personne anonyme"}},
	}})
}

// personEditForm changes a person's identity and attributes.
func (s *Server) personEditForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.ownPerson(r)
	if err != nil || p.MergedInto != 0 {
		s.fail(w, r, orNotFound(err))
		return
	}
	if err := s.logAccess(r, p.StructureID, p.ID, journal.Read, "Formulaire de modification"); err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{}
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
	s.renderPersonEdit(w, r, http.StatusOK, p, f)
}

func (s *Server) personEditSubmit(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	old, err := s.ownPerson(r)
	if err != nil || old.MergedInto != 0 {
		s.fail(w, r, orNotFound(err))
		return
	}
	p, err := parsePerson(r, s.cfg.Now())
	if err != nil {
		f := newForm(r)
		f.Fail(err)
		s.renderPersonEdit(w, r, http.StatusUnprocessableEntity, old, f)
		return
	}
	if p, err = s.app.Persons.Update(r.Context(), a, old.ID, p); err != nil {
		f := newForm(r)
		if !f.Fail(renameFields(err, personFormFields)) {
			s.fail(w, r, err)
			return
		}
		s.renderPersonEdit(w, r, http.StatusUnprocessableEntity, old, f)
		return
	}
	s.flash(r, "Les informations de la personne sont enregistrées.")
	redirect(w, r, "/espace/personnes/"+itoa64(p.ID))
}

func orNotFound(err error) error {
	if err != nil {
		return err
	}
	return errNotFound
}
