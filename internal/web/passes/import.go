package passes

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/passes"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Import records the carnets of the issuer's list, all of them or none,
// and shows the outcome of every line.
func (h *Handlers) Import(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 9<<20)
	fail := func(msg string) {
		f := &ui.Form{}
		f.Fail(ui.FieldError("fichier", msg))
		h.site.Render(w, r, http.StatusUnprocessableEntity, "passes_import", ui.Page{Title: "Importer la liste de l'émetteur", Form: f})
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail("Le fichier dépasse 8 Mo : découpez la liste.")
			return
		}
		fail("Choisissez le fichier CSV de l'émetteur.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, _, err := r.FormFile("fichier")
	if err != nil {
		fail("Choisissez le fichier CSV de l'émetteur.")
		return
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		fail("Le fichier n'a pas pu être lu jusqu'au bout : envoyez-le de nouveau.")
		return
	}
	imp, err := h.passes.ImportIssuerList(r.Context(), ui.Actor(r), bytes.NewReader(data))
	if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
		fail(e.Message)
		return
	} else if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	status := http.StatusOK
	if imp.Recorded == 0 {
		status = http.StatusUnprocessableEntity
	}
	h.site.Render(w, r, status, "passes_import", ui.Page{Title: "Importer la liste de l'émetteur", Form: &ui.Form{}, Data: &imp})
}

// ImportForm shows the upload form.
func (h *Handlers) ImportForm(w http.ResponseWriter, r *http.Request) {
	h.site.Render(w, r, http.StatusOK, "passes_import", ui.Page{Title: "Importer la liste de l'émetteur", Form: &ui.Form{}, Data: (*passes.Import)(nil)})
}
