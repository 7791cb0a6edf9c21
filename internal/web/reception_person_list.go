package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/store"
)

// personsPerPage is the size of a page of the persons list.
const personsPerPage = 50

type personListData struct {
	Query    string
	Status   string
	Statuses []option
	Persons  []person.Person
	Total    int
	Page     int
	Pages    int
	Prev     string
	Next     string
}

// personList lists the structure's persons, searchable by name (accents and
// case ignored), a page at a time.
func (s *Server) personList(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	status := r.URL.Query().Get("statut")
	if !person.Allowed(person.FollowStatuses, status) {
		status = ""
	}
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pageNo = max(pageNo, 1)
	list, total, err := s.store.ListPersons(r.Context(), a.StructureID(), store.PersonFilter{Query: q, Status: person.FollowStatus(status), Limit: personsPerPage, Offset: (pageNo - 1) * personsPerPage})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	what := "Liste des personnes"
	if q != "" {
		what += " (recherche)"
	}
	if err := s.logAccess(r, a.StructureID(), 0, journal.List, what); err != nil {
		s.serverError(w, r, err)
		return
	}
	d := personListData{Query: q, Status: status, Statuses: append([]option{{Value: "", Label: "Tous"}}, choices(person.FollowStatuses)...), Persons: list, Total: total, Page: pageNo}
	d.Pages = max(1, (total+personsPerPage-1)/personsPerPage)
	link := func(p int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if status != "" {
			v.Set("statut", status)
		}
		v.Set("page", strconv.Itoa(p))
		return "/espace/personnes?" + v.Encode()
	}
	if pageNo > 1 {
		d.Prev = link(pageNo - 1)
	}
	if pageNo < d.Pages {
		d.Next = link(pageNo + 1)
	}
	f := &form{Values: url.Values{"q": {q}, "statut": {status}}}
	s.render(w, r, http.StatusOK, "reception_person_list", page{Title: "Personnes", Form: f, Data: d})
}
