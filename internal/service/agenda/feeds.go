package agenda

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/icalendar"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Calendars is what a staff member may subscribe to: each site's public
// calendar, and their own private one.
type Calendars struct {
	Places          []place.Place
	PersonalCreated time.Time // zero: no private address yet
}

// Calendars lists the subscribable calendars of the actor.
func (s *Service) Calendars(ctx context.Context, a *account.Actor) (Calendars, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Calendars{}, err
	}
	var c Calendars
	var err error
	if c.Places, err = s.places.ListPlaces(ctx, placestore.PlaceFilter{StructureID: a.StructureID()}); err != nil {
		return c, err
	}
	c.PersonalCreated, err = s.st.CalendarTokenCreated(ctx, a.Scope(), a.User.ID)
	return c, err
}

// NewCalendarAddress gives the actor a new secret for the address of their
// private calendar (the old address stops working); it returns the secret,
// which is shown once.
func (s *Service) NewCalendarAddress(ctx context.Context, a *account.Actor) (string, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return "", err
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	secret := base64.RawURLEncoding.EncodeToString(b)
	return secret, s.st.SetCalendarToken(ctx, a.Scope(), a.User.ID, hashFeedSecret(secret), s.now())
}

// hashFeedSecret is how a feed's secret is stored.
func hashFeedSecret(secret string) string {
	h := sha256.Sum256([]byte("parcours-feed:" + secret))
	return hex.EncodeToString(h[:])
}

// feedRange is what feeds hold: a month back, six months ahead.
func (s *Service) feedRange() (time.Time, time.Time) {
	now := s.now()
	return now.AddDate(0, -1, 0), now.AddDate(0, 6, 0)
}

// SiteFeed is the public calendar of a site of a structure: its
// permanences and its published workshops, never a person. bookingURL is
// the public booking page it points to.
func (s *Service) SiteFeed(ctx context.Context, placeID int64, bookingURL string) ([]byte, error) {
	p, err := s.places.Place(ctx, placeID)
	if err != nil || p.StructureID == 0 {
		return nil, apperr.NotFoundError()
	}
	perms, err := s.st.PlacePermanences(ctx, placeID)
	if err != nil {
		return nil, err
	}
	from, to := s.feedRange()
	list, err := s.workshops.PublishedWorkshops(ctx, workshopstore.PublishedFilter{StructureID: p.StructureID, WorkshopFilter: workshopstore.WorkshopFilter{EndsAfter: from, PlaceID: placeID}})
	if err != nil {
		return nil, err
	}
	site := agenda.SiteOf(p)
	cal := icalendar.Calendar{Name: "Agenda : " + p.Name}
	for i := range perms {
		perm := &perms[i]
		desc := "Permanence " + strings.ToLower(perm.ModeLabel()) + "."
		if perm.TakesAppointments() && bookingURL != "" {
			desc += "\nPrendre rendez-vous : " + bookingURL
		}
		cal.Events = append(cal.Events, permanenceEvents(perm, from, to, "Permanence numérique ("+strings.ToLower(perm.ModeLabel())+")", site.Where(), desc)...)
	}
	for _, w := range list {
		cal.Events = append(cal.Events, sessionEvents(w, from, to, site.Where(), "Niveau "+strings.ToLower(w.LevelLabel())+", "+strings.ToLower(w.AudienceLabel())+".")...)
	}
	return icalendar.Marshal(cal, s.now()), nil
}

// StaffFeed is a staff member's private calendar, behind the secret of its
// address: their appointments (with the motive unless discreet, never the
// person's name), the permanences they hold and the workshop sessions they
// run. base starts the links to the staff pages.
func (s *Service) StaffFeed(ctx context.Context, secret, base string) ([]byte, error) {
	userID, structureID, err := s.st.CalendarTokenOwner(ctx, hashFeedSecret(secret))
	if err != nil {
		return nil, err
	}
	u, err := s.st.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	sc := scope.OfStructure(structureID)
	from, to := s.feedRange()
	appts, err := s.st.AppointmentsOfStaff(ctx, sc, userID, from, to)
	if err != nil {
		return nil, err
	}
	perms, err := s.st.ListPermanences(ctx, sc, agendastore.PermanenceFilter{})
	if err != nil {
		return nil, err
	}
	list, err := s.workshops.ListWorkshops(ctx, sc, workshopstore.WorkshopFilter{StaffID: userID, EndsAfter: from})
	if err != nil {
		return nil, err
	}
	cal := icalendar.Calendar{Name: "Parcours : agenda de " + u.Name}
	for _, a := range appts {
		summary := "Rendez-vous"
		if !a.MotiveDiscreet && a.MotiveName != "" {
			summary += " : " + a.MotiveName
		}
		link := base + "/espace/agenda/rendez-vous/" + strconv.FormatInt(a.ID, 10)
		cal.Events = append(cal.Events, icalendar.Event{UID: appointmentUID(a.ID), Start: a.Start, End: a.End, Summary: summary,
			Location: a.PlaceName, Description: "Le détail dans Parcours : " + link, URL: link, Sequence: a.Sequence})
	}
	for i := range perms {
		if perm := &perms[i]; perm.HasStaff(userID) {
			cal.Events = append(cal.Events, permanenceEvents(perm, from, to, "Permanence – "+perm.PlaceName, perm.PlaceName, "")...)
		}
	}
	for _, w := range list {
		cal.Events = append(cal.Events, sessionEvents(w, from, to, w.PlaceName, "")...)
	}
	return icalendar.Marshal(cal, s.now()), nil
}

// permanenceEvents are the dates a permanence is held between from and to.
func permanenceEvents(p *agenda.Permanence, from, to time.Time, summary, location, desc string) []icalendar.Event {
	var out []icalendar.Event
	for _, o := range p.Occurrences(from, to) {
		if !o.Skipped {
			out = append(out, icalendar.Event{UID: fmt.Sprintf("permanence-%d-%s@parcours", p.ID, o.Date), Start: o.Start, End: o.End,
				Summary: summary, Location: location, Description: desc})
		}
	}
	return out
}

// sessionEvents are a workshop's sessions between from and to.
func sessionEvents(w workshop.Workshop, from, to time.Time, location, desc string) []icalendar.Event {
	var out []icalendar.Event
	for i, se := range w.Sessions {
		if !se.End.Before(from) && !se.Start.After(to) {
			out = append(out, icalendar.Event{UID: workshops.SessionUID(w.ID, se.ID), Start: se.Start, End: se.End,
				Summary: workshops.SessionTitle(w, i), Location: location, Description: desc})
		}
	}
	return out
}
