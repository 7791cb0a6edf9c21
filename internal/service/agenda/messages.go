package agenda

import (
	"context"
	"fmt"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/icalendar"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/internal/shown"
	"github.com/parcours-numerique/parcours/internal/store"
)

func remote(location string) string {
	if location == agenda.LocationOnSite {
		return ""
	}
	return location
}

// appointmentMessages builds a message per channel the person can be
// reached by. The motive is named in e-mails only, and only when it is not
// discreet; the need is never repeated.
func appointmentMessages(links residentlink.Links, kind notify.Kind, a agenda.Appointment, site agenda.Site, instructions string, stamp time.Time) []notify.Message {
	var out []notify.Message
	link := links.Appointment(a.ID)
	for _, addr := range notify.Addresses(a.Phone, a.Email) {
		ev := notify.Event{Kind: kind, About: notify.AboutAppointment, StructureName: a.StructureName, Remote: remote(a.Location), Lang: a.Language,
			Start: a.Start, End: a.End, PlaceName: site.Name, Address: site.Address, PlaceHours: site.Hours, Phone: site.Phone, Link: link}
		if addr.Channel == notify.Email {
			ev.Name, ev.Instructions = a.Name, instructions
			ev.OptOutLink = links.OptOut(residentlink.OptOut{Appointment: true, ID: a.ID, Channel: notify.Email})
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

func (s *Service) remindAppointments(ctx context.Context, now time.Time) (int, error) {
	links, err := s.out.Links(ctx)
	if err != nil {
		return 0, err
	}
	due, err := s.st.DueAppointmentReminders(ctx, now, s.reminderBefore, 200)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range due {
		site, err := s.site(ctx, a.PlaceID)
		if err != nil && ctx.Err() != nil {
			return n, err
		}
		before, _ := s.instructions(ctx, a)
		done, err := s.st.MarkAppointmentReminded(ctx, a, appointmentMessages(links, notify.Reminder, a, site, before, now), now)
		if err != nil {
			return n, err
		}
		if done {
			n++
		}
	}
	return n, nil
}

// AppointmentICS is the calendar file of an appointment.
func AppointmentICS(a agenda.Appointment, site agenda.Site, link string, stamp time.Time) []byte {
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
		UID: appointmentUID(a.ID), Start: a.Start, End: a.End, Summary: "Rendez-vous – " + a.StructureName,
		Location: loc, Description: desc, URL: link, Cancelled: !a.Active(), Sequence: a.Sequence,
	}}}, stamp)
}

func appointmentUID(id int64) string { return fmt.Sprintf("rdv-%d@parcours", id) }

// MessagesPerPage is the length of a page of the outbox.
const MessagesPerPage = 50

// OutboxPage is a page of the structure's messages, its opt-outs and how
// messages leave.
type OutboxPage struct {
	Messages       []notify.Message
	Total          int
	Page           int
	OptOuts        []store.OptOutEntry
	Email, SMS     bool // the channels that really send
	ReminderBefore time.Duration
	OfferDelay     time.Duration
}

// Messages returns a page (from 1) of the structure's messages to residents,
// newest first, with each attempt's receipt: what was sent, or what would
// have been sent when no channel is configured.
func (s *Service) Messages(ctx context.Context, a *account.Actor, status string, page int) (OutboxPage, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return OutboxPage{}, err
	}
	page = max(page, 1)
	p := OutboxPage{Page: page, ReminderBefore: s.reminderBefore, OfferDelay: s.ws.OfferDelay()}
	p.Email, p.SMS = s.out.Channels()
	var err error
	if p.Messages, p.Total, err = s.st.ListMessages(ctx, a.Scope(), store.MessageFilter{Status: status, Limit: MessagesPerPage, Offset: (page - 1) * MessagesPerPage}); err != nil {
		return p, err
	}
	if p.OptOuts, err = s.st.ListOptOuts(ctx, a.Scope()); err != nil {
		return p, err
	}
	return p, shown.Journal(ctx, s.st.Store, a, s.now(), "Messages aux personnes (envois), page "+itoa(int64(page)), nil)
}

// StopMessages records, on a person's request, that a phone number or an
// e-mail address gets no more messages from the structure, or with stop
// false that it gets them again. It returns the contact as stored.
func (s *Service) StopMessages(ctx context.Context, a *account.Actor, contact string, stop bool) (string, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return "", err
	}
	key, ok := notify.ContactKey(contact)
	if !ok {
		return "", fieldError("contact", "Écrivez un numéro de téléphone (06 12 34 56 78) ou une adresse e-mail.")
	}
	if !stop {
		return key, s.st.OptIn(ctx, a.Scope(), key)
	}
	return key, s.st.OptOut(ctx, a.Scope(), key, "agent", s.now())
}

// stopAll records that none of the contacts gets messages from the structure.
func (s *Service) stopAll(ctx context.Context, sc scope.Structure, source string, contacts ...string) error {
	for _, c := range contacts {
		if c == "" {
			continue
		}
		if err := s.st.OptOut(ctx, sc, c, source, s.now()); err != nil {
			return err
		}
	}
	return nil
}
