package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type structureViewData struct {
	Structure   structure.Structure
	Territory   string
	Members     []store.Member
	ShowMembers bool
	CanEdit     bool
}

// structureView shows a structure to those the policy lets see it; anyone
// else gets the same 404 as for a structure that does not exist.
func (s *Server) structureView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
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
	if !a.CanSeeStructure(st.ID, st.TerritoryID) {
		s.notFound(w, r)
		return
	}
	d := structureViewData{Structure: st, CanEdit: a.Can(account.PermManagePlatform)}
	if st.TerritoryID != 0 {
		if t, err := s.store.Territory(r.Context(), st.TerritoryID); err == nil {
			d.Territory = t.Name
		}
	}
	// Staff lists are for the structure itself and the platform admin only.
	if st.ID == a.StructureID() || a.Can(account.PermManagePlatform) {
		d.ShowMembers = true
		if d.Members, err = s.store.StructureMembers(r.Context(), st.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "structure_view", page{Title: st.Name, Data: d})
}
