package reception

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type journalViewData struct {
	Entries []journal.Entry
	Total   int
	Page    int
	Prev    string
	Next    string
}

// JournalView lets the structure's admin read who opened which file.
func (h *Handlers) JournalView(w http.ResponseWriter, r *http.Request) {
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pg, err := h.persons.Journal(r.Context(), ui.Actor(r), pageNo)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := journalViewData{Entries: pg.Entries, Total: pg.Total, Page: pg.Page}
	if pg.Page > 1 {
		d.Prev = "/espace/journal?page=" + strconv.Itoa(pg.Page-1)
	}
	if pg.HasNext {
		d.Next = "/espace/journal?page=" + strconv.Itoa(pg.Page+1)
	}
	h.render(w, r, http.StatusOK, "reception_journal", ui.Page{Title: "Journal des accès", Data: d})
}

// JournalPersonExport gives a person's own access list as CSV (right of
// access): every read and write of their file, by whom and when.
func (h *Handlers) JournalPersonExport(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	entries, err := h.persons.AccessList(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="acces-personne-`+ui.Itoa(id)+`.csv"`)
	if err := journal.WriteCSV(w, entries, frtime.Paris); err != nil {
		h.site.Log.Error("export du journal interrompu", "err", err)
	}
}
