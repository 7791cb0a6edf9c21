// Package resources serves the screens of the library of teaching
// resources: the territory's list with its filters (words, theme, level,
// audience) working without JavaScript, a resource's page with its
// download, and the forms to share, change and delete a resource.
package resources

import (
	"embed"
	"errors"
	"io"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/resource"
	resourcesvc "github.com/parcours-numerique/parcours/internal/service/resources"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the library's screens.
type Handlers struct {
	site *ui.Site
	lib  *resourcesvc.Service
}

// Menu lists the staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Ressources", Href: "/espace/ressources", Perm: account.PermResources},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, lib *resourcesvc.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, lib: lib}, nil
}

// shown records a validation error on the form; other errors are not shown there.
func shown(f *ui.Form, err error) bool {
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
		return false
	}
	return f.Fail(err)
}

// readForm reads the multipart form of a resource and its file (20 MB at
// most); a refusal names the field.
func readForm(w http.ResponseWriter, r *http.Request) (resourcesvc.Upload, error) {
	r.Body = http.MaxBytesReader(w, r.Body, resource.MaxFile+(256<<10))
	err := r.ParseMultipartForm(1 << 20)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return resourcesvc.Upload{}, resource.ErrFileTooBig
	case errors.Is(err, http.ErrNotMultipart):
		if err := r.ParseForm(); err != nil {
			return resourcesvc.Upload{}, apperr.New(apperr.Invalid, "Formulaire illisible : envoyez-le de nouveau.")
		}
		return resourcesvc.Upload{}, nil
	case err != nil:
		return resourcesvc.Upload{}, apperr.New(apperr.Invalid, "Formulaire illisible : envoyez-le de nouveau.")
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("fichier")
	if err != nil {
		return resourcesvc.Upload{}, nil // no file: a link, or the service names the missing file
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, resource.MaxFile+1))
	if err != nil {
		return resourcesvc.Upload{}, apperr.Field("fichier", "Le fichier n'a pas pu être lu jusqu'au bout : envoyez-le de nouveau.")
	}
	return resourcesvc.Upload{Name: hdr.Filename, Data: b}, nil
}

// input reads the description fields of the posted form.
func input(r *http.Request) resource.Resource {
	return resource.Resource{Title: r.PostFormValue("titre"), Summary: r.PostFormValue("resume"), Themes: r.PostForm["themes"], Level: r.PostFormValue("niveau"),
		Audiences: r.PostForm["publics"], Licence: r.PostFormValue("licence"), Link: r.PostFormValue("lien")}
}

// fill puts a resource's fields on a form.
func fill(f *ui.Form, res resource.Resource) {
	f.Set("titre", res.Title)
	f.Set("resume", res.Summary)
	f.Set("niveau", res.Level)
	f.Set("licence", res.Licence)
	f.Set("lien", res.Link)
	f.Values["themes"] = res.Themes
	f.Values["publics"] = res.Audiences
}

// formData is what the resource form shows.
type formData struct {
	ID                                  int64
	IsFile                              bool // the resource is a file: the form offers to replace it
	FileLabel                           string
	Themes, Levels, Audiences, Licences []ui.Option
}

func newFormData(id int64, res resource.Resource) formData {
	d := formData{ID: id, IsFile: res.IsFile(), Themes: ui.Choices(resource.Themes), Audiences: ui.Choices(resource.Audiences),
		Levels:   append([]ui.Option{{Value: "", Label: "Tous niveaux"}}, ui.Choices(resource.Levels)...),
		Licences: append([]ui.Option{{Value: "", Label: "Choisir la licence"}}, ui.Choices(resource.Licences)...)}
	if d.IsFile {
		d.FileLabel = res.FileName + " (" + res.KindLabel() + ", " + res.SizeLabel() + ")"
	}
	return d
}
