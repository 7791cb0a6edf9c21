package reception

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

const activitiesPerPage = 50

type activityListData struct {
	Activities []activity.Activity
	Total      int
	From, To   string
	Prev, Next string
	Territory  bool // the territory's activities: a structure column, no link to one activity
	// The exports' addresses, the period included: the template writes
	// them as whole URLs so that the query string is not escaped.
	ExportXLSX, ExportCSV string
	// Figure is the dashboard's figure whose sessions are listed, in
	// words; Unfiltered lists the whole period again.
	Figure, Unfiltered string
	Kept               []ui.Option // the figure's filters, kept when the period changes: name, value
	// Accompaniments is, for a figure of persons accompanied, how many
	// accompaniments the sessions listed count under it; -1 otherwise.
	Accompaniments int
	// Amendable holds the activities listed that the reader may correct:
	// theirs, and every one of the structure for its manager.
	Amendable map[int64]bool
}

// figureFilter reads the dashboard's filters and figure a list comes from.
func figureFilter(q url.Values) (f activities.Filter, kept url.Values) {
	kept = url.Values{}
	f.StructureID, _ = strconv.ParseInt(q.Get("structure"), 10, 64)
	f.AuthorID, _ = strconv.ParseInt(q.Get("conseiller"), 10, 64)
	f.CommuneCode = q.Get("commune")
	f.Breakdown, f.BreakdownKey = q.Get("tableau"), q.Get("valeur")
	for _, k := range []string{"structure", "conseiller", "commune", "tableau", "valeur"} {
		if v := q.Get(k); v != "" {
			kept.Set(k, v)
		}
	}
	return f, kept
}

// figureWords says which sessions a figure counts, for the list's heading.
func figureWords(f activities.Filter, acts []activity.Activity) string {
	if f.Breakdown == "" {
		return ""
	}
	label := f.BreakdownKey
	switch f.Breakdown {
	case "type":
		label = person.Label(activity.Types, label)
	case "canal":
		label = person.Label(activity.Canals, label)
	case "thematique":
		label = person.Label(activity.Themes, label)
	case "demarche":
		label = person.Label(activity.Procedures, label)
	case "materiel":
		label = person.Label(activity.Equipment, label)
	case "autonomie":
		label = person.Label(activity.Autonomy, label)
	case "orientation":
		label = person.Label(activity.OrientationKinds, label)
	case "autonomie_seances":
		rank, autonomy, _ := strings.Cut(label, ":")
		switch rank {
		case "1":
			rank = "1re séance"
		case "4+":
			rank = "4e séance et suivantes"
		default:
			rank += "e séance"
		}
		label = rank + " · " + person.Label(activity.Autonomy, autonomy)
	case "genre":
		label = person.Label(person.Genders, label)
	case "age":
		label = person.Label(person.AgeBands, label)
	case "statut":
		label = person.Label(person.SocialStatuses, label)
	case "personnes":
		label = map[string]string{"nouvelles": "premier accompagnement (personne suivie)", "revenues": "déjà accompagnée (personne suivie)", "anonymes": "anonyme"}[label]
	case "commune":
		label = person.CommuneLabel(label)
	case "duree":
		for _, b := range activitystats.DurationBuckets {
			if b.Key == label {
				label = b.Label
			}
		}
	case "structure":
		if len(acts) > 0 {
			label = acts[0].StructureName
		}
	}
	return activity.Breakdowns[f.Breakdown] + " : " + label
}

// activityPeriod reads the period of a list or an export; a date that
// cannot be read is left out.
func activityPeriod(r *http.Request) (string, string) {
	from, to := r.URL.Query().Get("du"), r.URL.Query().Get("au")
	if _, err := time.Parse(activity.DateLayout, from); err != nil {
		from = ""
	}
	if _, err := time.Parse(activity.DateLayout, to); err != nil {
		to = ""
	}
	return from, to
}

// ActivityList lists the structure's activities, newest first.
func (h *Handlers) ActivityList(w http.ResponseWriter, r *http.Request) {
	from, to := activityPeriod(r)
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	filter, kept := figureFilter(r.URL.Query())
	filter.From, filter.To, filter.Page, filter.PerPage = from, to, min(max(pageNo, 1), 1_000_000), activitiesPerPage
	pg, err := h.activities.List(r.Context(), ui.Actor(r), filter)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	q := url.Values{"du": {from}, "au": {to}}.Encode()
	d := activityListData{Activities: pg.Activities, Total: pg.Total, From: from, To: to, Territory: pg.Territory, Accompaniments: pg.Accompaniments,
		ExportXLSX: "/espace/activites/export.xlsx?" + q, ExportCSV: "/espace/activites/export.csv?" + q, Amendable: map[int64]bool{}}
	for _, act := range pg.Activities {
		if h.activities.MayAmend(ui.Actor(r), act) {
			d.Amendable[act.ID] = true
		}
	}
	listed := q
	if len(kept) > 0 {
		listed += "&" + kept.Encode()
		d.Figure, d.Unfiltered = figureWords(filter, pg.Activities), "/espace/activites?"+q
	}
	if pg.Page > 1 {
		d.Prev = "/espace/activites?" + listed + "&page=" + strconv.Itoa(pg.Page-1)
	}
	if pg.HasNext() {
		d.Next = "/espace/activites?" + listed + "&page=" + strconv.Itoa(pg.Page+1)
	}
	for _, k := range []string{"structure", "conseiller", "commune", "tableau", "valeur"} {
		if v := kept.Get(k); v != "" {
			d.Kept = append(d.Kept, ui.Option{Value: k, Label: v})
		}
	}
	f := &ui.Form{}
	f.Set("du", from)
	f.Set("au", to)
	h.render(w, r, http.StatusOK, "reception_activity_list", ui.Page{Title: "Accompagnements", Form: f, Data: d})
}

type exportFunc func(context.Context, *account.Actor, string, string) ([][]string, error)

// export writes a period's activities, one row per accompaniment.
func (h *Handlers) export(w http.ResponseWriter, r *http.Request, contentType, name string, rowsOf func(*activities.Service) exportFunc, write func(*bytes.Buffer, [][]string) error) {
	from, to := activityPeriod(r)
	rows, err := rowsOf(h.activities)(r.Context(), ui.Actor(r), from, to)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, rows); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(buf.Bytes())
}

// ActivityExportCSV exports a period as CSV, every cell protected.
func (h *Handlers) ActivityExportCSV(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "text/csv; charset=utf-8", "accompagnements.csv", func(s *activities.Service) exportFunc { return s.Export }, func(b *bytes.Buffer, rows [][]string) error { return activity.WriteCSV(b, rows) })
}

// ActivityExportXLSX exports a period as an XLSX workbook in La Coop de la
// médiation numérique's layout.
func (h *Handlers) ActivityExportXLSX(w http.ResponseWriter, r *http.Request) {
	h.export(w, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "accompagnements.xlsx", func(s *activities.Service) exportFunc { return s.ExportCoop }, func(b *bytes.Buffer, rows [][]string) error { return activity.WriteCoopXLSX(b, rows) })
}

type activityViewData struct {
	Activity  activity.Activity
	Commune   string
	CanDelete bool // its author or the structure's manager: may correct and delete it
	AsManager bool // the reader may because they manage the structure, not as its author
}

// ActivityView shows one activity; its notes only to their author.
func (h *Handlers) ActivityView(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	act, err := h.activities.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	may := h.activities.MayAmend(ui.Actor(r), act)
	h.render(w, r, http.StatusOK, "reception_activity_view", ui.Page{Title: "Accompagnement du " + frtime.CalendarDate(act.Day()), Data: activityViewData{Activity: act, Commune: person.CommuneLabel(act.CommuneCode),
		CanDelete: may, AsManager: may && act.AuthorID != ui.Actor(r).User.ID}})
}

// ActivityDelete deletes an activity (its author or the structure's
// manager, once confirmed).
func (h *Handlers) ActivityDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if r.PostFormValue("confirmer") != "oui" {
		if _, err := h.activities.Get(r.Context(), ui.Actor(r), id); err != nil {
			h.site.Fail(w, r, err)
			return
		}
		h.site.Flash(r, "Cochez la case pour confirmer la suppression.")
		ui.Redirect(w, r, "/espace/activites/"+ui.Itoa(id))
		return
	}
	if err := h.activities.Delete(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "L'accompagnement n° "+ui.Itoa(id)+" est supprimé.")
	ui.Redirect(w, r, "/espace/activites")
}
