// Package agenda serves the agenda's screens: the staff's week across the
// structure's sites, permanences, motives and absences, appointments booked
// by staff and by partner structures, the outbox of messages to residents
// and the calendar feeds; and the residents' pages: booking online, their
// appointment through its signed link, stopping the messages. Each handler
// decodes the form, calls the agenda service and renders.
package agenda

import (
	"embed"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Menu is this capability's staff menu entries; the agenda's other pages
// (permanences, motives, absences, messages, calendars) are linked from
// the agenda itself.
var Menu = []ui.MenuItem{
	{Label: "Agenda", Href: "/espace/agenda", Perm: account.PermAgenda},
	{Label: "Ateliers", Href: "/espace/ateliers", Perm: account.PermAgenda},
	{Label: "Rendez-vous chez un partenaire", Href: "/espace/agenda/orienter", Perm: account.PermAgendaPartner},
}

// Handlers serves the agenda's pages.
type Handlers struct {
	site   *ui.Site
	agenda *agendasvc.Service
}

// New registers the pages' templates with the site.
func New(site *ui.Site, svc *agendasvc.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html", "templates/partials/*.html"); err != nil {
		return nil, err
	}
	site.Translated("agenda_public_index", "agenda_public_slots", "agenda_public_book", "agenda_public_appointment", "agenda_optout")
	return &Handlers{site: site, agenda: svc}, nil
}

// onField moves an error without fields (a slot just taken, a rule on the
// whole request) next to the field that shows it.
func onField(field string, err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal || len(e.Fields) > 0 || (e.Code != apperr.Invalid && e.Code != apperr.Conflict) {
		return err
	}
	return &apperr.Error{Code: e.Code, Message: e.Message, Fields: []apperr.FieldError{{Field: field, Message: e.Message}}}
}

// shown puts on the form the errors the person can fix (invalid or
// conflicting input); it reports false for any other, shown as a page.
func shown(f *ui.Form, err error) bool {
	if c := apperr.CodeOf(err); c != apperr.Invalid && c != apperr.Conflict {
		return false
	}
	return f.Fail(err)
}

// day reads YYYY-MM-DD as a Paris midnight; def when empty or bad.
func day(v string, def time.Time) time.Time {
	if d, err := time.ParseInLocation(agenda.DateLayout, v, frtime.Paris); err == nil {
		return d
	}
	return def
}

// slotChoice is a slot as pages show it.
type slotChoice struct {
	Value     string
	Time      string // "9 h 30"
	PlaceName string
}

// slotDay is a day of slots, also grouped by site for the public page.
type slotDay struct {
	Date   time.Time
	Label  string // "mardi 3 mars 2026"
	Slots  []slotChoice
	Places []slotPlace
}

// slotPlace is one site's slots on one day.
type slotPlace struct {
	Name  string
	Slots []slotChoice
}

// slotDays groups slots by day for the slot pickers, with site names.
func slotDays(free agendasvc.Slots) []slotDay {
	var out []slotDay
	for _, d := range agenda.GroupByDay(free.Slots) {
		sd := slotDay{Date: d.Date, Label: frtime.Day(d.Date)}
		at := map[int64]int{} // site → index in sd.Places, in order of first slot
		for _, sl := range d.Slots {
			c := slotChoice{Value: sl.Value(), Time: frtime.Clock(sl.Start), PlaceName: free.PlaceName(sl.PlaceID)}
			sd.Slots = append(sd.Slots, c)
			i, ok := at[sl.PlaceID]
			if !ok {
				i = len(sd.Places)
				at[sl.PlaceID] = i
				sd.Places = append(sd.Places, slotPlace{Name: c.PlaceName})
			}
			sd.Places[i].Slots = append(sd.Places[i].Slots, c)
		}
		out = append(out, sd)
	}
	return out
}

// team lists the structure's sites and members as options.
func (h *Handlers) team(r *http.Request) (places, staff []ui.Option, err error) {
	t, err := h.agenda.Team(r.Context(), ui.Actor(r))
	for _, p := range t.Places {
		places = append(places, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
	}
	for _, m := range t.Members {
		staff = append(staff, ui.Option{Value: ui.Itoa(m.User.ID), Label: m.User.Name, Hint: m.Role.Label()})
	}
	return places, staff, err
}

// ids reads a multi-valued field of ids.
func ids(r *http.Request, name string) []int64 {
	var out []int64
	for _, v := range r.PostForm[name] {
		if id := ui.ParseID(v); id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// contact reads the contact fields of a booking form.
func contact(r *http.Request) agenda.Contact {
	return agenda.Contact{Name: r.PostForm.Get("nom"), Phone: r.PostForm.Get("telephone"), Email: r.PostForm.Get("courriel"), Need: r.PostForm.Get("besoin")}
}

// writeICS answers with a calendar file.
func writeICS(w http.ResponseWriter, name string, b []byte) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}
