package meetings

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/meeting"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type listData struct {
	Upcoming, Past []meeting.Meeting
	Organize       bool
}

// List shows the meetings the actor sees: to come, soonest first, then past.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	list, err := h.svc.List(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := listData{Organize: meetingsvc.CanOrganize(a)}
	now := h.site.Now()
	for i := len(list) - 1; i >= 0; i-- {
		if list[i].Upcoming(now) {
			d.Upcoming = append(d.Upcoming, list[i])
		}
	}
	for _, m := range list {
		if !m.Upcoming(now) {
			d.Past = append(d.Past, m)
		}
	}
	h.site.Render(w, r, http.StatusOK, "meetings_list", ui.Page{Title: "Réunions du réseau", Data: d})
}
