package resources

import (
	"net/http"
	"net/url"

	"github.com/parcours-numerique/parcours/internal/resource"
	resourcesvc "github.com/parcours-numerique/parcours/internal/service/resources"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type listData struct {
	Resources                 []resource.Resource
	Themes, Levels, Audiences []ui.Option
	Filtered                  bool
}

// List is the territory's library, searched by the query string's words
// (q), theme, level (niveau) and audience (public).
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	qs := r.URL.Query()
	q := resourcesvc.Query{Words: qs.Get("q"), Theme: qs.Get("theme"), Level: qs.Get("niveau"), Audience: qs.Get("public")}
	f := &ui.Form{Values: url.Values{}}
	for _, k := range []string{"q", "theme", "niveau", "public"} {
		f.Set(k, qs.Get(k))
	}
	status := http.StatusOK
	list, err := h.lib.Search(r.Context(), ui.Actor(r), q)
	if err != nil {
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		status = http.StatusUnprocessableEntity
	}
	d := listData{Resources: list, Filtered: q != resourcesvc.Query{},
		Themes:    append([]ui.Option{{Value: "", Label: "Tous les thèmes"}}, ui.Choices(resource.Themes)...),
		Levels:    append([]ui.Option{{Value: "", Label: "Tous les niveaux"}}, ui.Choices(resource.Levels)...),
		Audiences: append([]ui.Option{{Value: "", Label: "Tous les publics"}}, ui.Choices(resource.Audiences)...)}
	h.site.Render(w, r, status, "resource_list", ui.Page{Title: "Bibliothèque de ressources du territoire", Form: f, Data: d})
}
