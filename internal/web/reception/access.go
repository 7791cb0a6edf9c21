package reception

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// PersonAccessFile hands a person their whole file (right of access), as a
// PDF to print or give, or as JSON to take elsewhere (?format=json).
func (h *Handlers) PersonAccessFile(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	format := persons.AccessPDF
	if r.URL.Query().Get("format") == persons.AccessJSON {
		format = persons.AccessJSON
	}
	f, err := h.persons.AccessFile(r.Context(), ui.Actor(r), id, format)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	name := "dossier-" + ui.Itoa(id)
	w.Header().Set("Cache-Control", "no-store")
	if format == persons.AccessJSON {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		if err := f.WriteJSON(w); err != nil {
			h.site.Log.Error("dossier JSON interrompu", "err", err)
		}
		return
	}
	pdf, err := f.PDF()
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.pdf"`)
	_, _ = w.Write(pdf)
}
