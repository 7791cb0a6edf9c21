package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Uploaded place files: at most this size, kept this long unconfirmed.
const (
	placeUploadMaxMB  = 20
	placeUploadMax    = placeUploadMaxMB << 20
	placeUploadKeep   = 7 * 24 * time.Hour
	placeReportListed = 200 // rows of each table shown on the page; the JSON has them all
)

// Owners of imported places, as the form offers them.
const (
	ownerStructure = "structure"
	ownerNational  = "national"
)

type placeImportFormData struct {
	Uploads   []store.PlaceUpload
	Owners    []option
	MaxSizeMB int
}

func (s *Server) placeImportForm(w http.ResponseWriter, r *http.Request) {
	s.renderPlaceImportForm(w, r, http.StatusOK, nil)
}

func (s *Server) renderPlaceImportForm(w http.ResponseWriter, r *http.Request, status int, f *form) {
	a := actorFrom(r)
	uploads, err := s.store.PlaceUploads(r.Context(), a.StructureID(), 20)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "placefile_import", page{Title: "Importer des lieux", Form: f, Data: placeImportFormData{
		Uploads:   uploads,
		Owners:    placeImportOwners(a),
		MaxSizeMB: placeUploadMaxMB,
	}})
}

func placeImportOwners(a *account.Actor) []option {
	return []option{
		{Value: ownerNational, Label: "Données ouvertes du territoire, sans structure propriétaire", Hint: "Pour un fichier national ou régional (cartographie nationale, hub) : personne ne modifie ces lieux dans Parcours, un nouvel import les met à jour."},
		{Value: ownerStructure, Label: "Lieux de " + a.Membership.StructureName, Hint: "Votre structure pourra les modifier ; un import suivant les met à jour."},
	}
}

// placeImportUpload reads the file, checks it without writing, keeps it in
// the database and shows the report.
func (s *Server) placeImportUpload(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	r.Body = http.MaxBytesReader(w, r.Body, placeUploadMax+1<<20)
	f := &form{}
	fail := func(field, msg string) {
		f.Fail(fieldError(field, msg))
		s.renderPlaceImportForm(w, r, http.StatusUnprocessableEntity, f)
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			fail("fichier", fmt.Sprintf("Le fichier dépasse %d Mo. Découpez-le, ou importez-le avec la commande « parcours import lieux ».", placeUploadMaxMB))
		default:
			fail("fichier", "Choisissez le fichier à importer (CSV ou JSON).")
		}
		return
	}
	defer r.MultipartForm.RemoveAll()
	f = newForm(r)
	owner := r.PostFormValue("proprietaire")
	file, header, err := r.FormFile("fichier")
	if err != nil {
		f.Errors = append(f.Errors, apperr.FieldError{Field: "fichier", Message: "Choisissez le fichier à importer (CSV ou JSON)."})
	}
	if owner != ownerStructure && owner != ownerNational {
		f.Errors = append(f.Errors, apperr.FieldError{Field: "proprietaire", Message: "Dites à qui appartiennent ces lieux."})
	}
	if len(f.Errors) > 0 {
		s.renderPlaceImportForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, placeUploadMax+1))
	switch {
	case err != nil:
		fail("fichier", "Le fichier n'a pas pu être lu jusqu'au bout : envoyez-le de nouveau.")
		return
	case len(data) > placeUploadMax:
		fail("fichier", fmt.Sprintf("Le fichier dépasse %d Mo. Découpez-le, ou importez-le avec la commande « parcours import lieux ».", placeUploadMaxMB))
		return
	case len(data) == 0:
		fail("fichier", "Le fichier est vide.")
		return
	}
	u := store.PlaceUpload{StructureID: a.StructureID(), UserID: a.User.ID, FileName: uploadName(header.Filename)}
	if owner == ownerStructure {
		u.OwnerStructureID = a.StructureID()
	}
	now := s.cfg.Now()
	rep, err := placefile.Import(r.Context(), s.store, data, placefile.Options{DryRun: true, StructureID: u.OwnerStructureID, Now: now})
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			fail("fichier", apperr.MessageOf(err))
			return
		}
		s.serverError(w, r, err)
		return
	}
	u.Format, u.Report = rep.Format.String(), rep.JSON()
	if _, err := s.store.PrunePlaceUploads(r.Context(), now.Add(-placeUploadKeep), now); err != nil {
		s.log.Error("nettoyage des imports de lieux", "err", err)
	}
	if err := s.store.CreatePlaceUpload(r.Context(), &u, data, now); err != nil {
		s.serverError(w, r, err)
		return
	}
	redirect(w, r, placeUploadPath(u.ID))
}

func placeUploadPath(id int64) string {
	return "/espace/lieux/import/fichiers/" + strconv.FormatInt(id, 10)
}

// uploadName keeps the base name of the user's file, short and printable.
func uploadName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 120 {
		name = string([]rune(name)[:120])
	}
	if name == "" || name == "." || name == "/" {
		name = "fichier"
	}
	return name
}

// placeUpload loads an upload the actor may see: its structure's, or any
// for the platform administration; others answer 404.
func (s *Server) placeUpload(r *http.Request) (store.PlaceUpload, int64, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return store.PlaceUpload{}, 0, apperr.NotFoundError()
	}
	a := actorFrom(r)
	if a.Can(account.PermManagePlatform) {
		u, err := s.store.AnyPlaceUpload(r.Context(), id)
		return u, 0, err
	}
	u, err := s.store.PlaceUpload(r.Context(), a.StructureID(), id)
	return u, a.StructureID(), err
}

type placeImportReportData struct {
	Upload           store.PlaceUpload
	Report           *placefile.Report
	Waiting          bool
	Imported         bool
	OwnerName        string
	RejectionReasons []placefile.Reason
	WarningReasons   []placefile.Reason
	Rejected         []placefile.Rejected
	Warnings         []placefile.Warning
	MoreRejected     int
	MoreWarnings     int
}

func (s *Server) placeImportReport(w http.ResponseWriter, r *http.Request) {
	u, _, err := s.placeUpload(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	raw := u.Report
	if u.Status == store.UploadImported {
		raw = u.Result
	}
	rep, err := placefile.ParseReport(raw)
	if err != nil {
		s.serverError(w, r, fmt.Errorf("rapport d'import %d illisible : %w", u.ID, err))
		return
	}
	d := placeImportReportData{
		Upload: u, Report: rep, Waiting: u.Status == store.UploadChecked, Imported: u.Status == store.UploadImported,
		OwnerName:        "données ouvertes, sans structure propriétaire",
		RejectionReasons: rep.RejectionReasons(8), WarningReasons: rep.WarningReasons(10),
		Rejected: rep.Rejected, Warnings: rep.Warnings,
	}
	if u.OwnerStructureID != 0 {
		if st, err := s.store.Structure(r.Context(), u.OwnerStructureID); err == nil {
			d.OwnerName = st.Name
		}
	}
	if n := len(d.Rejected); n > placeReportListed {
		d.Rejected, d.MoreRejected = d.Rejected[:placeReportListed], n-placeReportListed
	}
	if n := len(d.Warnings); n > placeReportListed {
		d.Warnings, d.MoreWarnings = d.Warnings[:placeReportListed], n-placeReportListed
	}
	title := "Vérification du fichier " + u.FileName
	if d.Imported {
		title = "Import du fichier " + u.FileName
	}
	s.render(w, r, http.StatusOK, "placefile_report", page{Title: title, Data: d})
}

// placeImportReportJSON downloads the whole report (the import's once done).
func (s *Server) placeImportReportJSON(w http.ResponseWriter, r *http.Request) {
	u, _, err := s.placeUpload(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	body := u.Report
	if u.Status == store.UploadImported {
		body = u.Result
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="rapport-import-lieux-%d.json"`, u.ID))
	w.Write(body)
}

// placeImportConfirm imports the kept file for real, in one transaction.
func (s *Server) placeImportConfirm(w http.ResponseWriter, r *http.Request) {
	u, scope, err := s.placeUpload(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Status != store.UploadChecked {
		s.flash(r, "Ce fichier a déjà été importé ou abandonné : rien n'a été refait.")
		redirect(w, r, placeUploadPath(u.ID))
		return
	}
	content, err := s.store.PlaceUploadContent(r.Context(), scope, u.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := placefile.Import(r.Context(), s.store, content, placefile.Options{StructureID: u.OwnerStructureID, UploadID: u.ID, Now: s.cfg.Now()})
	switch {
	case apperr.CodeOf(err) == apperr.Conflict:
		s.flash(r, apperr.MessageOf(err))
		redirect(w, r, placeUploadPath(u.ID))
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.log.Info("lieux importés", "import", u.ID, "structure", u.StructureID, "utilisateur", actorFrom(r).User.ID,
		"total", rep.Total, "importés", rep.Imported, "mis_à_jour", rep.Updated, "refusés", len(rep.Rejected))
	s.flash(r, "Import terminé. "+rep.Summary())
	redirect(w, r, placeUploadPath(u.ID))
}

// placeImportCancel abandons a checked file; its content is dropped.
func (s *Server) placeImportCancel(w http.ResponseWriter, r *http.Request) {
	u, scope, err := s.placeUpload(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	done, err := s.store.CancelPlaceUpload(r.Context(), scope, u.ID, s.cfg.Now())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if done {
		s.flash(r, "Le fichier "+u.FileName+" est abandonné : rien n'a été importé.")
	} else {
		s.flash(r, "Ce fichier avait déjà été importé ou abandonné.")
	}
	redirect(w, r, "/espace/lieux/import")
}
