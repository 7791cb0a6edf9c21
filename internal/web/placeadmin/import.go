package placeadmin

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// reportListed is the number of rows of each table the page shows; the
// JSON report has them all.
const reportListed = 200

type importFormData struct {
	Uploads   []placestore.PlaceUpload
	Owners    []ui.Option
	MaxSizeMB int
}

// ImportForm is the upload form and the structure's latest files.
func (h *Handlers) ImportForm(w http.ResponseWriter, r *http.Request) {
	h.renderImportForm(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderImportForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	uploads, err := h.files.Uploads(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "placefile_import", ui.Page{Title: "Importer des lieux", Form: f, Data: importFormData{
		Uploads: uploads, Owners: importOwners(a), MaxSizeMB: placefiles.MaxUploadMB,
	}})
}

func importOwners(a *account.Actor) []ui.Option {
	return []ui.Option{
		{Value: placefiles.OwnerOpenData, Label: "Données ouvertes du territoire, sans structure propriétaire", Hint: "Pour un fichier national ou régional (cartographie nationale, hub) : personne ne modifie ces lieux dans Parcours, un nouvel import les met à jour."},
		{Value: placefiles.OwnerStructure, Label: "Lieux de " + a.Membership.StructureName, Hint: "Votre structure pourra les modifier ; un import suivant les met à jour."},
	}
}

// ImportUpload reads the file, checks it without importing, keeps it and
// shows its report.
func (h *Handlers) ImportUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, placefiles.MaxUpload+1<<20)
	fail := func(f *ui.Form, err error) {
		if !f.Fail(err) {
			h.site.ServerError(w, r, err)
			return
		}
		h.renderImportForm(w, r, http.StatusUnprocessableEntity, f)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		msg := "Choisissez le fichier à importer (CSV ou JSON)."
		if errors.As(err, &tooBig) {
			msg = placefiles.TooBig
		}
		fail(&ui.Form{}, ui.FieldError("fichier", msg))
		return
	}
	defer r.MultipartForm.RemoveAll()
	f := ui.NewForm(r)
	in := placefiles.Upload{Owner: r.PostFormValue("proprietaire")}
	if file, header, err := r.FormFile("fichier"); err == nil {
		defer file.Close()
		in.FileName = header.Filename
		if in.Data, err = io.ReadAll(io.LimitReader(file, placefiles.MaxUpload+1)); err != nil {
			fail(f, ui.FieldError("fichier", "Le fichier n'a pas pu être lu jusqu'au bout : envoyez-le de nouveau."))
			return
		}
		if in.Data == nil {
			in.Data = []byte{}
		}
	}
	u, err := h.files.Check(r.Context(), ui.Actor(r), in)
	if err != nil {
		fail(f, err)
		return
	}
	ui.Redirect(w, r, uploadPath(u.ID))
}

func uploadPath(id int64) string {
	return "/espace/lieux/import/fichiers/" + strconv.FormatInt(id, 10)
}

type importReportData struct {
	placefiles.Checked
	OwnerName        string
	Waiting          bool
	Imported         bool
	RejectionReasons []placefile.Reason
	WarningReasons   []placefile.Reason
	Rejected         []placefile.Rejected
	Warnings         []placefile.Warning
	MoreRejected     int
	MoreWarnings     int
}

// ImportReport is a file's report: the check's while it waits for
// confirmation, the import's once done.
func (h *Handlers) ImportReport(w http.ResponseWriter, r *http.Request) {
	c, ok := h.checked(w, r)
	if !ok {
		return
	}
	rep := c.Report
	d := importReportData{Checked: c, OwnerName: c.Owner, Waiting: c.Waiting(), Imported: c.Imported(),
		RejectionReasons: rep.RejectionReasons(8), WarningReasons: rep.WarningReasons(10), Rejected: rep.Rejected, Warnings: rep.Warnings}
	if n := len(d.Rejected); n > reportListed {
		d.Rejected, d.MoreRejected = d.Rejected[:reportListed], n-reportListed
	}
	if n := len(d.Warnings); n > reportListed {
		d.Warnings, d.MoreWarnings = d.Warnings[:reportListed], n-reportListed
	}
	title := "Vérification du fichier " + c.Upload.FileName
	if d.Imported {
		title = "Import du fichier " + c.Upload.FileName
	}
	h.site.Render(w, r, http.StatusOK, "placefile_report", ui.Page{Title: title, Data: d})
}

func (h *Handlers) checked(w http.ResponseWriter, r *http.Request) (placefiles.Checked, bool) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return placefiles.Checked{}, false
	}
	c, err := h.files.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return c, false
	}
	return c, true
}

// ImportReportJSON downloads the whole report (the import's once done).
func (h *Handlers) ImportReportJSON(w http.ResponseWriter, r *http.Request) {
	c, ok := h.checked(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="rapport-import-lieux-%d.json"`, c.Upload.ID))
	w.Write(c.ReportRaw)
}

// ImportConfirm imports the kept file for real, in one transaction.
func (h *Handlers) ImportConfirm(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	_, rep, err := h.files.Confirm(r.Context(), ui.Actor(r), id)
	switch {
	case apperr.Is(err, apperr.Conflict):
		h.site.Flash(r, apperr.MessageOf(err))
	case err != nil:
		h.site.Fail(w, r, err)
		return
	default:
		h.site.Flash(r, "Import terminé. "+rep.Summary())
	}
	ui.Redirect(w, r, uploadPath(id))
}

// ImportCancel abandons a checked file; its content is dropped.
func (h *Handlers) ImportCancel(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	u, done, err := h.files.Cancel(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if done {
		h.site.Flash(r, "Le fichier "+u.FileName+" est abandonné : rien n'a été importé.")
	} else {
		h.site.Flash(r, "Ce fichier avait déjà été importé ou abandonné.")
	}
	ui.Redirect(w, r, "/espace/lieux/import")
}
