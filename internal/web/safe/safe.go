// Package safe serves the screens of the document safe: on a followed
// person's page the conseiller opens it with the person's consent, adds,
// reads, shares and deletes documents; the person's own pages, without an
// account, open with a code sent by SMS to their phone; a share link
// downloads one document until it expires.
package safe

import (
	"embed"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	safesvc "github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the safe's screens.
type Handlers struct {
	site     *ui.Site
	safe     *safesvc.Service
	clientIP func(*http.Request) string
}

// New registers the pages' templates with the site.
func New(site *ui.Site, svc *safesvc.Service, clientIP func(*http.Request) string) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html", "templates/partials/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, safe: svc, clientIP: clientIP}, nil
}

// Options of the forms.
func kindOptions() []ui.Option {
	out := []ui.Option{{Value: "", Label: "Choisir le type"}}
	for _, k := range docsafe.Kinds {
		out = append(out, ui.Option{Value: k.Value, Label: k.Label})
	}
	return out
}

func durationOptions() []ui.Option {
	var out []ui.Option
	for _, d := range docsafe.ShareDurations {
		out = append(out, ui.Option{Value: d.Value, Label: d.Label})
	}
	return out
}

// shown puts on the form the errors a form shows (a field to correct, a
// refusal to explain); a missing object, a forbidden one or an internal
// error answers with its page.
func shown(f *ui.Form, err error) bool {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.Conflict, apperr.TooManyRequests:
		return f.Fail(err)
	}
	return false
}

// errConfirmDelete asks for the box that confirms a deletion.
var errConfirmDelete = apperr.New(apperr.Invalid, "Cochez la case « Je confirme » sous le document pour le supprimer.")

// item is one document as its card shows it: the forms post under Base.
type item struct {
	Doc       docsafe.Document
	Base      string
	Durations []ui.Option
	Now       time.Time
}

func items(docs []docsafe.Document, base string, now time.Time) []item {
	out := make([]item, len(docs))
	for i, d := range docs {
		out[i] = item{Doc: d, Base: base, Durations: durationOptions(), Now: now}
	}
	return out
}

// send writes a document as the response body, never inside a page or
// JSON: the browser saves it, nothing keeps a copy.
func send(w http.ResponseWriter, d docsafe.Document, b []byte) {
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Content-Disposition", `attachment; filename="`+d.Kind+"-"+strconv.FormatInt(d.ID, 10)+d.Extension()+`"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(b)
}

// readUpload reads the multipart form of a new document (the file and its
// fields); a refusal names the field.
func readUpload(w http.ResponseWriter, r *http.Request) (safesvc.Upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, docsafe.MaxUpload+(64<<10))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return safesvc.Upload{}, docsafe.ErrTooLarge
		}
		return safesvc.Upload{}, apperr.Field("fichier", "Choisissez le fichier : un PDF, ou une photo JPEG ou PNG.")
	}
	defer r.MultipartForm.RemoveAll()
	in := safesvc.Upload{Kind: r.FormValue("type"), Title: r.FormValue("titre"), ExpiresOn: readDate(r.FormValue("expiration"))}
	file, _, err := r.FormFile("fichier")
	if err != nil {
		return in, nil // the service names the missing file
	}
	defer file.Close()
	in.Data, err = io.ReadAll(file)
	if err != nil {
		return in, apperr.Field("fichier", "Le fichier n'a pas pu être lu jusqu'au bout : envoyez-le de nouveau.")
	}
	return in, nil
}

// readDate accepts 07/03/2027 as typed in France, or 2027-03-07 from a
// date picker; anything else goes on for the service to refuse.
func readDate(s string) string {
	if t, err := time.Parse("02/01/2006", s); err == nil {
		return t.Format("2006-01-02")
	}
	return s
}
