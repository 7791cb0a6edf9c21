package web

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/holiday"
	"github.com/parcours-numerique/parcours/internal/store"
)

type agendaWeekData struct {
	WeekLabel     string
	Prev, Next    string // links
	Days          []agendaDay
	Places, Staff []option
	CanOrganize   bool
	Today         string
	Appointments  int
}

type agendaDay struct {
	Label   string
	Holiday string
	Items   []agendaItem
}

// agendaItem is one line of a day: a permanence, an appointment, a
// workshop session or an absence.
type agendaItem struct {
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

// agendaWeek is the staff agenda across the structure's sites: one week,
// every site (or one), every staff member (or one).
func (s *Server) agendaWeek(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	sid := a.StructureID()
	monday := weekStart(dayParam(r, "semaine", s.cfg.Now()))
	end := monday.AddDate(0, 0, 7)
	placeID, staffID := queryID(r, "lieu"), queryID(r, "agent")
	_, places, err := s.structurePlaces(r, sid)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	staff, _, err := s.staffOptions(r, sid)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := agendaWeekData{
		WeekLabel:   "Semaine du " + agenda.DateLabel(monday) + " au " + agenda.DateLabel(end.AddDate(0, 0, -1)),
		Places:      append([]option{{Value: "", Label: "Tous les lieux"}}, places...),
		Staff:       append([]option{{Value: "", Label: "Toute l'équipe"}}, staff...),
		CanOrganize: a.Can(account.PermAgendaOrganize),
		Today:       s.cfg.Now().In(paris).Format(agenda.DateLayout),
	}
	q := url.Values{}
	if placeID != 0 {
		q.Set("lieu", itoa64(placeID))
	}
	if staffID != 0 {
		q.Set("agent", itoa64(staffID))
	}
	link := func(t time.Time) string {
		q.Set("semaine", t.Format(agenda.DateLayout))
		return "/espace/agenda?" + q.Encode()
	}
	d.Prev, d.Next = link(monday.AddDate(0, 0, -7)), link(end)

	byDay := make([][]agendaItem, 7)
	add := func(it agendaItem) {
		i := int(it.start.In(paris).Sub(monday) / (24 * time.Hour))
		if i >= 0 && i < 7 {
			byDay[i] = append(byDay[i], it)
		}
	}
	perms, err := s.store.ListPermanences(ctx, sid, placeID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i := range perms {
		p := &perms[i]
		if staffID != 0 && !p.HasStaff(staffID) {
			continue
		}
		for _, o := range p.Occurrences(monday, end) {
			it := agendaItem{start: o.Start, Time: agenda.TimeLabel(o.Start) + " – " + agenda.TimeLabel(o.End), Kind: "permanence",
				Title: "Permanence " + strings.ToLower(p.ModeLabel()) + " – " + p.PlaceName, Detail: strings.Join(p.StaffNames, ", ")}
			if d.CanOrganize {
				it.Href = "/espace/agenda/permanences/" + itoa64(p.ID)
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
	appts, err := s.store.ListAppointments(ctx, store.AppointmentFilter{StructureID: sid, StaffID: staffID, PlaceID: placeID, From: monday, To: end})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, ap := range appts {
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
		add(agendaItem{start: ap.Start, Time: agenda.TimeLabel(ap.Start) + " – " + agenda.TimeLabel(ap.End), Kind: "rdv",
			Title: "Rendez-vous : " + ap.Name, Detail: detail, Href: "/espace/agenda/rendez-vous/" + itoa64(ap.ID),
			Status: ap.Status, StatusLabel: ap.StatusLabel(), Muted: !ap.Active()})
	}
	workshops, err := s.store.ListWorkshops(ctx, store.WorkshopFilter{StructureID: sid, EndsAfter: monday, StartsBefore: end, StaffID: staffID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, wk := range workshops {
		if placeID != 0 && wk.PlaceID != placeID {
			continue
		}
		for i, se := range wk.Sessions {
			title := "Atelier « " + wk.Title + " »"
			if len(wk.Sessions) > 1 {
				title += " – séance " + agendaItoa(i+1) + " sur " + agendaItoa(len(wk.Sessions))
			}
			add(agendaItem{start: se.Start, Time: agenda.TimeLabel(se.Start) + " – " + agenda.TimeLabel(se.End), Kind: "atelier", Title: title,
				Detail: wk.PlaceName + " – " + agendaItoa(wk.Taken) + " inscrits sur " + agendaItoa(wk.Capacity), Href: "/espace/ateliers/" + itoa64(wk.ID)})
		}
	}
	absences, err := s.store.ListAbsences(ctx, sid, monday)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, ab := range absences {
		if staffID != 0 && ab.UserID != staffID {
			continue
		}
		for day := monday; day.Before(end); day = day.AddDate(0, 0, 1) {
			if ab.Start.Before(day.AddDate(0, 0, 1)) && ab.End.After(day) {
				add(agendaItem{start: day, Time: "Absence", Kind: "absence", Title: ab.UserName + " est absent·e", Detail: ab.Reason, Muted: true})
			}
		}
	}
	for i := range 7 {
		day := monday.AddDate(0, 0, i)
		items := byDay[i]
		sort.SliceStable(items, func(a, b int) bool { return items[a].start.Before(items[b].start) })
		ad := agendaDay{Label: agenda.DayLabel(day), Items: items}
		if name, ok := holiday.Name(day); ok {
			ad.Holiday = name
		}
		d.Days = append(d.Days, ad)
	}
	f := &form{Values: url.Values{}}
	f.Set("semaine", monday.Format(agenda.DateLayout))
	if placeID != 0 {
		f.Set("lieu", itoa64(placeID))
	}
	if staffID != 0 {
		f.Set("agent", itoa64(staffID))
	}
	s.render(w, r, http.StatusOK, "agenda_week", page{Title: "Agenda", Form: f, Data: d})
}

func agendaItoa(n int) string { return itoa64(int64(n)) }
