package agenda

import (
	"context"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// PublicMotives lists, for residents, the motives of every structure that
// they may book online, by structure then name.
func (s *Service) PublicMotives(ctx context.Context) ([]agenda.Motive, error) {
	return s.st.MotivesOnline(ctx)
}

// PublicMotiveSites lists where the motives open online are held, by place
// name, at placeID or (0) every place: permanences still running today.
func (s *Service) PublicMotiveSites(ctx context.Context, placeID int64) ([]agenda.MotiveSite, error) {
	return s.st.MotiveSitesOnline(ctx, s.now().In(frtime.Paris).Format(time.DateOnly), placeID)
}

// PublicSlots returns the free slots of a motive open online at placeID (0:
// every site), within the motive's booking delays; another motive is not
// found.
func (s *Service) PublicSlots(ctx context.Context, motiveID, placeID int64, r Range) (Slots, error) {
	m, err := s.st.MotiveOnline(ctx, motiveID)
	if err != nil {
		return Slots{}, err
	}
	return s.slotsIn(ctx, m, placeID, r, byResident)
}

// Offer is one slot a resident chose, before booking it.
type Offer struct {
	Motive     agenda.Motive
	Start, End time.Time
	Site       agenda.Site
}

// PublicOffer reads the slot value a resident chose for a motive open
// online; a value that does not name a permanence of that motive is not
// found.
func (s *Service) PublicOffer(ctx context.Context, motiveID int64, slot string) (Offer, error) {
	m, err := s.st.MotiveOnline(ctx, motiveID)
	if err != nil {
		return Offer{}, err
	}
	o := Offer{Motive: m}
	perm, start, ok := agenda.ParseSlotValue(slot)
	if !ok {
		return o, apperr.NotFoundError()
	}
	p, err := s.st.Permanence(ctx, scope.OfStructure(m.StructureID), perm)
	if err == nil && !p.HasMotive(m.ID) {
		err = apperr.NotFoundError()
	}
	if err != nil {
		return o, err
	}
	o.Start, o.End = start, start.Add(time.Duration(m.Duration)*time.Minute)
	o.Site, err = s.site(ctx, p.PlaceID)
	return o, err
}

// PublicBooking is a resident booking online, with the minimum: a name and
// a phone number or an e-mail address, and their agreement.
type PublicBooking struct {
	Slot    string
	Contact agenda.Contact
	Agreed  bool
	// Language is the language of the pages the resident booked on
	// (internal/i18n); the messages sent to them are written in it.
	Language string
}

// BookPublic books, for a resident, a slot of a motive open online; it
// returns the appointment and the token of the resident's page. Every field
// is checked before anything is booked or sent.
func (s *Service) BookPublic(ctx context.Context, motiveID int64, in PublicBooking) (agenda.Appointment, string, error) {
	m, err := s.st.MotiveOnline(ctx, motiveID)
	if err != nil {
		return agenda.Appointment{}, "", err
	}
	var v apperr.Validation
	if !in.Agreed {
		v.Add("accord", "Cochez la case pour accepter : sans votre accord, nous ne pouvons pas garder votre rendez-vous.")
	}
	ap := agenda.Appointment{Name: in.Contact.Name, Phone: in.Contact.Phone, Email: in.Contact.Email, Need: in.Contact.Need, BookedVia: agenda.ViaOnline,
		ConsentWording: agenda.ConsentWording(m.StructureName), Language: i18n.Get(in.Language).Code}
	ap, err = s.book(ctx, m, in.Slot, byResident, ap, true, &v, journal.Entry{})
	if err != nil {
		return ap, "", err
	}
	links, err := s.out.Links(ctx)
	return ap, links.AppointmentToken(ap.ID), err
}

// Mine is a resident's appointment, read through their signed link.
type Mine struct {
	Appointment  agenda.Appointment
	Site         agenda.Site
	Instructions string // to read before coming
	After        string // to read after booking
	Upcoming     bool   // still to come: it can be cancelled
}

// ByLink returns the appointment of a resident's link; a forged or altered
// link is not found.
func (s *Service) ByLink(ctx context.Context, token string) (Mine, error) {
	links, err := s.out.Links(ctx)
	if err != nil {
		return Mine{}, err
	}
	id, ok := links.AppointmentID(token)
	if !ok {
		return Mine{}, apperr.NotFoundError()
	}
	ap, err := s.st.AppointmentForLink(ctx, id)
	if err != nil {
		return Mine{}, err
	}
	mine := Mine{Appointment: ap, Upcoming: ap.Status == agenda.StatusPending && ap.Start.After(s.now())}
	mine.Instructions, mine.After = s.instructions(ctx, ap)
	mine.Site, err = s.site(ctx, ap.PlaceID)
	return mine, err
}

// CancelByLink cancels, for the resident, the appointment of their link.
func (s *Service) CancelByLink(ctx context.Context, token string) (agenda.Appointment, error) {
	mine, err := s.ByLink(ctx, token)
	if err != nil {
		return agenda.Appointment{}, err
	}
	ap := mine.Appointment
	return s.cancel(ctx, ap, func(msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
		return s.st.CancelAppointment(ctx, scope.OfStructure(ap.StructureID), ap.ID, agenda.StatusExcused, "Annulé par la personne", msgs, now)
	})
}

// FileByLink is the calendar file of the appointment of a resident's link.
func (s *Service) FileByLink(ctx context.Context, token string) ([]byte, error) {
	mine, err := s.ByLink(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.file(ctx, mine.Appointment)
}

// Unsubscribe is the contact an opt-out link stops, as its page shows it.
type Unsubscribe struct {
	StructureName string
	Contact       string // masked: enough for its owner to recognise it
	structure     scope.Structure
	contact       string
}

// OptOutByLink reads an opt-out link: whose messages it stops, and to
// which contact.
func (s *Service) OptOutByLink(ctx context.Context, token string) (Unsubscribe, error) {
	links, err := s.out.Links(ctx)
	if err != nil {
		return Unsubscribe{}, err
	}
	o, ok := links.OptOutOf(token)
	if !ok {
		return Unsubscribe{}, apperr.NotFoundError()
	}
	var structureID int64
	var phone, email string
	if o.Appointment {
		a, err := s.st.AppointmentForLink(ctx, o.ID)
		if err != nil {
			return Unsubscribe{}, err
		}
		structureID, phone, email = a.StructureID, a.Phone, a.Email
	} else {
		r, err := s.workshops.RegistrationForLink(ctx, o.ID)
		if err != nil {
			return Unsubscribe{}, err
		}
		structureID, phone, email = r.StructureID, r.Phone, r.Email
	}
	u := Unsubscribe{structure: scope.OfStructure(structureID), contact: email}
	if o.Channel == notify.SMS {
		u.contact = phone
	}
	if u.contact == "" {
		return Unsubscribe{}, apperr.NotFoundError()
	}
	st, err := s.st.Structure(ctx, structureID)
	u.StructureName, u.Contact = st.Name, maskContact(u.contact)
	return u, err
}

// StopByLink records that the contact of an opt-out link gets no more
// messages from the structure.
func (s *Service) StopByLink(ctx context.Context, token string) (Unsubscribe, error) {
	u, err := s.OptOutByLink(ctx, token)
	if err != nil {
		return u, err
	}
	return u, s.stopAll(ctx, u.structure, "lien", u.contact)
}

// maskContact shows enough of a contact for its owner to recognise it.
func maskContact(c string) string {
	if at := strings.LastIndex(c, "@"); at > 0 {
		name := []rune(c[:at])
		keep := min(2, len(name))
		return string(name[:keep]) + strings.Repeat("•", 3) + c[at:]
	}
	d := notify.Message{To: c}.ToLabel()
	if len(d) == 14 { // "06 12 34 56 78"
		return d[:2] + " •• •• •• " + d[12:]
	}
	return "•••"
}
