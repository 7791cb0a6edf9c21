package scheduling

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// RegisterRequest is one registration for a workshop.
type RegisterRequest struct {
	StructureID int64
	WorkshopID  int64
	Contact     agenda.Contact
	PersonID    int64
	Reachable   bool // a phone number or an e-mail address is required (online)
	WaitIfFull  bool // join the waiting list when the workshop is full
	Online      bool // the resident registers on the public page
	Consent     string
	Via         string
	ByUserID    int64
}

// Register gives a seat, or a place on the waiting list, and tells the
// person. A full workshop without WaitIfFull answers workshop.ErrFull, whose
// message offers the waiting list.
func (s *Service) Register(ctx context.Context, req RegisterRequest) (workshop.Registration, error) {
	req.Contact.Normalize()
	var v apperr.Validation
	v.Merge(req.Contact.Validate(req.Reachable))
	if err := v.Err(); err != nil {
		return workshop.Registration{}, err
	}
	w, err := s.st.Workshop(ctx, req.StructureID, req.WorkshopID)
	if err != nil {
		return workshop.Registration{}, err
	}
	now := s.cfg.Now()
	if req.Online && (!w.Published || !w.OnlineRegistration) {
		return workshop.Registration{}, apperr.NotFoundError()
	}
	if len(w.Upcoming(now)) == 0 {
		return workshop.Registration{}, apperr.New(apperr.Invalid, "Cet atelier est terminé : on ne peut plus s'y inscrire.")
	}
	g, err := s.signer(ctx)
	if err != nil {
		return workshop.Registration{}, err
	}
	r := workshop.Registration{WorkshopID: w.ID, StructureID: w.StructureID, PersonID: req.PersonID, Name: req.Contact.Name,
		Phone: req.Contact.Phone, Email: req.Contact.Email, BookedVia: req.Via, BookedByUserID: req.ByUserID, ConsentWording: req.Consent}
	err = s.st.Register(ctx, &r, req.WaitIfFull, func(saved workshop.Registration) []notify.Message {
		kind := notify.Confirmation
		if saved.Status == workshop.Waiting {
			kind = notify.WaitingList
		}
		return registrationMessages(g, kind, w, saved, workshop.Session{}, now)
	}, now)
	if err != nil {
		return r, err
	}
	s.afterCommit(ctx)
	return r, nil
}

// CancelRegistration cancels a registration (by the person or the staff),
// tells the person, and offers a freed seat to the first person waiting.
func (s *Service) CancelRegistration(ctx context.Context, structureID, id int64) (workshop.Registration, *workshop.Registration, error) {
	r, err := s.st.Registration(ctx, structureID, id)
	if err != nil {
		return r, nil, err
	}
	w, err := s.st.Workshop(ctx, structureID, r.WorkshopID)
	if err != nil {
		return r, nil, err
	}
	g, err := s.signer(ctx)
	if err != nil {
		return r, nil, err
	}
	now := s.cfg.Now()
	cancelled, offered, err := s.st.CancelRegistration(ctx, structureID, id, s.cfg.OfferDelay, func(c workshop.Registration) []notify.Message {
		if len(w.Upcoming(now)) == 0 {
			return nil
		}
		return registrationMessages(g, notify.Cancellation, w, c, workshop.Session{}, now)
	}, offerMessages(g, now), now)
	if err != nil {
		return cancelled, nil, err
	}
	s.afterCommit(ctx)
	return cancelled, offered, nil
}

// ConfirmOffer confirms an offered seat before its deadline.
func (s *Service) ConfirmOffer(ctx context.Context, structureID, id int64) (workshop.Registration, error) {
	r, err := s.st.Registration(ctx, structureID, id)
	if err != nil {
		return r, err
	}
	w, err := s.st.Workshop(ctx, structureID, r.WorkshopID)
	if err != nil {
		return r, err
	}
	g, err := s.signer(ctx)
	if err != nil {
		return r, err
	}
	now := s.cfg.Now()
	r, err = s.st.ConfirmOffer(ctx, structureID, id, func(c workshop.Registration) []notify.Message {
		return registrationMessages(g, notify.Confirmation, w, c, workshop.Session{}, now)
	}, now)
	if err != nil {
		return r, err
	}
	s.afterCommit(ctx)
	return r, nil
}

// UpdateWorkshop saves a workshop; seats added to a full one go to the
// waiting list.
func (s *Service) UpdateWorkshop(ctx context.Context, w *workshop.Workshop) error {
	g, err := s.signer(ctx)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	offered, err := s.st.UpdateWorkshop(ctx, w, s.cfg.OfferDelay, offerMessages(g, now), now)
	if err == nil && len(offered) > 0 {
		s.afterCommit(ctx)
	}
	return err
}

// RegistrationFile is the calendar file of a registration.
func (s *Service) RegistrationFile(ctx context.Context, w workshop.Workshop, r workshop.Registration) ([]byte, error) {
	g, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	return RegistrationICS(w, r, g.registration(r.ID), s.cfg.Now()), nil
}

// OptOutContact resolves an opt-out link into the structure and contact.
func (s *Service) OptOutContact(ctx context.Context, o OptOut) (structureID int64, contact string, err error) {
	var phone, email string
	if o.Appointment {
		a, err := s.st.AppointmentAny(ctx, o.ID)
		if err != nil {
			return 0, "", err
		}
		structureID, phone, email = a.StructureID, a.Phone, a.Email
	} else {
		r, err := s.st.RegistrationAny(ctx, o.ID)
		if err != nil {
			return 0, "", err
		}
		structureID, phone, email = r.StructureID, r.Phone, r.Email
	}
	contact = email
	if o.Channel == notify.SMS {
		contact = phone
	}
	if contact == "" {
		return 0, "", apperr.NotFoundError()
	}
	return structureID, contact, nil
}
