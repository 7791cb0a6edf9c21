package workshops

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/icalendar"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// registrationMessages builds the messages of a registration, one per way
// the person can be reached; session is the session a reminder is about
// (zero: the first one to come).
func registrationMessages(links residentlink.Links, kind notify.Kind, w workshop.Workshop, r workshop.Registration, session workshop.Session, stamp time.Time) []notify.Message {
	var out []notify.Message
	link := links.Registration(r.ID)
	if session.ID == 0 {
		if upcoming := w.Upcoming(stamp); len(upcoming) > 0 {
			session = upcoming[0]
		} else {
			session = w.First()
		}
	}
	site := agenda.Site{Name: w.PlaceName, Address: w.PlaceAddress, Hours: w.PlaceHours, Phone: w.PlacePhone}
	for _, addr := range notify.Addresses(r.Phone, r.Email) {
		ev := notify.Event{Kind: kind, About: notify.AboutWorkshop, StructureName: w.StructureName, Title: w.Title, Start: session.Start, End: session.End, Lang: r.Language,
			Sessions: len(w.Sessions), PlaceName: site.Name, Address: site.Address, PlaceHours: site.Hours, Phone: site.Phone, Link: link, Deadline: r.OfferExpiresAt}
		if addr.Channel == notify.Email {
			ev.Name = r.Name
			ev.OptOutLink = links.OptOut(residentlink.OptOut{ID: r.ID, Channel: notify.Email})
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
func offerMessages(links residentlink.Links, now time.Time) workshopstore.OfferMessages {
	return func(w workshop.Workshop, r workshop.Registration) []notify.Message {
		return registrationMessages(links, notify.Offer, w, r, workshop.Session{}, now)
	}
}

// RegistrationICS is the calendar file of a registration: every session.
func RegistrationICS(w workshop.Workshop, r workshop.Registration, link string, stamp time.Time) []byte {
	cal := icalendar.Calendar{Method: "PUBLISH"}
	for i, se := range w.Sessions {
		desc := "Atelier de " + w.StructureName + ", niveau " + strings.ToLower(w.LevelLabel()) + "."
		if link != "" {
			desc += "\nVotre inscription : " + link
		}
		cal.Events = append(cal.Events, icalendar.Event{UID: SessionUID(w.ID, se.ID), Start: se.Start, End: se.End,
			Summary: SessionTitle(w, i), Location: agenda.Site{Name: w.PlaceName, Address: w.PlaceAddress}.Where(), Description: desc, URL: link,
			Cancelled: !workshop.HoldsSeat(r.Status)})
	}
	return icalendar.Marshal(cal, stamp)
}

// SessionUID identifies a session in every calendar file.
func SessionUID(workshopID, sessionID int64) string {
	return fmt.Sprintf("atelier-%d-seance-%d@parcours", workshopID, sessionID)
}

// SessionTitle names the i-th session (from 0) in calendars and the agenda.
func SessionTitle(w workshop.Workshop, i int) string {
	title := "Atelier « " + w.Title + " »"
	if len(w.Sessions) > 1 {
		title += " – séance " + strconv.Itoa(i+1) + " sur " + strconv.Itoa(len(w.Sessions))
	}
	return title
}

// Chores is what one pass of the background work did for workshops.
type Chores struct {
	Expired   int // offers past their deadline
	Offered   int // seats offered to the next person
	Reminders int // sessions reminded
}

// RunChores is the workshops' share of the agenda's background work, run by
// the instance holding the agenda's lease: offers past their deadline go to
// the next person waiting, and the sessions starting within before are
// reminded to the persons registered, once.
func (s *Service) RunChores(ctx context.Context, before time.Duration) (Chores, error) {
	var rep Chores
	now := s.now()
	links, err := s.out.Links(ctx)
	if err != nil {
		return rep, err
	}
	offered, expired, err := s.st.ExpireOffers(ctx, now, s.offerDelay, offerMessages(links, now))
	rep.Expired, rep.Offered = expired, len(offered)
	if err != nil {
		return rep, err
	}
	due, err := s.st.DueSessionReminders(ctx, now, before, 200)
	if err != nil {
		return rep, err
	}
	for _, d := range due {
		done, err := s.st.MarkSessionReminded(ctx, d.Session.ID, func(regs []workshop.Registration) []notify.Message {
			var out []notify.Message
			for _, r := range regs {
				out = append(out, registrationMessages(links, notify.Reminder, d.Workshop, r, d.Session, now)...)
			}
			return out
		}, now)
		if err != nil {
			return rep, err
		}
		if done {
			rep.Reminders++
		}
	}
	return rep, nil
}
