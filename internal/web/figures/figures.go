// Package figures serves the activity figures: the dashboard of a
// structure or of the territory with its charts (SVG drawn on the server,
// each with its data table), the bilans as PDF and XLSX, and the
// territory's public statistics with their CSV and JSON.
package figures

import (
	"bytes"
	"embed"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/csvsafe"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/coordination"
	"github.com/parcours-numerique/parcours/internal/service/figures"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Menu is the dashboard's entry of the staff menu.
var Menu = []ui.MenuItem{{Label: "Tableau de bord", Href: "/espace/tableau-de-bord", Perm: account.PermReadActivities}}

// Handlers serves the figures.
type Handlers struct {
	site         *ui.Site
	figures      *figures.Service
	coordination *coordination.Service
	st           *store.Store
}

// New registers the pages' templates with the site.
func New(site *ui.Site, svc *figures.Service, coord *coordination.Service, st *store.Store) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html", "templates/partials/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, figures: svc, coordination: coord, st: st}, nil
}

// Bar is one bar of a chart, its geometry computed here so that the
// template only writes it.
type Bar struct {
	activitystats.Count
	Y, Width      int
	Value, Share  string
	Link          string // the rows behind the figure, for those allowed
	LabelY, TextY int
}

// Chart is a breakdown drawn as horizontal bars, with its data table.
type Chart struct {
	activitystats.Table
	Bars       []Bar
	Height     int
	TotalValue string // the total the cells share out, "< 5" when protected
	Rows       string // what a bar's link shows: "les séances", "les orientations"
}

const (
	barHeight = 22
	barMax    = 300 // px of the longest bar, in a 640 px wide drawing
)

func chartOf(t activitystats.Table, protected int, link func(activitystats.Count) string) Chart {
	c := Chart{Table: t, Height: len(t.Counts)*barHeight + 4, TotalValue: strconv.Itoa(t.Total), Rows: "les séances"}
	if protected > 0 {
		c.TotalValue = activitystats.Shown(activitystats.Count{N: t.Total, Hidden: t.Total > 0 && t.Total < protected}, protected)
	}
	top := t.Max()
	for i, cell := range t.Counts {
		b := Bar{Count: cell, Y: i*barHeight + 2, LabelY: i*barHeight + 16, TextY: i*barHeight + 16, Share: activitystats.Percent(cell, t.Total)}
		b.Value = strconv.Itoa(cell.N)
		if protected > 0 {
			b.Value = activitystats.Shown(cell, protected)
		}
		if !cell.Hidden && top > 0 {
			b.Width = max(cell.N*barMax/top, min(cell.N, 1))
		}
		if link != nil && !cell.Hidden && cell.N > 0 {
			b.Link = link(cell)
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

// Headline is one of the figures the field reports quote.
type Headline struct{ Label, Value string }

type dashboardData struct {
	figures.View
	Charts      []Chart
	Headline    []Headline
	BilanPDF    string // the bilans of the period and filters
	BilanXLSX   string
	Structures  []ui.Option
	Conseillers []ui.Option
	ReadsPlan   bool // links the plan's actions to their pages
}

func filterOf(r *http.Request) figures.Filter {
	q := r.URL.Query()
	f := figures.Filter{From: q.Get("du"), To: q.Get("au"), CommuneCode: strings.ToUpper(strings.TrimSpace(q.Get("commune")))}
	f.StructureID, _ = strconv.ParseInt(q.Get("structure"), 10, 64)
	f.AuthorID, _ = strconv.ParseInt(q.Get("conseiller"), 10, 64)
	if from, to, ok := figures.PeriodOf(q.Get("periode"), q.Get("fin")); ok {
		f.From, f.To = from, to
	}
	return f
}

func (h *Handlers) data(a *account.Actor, v figures.View) dashboardData {
	d := dashboardData{View: v, ReadsPlan: a.Can(account.PermNetwork)}
	b := activitystats.Bilan{Figures: v.Figures, Protected: v.Protected}
	for _, c := range b.Indicators() {
		d.Headline = append(d.Headline, Headline{Label: c.Label, Value: b.Shown(c)})
	}
	d.Structures = []ui.Option{{Value: "", Label: "Toutes les structures"}}
	for _, st := range v.Structures {
		d.Structures = append(d.Structures, ui.Option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
	}
	d.Conseillers = []ui.Option{{Value: "", Label: "Tous"}}
	for _, u := range v.Conseillers {
		d.Conseillers = append(d.Conseillers, ui.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name})
	}
	q := url.Values{"du": {v.Filter.From}, "au": {v.Filter.To}}
	if v.Filter.StructureID != 0 {
		q.Set("structure", strconv.FormatInt(v.Filter.StructureID, 10))
	}
	if v.Filter.AuthorID != 0 {
		q.Set("conseiller", strconv.FormatInt(v.Filter.AuthorID, 10))
	}
	if v.Filter.CommuneCode != "" {
		q.Set("commune", v.Filter.CommuneCode)
	}
	d.BilanPDF, d.BilanXLSX = "/espace/bilans/bilan.pdf?"+q.Encode(), "/espace/bilans/bilan.xlsx?"+q.Encode()
	// The rows behind a bar are the sessions it counts, in the activity
	// list with the same filters, for those who read that list: a month's
	// sessions, or the period's sessions of a type, a theme, a place…
	readsRows := a.Can(account.PermReadActivities)
	rows := func(extra url.Values) string {
		l := url.Values{}
		for k, vs := range q {
			l[k] = vs
		}
		for k, vs := range extra {
			l[k] = vs
		}
		return "/espace/activites?" + l.Encode()
	}
	monthLink := func(c activitystats.Count) string {
		from, err := time.Parse("2006-01", c.Key)
		if err != nil {
			return ""
		}
		return rows(url.Values{"du": {from.Format(activity.DateLayout)}, "au": {from.AddDate(0, 1, -1).Format(activity.DateLayout)}})
	}
	// The orientations a structure sent or received in the period are its
	// referral list narrowed to a box and a state, for those who read it;
	// the territory's are not one structure's list: they link nowhere.
	referralLink := func(box, state, reason string, more ...string) string {
		if v.Territory || box == store.BoxSent && !a.Can(account.PermSendReferrals) || !a.Can(account.PermReceiveReferrals) {
			return ""
		}
		l := url.Values{"boite": {box}, "du": {v.Filter.From}, "au": {v.Filter.To}}
		if state != "" {
			l.Set("etat", state)
		}
		if reason != "" {
			l.Set("motif", reason)
		}
		for i := 0; i+1 < len(more); i += 2 {
			l.Set(more[i], more[i+1])
		}
		return "/espace/orientations?" + l.Encode()
	}
	// The appointments of the structure in the period, of an outcome or
	// booked in a permanence or not, are its appointment list, for those who
	// read its agenda; the territory's are no one structure's list.
	appointmentLink := func(key, value string) string {
		if v.Territory || !a.Can(account.PermAgenda) {
			return ""
		}
		return "/espace/agenda/rendez-vous?" + url.Values{"du": {v.Filter.From}, "au": {v.Filter.To}, key: {value}}.Encode()
	}
	// The workshop figures add up the structure's sessions of the period:
	// its list of them, totalled (one fill bucket for the fill table).
	workshopLink := func(fill string) string {
		if v.Territory || !a.Can(account.PermAgenda) {
			return ""
		}
		l := url.Values{"du": {v.Filter.From}, "au": {v.Filter.To}}
		if fill != "" {
			l.Set("remplissage", fill)
		}
		return "/espace/ateliers/seances?" + l.Encode()
	}
	// The evaluations of the period are the structure's list of them, for
	// those who open its persons' files.
	evaluationLink := func(kind string) string {
		if v.Territory || !a.Can(account.PermPersons) {
			return ""
		}
		return "/espace/evaluations?" + url.Values{"du": {v.Filter.From}, "au": {v.Filter.To}, "evolution": {kind}}.Encode()
	}
	for _, t := range v.Tables {
		if len(t.Counts) == 0 || t.Total == 0 || (t.Name == "structure" && !v.Territory) {
			continue
		}
		var link func(activitystats.Count) string
		switch _, session := activity.Breakdowns[t.Name]; {
		case a == nil:
		case t.Name == "orientations":
			link = func(c activitystats.Count) string { return referralLink(store.BoxSent, c.Key, "") }
		case t.Name == "orientations_motifs":
			link = func(c activitystats.Count) string {
				return referralLink(store.BoxSent, string(referral.Refused), c.Key)
			}
		case t.Name == "orientations_delai":
			link = func(c activitystats.Count) string { return referralLink(store.BoxSent, "", "", "delai", c.Key) }
		case t.Name == "orientations_sens" && v.Territory:
			// The territory's orientations between two partners are no one
			// structure's list: their rows, without names, as coordination
			// reads the territory's sessions.
			link = func(c activitystats.Count) string {
				sender, receiver, ok := strings.Cut(c.Key, "-")
				if !ok {
					return ""
				}
				l := url.Values{"du": {v.Filter.From}, "au": {v.Filter.To}, "de": {sender}, "vers": {receiver}}
				if v.Filter.StructureID != 0 {
					l.Set("structure", strconv.FormatInt(v.Filter.StructureID, 10))
				}
				return "/espace/tableau-de-bord/orientations?" + l.Encode()
			}
		case t.Name == "orientations_sens":
			link = func(c activitystats.Count) string {
				switch c.Key {
				case "envoyees":
					return referralLink(store.BoxSent, "", "")
				case "recues":
					return referralLink(store.BoxReceived, "", "")
				}
				return ""
			}
		case t.Name == "autonomie_evaluations":
			link = func(c activitystats.Count) string { return evaluationLink(c.Key) }
		case t.Name == "ateliers_remplissage":
			link = func(c activitystats.Count) string { return workshopLink(c.Key) }
		case strings.HasPrefix(t.Name, "ateliers_"):
			link = func(activitystats.Count) string { return workshopLink("") }
		case t.Name == "rendez_vous":
			link = func(c activitystats.Count) string { return appointmentLink("statut", c.Key) }
		case t.Name == "rendez_vous_permanence":
			link = func(c activitystats.Count) string { return appointmentLink("prise", c.Key) }
		case !readsRows:
		case t.Name == "mois":
			link = monthLink
		case session:
			link = func(c activitystats.Count) string {
				if c.Key == "" {
					return "" // not recorded: no condition finds these rows
				}
				return rows(url.Values{"tableau": {t.Name}, "valeur": {c.Key}})
			}
		}
		c := chartOf(t, v.Protected, link)
		switch {
		case strings.HasPrefix(t.Name, "orientations"):
			c.Rows = "les orientations"
		case strings.HasPrefix(t.Name, "rendez_vous"):
			c.Rows = "les rendez-vous"
		case strings.HasPrefix(t.Name, "ateliers_"):
			c.Rows = "les séances d'ateliers"
		case t.Name == "autonomie_evaluations":
			c.Rows = "les évaluations"
		}
		d.Charts = append(d.Charts, c)
	}
	return d
}

// Dashboard shows the figures of the structure, or of the territory for
// coordination, with the filters.
func (h *Handlers) Dashboard(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	f := filterOf(r)
	v, err := h.figures.Dashboard(r.Context(), a, f)
	form := ui.NewForm(r)
	if err != nil {
		if apperr.CodeOf(err) != apperr.Invalid {
			h.site.Fail(w, r, err)
			return
		}
		form.Fail(err)
		h.site.Render(w, r, http.StatusUnprocessableEntity, "figures_dashboard", ui.Page{Title: "Tableau de bord", Form: form, Data: dashboardData{}})
		return
	}
	form.Values = url.Values{"du": {v.Filter.From}, "au": {v.Filter.To}, "commune": {v.Filter.CommuneCode}}
	if v.Filter.StructureID != 0 {
		form.Set("structure", strconv.FormatInt(v.Filter.StructureID, 10))
	}
	if v.Filter.AuthorID != 0 {
		form.Set("conseiller", strconv.FormatInt(v.Filter.AuthorID, 10))
	}
	h.site.Render(w, r, http.StatusOK, "figures_dashboard", ui.Page{Title: v.Title, Form: form, Data: h.data(a, v)})
}

func (h *Handlers) bilan(w http.ResponseWriter, r *http.Request, ext, contentType string, write func(activitystats.Bilan, *bytes.Buffer) error) {
	b, v, err := h.figures.Bilan(r.Context(), ui.Actor(r), filterOf(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(b, &buf); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="bilan-`+v.Filter.From+`-`+v.Filter.To+`.`+ext+`"`)
	w.Write(buf.Bytes())
}

// BilanPDF downloads the bilan of the period as a printable PDF.
func (h *Handlers) BilanPDF(w http.ResponseWriter, r *http.Request) {
	h.bilan(w, r, "pdf", "application/pdf", func(b activitystats.Bilan, buf *bytes.Buffer) error { return b.WritePDF(buf) })
}

// BilanXLSX downloads the bilan of the period as a workbook, one sheet per table.
func (h *Handlers) BilanXLSX(w http.ResponseWriter, r *http.Request) {
	h.bilan(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", func(b activitystats.Bilan, buf *bytes.Buffer) error { return b.WriteXLSX(buf) })
}

// publicView reads the territory (the only one, or ?territoire=) and the period.
func (h *Handlers) publicView(w http.ResponseWriter, r *http.Request) (figures.View, bool) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("territoire"), 10, 64)
	if id == 0 {
		ts, err := h.st.ListTerritories(r.Context())
		if err != nil {
			h.site.Fail(w, r, err)
			return figures.View{}, false
		}
		if len(ts) == 0 {
			h.site.NotFound(w, r)
			return figures.View{}, false
		}
		id = ts[0].ID
	}
	f := filterOf(r)
	f.StructureID, f.AuthorID, f.CommuneCode = 0, 0, ""
	v, err := h.figures.Public(r.Context(), id, f)
	if err != nil {
		h.site.Fail(w, r, err)
		return v, false
	}
	return v, true
}

// Public is the territory's public statistics page (no sign-in).
func (h *Handlers) Public(w http.ResponseWriter, r *http.Request) {
	v, ok := h.publicView(w, r)
	if !ok {
		return
	}
	form := &ui.Form{Values: url.Values{"du": {v.Filter.From}, "au": {v.Filter.To}}}
	h.site.Render(w, r, http.StatusOK, "figures_public", ui.Page{Title: v.Title, Form: form, Data: h.data(nil, v)})
}

// publicRows are the public figures as rows: table, code, label, count.
func publicRows(v figures.View) [][]string {
	b := activitystats.Bilan{Figures: v.Figures, Protected: v.Protected}
	rows := [][]string{{"tableau", "code", "libelle", "nombre", "part"}}
	for _, c := range b.Indicators() {
		rows = append(rows, []string{"indicateurs", c.Key, c.Label, b.Shown(c), ""})
	}
	for _, t := range v.Tables {
		for _, c := range t.Counts {
			rows = append(rows, []string{t.Name, c.Key, c.Label, b.Shown(c), activitystats.Percent(c, t.Total)})
		}
	}
	return rows
}

// PublicCSV is the public statistics as CSV, every cell protected.
func (h *Handlers) PublicCSV(w http.ResponseWriter, r *http.Request) {
	v, ok := h.publicView(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csvsafe.NewWriter(&buf)
	for _, row := range publicRows(v) {
		if err := cw.Write(row); err != nil {
			h.site.ServerError(w, r, err)
			return
		}
	}
	if err := cw.Flush(); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="statistiques-`+v.Filter.From+`-`+v.Filter.To+`.csv"`)
	w.Write(buf.Bytes())
}

// PublicJSON is the public statistics as JSON.
func (h *Handlers) PublicJSON(w http.ResponseWriter, r *http.Request) {
	v, ok := h.publicView(w, r)
	if !ok {
		return
	}
	b := activitystats.Bilan{Title: v.Title, Figures: v.Figures, Protected: v.Protected}
	out := b.Document()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}
