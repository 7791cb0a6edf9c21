package web

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type structureFormData struct {
	ID          int64
	Typologies  []option
	Territories []option
}

func (s *Server) structureFormData(r *http.Request, id int64) (structureFormData, error) {
	d := structureFormData{ID: id, Typologies: []option{{Value: "", Label: "Choisir un type"}}}
	for _, t := range structure.Typologies {
		d.Typologies = append(d.Typologies, option{Value: t.Code, Label: t.Label + " (" + t.Code + ")"})
	}
	ts, err := s.store.ListTerritories(r.Context())
	if err != nil {
		return d, err
	}
	d.Territories = []option{{Value: "", Label: "Aucun territoire"}}
	for _, t := range ts {
		d.Territories = append(d.Territories, option{Value: strconv.FormatInt(t.ID, 10), Label: t.Name})
	}
	return d, nil
}

func (s *Server) adminStructureNew(w http.ResponseWriter, r *http.Request) {
	d, err := s.structureFormData(r, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_structure_form", page{Title: "Nouvelle structure", Data: d})
}

func (s *Server) adminStructureEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	st, err := s.store.Structure(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.structureFormData(r, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{}
	f.Set("name", st.Name)
	f.Set("typology", st.Typology)
	f.Set("siret", st.SIRET)
	f.Set("rna", st.RNA)
	f.Set("commune", st.CommuneCode)
	f.Set("address", st.Address)
	if st.TerritoryID != 0 {
		f.Set("territory", strconv.FormatInt(st.TerritoryID, 10))
	}
	s.render(w, r, http.StatusOK, "admin_structure_form", page{Title: "Modifier « " + st.Name + " »", Form: f, Data: d})
}

// structureFromForm reads and validates the structure form.
func structureFromForm(r *http.Request) (structure.Structure, error) {
	st := structure.Structure{
		Name:     r.PostForm.Get("name"),
		Typology: r.PostForm.Get("typology"),
		SIRET:    r.PostForm.Get("siret"),
		RNA:      r.PostForm.Get("rna"),
		Address:  r.PostForm.Get("address"),
	}
	var v apperr.Validation
	code, msg := resolveCommune(r.PostForm.Get("commune"))
	st.CommuneCode = code
	if t := r.PostForm.Get("territory"); t != "" {
		st.TerritoryID, _ = strconv.ParseInt(t, 10, 64)
	}
	st.Normalize()
	v.Merge(st.Validate())
	if msg != "" {
		// The resolver knows better than the generic message.
		v = replaceField(v, "commune", msg)
	}
	return st, v.Err()
}

// replaceField keeps every error but field's, then adds msg for field.
func replaceField(v apperr.Validation, field, msg string) apperr.Validation {
	var out apperr.Validation
	if e, ok := apperr.As(v.Err()); ok {
		for _, fe := range e.Fields {
			if fe.Field != field {
				out.Add(fe.Field, fe.Message)
			}
		}
	}
	out.Add(field, msg)
	return out
}

// resolveCommune accepts an INSEE code, a postal code with a single commune,
// or a commune name with or without its postal code: "Rochefort (17300)".
func resolveCommune(input string) (string, string) { return commune.Resolve(input) }

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (s *Server) adminStructureCreate(w http.ResponseWriter, r *http.Request) {
	s.saveStructure(w, r, 0)
}

func (s *Server) adminStructureUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	if _, err := s.store.Structure(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveStructure(w, r, id)
}

func (s *Server) saveStructure(w http.ResponseWriter, r *http.Request, id int64) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	st, err := structureFromForm(r)
	st.ID = id
	if err == nil {
		if id == 0 {
			err = s.store.CreateStructure(r.Context(), &st, s.cfg.Now())
		} else {
			err = s.store.UpdateStructure(r.Context(), st, s.cfg.Now())
		}
	}
	if err != nil {
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		d, derr := s.structureFormData(r, id)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		title := "Nouvelle structure"
		if id != 0 {
			title = "Modifier la structure"
		}
		s.render(w, r, http.StatusUnprocessableEntity, "admin_structure_form", page{Title: title, Form: f, Data: d})
		return
	}
	s.flash(r, "La structure « "+st.Name+" » est enregistrée.")
	redirect(w, r, "/espace/structures/"+strconv.FormatInt(st.ID, 10))
}
