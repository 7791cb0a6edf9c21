package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
)

type waitingListData struct {
	Entries []waitingEntry
}

type waitingEntry struct {
	Rank   int
	Person person.Person
}

// waitingList shows who waits for an individual accompaniment: the nearest
// deadline first, then by date of arrival on the list.
func (s *Server) waitingList(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	list, err := s.store.WaitingList(r.Context(), a.Scope())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.logAccess(r, a.StructureID(), 0, journal.List, "Liste d'attente"); err != nil {
		s.serverError(w, r, err)
		return
	}
	var d waitingListData
	for i, p := range list {
		d.Entries = append(d.Entries, waitingEntry{Rank: i + 1, Person: p})
	}
	s.render(w, r, http.StatusOK, "reception_waiting", page{Title: "Liste d'attente", Data: d})
}
