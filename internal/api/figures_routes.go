package api

// Activity figures: the statistics and bilans of the caller's structure or
// territory, and the activities export in La Coop's layout.

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/figures"
)

// figuresRoutes lists this capability's API operations.
func (a *API) figuresRoutes() []Route {
	return []Route{
		{Pattern: "GET " + Prefix + "/statistiques", OperationID: "getActivityStatistics", Perm: account.PermReadActivities, Handler: a.getActivityStatistics},
		{Pattern: "GET " + Prefix + "/bilans", OperationID: "getBilan", Perm: account.PermReadActivities, Handler: a.getBilan},
		{Pattern: "GET " + Prefix + "/activites/export", OperationID: "exportActivities", Perm: account.PermReadActivities, Handler: a.exportActivities},
	}
}

// figureFilter reads du, au, structure, conseiller, commune and, for a
// bilan, periode and fin; any other parameter is refused.
func figureFilter(r *http.Request, allowed ...string) (figures.Filter, error) {
	q := r.URL.Query()
	var v apperr.Validation
	ok := map[string]bool{}
	for _, k := range allowed {
		ok[k] = true
	}
	for k := range q {
		if !ok[k] {
			v.Add(k, "Paramètre inconnu « "+k+" » : "+strings.Join(allowed, ", ")+".")
		}
	}
	f := figures.Filter{From: q.Get("du"), To: q.Get("au"), CommuneCode: strings.ToUpper(q.Get("commune"))}
	for name, dst := range map[string]*int64{"structure": &f.StructureID, "conseiller": &f.AuthorID} {
		if s := q.Get(name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				v.Add(name, "Identifiant numérique attendu.")
			}
			*dst = n
		}
	}
	if p := q.Get("periode"); p != "" {
		from, to, valid := figures.PeriodOf(p, q.Get("fin"))
		if !valid {
			v.Add("periode", "Période : mois, trimestre ou annee, avec fin=AAAA-MM-JJ.")
		}
		f.From, f.To = from, to
	}
	return f, v.Err()
}

func (a *API) figures(w http.ResponseWriter, r *http.Request, title string, allowed ...string) {
	f, err := figureFilter(r, allowed...)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	v, err := a.app.Figures.Dashboard(r.Context(), account.ActorFrom(r.Context()), f)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if title == "" {
		title = v.Title
	}
	apiio.WriteJSON(w, http.StatusOK, activitystats.Bilan{Title: title, Figures: v.Figures, Protected: v.Protected}.Document())
}

func (a *API) getActivityStatistics(w http.ResponseWriter, r *http.Request) {
	a.figures(w, r, "", "du", "au", "structure", "conseiller", "commune")
}

func (a *API) getBilan(w http.ResponseWriter, r *http.Request) {
	a.figures(w, r, "Bilan", "du", "au", "structure", "conseiller", "commune", "periode", "fin")
}

func (a *API) exportActivities(w http.ResponseWriter, r *http.Request) {
	f, err := figureFilter(r, "du", "au")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	rows, err := a.app.Activities.ExportCoop(r.Context(), account.ActorFrom(r.Context()), f.From, f.To)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if rows == nil {
		rows = [][]string{}
	}
	apiio.WriteJSON(w, http.StatusOK, struct {
		Columns []string   `json:"colonnes"`
		Rows    [][]string `json:"lignes"`
	}{Columns: activity.CoopColumns, Rows: rows})
}
