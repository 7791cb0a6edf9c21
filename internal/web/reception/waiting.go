package reception

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type waitingListData struct {
	Entries []waitingEntry
}

type waitingEntry struct {
	Rank   int
	Person person.Person
}

// WaitingList shows who waits for an individual accompaniment: the nearest
// deadline first, then by date of arrival on the list.
func (h *Handlers) WaitingList(w http.ResponseWriter, r *http.Request) {
	list, err := h.persons.WaitingList(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	var d waitingListData
	for i, p := range list {
		d.Entries = append(d.Entries, waitingEntry{Rank: i + 1, Person: p})
	}
	h.render(w, r, http.StatusOK, "reception_waiting", ui.Page{Title: "Liste d'attente", Data: d})
}
