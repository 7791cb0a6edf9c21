// Package placefiles holds the use cases of place files: importing a file
// of lieux de médiation numérique (check, read the report, confirm), and
// publishing the open places as open data (the schema's CSV and JSON, the
// API's pages and records). The web upload, the command line and any job
// import through the same method; the open-data file and the command's
// export write through the same method.
package placefiles

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Uploaded files: at most this size, kept this long unconfirmed.
const (
	MaxUploadMB = 20
	MaxUpload   = MaxUploadMB << 20
	UploadKept  = 7 * 24 * time.Hour
)

// Owners of the places a file creates, as Upload.Owner names them.
const (
	OwnerStructure = "structure" // the uploader's structure
	OwnerOpenData  = "national"  // no structure: open data, updated by the next import
)

// Service is the place files' use cases.
type Service struct {
	st  *placestore.Store
	now func() time.Time
	log *slog.Logger
}

// New returns the service.
func New(st *placestore.Store, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{st: st, now: now, log: log}
}

// Import is a file to import and how.
type Import struct {
	Data []byte
	// File, when set, is read instead of Data as the import goes, never
	// whole: a file of any size imports in bounded memory.
	File io.ReadSeeker
	// Owner owns the places the file creates, and only its places are
	// updated; the zero scope is open data, owned by no structure.
	Owner scope.Structure
	// DefaultSource is the upsert source of rows without a "source" value.
	DefaultSource string
	DryRun        bool // check only: nothing is written
	CommitEvery   int  // commit every N rows; 0: the whole file in one transaction
	Progress      func(rows int, done float64)
	uploadID      int64 // the web upload this import confirms
}

// run is the one import every caller goes through.
func (s *Service) run(ctx context.Context, in Import) (*placefile.Report, error) {
	owner, _ := in.Owner.ID()
	file := in.File
	if file == nil {
		file = bytes.NewReader(in.Data)
	}
	return placefile.ImportFile(ctx, s.st, file, placefile.Options{
		StructureID: owner, DefaultSource: in.DefaultSource, DryRun: in.DryRun, CommitEvery: in.CommitEvery,
		Now: s.now(), Progress: in.Progress, UploadID: in.uploadID,
	})
}

// ImportAsOperator imports a file for whoever runs the platform with access
// to its database (the command line): any owner, any size.
func (s *Service) ImportAsOperator(ctx context.Context, in Import) (*placefile.Report, error) {
	return s.run(ctx, in)
}

// Upload is a file sent from the web.
type Upload struct {
	FileName string
	Data     []byte
	Owner    string // OwnerStructure or OwnerOpenData
}

// Check reads an uploaded file without importing anything, keeps it with
// its report for confirmation, and returns it. Field errors name "fichier"
// and "proprietaire".
func (s *Service) Check(ctx context.Context, a *account.Actor, in Upload) (placestore.PlaceUpload, error) {
	if err := a.Require(account.PermImportPlaces); err != nil {
		return placestore.PlaceUpload{}, err
	}
	var v apperr.Validation
	switch {
	case in.Data == nil:
		v.Add("fichier", "Choisissez le fichier à importer (CSV ou JSON).")
	case len(in.Data) == 0:
		v.Add("fichier", "Le fichier est vide.")
	case len(in.Data) > MaxUpload:
		v.Add("fichier", TooBig)
	}
	if in.Owner != OwnerStructure && in.Owner != OwnerOpenData {
		v.Add("proprietaire", "Dites à qui appartiennent ces lieux.")
	}
	if err := v.Err(); err != nil {
		return placestore.PlaceUpload{}, err
	}
	u := placestore.PlaceUpload{UserID: a.User.ID, FileName: uploadName(in.FileName)}
	im := Import{Data: in.Data, DryRun: true}
	if in.Owner == OwnerStructure {
		u.OwnerStructureID, im.Owner = a.StructureID(), a.Scope()
	}
	rep, err := s.run(ctx, im)
	if err != nil {
		if apperr.CodeOf(err) == apperr.Invalid {
			return u, &apperr.Error{Code: apperr.Invalid, Message: apperr.MessageOf(err), Fields: []apperr.FieldError{{Field: "fichier", Message: apperr.MessageOf(err)}}}
		}
		return u, err
	}
	u.Format, u.Report = rep.Format.String(), rep.JSON()
	if _, err := s.st.PrunePlaceUploads(ctx, s.now().Add(-UploadKept), s.now()); err != nil {
		s.log.Error("nettoyage des imports de lieux", "err", err)
	}
	return u, s.st.CreatePlaceUpload(ctx, a.Scope(), &u, in.Data, s.now())
}

// TooBig is the message for a file over MaxUploadMB.
var TooBig = fmt.Sprintf("Le fichier dépasse %d Mo. Découpez-le, ou importez-le avec la commande « parcours import lieux ».", MaxUploadMB)

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

// Uploads lists the latest files of the actor's structure, newest first.
func (s *Service) Uploads(ctx context.Context, a *account.Actor) ([]placestore.PlaceUpload, error) {
	if err := a.Require(account.PermImportPlaces); err != nil {
		return nil, err
	}
	return s.st.PlaceUploads(ctx, a.Scope(), 20)
}

// upload loads a file the actor may see: its structure's, or any for the
// platform administration; others answer not found.
func (s *Service) upload(ctx context.Context, a *account.Actor, id int64) (placestore.PlaceUpload, bool, error) {
	if err := a.Require(account.PermImportPlaces); err != nil {
		return placestore.PlaceUpload{}, false, err
	}
	u, err := s.st.PlaceUpload(ctx, a.Scope(), id)
	if apperr.Is(err, apperr.NotFound) && a.Can(account.PermManagePlatform) {
		u, err = s.st.PlaceUploadInTerritory(ctx, scope.Platform(), id)
		return u, true, err
	}
	return u, false, err
}

// Checked is an uploaded file with its report: the check's while it
// waits, the import's once imported.
type Checked struct {
	Upload    placestore.PlaceUpload
	Report    *placefile.Report
	ReportRaw []byte // the report as JSON, for download
	Owner     string // who owns the places it creates, in words
}

// Waiting reports whether the file waits for confirmation.
func (c Checked) Waiting() bool { return c.Upload.Status == placestore.UploadChecked }

// Imported reports whether the file was imported.
func (c Checked) Imported() bool { return c.Upload.Status == placestore.UploadImported }

// Get returns an uploaded file the actor may see, with its report.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (Checked, error) {
	u, _, err := s.upload(ctx, a, id)
	if err != nil {
		return Checked{}, err
	}
	c := Checked{Upload: u, ReportRaw: u.Report, Owner: "données ouvertes, sans structure propriétaire"}
	if u.Status == placestore.UploadImported {
		c.ReportRaw = u.Result
	}
	if c.Report, err = placefile.ParseReport(c.ReportRaw); err != nil {
		return c, fmt.Errorf("rapport d'import %d illisible : %w", u.ID, err)
	}
	if u.OwnerStructureID != 0 {
		if st, err := s.st.Structure(ctx, u.OwnerStructureID); err == nil {
			c.Owner = st.Name
		}
	}
	return c, nil
}

// ErrDone is the conflict of a file already imported or abandoned.
var ErrDone = apperr.New(apperr.Conflict, "Ce fichier a déjà été importé ou abandonné : rien n'a été refait.")

// Confirm imports a checked file for real, in one transaction that also
// marks it imported, so that it is never imported twice.
func (s *Service) Confirm(ctx context.Context, a *account.Actor, id int64) (placestore.PlaceUpload, *placefile.Report, error) {
	u, wide, err := s.upload(ctx, a, id)
	if err != nil {
		return u, nil, err
	}
	if u.Status != placestore.UploadChecked {
		return u, nil, ErrDone
	}
	var content []byte
	if wide {
		content, err = s.st.PlaceUploadContentInTerritory(ctx, scope.Platform(), u.ID)
	} else {
		content, err = s.st.PlaceUploadContent(ctx, a.Scope(), u.ID)
	}
	if err != nil {
		return u, nil, err
	}
	rep, err := s.run(ctx, Import{Data: content, Owner: scope.OfStructure(u.OwnerStructureID), uploadID: u.ID})
	if err != nil {
		return u, nil, err
	}
	s.log.Info("lieux importés", "import", u.ID, "structure", u.StructureID, "utilisateur", a.User.ID,
		"total", rep.Total, "importés", rep.Imported, "mis_à_jour", rep.Updated, "refusés", len(rep.Rejected))
	return u, rep, nil
}

// Cancel abandons a checked file and drops its content; done is false when
// it was no longer waiting.
func (s *Service) Cancel(ctx context.Context, a *account.Actor, id int64) (u placestore.PlaceUpload, done bool, err error) {
	u, wide, err := s.upload(ctx, a, id)
	if err != nil {
		return u, false, err
	}
	if wide {
		done, err = s.st.CancelPlaceUploadInTerritory(ctx, scope.Platform(), u.ID, s.now())
	} else {
		done, err = s.st.CancelPlaceUpload(ctx, a.Scope(), u.ID, s.now())
	}
	return u, done, err
}
