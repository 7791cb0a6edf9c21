package web

// Agenda: the background loop of the agenda service, and helpers shared by
// the agenda's handlers.

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// runAgendaLoop runs the agenda's periodic work every minute, and at once
// when a request recorded messages to send.
func (s *Server) runAgendaLoop(ctx context.Context) {
	if email, sms := s.agenda.Channels(); (email || sms) && s.cfg.BaseURL == "" {
		s.log.Warn("agenda : --base-url n'est pas donné, les liens des messages seront incomplets")
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		s.RunAgendaChores(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.agenda.Kicked():
		}
	}
}

// RunAgendaChores is one pass of the agenda's background work: waiting-list
// offers past their deadline, reminders, retention (under a database lease,
// one instance at a time) and the delivery of messages.
func (s *Server) RunAgendaChores(ctx context.Context) {
	rep, err := s.agenda.RunChores(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("agenda : tâches de fond", "err", err)
		}
		return
	}
	if rep.Expired+rep.Offered+rep.Reminders+rep.Sent > 0 || rep.Purged > 0 {
		s.log.Info("agenda : tâches de fond", "propositions_expirées", rep.Expired, "places_proposées", rep.Offered,
			"rappels", rep.Reminders, "messages_envoyés", rep.Sent, "effacés", rep.Purged)
	}
}

// --- helpers shared by the agenda's handlers

// formDate reads a YYYY-MM-DD or DD/MM/YYYY date into YYYY-MM-DD.
func formDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", true
	}
	for _, layout := range []string{agenda.DateLayout, "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(agenda.DateLayout), true
		}
	}
	return v, false
}

// formDateTime reads a date and a time ("2026-03-10", "14:00") in Paris time.
func formDateTime(date, clock string) (time.Time, bool) {
	d, ok := formDate(date)
	if !ok || d == "" {
		return time.Time{}, false
	}
	m, ok := agenda.ParseClock(clock)
	if !ok {
		return time.Time{}, false
	}
	day, _ := time.Parse(agenda.DateLayout, d)
	return time.Date(day.Year(), day.Month(), day.Day(), 0, m, 0, 0, paris), true
}

// weekStart is the Monday of the week holding t, at midnight in Paris.
func weekStart(t time.Time) time.Time {
	p := t.In(paris)
	d := time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, paris)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// dayParam reads ?du=YYYY-MM-DD as a Paris midnight; def when absent or bad.
func dayParam(r *http.Request, name string, def time.Time) time.Time {
	return parseDay(r.URL.Query().Get(name), def)
}

// parseDay reads YYYY-MM-DD as a Paris midnight; def when empty or bad.
func parseDay(v string, def time.Time) time.Time {
	if d, err := time.ParseInLocation(agenda.DateLayout, strings.TrimSpace(v), paris); err == nil {
		return d
	}
	return def
}

// startOfDay is midnight, Paris time, of the day holding t.
func startOfDay(t time.Time) time.Time {
	p := t.In(paris)
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, paris)
}

// slotValue encodes a slot for a form or a link: "permanence-unixstart".
func slotValue(sl agenda.Slot) string {
	return strconv.FormatInt(sl.PermanenceID, 10) + "-" + strconv.FormatInt(sl.Start.Unix(), 10)
}

// parseSlot reads a slotValue.
func parseSlot(v string) (int64, time.Time, bool) {
	p, u, ok := strings.Cut(strings.TrimSpace(v), "-")
	if !ok {
		return 0, time.Time{}, false
	}
	perm, err1 := strconv.ParseInt(p, 10, 64)
	unix, err2 := strconv.ParseInt(u, 10, 64)
	if err1 != nil || err2 != nil || perm <= 0 {
		return 0, time.Time{}, false
	}
	return perm, time.Unix(unix, 0).UTC(), true
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
func slotDays(slots []agenda.Slot, placeNames map[int64]string) []slotDay {
	var out []slotDay
	for _, d := range agenda.GroupByDay(slots) {
		sd := slotDay{Date: d.Date, Label: agenda.DayLabel(d.Date)}
		at := map[int64]int{} // site → index in sd.Places, in order of first slot
		for _, sl := range d.Slots {
			c := slotChoice{Value: slotValue(sl), Time: agenda.TimeLabel(sl.Start), PlaceName: placeNames[sl.PlaceID]}
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

// placeNames names a structure's places, and lists them as options.
func (s *Server) structurePlaces(r *http.Request, structureID int64) (map[int64]string, []option, error) {
	places, err := s.store.ListPlaces(r.Context(), store.PlaceFilter{StructureID: structureID})
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	var opts []option
	for _, p := range places {
		names[p.ID] = p.Name
		opts = append(opts, option{Value: itoa64(p.ID), Label: p.Name})
	}
	return names, opts, nil
}

// staffOptions lists the members of a structure as options.
func (s *Server) staffOptions(r *http.Request, structureID int64) ([]option, map[int64]string, error) {
	members, err := s.store.StructureMembers(r.Context(), scope.OfStructure(structureID))
	if err != nil {
		return nil, nil, err
	}
	names := map[int64]string{}
	var opts []option
	for _, m := range members {
		if !m.User.Active {
			continue
		}
		names[m.User.ID] = m.User.Name
		opts = append(opts, option{Value: itoa64(m.User.ID), Label: m.User.Name, Hint: m.Role.Label()})
	}
	return opts, names, nil
}

// formIDs reads a multi-valued field of ids.
func formIDs(r *http.Request, name string) []int64 {
	var out []int64
	for _, v := range r.PostForm[name] {
		if id := formID(v); id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// agendaFail shows an error next to the form when it is the person's to
// fix, and as an error page otherwise. It reports whether it answered.
func agendaFieldError(field string, err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal || len(e.Fields) > 0 {
		return err
	}
	if e.Code == apperr.Invalid || e.Code == apperr.Conflict {
		return &apperr.Error{Code: e.Code, Message: e.Message, Fields: []apperr.FieldError{{Field: field, Message: e.Message}}}
	}
	return err
}

// contactForm reads the contact fields of a booking form.
func contactForm(r *http.Request) agenda.Contact {
	return agenda.Contact{Name: r.PostForm.Get("nom"), Phone: r.PostForm.Get("telephone"), Email: r.PostForm.Get("courriel"), Need: r.PostForm.Get("besoin")}
}
