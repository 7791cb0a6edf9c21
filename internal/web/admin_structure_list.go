package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type adminStructureListData struct {
	Query      string
	Structures []structure.Structure
}

func (s *Server) adminStructureList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	sts, err := s.store.ListStructures(r.Context(), store.StructureFilter{Query: q})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_structure_list", page{Title: "Structures", Data: adminStructureListData{Query: q, Structures: sts}})
}
