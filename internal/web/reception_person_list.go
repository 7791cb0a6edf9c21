package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/persons"
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
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	status := r.URL.Query().Get("statut")
	if !person.Allowed(person.FollowStatuses, status) {
		status = ""
	}
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg, err := s.app.Persons.List(r.Context(), actorFrom(r), persons.Filter{Query: q, Status: person.FollowStatus(status), Page: min(max(pageNo, 1), 1_000_000), PerPage: personsPerPage})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := personListData{Query: q, Status: status, Statuses: append([]option{{Value: "", Label: "Tous"}}, choices(person.FollowStatuses)...), Persons: pg.Persons, Total: pg.Total, Page: pg.Page, Pages: pg.Pages()}
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
	if d.Page > 1 {
		d.Prev = link(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.Next = link(d.Page + 1)
	}
	f := &form{Values: url.Values{"q": {q}, "statut": {status}}}
	s.render(w, r, http.StatusOK, "reception_person_list", page{Title: "Personnes", Form: f, Data: d})
}
