// Package figuresapi serves the API operations of coordination and
// evaluation: the statistics and bilans of the caller's structure or
// territory (as JSON, PDF and XLSX), the activities export in La Coop's
// layout, and the coordinators' own activities.
package figuresapi

import (
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/figures"
)

// API serves the figures' operations through the application's services.
type API struct {
	app *app.App
	log *slog.Logger
}

// New returns the figures' operations.
func New(ap *app.App, log *slog.Logger) *API { return &API{app: ap, log: log} }

// Fail answers with the API's structured error.
func (a *API) Fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }

// Routes lists this capability's API operations.
func (a *API) Routes() []apiio.Route {
	const p = apiio.Prefix
	return []apiio.Route{
		{Pattern: "GET " + p + "/statistiques", OperationID: "getActivityStatistics", Perm: account.PermReadActivities, Handler: a.getActivityStatistics},
		{Pattern: "GET " + p + "/bilans", OperationID: "getBilan", Perm: account.PermReadActivities, Handler: a.getBilan},
		{Pattern: "GET " + p + "/bilans/bilan.pdf", OperationID: "getBilanPDF", Perm: account.PermReadActivities, Handler: a.getBilanPDF},
		{Pattern: "GET " + p + "/bilans/bilan.xlsx", OperationID: "getBilanXLSX", Perm: account.PermReadActivities, Handler: a.getBilanXLSX},
		{Pattern: "GET " + p + "/activites/export", OperationID: "exportActivities", Perm: account.PermReadActivities, Handler: a.exportActivities},
		{Pattern: "GET " + p + "/activites-coordination", OperationID: "listCoordinationActivities", Perm: account.PermNetworkAnimate, Handler: a.listCoordinationActivities},
		{Pattern: "POST " + p + "/activites-coordination", OperationID: "createCoordinationActivity", Perm: account.PermNetworkAnimate, Handler: a.createCoordinationActivity},
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

// getBilan is the bilan of a period: the figures, and the progress of the
// territory's action plan (the structure's actions for its own bilan).
func (a *API) getBilan(w http.ResponseWriter, r *http.Request) {
	f, err := figureFilter(r, "du", "au", "structure", "conseiller", "commune", "periode", "fin")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	b, _, err := a.app.Figures.Bilan(r.Context(), account.ActorFrom(r.Context()), f)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, b.Document())
}

// bilanFile streams the bilan as a file; an error once the file has begun
// can only be logged.
func (a *API) bilanFile(w http.ResponseWriter, r *http.Request, ext, contentType string, write func(activitystats.Bilan, io.Writer) error) {
	f, err := figureFilter(r, "du", "au", "structure", "conseiller", "commune", "periode", "fin")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	b, v, err := a.app.Figures.Bilan(r.Context(), account.ActorFrom(r.Context()), f)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="bilan-`+v.Filter.From+`-`+v.Filter.To+`.`+ext+`"`)
	if err := write(b, w); err != nil {
		a.log.ErrorContext(r.Context(), "bilan file", "format", ext, "err", err)
	}
}

func (a *API) getBilanPDF(w http.ResponseWriter, r *http.Request) {
	a.bilanFile(w, r, "pdf", "application/pdf", func(b activitystats.Bilan, w io.Writer) error { return b.WritePDF(w) })
}

func (a *API) getBilanXLSX(w http.ResponseWriter, r *http.Request) {
	a.bilanFile(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", func(b activitystats.Bilan, w io.Writer) error { return b.WriteXLSX(w) })
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
