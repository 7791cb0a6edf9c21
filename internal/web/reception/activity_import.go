package reception

import (
	"errors"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// maxCoopFile is the largest La Coop export read (about 100,000 lines).
const maxCoopFile = 32 << 20

type activityImportData struct {
	Report *activities.ImportReport
	MaxMB  int
}

// Problems are the lines that were not imported as new activities.
func (d activityImportData) Problems() []activities.ImportedLine {
	var out []activities.ImportedLine
	for _, l := range d.Report.Lines {
		if l.Status == activities.LineRejected {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handlers) renderImport(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, rep *activities.ImportReport) {
	h.render(w, r, status, "reception_activity_import", ui.Page{Title: "Importer un export de La Coop", Form: f, Data: activityImportData{Report: rep, MaxMB: maxCoopFile >> 20}})
}

// ActivityImportForm asks for a La Coop activity export.
func (h *Handlers) ActivityImportForm(w http.ResponseWriter, r *http.Request) {
	h.renderImport(w, r, http.StatusOK, &ui.Form{}, nil)
}

// ActivityImport imports a La Coop activity export and shows what became
// of every line.
func (h *Handlers) ActivityImport(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	fail := func(msg string) {
		f.Errors = append(f.Errors, apperr.FieldError{Field: "fichier", Message: msg})
		h.renderImport(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCoopFile+(1<<20))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail("Le fichier dépasse 32 Mo : exportez une période plus courte.")
			return
		}
		fail("Le formulaire n'a pas pu être lu : choisissez le fichier exporté.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, _, err := r.FormFile("fichier")
	if err != nil {
		fail("Choisissez le fichier XLSX exporté depuis La Coop.")
		return
	}
	defer file.Close()
	rep, err := h.activities.ImportCoop(r.Context(), ui.Actor(r), file)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid && len(e.Fields) > 0 {
			fail(e.Fields[0].Message)
			return
		}
		h.site.Fail(w, r, err)
		return
	}
	h.renderImport(w, r, http.StatusOK, f, &rep)
}
