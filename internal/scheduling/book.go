package scheduling

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Who books, which decides the motives open to them and the delays.
type Booker int

const (
	ByStaff    Booker = iota // the structure's own staff: any future slot
	ByPartner                // a partner structure: motives open to partners, within the delays
	ByResident               // the resident online: motives open online, within the delays
)

func (b Booker) may(m agenda.Motive) bool {
	switch b {
	case ByPartner:
		return m.OpenToPartners()
	case ByResident:
		return m.OpenOnline()
	}
	return true
}

// SlotRequest asks for the free slots of a motive.
type SlotRequest struct {
	StructureID int64
	MotiveID    int64
	PlaceID     int64 // 0: every site
	From, To    time.Time
	Booker      Booker
}

// Slots returns the free slots of a motive of the structure; a motive the
// booker may not book answers NotFound, as if it did not exist.
func (s *Service) Slots(ctx context.Context, req SlotRequest) (agenda.Motive, []agenda.Slot, error) {
	m, err := s.st.Motive(ctx, req.StructureID, req.MotiveID)
	if err != nil {
		return m, nil, err
	}
	if m.Archived || !req.Booker.may(m) {
		return m, nil, apperr.NotFoundError()
	}
	perms, err := s.st.ListPermanences(ctx, req.StructureID, req.PlaceID)
	if err != nil {
		return m, nil, err
	}
	q, err := s.query(ctx, m, perms, req.From, req.To, req.Booker)
	if err != nil {
		return m, nil, err
	}
	q.PlaceID = req.PlaceID
	return m, agenda.FreeSlots(q), nil
}

func (s *Service) query(ctx context.Context, m agenda.Motive, perms []agenda.Permanence, from, to time.Time, b Booker) (agenda.SlotQuery, error) {
	var keep []agenda.Permanence
	var staff []int64
	seen := map[int64]bool{}
	for _, p := range perms {
		if !p.TakesAppointments() || !p.HasMotive(m.ID) {
			continue
		}
		keep = append(keep, p)
		for _, id := range p.StaffIDs {
			if !seen[id] {
				seen[id] = true
				staff = append(staff, id)
			}
		}
	}
	busy, err := s.st.Busy(ctx, staff, from, to)
	return agenda.SlotQuery{Motive: m, Permanences: keep, Busy: busy, From: from, To: to, Now: s.cfg.Now(), ByStaff: b == ByStaff}, err
}

// BookRequest is one booking.
type BookRequest struct {
	StructureID  int64 // whose agenda: the motive's structure
	MotiveID     int64
	PermanenceID int64
	Start        time.Time
	Booker       Booker
	Contact      agenda.Contact
	PersonID     int64 // a person of the structure's files, when known
	Reachable    bool  // a phone number or an e-mail address is required
	Consent      string
	Via          string // agenda.Via…
	ByUserID     int64
	ByStructure  int64
	ReferralID   int64
}

// Book checks that the slot is offered and free, then books it; among the
// staff members free then, the first one the database accepts gets it.
// A slot someone else just took answers store.ErrSlotTaken ("Complet").
func (s *Service) Book(ctx context.Context, req BookRequest) (agenda.Appointment, error) {
	req.Contact.Normalize()
	var v apperr.Validation
	v.Merge(req.Contact.Validate(req.Reachable))
	m, err := s.st.Motive(ctx, req.StructureID, req.MotiveID)
	if err != nil {
		return agenda.Appointment{}, err
	}
	if m.Archived || !req.Booker.may(m) {
		return agenda.Appointment{}, apperr.NotFoundError()
	}
	slot, err := s.checkSlot(ctx, m, req.PermanenceID, req.Start, req.Booker)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			v.Add("creneau", e.Message)
		} else {
			return agenda.Appointment{}, err
		}
	}
	if err := v.Err(); err != nil {
		return agenda.Appointment{}, err
	}
	site, err := s.site(ctx, slot.PlaceID)
	if err != nil {
		return agenda.Appointment{}, err
	}
	g, err := s.signer(ctx)
	if err != nil {
		return agenda.Appointment{}, err
	}
	now := s.cfg.Now()
	a := agenda.Appointment{StructureID: req.StructureID, PlaceID: slot.PlaceID, PermanenceID: slot.PermanenceID, MotiveID: m.ID, MotiveName: m.Name,
		MotiveDiscreet: m.Discreet, Location: m.Location, Start: slot.Start, End: slot.End, PersonID: req.PersonID,
		Name: req.Contact.Name, Phone: req.Contact.Phone, Email: req.Contact.Email, Need: req.Contact.Need, ConsentWording: req.Consent,
		BookedVia: req.Via, BookedByUserID: req.ByUserID, BookedByStructureID: req.ByStructure, ReferralID: req.ReferralID}
	msgs := func(saved agenda.Appointment) []notify.Message {
		saved.StructureName, saved.MotiveDiscreet = m.StructureName, m.Discreet
		return appointmentMessages(g, notify.Confirmation, saved, site, m.InstructionsBefore, now)
	}
	err = store.ErrSlotTaken
	for _, staff := range slot.StaffIDs {
		a.ID, a.StaffID = 0, staff
		if err = s.st.BookAppointment(ctx, &a, msgs, now); err != store.ErrSlotTaken {
			break
		}
	}
	if err != nil {
		return agenda.Appointment{}, err
	}
	s.afterCommit(ctx)
	return s.st.Appointment(ctx, req.StructureID, a.ID)
}

// checkSlot finds the slot in the permanence's grid and checks it is free:
// Invalid when the slot is not offered, store.ErrSlotTaken when taken.
func (s *Service) checkSlot(ctx context.Context, m agenda.Motive, permanenceID int64, start time.Time, b Booker) (agenda.Slot, error) {
	if permanenceID == 0 || start.IsZero() {
		return agenda.Slot{}, apperr.New(apperr.Invalid, "Choisissez un créneau.")
	}
	p, err := s.st.Permanence(ctx, m.StructureID, permanenceID)
	if apperr.Is(err, apperr.NotFound) {
		return agenda.Slot{}, apperr.New(apperr.Invalid, "Ce créneau n'est pas proposé : choisissez-en un dans la liste.")
	}
	if err != nil {
		return agenda.Slot{}, err
	}
	end := start.Add(time.Duration(m.Duration) * time.Minute)
	q, err := s.query(ctx, m, []agenda.Permanence{p}, start, end, b)
	if err != nil {
		return agenda.Slot{}, err
	}
	busy := q.Busy
	q.Busy = nil
	if _, ok := agenda.FindSlot(agenda.FreeSlots(q), permanenceID, start); !ok {
		return agenda.Slot{}, apperr.New(apperr.Invalid, "Ce créneau n'est pas proposé, ou n'est plus réservable : choisissez-en un dans la liste.")
	}
	q.Busy = busy
	slot, ok := agenda.FindSlot(agenda.FreeSlots(q), permanenceID, start)
	if !ok {
		return agenda.Slot{}, store.ErrSlotTaken
	}
	return slot, nil
}

// Cancel frees an appointment still to come and tells the person. byPerson
// marks it "excusé" (the person cancels, or a partner for them), otherwise
// "annulé par le service". byBooker scopes it to the partner that booked it.
func (s *Service) Cancel(ctx context.Context, structureID, id int64, byPerson, byBooker bool, reason string) (agenda.Appointment, error) {
	var before agenda.Appointment
	var err error
	if byBooker {
		before, err = s.bookedBy(ctx, structureID, id)
	} else {
		before, err = s.st.Appointment(ctx, structureID, id)
	}
	if err != nil {
		return before, err
	}
	site, err := s.site(ctx, before.PlaceID)
	if err != nil {
		return before, err
	}
	g, err := s.signer(ctx)
	if err != nil {
		return before, err
	}
	status := agenda.StatusCancelled
	if byPerson {
		status = agenda.StatusExcused
	}
	now := s.cfg.Now()
	a, err := s.st.CancelAppointment(ctx, structureID, byBooker, id, status, reason, func(a agenda.Appointment) []notify.Message {
		if !a.Start.After(now) {
			return nil
		}
		return appointmentMessages(g, notify.Cancellation, a, site, "", now)
	}, now)
	if err != nil {
		return a, err
	}
	s.afterCommit(ctx)
	return a, nil
}

// bookedBy returns an appointment a partner structure booked elsewhere.
func (s *Service) bookedBy(ctx context.Context, bookerID, id int64) (agenda.Appointment, error) {
	a, err := s.st.AppointmentAny(ctx, id)
	if err != nil {
		return a, err
	}
	if a.BookedByStructureID != bookerID || a.StructureID == bookerID {
		return agenda.Appointment{}, apperr.NotFoundError()
	}
	return a, nil
}

// BookedBy returns an appointment the partner structure booked elsewhere.
func (s *Service) BookedBy(ctx context.Context, bookerID, id int64) (agenda.Appointment, error) {
	return s.bookedBy(ctx, bookerID, id)
}

// Move gives an appointment still to come another free slot of the same
// motive, and tells the person.
func (s *Service) Move(ctx context.Context, structureID, id, permanenceID int64, start time.Time) (agenda.Appointment, error) {
	a, err := s.st.Appointment(ctx, structureID, id)
	if err != nil {
		return a, err
	}
	if a.Status != agenda.StatusPending {
		return a, apperr.New(apperr.Invalid, "Seul un rendez-vous à venir peut être déplacé.")
	}
	m, err := s.st.Motive(ctx, structureID, a.MotiveID)
	if err != nil {
		return a, apperr.New(apperr.Invalid, "Le motif de ce rendez-vous n'existe plus : annulez-le et prenez un nouveau rendez-vous.")
	}
	slot, err := s.checkSlot(ctx, m, permanenceID, start, ByStaff)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			return a, &apperr.Error{Code: apperr.Invalid, Message: e.Message, Fields: []apperr.FieldError{{Field: "creneau", Message: e.Message}}}
		}
		return a, err
	}
	site, err := s.site(ctx, slot.PlaceID)
	if err != nil {
		return a, err
	}
	g, err := s.signer(ctx)
	if err != nil {
		return a, err
	}
	now := s.cfg.Now()
	moved := a
	moved.Start, moved.End, moved.PermanenceID, moved.PlaceID = slot.Start, slot.End, slot.PermanenceID, slot.PlaceID
	msgs := func(saved agenda.Appointment) []notify.Message {
		return appointmentMessages(g, notify.Change, saved, site, m.InstructionsBefore, now)
	}
	err = store.ErrSlotTaken
	var got agenda.Appointment
	for _, staff := range slot.StaffIDs {
		moved.StaffID = staff
		if got, err = s.st.MoveAppointment(ctx, structureID, moved, msgs, now); err != store.ErrSlotTaken {
			break
		}
	}
	if err != nil {
		return a, err
	}
	s.afterCommit(ctx)
	return got, nil
}

// SetStatus records what happened to an appointment.
func (s *Service) SetStatus(ctx context.Context, structureID, id int64, status string) (agenda.Appointment, error) {
	found := false
	for _, c := range agenda.Statuses {
		found = found || c.Value == status
	}
	if !found {
		msg := "Choisissez un statut : à renseigner, présent, excusé, annulé par le service ou absent."
		return agenda.Appointment{}, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: "statut", Message: msg}}}
	}
	return s.st.SetAppointmentStatus(ctx, structureID, id, status, s.cfg.Now())
}

// AppointmentFile is the calendar file of an appointment, with the
// resident's link in it.
func (s *Service) AppointmentFile(ctx context.Context, a agenda.Appointment) ([]byte, error) {
	site, err := s.site(ctx, a.PlaceID)
	if err != nil {
		return nil, err
	}
	g, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	return AppointmentICS(a, site, g.appointment(a.ID), s.cfg.Now()), nil
}

// Site describes a place for pages and files.
func (s *Service) Site(ctx context.Context, placeID int64) (Site, error) { return s.site(ctx, placeID) }

// AppointmentLink is the resident's page of an appointment.
func (s *Service) AppointmentLink(ctx context.Context, id int64) (string, error) {
	g, err := s.signer(ctx)
	return g.appointment(id), err
}

// RegistrationLink is the resident's page of a registration.
func (s *Service) RegistrationLink(ctx context.Context, id int64) (string, error) {
	g, err := s.signer(ctx)
	return g.registration(id), err
}
