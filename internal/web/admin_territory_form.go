package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type territoryFormData struct {
	ID         int64
	Structures []option
}

func (s *Server) territoryFormData(r *http.Request, id int64) (territoryFormData, error) {
	d := territoryFormData{ID: id, Structures: []option{{Value: "", Label: "Aucune pour l'instant"}}}
	sts, err := s.store.ListStructures(r.Context(), store.StructureFilter{})
	if err != nil {
		return d, err
	}
	for _, st := range sts {
		d.Structures = append(d.Structures, option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
	}
	return d, nil
}

func (s *Server) adminTerritoryNew(w http.ResponseWriter, r *http.Request) {
	d, err := s.territoryFormData(r, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_territory_form", page{Title: "Nouveau territoire", Data: d})
}

func (s *Server) adminTerritoryEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	t, err := s.store.Territory(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.territoryFormData(r, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{}
	f.Set("name", t.Name)
	f.Set("communes", strings.Join(t.CommuneCodes, "\n"))
	if t.CoordinatorStructureID != 0 {
		f.Set("coordinator", strconv.FormatInt(t.CoordinatorStructureID, 10))
	}
	s.render(w, r, http.StatusOK, "admin_territory_form", page{Title: "Modifier « " + t.Name + " »", Form: f, Data: d})
}

// territoryFromForm reads the form: one commune per line (code or name).
func territoryFromForm(r *http.Request) (structure.Territory, error) {
	var v apperr.Validation
	t := structure.Territory{Name: strings.Join(strings.Fields(r.PostForm.Get("name")), " ")}
	if t.Name == "" {
		v.Add("name", "Saisissez le nom du territoire.")
	} else if utf8.RuneCountInString(t.Name) > 200 {
		v.Add("name", "Le nom ne doit pas dépasser 200 caractères.")
	}
	seen := map[string]bool{}
	for i, line := range strings.Split(r.PostForm.Get("communes"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		code, msg := resolveCommune(line)
		if msg != "" {
			if !v.Has("communes") {
				v.Add("communes", "Ligne "+strconv.Itoa(i+1)+" (« "+line+" ») : "+msg)
			}
			continue
		}
		if !seen[code] {
			seen[code] = true
			t.CommuneCodes = append(t.CommuneCodes, code)
		}
	}
	if len(t.CommuneCodes) == 0 && !v.Has("communes") {
		v.Add("communes", "Saisissez au moins une commune.")
	}
	if c := r.PostForm.Get("coordinator"); c != "" {
		t.CoordinatorStructureID, _ = strconv.ParseInt(c, 10, 64)
	}
	return t, v.Err()
}

func (s *Server) adminTerritoryCreate(w http.ResponseWriter, r *http.Request) {
	s.saveTerritory(w, r, 0)
}

func (s *Server) adminTerritoryUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	if _, err := s.store.Territory(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveTerritory(w, r, id)
}

func (s *Server) saveTerritory(w http.ResponseWriter, r *http.Request, id int64) {
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	t, err := territoryFromForm(r)
	t.ID = id
	if err == nil && t.CoordinatorStructureID != 0 {
		if _, serr := s.store.Structure(r.Context(), t.CoordinatorStructureID); serr != nil {
			err = &apperr.Error{Code: apperr.Invalid, Message: "Structure inconnue.", Fields: []apperr.FieldError{{Field: "coordinator", Message: "Choisissez une structure de la liste."}}}
		}
	}
	if err == nil {
		if id == 0 {
			err = s.store.CreateTerritory(r.Context(), &t, s.cfg.Now())
		} else {
			err = s.store.UpdateTerritory(r.Context(), t)
		}
	}
	if err != nil {
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		d, derr := s.territoryFormData(r, id)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "admin_territory_form", page{Title: "Territoire", Form: f, Data: d})
		return
	}
	s.flash(r, "Le territoire « "+t.Name+" » est enregistré.")
	redirect(w, r, "/espace/admin/territoires")
}
