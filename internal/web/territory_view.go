package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type territoryViewData struct {
	Territory  structure.Territory
	Communes   []string
	Structures []structure.Structure
}

// territoryView is the coordinator's view of its territory's network.
func (s *Server) territoryView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	tid := a.Membership.CoordinatedTerritoryID
	if tid == 0 {
		s.render(w, r, http.StatusOK, "territory_view", page{Title: "Territoire"})
		return
	}
	t, err := s.store.Territory(r.Context(), tid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sts, err := s.store.ListStructures(r.Context(), store.StructureFilter{TerritoryID: tid})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := territoryViewData{Territory: t, Structures: sts}
	for _, code := range t.CommuneCodes {
		if c, ok := commune.Lookup(code); ok {
			d.Communes = append(d.Communes, commune.Label(c))
		} else {
			d.Communes = append(d.Communes, code)
		}
	}
	s.render(w, r, http.StatusOK, "territory_view", page{Title: "Territoire : " + t.Name, Data: d})
}
