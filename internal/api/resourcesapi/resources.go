// Package resourcesapi serves the API operations of the library of
// teaching resources: search the territory's library, read a resource and
// download its file.
package resourcesapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/resource"
	resourcesvc "github.com/parcours-numerique/parcours/internal/service/resources"
)

// API serves the library's operations through the application's services.
type API struct {
	app *app.App
	log *slog.Logger
}

// New returns the library's operations.
func New(ap *app.App, log *slog.Logger) *API { return &API{app: ap, log: log} }

func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }

// Routes lists this capability's API operations.
func (a *API) Routes() []apiio.Route {
	const p = apiio.Prefix + "/ressources"
	return []apiio.Route{
		{Pattern: "GET " + p, OperationID: "listResources", Perm: account.PermResources, Handler: a.list},
		{Pattern: "GET " + p + "/{id}", OperationID: "getResource", Perm: account.PermResources, Handler: a.get},
		{Pattern: "GET " + p + "/{id}/fichier", OperationID: "getResourceFile", Perm: account.PermResources, Handler: a.file},
	}
}

type resourceOut struct {
	ID          int64     `json:"id"`
	Title       string    `json:"titre"`
	Summary     string    `json:"resume"`
	Themes      []string  `json:"thematiques"`
	Level       string    `json:"niveau"`
	Audiences   []string  `json:"publics"`
	Licence     string    `json:"licence"`
	Kind        string    `json:"type"`
	Link        string    `json:"lien"`
	FileName    string    `json:"nom_fichier"`
	FileType    string    `json:"type_fichier"`
	FileSize    int64     `json:"taille_fichier"`
	StructureID int64     `json:"structure"`
	Structure   string    `json:"nom_structure"`
	CreatedAt   time.Time `json:"cree_le"`
	UpdatedAt   time.Time `json:"modifie_le"`
}

func resourceJSON(r resource.Resource) resourceOut {
	o := resourceOut{ID: r.ID, Title: r.Title, Summary: r.Summary, Themes: r.Themes, Level: r.Level, Audiences: r.Audiences, Licence: r.Licence,
		Kind: "lien", Link: r.Link, StructureID: r.StructureID, Structure: r.StructureName, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.IsFile() {
		o.Kind, o.FileName, o.FileType, o.FileSize = "fichier", resource.DownloadName(r), r.FileType, r.FileSize
	}
	if o.Themes == nil {
		o.Themes = []string{}
	}
	if o.Audiences == nil {
		o.Audiences = []string{}
	}
	return o
}

func (a *API) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	list, err := a.app.Resources.Search(r.Context(), account.ActorFrom(r.Context()),
		resourcesvc.Query{Words: q.Get("q"), Theme: q.Get("theme"), Level: q.Get("niveau"), Audience: q.Get("public")})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteList(w, "ressources", list, resourceJSON)
}

func (a *API) get(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	res, err := a.app.Resources.Get(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, resourceJSON(res))
}

func (a *API) file(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	res, b, err := a.app.Resources.File(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	resource.Send(w, res, b)
}
