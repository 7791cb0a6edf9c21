package figures

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type evaluationRowsData struct {
	Rows   []figures.EvaluationRow
	Filter figures.Filter
	Period string // the period in words
	Kind   string // the kind chosen, in words
	Kinds  map[string]string
}

// EvaluationRows lists the structure's evaluations of a period (?du=, ?au=,
// ?evolution=): the rows behind the dashboard's evaluation figures.
func (h *Handlers) EvaluationRows(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	rows, f, err := h.figures.EvaluationRows(r.Context(), ui.Actor(r), figures.Filter{From: q.Get("du"), To: q.Get("au")}, q.Get("evolution"))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := evaluationRowsData{Rows: rows, Filter: f, Period: periodWords(f), Kind: figures.EvaluationKinds[q.Get("evolution")], Kinds: figures.EvaluationKinds}
	h.site.Render(w, r, http.StatusOK, "figures_evaluations", ui.Page{Title: "Évaluations", Data: d})
}
