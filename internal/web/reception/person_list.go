package reception

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// personsPerPage is the size of a page of the persons list.
const personsPerPage = 50

type personListData struct {
	Query    string
	Status   string
	Statuses []ui.Option
	Persons  []person.Person
	Total    int
	Page     int
	Pages    int
	Prev     string
	Next     string
}

// PersonList lists the structure's persons, searchable by name (accents and
// case ignored), a page at a time.
func (h *Handlers) PersonList(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	status := r.URL.Query().Get("statut")
	if !person.Allowed(person.FollowStatuses, status) {
		status = ""
	}
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg, err := h.persons.List(r.Context(), ui.Actor(r), persons.Filter{Query: q, Status: person.FollowStatus(status), Page: min(max(pageNo, 1), 1_000_000), PerPage: personsPerPage})
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := personListData{Query: q, Status: status, Statuses: append([]ui.Option{{Value: "", Label: "Tous"}}, ui.Choices(person.FollowStatuses)...), Persons: pg.Persons, Total: pg.Total, Page: pg.Page, Pages: pg.Pages()}
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
	f := &ui.Form{Values: url.Values{"q": {q}, "statut": {status}}}
	h.render(w, r, http.StatusOK, "reception_person_list", ui.Page{Title: "Personnes", Form: f, Data: d})
}
