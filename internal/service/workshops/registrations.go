package workshops

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/internal/contact"
	"github.com/parcours-numerique/parcours/internal/service/internal/shown"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Registrations lists a workshop's registrations: seats, offers, the
// waiting list in order, then cancelled ones.
func (s *Service) Registrations(ctx context.Context, a *account.Actor, workshopID int64) ([]workshop.Registration, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	w, err := s.st.Workshop(ctx, a.Scope(), workshopID)
	if err != nil {
		return nil, err
	}
	regs, err := s.st.Registrations(ctx, a.Scope(), workshopID)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(regs))
	for _, r := range regs {
		ids = append(ids, r.PersonID)
	}
	return regs, shown.Journal(ctx, s.st.Store, a, s.now(), "Inscrits de l'atelier « "+w.Title+" »", ids)
}

// Registration returns a registration of the structure.
func (s *Service) Registration(ctx context.Context, a *account.Actor, id int64) (workshop.Registration, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return workshop.Registration{}, err
	}
	return s.st.Registration(ctx, a.Scope(), id)
}

// ChangedRegistrations returns a page of the structure's registrations (of
// one workshop unless workshopID is 0) by id, for a partner that
// synchronises.
func (s *Service) ChangedRegistrations(ctx context.Context, a *account.Actor, workshopID int64, q Sync) (Page[workshop.Registration], error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Page[workshop.Registration]{}, err
	}
	sp, err := q.check()
	if err != nil {
		return Page[workshop.Registration]{}, err
	}
	if workshopID != 0 {
		if _, err := s.st.Workshop(ctx, a.Scope(), workshopID); err != nil {
			return Page[workshop.Registration]{}, err
		}
	}
	list, err := s.st.ChangedRegistrations(ctx, a.Scope(), workshopID, sp)
	if err != nil {
		return Page[workshop.Registration]{}, err
	}
	p := page(list, sp.Limit-1, func(r workshop.Registration) int64 { return r.ID })
	ids := make([]int64, 0, len(p.Items))
	for _, r := range p.Items {
		ids = append(ids, r.PersonID)
	}
	return p, shown.Journal(ctx, s.st.Store, a, s.now(), "Inscriptions aux ateliers synchronisées (API)", ids)
}

// NewRegistration is a person registered by staff: a person's file, or a
// name and (with their agreement) a contact.
type NewRegistration struct {
	PersonID   int64
	Contact    agenda.Contact
	Agreed     bool // the person accepts the messages of the workshop
	WaitIfFull bool // the waiting list when the workshop is full
}

// Register gives a seat, or a place on the waiting list with WaitIfFull,
// and tells the person; a full workshop otherwise answers workshop.ErrFull,
// whose message offers the waiting list. A person's file is journaled.
func (s *Service) Register(ctx context.Context, a *account.Actor, workshopID int64, in NewRegistration) (workshop.Registration, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return workshop.Registration{}, err
	}
	w, err := s.st.Workshop(ctx, a.Scope(), workshopID)
	if err != nil {
		return workshop.Registration{}, err
	}
	var v apperr.Validation
	c := in.Contact
	pid, err := contact.FromFile(ctx, s.st.Store, a, in.PersonID, &c, &v)
	if err != nil {
		return workshop.Registration{}, err
	}
	wording := ""
	if contact.Agreed(c, in.Agreed, &v, "les messages de l'atelier") {
		wording = workshop.ConsentWording(a.Membership.StructureName)
	}
	via := agenda.ViaStaff
	if a.Via == account.ViaAPI {
		via = agenda.ViaAPI
	}
	r := workshop.Registration{PersonID: pid, BookedVia: via, BookedByUserID: a.User.ID, ConsentWording: wording}
	return s.register(ctx, w, r, c, false, in.WaitIfFull, &v, journal.By(a, journal.Create, "Inscription à l'atelier « "+w.Title+" »"))
}

// NewPublicRegistration is a resident registering online.
type NewPublicRegistration struct {
	Contact    agenda.Contact
	Agreed     bool // the resident accepts that their contact is kept
	WaitIfFull bool
	// Language is the language of the pages the resident registered on
	// (internal/i18n); the messages sent to them are written in it.
	Language string
}

// RegisterPublic registers a resident online on a published workshop open
// to online registration; it returns the registration and the token of
// their page.
func (s *Service) RegisterPublic(ctx context.Context, workshopID int64, in NewPublicRegistration) (workshop.Registration, string, error) {
	w, err := s.st.PublishedWorkshop(ctx, workshopID)
	if err != nil {
		return workshop.Registration{}, "", err
	}
	if !w.OnlineRegistration {
		return workshop.Registration{}, "", apperr.NotFoundError()
	}
	var v apperr.Validation
	if !in.Agreed {
		v.Add("accord", "Cochez la case pour accepter : sans votre accord, nous ne pouvons pas garder votre inscription.")
	}
	r := workshop.Registration{BookedVia: agenda.ViaOnline, ConsentWording: workshop.ConsentWording(w.StructureName), Language: i18n.Get(in.Language).Code}
	r, err = s.register(ctx, w, r, in.Contact, true, in.WaitIfFull, &v, journal.Entry{})
	if err != nil {
		return r, "", err
	}
	links, err := s.out.Links(ctx)
	return r, links.RegistrationToken(r.ID), err
}

// register checks the contact, then takes a seat or a place on the waiting
// list and records the message, in one transaction.
func (s *Service) register(ctx context.Context, w workshop.Workshop, r workshop.Registration, c agenda.Contact, reachable, waitIfFull bool, v *apperr.Validation, j journal.Entry) (workshop.Registration, error) {
	c.Normalize()
	v.Merge(c.Validate(reachable))
	if err := v.Err(); err != nil {
		return r, err
	}
	now := s.now()
	if len(w.Upcoming(now)) == 0 {
		return r, apperr.New(apperr.Invalid, "Cet atelier est terminé : on ne peut plus s'y inscrire.")
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return r, err
	}
	r.WorkshopID, r.Name, r.Phone, r.Email = w.ID, c.Name, c.Phone, c.Email
	err = s.st.Register(ctx, scope.OfStructure(w.StructureID), &r, waitIfFull, func(saved workshop.Registration) []notify.Message {
		kind := notify.Confirmation
		if saved.Status == workshop.Waiting {
			kind = notify.WaitingList
		}
		return registrationMessages(links, kind, w, saved, workshop.Session{}, now)
	}, j, now)
	if err != nil {
		return r, err
	}
	s.out.Recorded(ctx)
	return r, nil
}

// RegistrationRef names a registration, and the workshop it must be of
// when WorkshopID is not 0 (a page's address).
type RegistrationRef struct {
	WorkshopID int64
	ID         int64
}

func (s *Service) ownRegistration(ctx context.Context, a *account.Actor, ref RegistrationRef) (workshop.Registration, error) {
	r, err := s.st.Registration(ctx, a.Scope(), ref.ID)
	if err == nil && ref.WorkshopID != 0 && r.WorkshopID != ref.WorkshopID {
		err = apperr.NotFoundError()
	}
	return r, err
}

// Cancelled is a cancelled registration and the registration its freed
// seat was offered to, if any.
type Cancelled struct {
	Registration workshop.Registration
	Offered      *workshop.Registration
}

// CancelRegistration cancels a registration for the person, tells them,
// and offers a freed seat to the first person waiting.
func (s *Service) CancelRegistration(ctx context.Context, a *account.Actor, ref RegistrationRef) (Cancelled, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Cancelled{}, err
	}
	r, err := s.ownRegistration(ctx, a, ref)
	if err != nil {
		return Cancelled{}, err
	}
	return s.cancel(ctx, r)
}

func (s *Service) cancel(ctx context.Context, r workshop.Registration) (Cancelled, error) {
	sc := scope.OfStructure(r.StructureID)
	w, err := s.st.Workshop(ctx, sc, r.WorkshopID)
	if err != nil {
		return Cancelled{}, err
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return Cancelled{}, err
	}
	now := s.now()
	cancelled, offered, err := s.st.CancelRegistration(ctx, sc, r.ID, s.offerDelay, func(c workshop.Registration) []notify.Message {
		if len(w.Upcoming(now)) == 0 {
			return nil
		}
		return registrationMessages(links, notify.Cancellation, w, c, workshop.Session{}, now)
	}, offerMessages(links, now), now)
	if err != nil {
		return Cancelled{}, err
	}
	s.out.Recorded(ctx)
	return Cancelled{Registration: cancelled, Offered: offered}, nil
}

// ConfirmOffer confirms, for the person, a seat offered before its deadline.
func (s *Service) ConfirmOffer(ctx context.Context, a *account.Actor, ref RegistrationRef) (workshop.Registration, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return workshop.Registration{}, err
	}
	r, err := s.ownRegistration(ctx, a, ref)
	if err != nil {
		return r, err
	}
	return s.confirm(ctx, r)
}

func (s *Service) confirm(ctx context.Context, r workshop.Registration) (workshop.Registration, error) {
	sc := scope.OfStructure(r.StructureID)
	w, err := s.st.Workshop(ctx, sc, r.WorkshopID)
	if err != nil {
		return r, err
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return r, err
	}
	now := s.now()
	r, err = s.st.ConfirmOffer(ctx, sc, r.ID, func(c workshop.Registration) []notify.Message {
		return registrationMessages(links, notify.Confirmation, w, c, workshop.Session{}, now)
	}, now)
	if err != nil {
		return r, err
	}
	s.out.Recorded(ctx)
	return r, nil
}

// Mine is a resident's registration, read through their signed link.
type Mine struct {
	Workshop     workshop.Workshop
	Registration workshop.Registration
}

// ByLink returns the registration of a resident's link; a forged or
// altered link is not found.
func (s *Service) ByLink(ctx context.Context, token string) (Mine, error) {
	links, err := s.out.Links(ctx)
	if err != nil {
		return Mine{}, err
	}
	id, ok := links.RegistrationID(token)
	if !ok {
		return Mine{}, apperr.NotFoundError()
	}
	r, err := s.st.RegistrationForLink(ctx, id)
	if err != nil {
		return Mine{}, err
	}
	w, err := s.st.WorkshopForLink(ctx, r.WorkshopID)
	return Mine{Workshop: w, Registration: r}, err
}

// ConfirmByLink confirms the seat offered to the resident of the link.
func (s *Service) ConfirmByLink(ctx context.Context, token string) (workshop.Registration, error) {
	m, err := s.ByLink(ctx, token)
	if err != nil {
		return workshop.Registration{}, err
	}
	return s.confirm(ctx, m.Registration)
}

// CancelByLink cancels the registration of the link, for the resident.
func (s *Service) CancelByLink(ctx context.Context, token string) (Cancelled, error) {
	m, err := s.ByLink(ctx, token)
	if err != nil {
		return Cancelled{}, err
	}
	return s.cancel(ctx, m.Registration)
}

// FileByLink is the calendar file of the registration of the link.
func (s *Service) FileByLink(ctx context.Context, token string) ([]byte, error) {
	m, err := s.ByLink(ctx, token)
	if err != nil {
		return nil, err
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return nil, err
	}
	return RegistrationICS(m.Workshop, m.Registration, links.Registration(m.Registration.ID), s.now()), nil
}
