package figures

import (
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/frtime"

	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type workshopRowsData struct {
	Rows                     []figures.WorkshopRow
	Filter                   figures.Filter
	Period                   string // the period in words
	Fill                     string // the fill bucket chosen, in words
	Capacity, Taken, Free    int
	Waiting, Present, Absent int
	WalkIns                  int
}

var fillWords = map[string]string{"moins_50": "moins de la moitié des places prises", "50_79": "50 à 79 % des places prises", "80_99": "80 à 99 % des places prises", "complet": "complètes"}

// WorkshopRows lists the structure's workshop sessions of a period (?du=,
// ?au=, ?remplissage=) with their places, waiting list and attendance,
// totalled: the rows behind the dashboard's workshop figures.
func (h *Handlers) WorkshopRows(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rows, f, err := h.figures.WorkshopRows(r.Context(), ui.Actor(r), figures.Filter{From: q.Get("du"), To: q.Get("au")}, q.Get("remplissage"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := workshopRowsData{Rows: rows, Filter: f, Period: periodWords(f), Fill: fillWords[q.Get("remplissage")]}
	for _, x := range rows {
		d.Capacity += x.Capacity
		d.Taken += x.Taken
		d.Free += x.Free
		d.Waiting += x.Waiting
		if x.Marked {
			d.Present += x.Present
			d.Absent += x.Absent
			d.WalkIns += x.WalkIns
		}
	}
	h.site.Render(w, r, http.StatusOK, "figures_workshops", ui.Page{Title: "Séances d'ateliers", Data: d})
}

// periodWords writes a filter's period in words: "du 1er mars 2026 au 31 mars 2026".
func periodWords(f figures.Filter) string {
	from, _ := time.Parse(activity.DateLayout, f.From)
	to, _ := time.Parse(activity.DateLayout, f.To)
	return "du " + frtime.Date(from) + " au " + frtime.Date(to)
}
