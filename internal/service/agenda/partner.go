package agenda

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// territory is the scope of the actor's structure's territory; a structure
// without a territory has no partners.
func territory(a *account.Actor) (scope.Territory, bool) {
	t := scope.OfTerritory(a.Membership.StructureTerritoryID)
	return t, t.Valid()
}

// PartnerMotives lists the motives that the other structures of the actor's
// territory open to partners, of one structure unless onlyStructure is 0;
// ok is false when the actor's structure has no territory.
func (s *Service) PartnerMotives(ctx context.Context, a *account.Actor, onlyStructure int64) (list []agenda.Motive, ok bool, err error) {
	if err := a.Require(account.PermAgendaPartner); err != nil {
		return nil, false, err
	}
	t, ok := territory(a)
	if !ok {
		return nil, false, nil
	}
	all, err := s.st.MotivesOpenToPartners(ctx, t, a.Scope())
	for _, m := range all {
		if onlyStructure == 0 || m.StructureID == onlyStructure {
			list = append(list, m)
		}
	}
	return list, true, err
}

// partnerMotive returns a motive the actor's structure may book as a
// partner; any other is not found.
func (s *Service) partnerMotive(ctx context.Context, a *account.Actor, id int64) (agenda.Motive, error) {
	if err := a.Require(account.PermAgendaPartner); err != nil {
		return agenda.Motive{}, err
	}
	t, ok := territory(a)
	if !ok {
		return agenda.Motive{}, apperr.NotFoundError()
	}
	return s.st.MotiveOpenToPartners(ctx, t, a.Scope(), id)
}

// PartnerDraft is what a partner's booking form starts from.
type PartnerDraft struct {
	Motive    agenda.Motive
	Referrals []referral.Referral // the orientations sent to the motive's structure that may carry the appointment
	Contact   agenda.Contact      // from the orientation or the person's file
	Referral  int64               // the orientation chosen
}

// PartnerBookingDraft prepares the booking of a motive of a partner
// structure, with the orientation it carries (referralID) or the person it
// is for (personID, a file of the actor's structure), either one prefilling
// the contact. Reading a person's file is journaled.
func (s *Service) PartnerBookingDraft(ctx context.Context, a *account.Actor, motiveID, referralID, personID int64) (PartnerDraft, error) {
	m, err := s.partnerMotive(ctx, a, motiveID)
	if err != nil {
		return PartnerDraft{}, err
	}
	d := PartnerDraft{Motive: m}
	refs, err := s.st.ListReferrals(ctx, a.Scope(), store.ReferralFilter{Box: "envoyees", Limit: 200})
	if err != nil {
		return d, err
	}
	for _, ref := range refs {
		if ref.ReceiverStructureID == m.StructureID && (ref.State == referral.Open || ref.State == referral.Accepted) {
			d.Referrals = append(d.Referrals, ref)
		}
		if ref.ID == referralID {
			d.Referral, d.Contact.Name, d.Contact.Need = ref.ID, ref.PersonName, ref.Service
			switch ref.ContactMethod {
			case "telephone":
				d.Contact.Phone = ref.ContactDisplay()
			case "email":
				d.Contact.Email = ref.ContactValue
			}
		}
	}
	if personID != 0 && d.Contact.Name == "" && a.Can(account.PermPersons) {
		p, err := s.st.Person(ctx, a.Scope(), personID)
		if err == nil && !p.Deleted() && p.MergedInto == 0 {
			d.Contact = agenda.Contact{Name: p.Name(), Phone: p.Phone, Email: p.Email}
			e := journal.By(a, journal.Read, "Rendez-vous chez "+m.StructureName+" : coordonnées reprises du dossier")
			e.PersonID, e.At = p.ID, s.now()
			err = s.st.AddJournal(ctx, a.Scope(), e)
		}
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return d, err
		}
	}
	return d, nil
}

// PartnerSlots returns the free slots of a motive of a partner structure,
// within the motive's booking delays.
func (s *Service) PartnerSlots(ctx context.Context, a *account.Actor, motiveID int64, r Range) (Slots, error) {
	m, err := s.partnerMotive(ctx, a, motiveID)
	if err != nil {
		return Slots{}, err
	}
	return s.slotsIn(ctx, m, 0, r, byPartner)
}

// PartnerBooking is an appointment a partner books for a person it
// orients: the person must agree to their contact being passed on.
type PartnerBooking struct {
	Slot       string
	Contact    agenda.Contact
	ReferralID int64 // an orientation sent to the motive's structure, 0: none
	Agreed     bool
}

// BookAsPartner books, in another structure's agenda of the territory, a
// slot of a motive open to partners; the person receives the confirmation.
func (s *Service) BookAsPartner(ctx context.Context, a *account.Actor, motiveID int64, in PartnerBooking) (agenda.Appointment, error) {
	m, err := s.partnerMotive(ctx, a, motiveID)
	if err != nil {
		return agenda.Appointment{}, err
	}
	var v apperr.Validation
	ap := agenda.Appointment{Name: in.Contact.Name, Phone: in.Contact.Phone, Email: in.Contact.Email, Need: in.Contact.Need, BookedVia: agenda.ViaPartner,
		BookedByUserID: a.User.ID, BookedByStructureID: a.StructureID(), ConsentWording: agenda.PartnerConsentWording(a.Membership.StructureName, m.StructureName)}
	if in.ReferralID != 0 {
		ref, err := s.st.Referral(ctx, a.Scope(), in.ReferralID)
		if err != nil || ref.SenderStructureID != a.StructureID() || ref.ReceiverStructureID != m.StructureID {
			v.Add("orientation", "Choisissez une orientation que votre structure a envoyée à "+m.StructureName+".")
		} else {
			ap.ReferralID = ref.ID
		}
	}
	if !in.Agreed {
		v.Add("accord", "Cochez la case : la personne doit être d'accord pour que vous transmettiez ses coordonnées.")
	}
	return s.book(ctx, m, in.Slot, byPartner, ap, true, &v, journal.Entry{})
}

// Reservations lists the appointments the actor's structure booked in
// other structures' agendas, from yesterday on.
func (s *Service) Reservations(ctx context.Context, a *account.Actor) ([]agenda.Appointment, error) {
	if err := a.Require(account.PermAgendaPartner); err != nil {
		return nil, err
	}
	return s.st.Reservations(ctx, a.Scope(), s.now().AddDate(0, 0, -1))
}

// CancelReservation cancels, for the person, an appointment the actor's
// structure booked elsewhere; the person is told.
func (s *Service) CancelReservation(ctx context.Context, a *account.Actor, id int64, reason string) (agenda.Appointment, error) {
	if err := a.Require(account.PermAgendaPartner); err != nil {
		return agenda.Appointment{}, err
	}
	ap, err := s.st.Reservation(ctx, a.Scope(), id)
	if err != nil {
		return ap, err
	}
	if len([]rune(reason)) > 300 {
		return ap, fieldError("raison", "La raison ne doit pas dépasser 300 caractères.")
	}
	return s.cancel(ctx, ap, func(msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
		return s.st.CancelReservation(ctx, a.Scope(), id, reason, msgs, now)
	})
}
