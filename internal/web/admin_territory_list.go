package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/structure"
)

type adminTerritoryListData struct {
	Territories  []structure.Territory
	Coordinators map[int64]string
}

func (s *Server) adminTerritoryList(w http.ResponseWriter, r *http.Request) {
	ts, err := s.store.ListTerritories(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := adminTerritoryListData{Territories: ts, Coordinators: map[int64]string{}}
	for _, t := range ts {
		if t.CoordinatorStructureID != 0 {
			if st, err := s.store.Structure(r.Context(), t.CoordinatorStructureID); err == nil {
				d.Coordinators[t.ID] = st.Name
			}
		}
	}
	s.render(w, r, http.StatusOK, "admin_territory_list", page{Title: "Territoires", Data: d})
}
