package agenda

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/holiday"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type weekData struct {
	WeekLabel     string
	Prev, Next    string // links
	Days          []weekDay
	Places, Staff []ui.Option
	CanOrganize   bool
	Today         string
	Appointments  int
}

type weekDay struct {
	Label   string
	Holiday string
	Items   []weekItem
}

// weekItem is one line of a day: a permanence, an appointment, a workshop
// session or an absence.
type weekItem struct {
	start       time.Time
	Time        string
	Kind        string // permanence, rdv, atelier, absence
	Title       string
	Detail      string
	Href        string
	Status      string
	StatusLabel string
	Muted       bool
}

// Week is the staff agenda across the structure's sites: one week, every
// site (or one), every staff member (or one).
func (h *Handlers) Week(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	placeID, staffID := ui.QueryID(r, "lieu"), ui.QueryID(r, "agent")
	wk, err := h.agenda.Week(r.Context(), a, day(r.URL.Query().Get("semaine"), h.site.Now()), placeID, staffID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	places, staff, err := h.team(r)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	monday, end := wk.Monday, wk.Monday.AddDate(0, 0, 7)
	d := weekData{
		WeekLabel:   "Semaine du " + frtime.CalendarDate(monday) + " au " + frtime.CalendarDate(end.AddDate(0, 0, -1)),
		Places:      append([]ui.Option{{Value: "", Label: "Tous les lieux"}}, places...),
		Staff:       append([]ui.Option{{Value: "", Label: "Toute l'équipe"}}, staff...),
		CanOrganize: a.Can(account.PermAgendaOrganize),
		Today:       h.site.Now().In(frtime.Paris).Format("2006-01-02"),
	}
	q := url.Values{}
	if placeID != 0 {
		q.Set("lieu", ui.Itoa(placeID))
	}
	if staffID != 0 {
		q.Set("agent", ui.Itoa(staffID))
	}
	link := func(t time.Time) string {
		q.Set("semaine", t.Format("2006-01-02"))
		return "/espace/agenda?" + q.Encode()
	}
	d.Prev, d.Next = link(monday.AddDate(0, 0, -7)), link(end)

	byDay := make([][]weekItem, 7)
	add := func(it weekItem) {
		if i := int(it.start.In(frtime.Paris).Sub(monday) / (24 * time.Hour)); i >= 0 && i < 7 {
			byDay[i] = append(byDay[i], it)
		}
	}
	span := func(from, to time.Time) string { return frtime.Clock(from) + " – " + frtime.Clock(to) }
	for i := range wk.Permanences {
		p := &wk.Permanences[i]
		for _, o := range p.Occurrences(monday, end) {
			it := weekItem{start: o.Start, Time: span(o.Start, o.End), Kind: "permanence",
				Title: "Permanence " + strings.ToLower(p.ModeLabel()) + " – " + p.PlaceName, Detail: strings.Join(p.StaffNames, ", ")}
			if d.CanOrganize {
				it.Href = "/espace/agenda/permanences/" + ui.Itoa(p.ID)
			}
			switch {
			case o.Cancelled:
				it.Muted, it.StatusLabel = true, "Annulée ce jour"
			case o.Skipped:
				it.Muted, it.StatusLabel = true, "Jour férié : pas de permanence"
			}
			add(it)
		}
	}
	for _, ap := range wk.Appointments {
		if ap.Active() {
			d.Appointments++
		}
		detail := ap.MotiveName
		if ap.PlaceName != "" {
			detail += " – " + ap.PlaceName
		}
		if ap.StaffName != "" {
			detail += " – avec " + ap.StaffName
		}
		add(weekItem{start: ap.Start, Time: span(ap.Start, ap.End), Kind: "rdv", Title: "Rendez-vous : " + ap.Name, Detail: detail,
			Href: "/espace/agenda/rendez-vous/" + ui.Itoa(ap.ID), Status: ap.Status, StatusLabel: ap.StatusLabel(), Muted: !ap.Active()})
	}
	for _, ws := range wk.Workshops {
		for i, se := range ws.Sessions {
			add(weekItem{start: se.Start, Time: span(se.Start, se.End), Kind: "atelier", Title: workshops.SessionTitle(ws, i),
				Detail: ws.PlaceName + " – " + strconv.Itoa(ws.Taken) + " inscrits sur " + strconv.Itoa(ws.Capacity), Href: "/espace/ateliers/" + ui.Itoa(ws.ID)})
		}
	}
	for _, ab := range wk.Absences {
		for dd := monday; dd.Before(end); dd = dd.AddDate(0, 0, 1) {
			if ab.Start.Before(dd.AddDate(0, 0, 1)) && ab.End.After(dd) {
				add(weekItem{start: dd, Time: "Absence", Kind: "absence", Title: ab.UserName + " est absent·e", Detail: ab.Reason, Muted: true})
			}
		}
	}
	for i := range 7 {
		dd := monday.AddDate(0, 0, i)
		items := byDay[i]
		sort.SliceStable(items, func(a, b int) bool { return items[a].start.Before(items[b].start) })
		wd := weekDay{Label: frtime.Day(dd), Items: items}
		if name, ok := holiday.Name(dd); ok {
			wd.Holiday = name
		}
		d.Days = append(d.Days, wd)
	}
	f := &ui.Form{Values: url.Values{}}
	f.Set("semaine", monday.Format("2006-01-02"))
	if placeID != 0 {
		f.Set("lieu", ui.Itoa(placeID))
	}
	if staffID != 0 {
		f.Set("agent", ui.Itoa(staffID))
	}
	h.site.Render(w, r, http.StatusOK, "agenda_week", ui.Page{Title: "Agenda", Form: f, Data: d})
}
