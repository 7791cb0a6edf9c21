package scheduling

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/icalendar"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Site is what messages and calendar files say about a place.
type Site struct {
	Name    string
	Address string // street, postcode, town
	Hours   string // opening_hours
}

// SiteOf describes a place.
func SiteOf(p place.Place) Site {
	addr := strings.TrimSpace(p.Address)
	if town := strings.TrimSpace(p.PostalCode + " " + p.Commune); town != "" {
		if addr != "" {
			addr += ", "
		}
		addr += town
	}
	return Site{Name: p.Name, Address: addr, Hours: p.Hours}
}

// Where is the site in one line.
func (s Site) Where() string {
	if s.Address == "" {
		return s.Name
	}
	return s.Name + ", " + s.Address
}

func (s *Service) site(ctx context.Context, placeID int64) (Site, error) {
	if placeID == 0 {
		return Site{}, nil
	}
	p, err := s.st.Place(ctx, placeID)
	if err != nil {
		return Site{}, err
	}
	return SiteOf(p), nil
}

// signer signs links with a key loaded beforehand, so that message
// builders called inside a transaction cannot fail.
type signer struct {
	key  []byte
	base string
}

func (s *Service) signer(ctx context.Context) (signer, error) {
	k, err := s.key(ctx)
	return signer{key: k, base: s.cfg.BaseURL}, err
}

func (g signer) token(purpose string) string { return purpose + "." + mac(g.key, purpose) }

func (g signer) appointment(id int64) string {
	return g.base + AppointmentPath + g.token("r"+strconv.FormatInt(id, 10))
}

func (g signer) registration(id int64) string {
	return g.base + RegistrationPath + g.token("i"+strconv.FormatInt(id, 10))
}

func (g signer) optOut(appointment bool, id int64, ch notify.Channel) string {
	p, c := "ai", "e"
	if appointment {
		p = "ar"
	}
	if ch == notify.SMS {
		c = "s"
	}
	return g.base + OptOutPath + g.token(p+c+strconv.FormatInt(id, 10))
}

func remote(location string) string {
	if location == agenda.LocationOnSite {
		return ""
	}
	return location
}

// appointmentMessages builds a message per channel the person can be
// reached by. The motive is named in e-mails only, and only when it is not
// discreet; the need is never repeated.
func appointmentMessages(g signer, kind notify.Kind, a agenda.Appointment, site Site, instructions string, stamp time.Time) []notify.Message {
	var out []notify.Message
	link := g.appointment(a.ID)
	for _, addr := range notify.Addresses(a.Phone, a.Email) {
		ev := notify.Event{Kind: kind, About: notify.AboutAppointment, StructureName: a.StructureName, Remote: remote(a.Location),
			Start: a.Start, End: a.End, PlaceName: site.Name, Address: site.Address, PlaceHours: site.Hours, Link: link}
		if addr.Channel == notify.Email {
			ev.Name, ev.Instructions = a.Name, instructions
			ev.OptOutLink = g.optOut(true, a.ID, notify.Email)
			if !a.MotiveDiscreet {
				ev.Motive = a.MotiveName
			}
		}
		subject, body := notify.Compose(ev, addr.Channel)
		key := fmt.Sprintf("rdv:%d:%s:%s", a.ID, kind, addr.Channel)
		if kind == notify.Change || kind == notify.Reminder {
			key = fmt.Sprintf("rdv:%d:%s:%d:%s", a.ID, kind, a.Start.Unix(), addr.Channel)
		}
		m := notify.Message{StructureID: a.StructureID, Kind: kind, Channel: addr.Channel, To: addr.To, Subject: subject, Body: body, Key: key, AppointmentID: a.ID}
		if addr.Channel == notify.Email {
			m.ICS = string(AppointmentICS(a, site, link, stamp))
		}
		out = append(out, m)
	}
	return out
}

// registrationMessages builds the messages of a registration; session is
// the session a reminder is about (zero: the first one to come).
func registrationMessages(g signer, kind notify.Kind, w workshop.Workshop, r workshop.Registration, session workshop.Session, stamp time.Time) []notify.Message {
	var out []notify.Message
	link := g.registration(r.ID)
	if session.ID == 0 {
		upcoming := w.Upcoming(stamp)
		if len(upcoming) > 0 {
			session = upcoming[0]
		} else {
			session = w.First()
		}
	}
	site := Site{Name: w.PlaceName, Address: w.PlaceAddress, Hours: w.PlaceHours}
	for _, addr := range notify.Addresses(r.Phone, r.Email) {
		ev := notify.Event{Kind: kind, About: notify.AboutWorkshop, StructureName: w.StructureName, Title: w.Title, Start: session.Start, End: session.End,
			Sessions: len(w.Sessions), PlaceName: site.Name, Address: site.Address, PlaceHours: site.Hours, Link: link, Deadline: r.OfferExpiresAt}
		if addr.Channel == notify.Email {
			ev.Name = r.Name
			ev.OptOutLink = g.optOut(false, r.ID, notify.Email)
		}
		subject, body := notify.Compose(ev, addr.Channel)
		key := fmt.Sprintf("insc:%d:%s:%s", r.ID, kind, addr.Channel)
		if kind == notify.Reminder {
			key = fmt.Sprintf("seance:%d:insc:%d:%s:%s", session.ID, r.ID, kind, addr.Channel)
		}
		m := notify.Message{StructureID: r.StructureID, Kind: kind, Channel: addr.Channel, To: addr.To, Subject: subject, Body: body, Key: key, RegistrationID: r.ID}
		if addr.Channel == notify.Email && kind != notify.WaitingList {
			m.ICS = string(RegistrationICS(w, r, link, stamp))
		}
		out = append(out, m)
	}
	return out
}

// offerMessages builds the messages of waiting-list offers, for the store.
func offerMessages(g signer, now time.Time) store.OfferMessages {
	return func(w workshop.Workshop, r workshop.Registration) []notify.Message {
		return registrationMessages(g, notify.Offer, w, r, workshop.Session{}, now)
	}
}

func (s *Service) remindAppointments(ctx context.Context, g signer, now time.Time) (int, error) {
	due, err := s.st.DueAppointmentReminders(ctx, now, s.cfg.ReminderBefore, 200)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range due {
		site, err := s.site(ctx, a.PlaceID)
		if err != nil && ctx.Err() != nil {
			return n, err
		}
		instructions := ""
		if m, err := s.st.Motive(ctx, a.StructureID, a.MotiveID); err == nil {
			instructions = m.InstructionsBefore
		}
		done, err := s.st.MarkAppointmentReminded(ctx, a, appointmentMessages(g, notify.Reminder, a, site, instructions, now), now)
		if err != nil {
			return n, err
		}
		if done {
			n++
		}
	}
	return n, nil
}

func (s *Service) remindSessions(ctx context.Context, g signer, now time.Time) (int, error) {
	due, err := s.st.DueSessionReminders(ctx, now, s.cfg.ReminderBefore, 200)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		done, err := s.st.MarkSessionReminded(ctx, d.Session.ID, func(regs []workshop.Registration) []notify.Message {
			var out []notify.Message
			for _, r := range regs {
				out = append(out, registrationMessages(g, notify.Reminder, d.Workshop, r, d.Session, now)...)
			}
			return out
		}, now)
		if err != nil {
			return n, err
		}
		if done {
			n++
		}
	}
	return n, nil
}

// --- calendar files

// AppointmentICS is the calendar file of an appointment.
func AppointmentICS(a agenda.Appointment, site Site, link string, stamp time.Time) []byte {
	loc := site.Where()
	switch a.Location {
	case agenda.LocationPhone:
		loc = "Par téléphone"
	case agenda.LocationVideo:
		loc = "En visioconférence"
	case agenda.LocationHome:
		loc = "À domicile"
	}
	desc := "Rendez-vous avec " + a.StructureName + "."
	if link != "" {
		desc += "\nPour voir ou annuler : " + link
	}
	return icalendar.Marshal(icalendar.Calendar{Method: "PUBLISH", Events: []icalendar.Event{{
		UID: fmt.Sprintf("rdv-%d@parcours", a.ID), Start: a.Start, End: a.End, Summary: "Rendez-vous – " + a.StructureName,
		Location: loc, Description: desc, URL: link, Cancelled: !a.Active(), Sequence: a.Sequence,
	}}}, stamp)
}

// RegistrationICS is the calendar file of a registration: every session.
func RegistrationICS(w workshop.Workshop, r workshop.Registration, link string, stamp time.Time) []byte {
	cal := icalendar.Calendar{Method: "PUBLISH"}
	for i, se := range w.Sessions {
		summary := "Atelier « " + w.Title + " »"
		if len(w.Sessions) > 1 {
			summary += " – séance " + strconv.Itoa(i+1) + " sur " + strconv.Itoa(len(w.Sessions))
		}
		desc := "Atelier de " + w.StructureName + ", niveau " + strings.ToLower(w.LevelLabel()) + "."
		if link != "" {
			desc += "\nVotre inscription : " + link
		}
		cal.Events = append(cal.Events, icalendar.Event{UID: fmt.Sprintf("atelier-%d-seance-%d@parcours", w.ID, se.ID), Start: se.Start, End: se.End,
			Summary: summary, Location: Site{Name: w.PlaceName, Address: w.PlaceAddress}.Where(), Description: desc, URL: link,
			Cancelled: !workshop.HoldsSeat(r.Status)})
	}
	return icalendar.Marshal(cal, stamp)
}

// SiteFeed is the public calendar of a site: its permanences and its
// published workshops, from from to to; never a person.
func SiteFeed(p place.Place, perms []agenda.Permanence, workshops []workshop.Workshop, from, to, stamp time.Time, bookingLink string) []byte {
	site := SiteOf(p)
	cal := icalendar.Calendar{Name: "Agenda : " + p.Name}
	for i := range perms {
		perm := &perms[i]
		for _, o := range perm.Occurrences(from, to) {
			if o.Skipped {
				continue
			}
			desc := "Permanence " + strings.ToLower(perm.ModeLabel()) + "."
			if perm.TakesAppointments() && bookingLink != "" {
				desc += "\nPrendre rendez-vous : " + bookingLink
			}
			cal.Events = append(cal.Events, icalendar.Event{UID: fmt.Sprintf("permanence-%d-%s@parcours", perm.ID, o.Date), Start: o.Start, End: o.End,
				Summary: "Permanence numérique (" + strings.ToLower(perm.ModeLabel()) + ")", Location: site.Where(), Description: desc})
		}
	}
	for _, w := range workshops {
		for i, se := range w.Sessions {
			if se.End.Before(from) || se.Start.After(to) {
				continue
			}
			summary := "Atelier « " + w.Title + " »"
			if len(w.Sessions) > 1 {
				summary += " – séance " + strconv.Itoa(i+1) + " sur " + strconv.Itoa(len(w.Sessions))
			}
			cal.Events = append(cal.Events, icalendar.Event{UID: fmt.Sprintf("atelier-%d-seance-%d@parcours", w.ID, se.ID), Start: se.Start, End: se.End,
				Summary: summary, Location: site.Where(), Description: "Niveau " + strings.ToLower(w.LevelLabel()) + ", " + strings.ToLower(w.AudienceLabel()) + "."})
		}
	}
	return icalendar.Marshal(cal, stamp)
}

// StaffFeed is a staff member's private calendar: their appointments (with
// the motive unless discreet, never the person's name), the permanences
// they hold and the workshop sessions they run.
func StaffFeed(name, base string, appts []agenda.Appointment, perms []agenda.Permanence, workshops []workshop.Workshop, from, to, stamp time.Time) []byte {
	cal := icalendar.Calendar{Name: "Parcours : agenda de " + name}
	for _, a := range appts {
		summary := "Rendez-vous"
		if !a.MotiveDiscreet && a.MotiveName != "" {
			summary += " : " + a.MotiveName
		}
		link := base + "/espace/agenda/rendez-vous/" + strconv.FormatInt(a.ID, 10)
		cal.Events = append(cal.Events, icalendar.Event{UID: fmt.Sprintf("rdv-%d@parcours", a.ID), Start: a.Start, End: a.End, Summary: summary,
			Location: a.PlaceName, Description: "Le détail dans Parcours : " + link, URL: link, Sequence: a.Sequence})
	}
	for i := range perms {
		perm := &perms[i]
		for _, o := range perm.Occurrences(from, to) {
			if o.Skipped {
				continue
			}
			cal.Events = append(cal.Events, icalendar.Event{UID: fmt.Sprintf("permanence-%d-%s@parcours", perm.ID, o.Date), Start: o.Start, End: o.End,
				Summary: "Permanence – " + perm.PlaceName, Location: perm.PlaceName})
		}
	}
	for _, w := range workshops {
		for i, se := range w.Sessions {
			if se.End.Before(from) || se.Start.After(to) {
				continue
			}
			cal.Events = append(cal.Events, icalendar.Event{UID: fmt.Sprintf("atelier-%d-seance-%d@parcours", w.ID, se.ID), Start: se.Start, End: se.End,
				Summary: fmt.Sprintf("Atelier « %s » – séance %d sur %d", w.Title, i+1, len(w.Sessions)), Location: w.PlaceName})
		}
	}
	return icalendar.Marshal(cal, stamp)
}
