package agenda

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/internal/contact"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
)

// booker says who books, which decides the motives open to them and the delays.
type booker int

const (
	byStaff    booker = iota // the structure's own staff: any future slot
	byPartner                // a partner structure: motives open to partners, within the delays
	byResident               // the resident online: motives open online, within the delays
)

// MaxSlotDays is the longest range of free slots asked at once.
const MaxSlotDays = 62

// Range is the days of free slots asked: from From (now when earlier or
// zero) to To (14 days later when zero), 62 days at most.
type Range struct {
	From, To time.Time
}

func (s *Service) window(r Range) (time.Time, time.Time, error) {
	now := s.now()
	from := r.From
	if from.Before(now) {
		from = now
	}
	to := r.To
	if to.IsZero() {
		to = from.AddDate(0, 0, 14)
	}
	if to.Sub(from) > MaxSlotDays*24*time.Hour {
		return from, to, fieldError("au", "Demandez 62 jours au plus à la fois.")
	}
	return from, to, nil
}

// Slots is the free slots of a motive, and the sites offering it.
type Slots struct {
	Motive agenda.Motive
	Slots  []agenda.Slot
	Places []PlaceName // the sites where the motive is offered, in permanence order
}

// PlaceName names a site.
type PlaceName struct {
	ID   int64
	Name string
}

// PlaceName names a site of the slots ("" when unknown).
func (l Slots) PlaceName(id int64) string {
	for _, p := range l.Places {
		if p.ID == id {
			return p.Name
		}
	}
	return ""
}

// slotsIn checks the range asked, then computes the free slots.
func (s *Service) slotsIn(ctx context.Context, m agenda.Motive, placeID int64, r Range, b booker) (Slots, error) {
	from, to, err := s.window(r)
	if err != nil {
		return Slots{Motive: m}, err
	}
	return s.freeSlots(ctx, m, placeID, from, to, b)
}

// freeSlots computes the free slots of m at placeID (0: every site).
func (s *Service) freeSlots(ctx context.Context, m agenda.Motive, placeID int64, from, to time.Time, b booker) (Slots, error) {
	out := Slots{Motive: m}
	perms, err := s.st.ListPermanences(ctx, scope.OfStructure(m.StructureID), agendastore.PermanenceFilter{})
	if err != nil {
		return out, err
	}
	seen := map[int64]bool{}
	var keep []agenda.Permanence
	for _, p := range perms {
		if !p.TakesAppointments() || !p.HasMotive(m.ID) {
			continue
		}
		if !seen[p.PlaceID] {
			seen[p.PlaceID] = true
			out.Places = append(out.Places, PlaceName{ID: p.PlaceID, Name: p.PlaceName})
		}
		if placeID == 0 || p.PlaceID == placeID {
			keep = append(keep, p)
		}
	}
	q, err := s.query(ctx, m, keep, from, to, b)
	if err != nil {
		return out, err
	}
	out.Slots = agenda.FreeSlots(q)
	return out, nil
}

func (s *Service) query(ctx context.Context, m agenda.Motive, perms []agenda.Permanence, from, to time.Time, b booker) (agenda.SlotQuery, error) {
	if m.ForDevice() {
		return s.deviceQuery(ctx, m, perms, from, to, b)
	}
	var staff []int64
	seen := map[int64]bool{}
	for _, p := range perms {
		for _, id := range p.StaffIDs {
			if !seen[id] {
				seen[id] = true
				staff = append(staff, id)
			}
		}
	}
	busy, err := s.st.Busy(ctx, staff, from, to)
	return agenda.SlotQuery{Motive: m, Permanences: perms, Busy: busy, From: from, To: to, Now: s.now(), ByStaff: b == byStaff}, err
}

// deviceQuery is the query of a "Poste en libre accès" motive: the device
// is what a slot holds, so a slot is free when the device is, at the place
// where it is at the public's disposal; a device out of service, or no
// longer at the public's disposal, offers no slot. The permanence's staff
// stay the appointment's contact.
func (s *Service) deviceQuery(ctx context.Context, m agenda.Motive, perms []agenda.Permanence, from, to time.Time, b booker) (agenda.SlotQuery, error) {
	q := agenda.SlotQuery{Motive: m, From: from, To: to, Now: s.now(), ByStaff: b == byStaff, Busy: map[int64][]agenda.Interval{}}
	d, err := s.st.PublicDevice(ctx, scope.OfStructure(m.StructureID), m.DeviceID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && !d.Bookable()) {
		return q, nil
	}
	if err != nil {
		return q, err
	}
	busy, err := s.st.DeviceBusy(ctx, d.ID, from, to)
	if err != nil {
		return q, err
	}
	for _, p := range perms {
		if p.PlaceID != d.PublicPlaceID {
			continue
		}
		q.Permanences = append(q.Permanences, p)
		for _, id := range p.StaffIDs {
			q.Busy[id] = busy
		}
	}
	return q, nil
}

// Slots returns the free slots of a motive of the structure at placeID (0:
// every site), for its staff: any slot to come.
func (s *Service) Slots(ctx context.Context, a *account.Actor, motiveID, placeID int64, r Range) (Slots, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Slots{}, err
	}
	m, err := s.st.Motive(ctx, a.Scope(), motiveID)
	if err == nil && m.Archived {
		err = apperr.NotFoundError()
	}
	if err != nil {
		return Slots{}, err
	}
	return s.slotsIn(ctx, m, placeID, r, byStaff)
}

// checkSlot finds the slot value in the permanence's grid and checks it is
// free: a field error on "creneau" when it is not offered,
// agendastore.ErrSlotTaken when it is taken.
func (s *Service) checkSlot(ctx context.Context, m agenda.Motive, value string, b booker) (agenda.Slot, error) {
	permanenceID, start, ok := agenda.ParseSlotValue(value)
	if !ok {
		return agenda.Slot{}, fieldError("creneau", "Choisissez un créneau dans la liste.")
	}
	p, err := s.st.Permanence(ctx, scope.OfStructure(m.StructureID), permanenceID)
	if apperr.Is(err, apperr.NotFound) {
		return agenda.Slot{}, fieldError("creneau", "Ce créneau n'est pas proposé : choisissez-en un dans la liste.")
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
		return agenda.Slot{}, fieldError("creneau", "Ce créneau n'est pas proposé, ou n'est plus réservable : choisissez-en un dans la liste.")
	}
	q.Busy = busy
	slot, ok := agenda.FindSlot(agenda.FreeSlots(q), permanenceID, start)
	if !ok {
		return agenda.Slot{}, agendastore.ErrSlotTaken
	}
	return slot, nil
}

// book checks the slot and the contact (every field error at once), then
// books: among the staff members free then, the first one the database
// accepts gets it, and the confirmation is recorded with the appointment.
func (s *Service) book(ctx context.Context, m agenda.Motive, slotValue string, b booker, a agenda.Appointment, reachable bool, v *apperr.Validation, j journal.Entry) (agenda.Appointment, error) {
	c := agenda.Contact{Name: a.Name, Phone: a.Phone, Email: a.Email, Need: a.Need}
	c.Normalize()
	v.Merge(c.Validate(reachable))
	slot, err := s.checkSlot(ctx, m, slotValue, b)
	if err != nil && !v.Merge(err) {
		return agenda.Appointment{}, err
	}
	if err := v.Err(); err != nil {
		return agenda.Appointment{}, err
	}
	site, err := s.site(ctx, slot.PlaceID)
	if err != nil {
		return agenda.Appointment{}, err
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return agenda.Appointment{}, err
	}
	now := s.now()
	a.PlaceID, a.PermanenceID, a.MotiveID, a.MotiveName, a.MotiveDiscreet, a.Location = slot.PlaceID, slot.PermanenceID, m.ID, m.Name, m.Discreet, m.Location
	a.DeviceID = m.DeviceID
	a.Start, a.End, a.Name, a.Phone, a.Email, a.Need = slot.Start, slot.End, c.Name, c.Phone, c.Email, c.Need
	msgs := func(saved agenda.Appointment) []notify.Message {
		saved.StructureName, saved.MotiveDiscreet = m.StructureName, m.Discreet
		return appointmentMessages(links, notify.Confirmation, saved, site, m.InstructionsBefore, now)
	}
	if j.What == "" {
		j.What = "Rendez-vous du " + frtime.DateTime(slot.Start) + " pris"
	}
	sc := scope.OfStructure(m.StructureID)
	err = agendastore.ErrSlotTaken
	for _, staff := range slot.StaffIDs {
		a.ID, a.StaffID = 0, staff
		if err = s.st.BookAppointment(ctx, sc, &a, msgs, j, now); err != agendastore.ErrSlotTaken {
			break
		}
	}
	if err != nil {
		return agenda.Appointment{}, err
	}
	s.out.Recorded(ctx)
	return s.st.Appointment(ctx, sc, a.ID)
}

// Booking is an appointment booked by the structure's staff: a person's
// file, or a name and (with their agreement) a contact.
type Booking struct {
	MotiveID int64
	Slot     string // a slot's value (agenda.Slot.Value)
	PersonID int64
	Contact  agenda.Contact
	Agreed   bool // the person accepts the confirmation and the reminder
}

// Book books a free slot of the structure's agenda; a slot someone else
// just took answers agendastore.ErrSlotTaken ("Complet"). A person's file is
// journaled with the booking.
func (s *Service) Book(ctx context.Context, a *account.Actor, in Booking) (agenda.Appointment, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return agenda.Appointment{}, err
	}
	var v apperr.Validation
	m, err := s.st.Motive(ctx, a.Scope(), in.MotiveID)
	if err == nil && m.Archived {
		err = apperr.NotFoundError()
	}
	if apperr.Is(err, apperr.NotFound) {
		return agenda.Appointment{}, fieldError("motif", "Choisissez un motif de votre structure.")
	}
	if err != nil {
		return agenda.Appointment{}, err
	}
	c := in.Contact
	pid, err := contact.FromFile(ctx, s.st.Store, a, in.PersonID, &c, &v)
	if err != nil {
		return agenda.Appointment{}, err
	}
	appt := agenda.Appointment{PersonID: pid, Name: c.Name, Phone: c.Phone, Email: c.Email, Need: c.Need, BookedVia: agenda.ViaStaff,
		BookedByUserID: a.User.ID, BookedByStructureID: a.StructureID()}
	if a.Via == account.ViaAPI {
		appt.BookedVia = agenda.ViaAPI
	}
	if contact.Agreed(c, in.Agreed, &v, "la confirmation et le rappel") {
		appt.ConsentWording = agenda.ConsentWording(a.Membership.StructureName)
	}
	return s.book(ctx, m, in.Slot, byStaff, appt, false, &v, journal.By(a, journal.Create, ""))
}

// Appointment returns an appointment of the structure; a person's file is
// journaled.
func (s *Service) Appointment(ctx context.Context, a *account.Actor, id int64) (agenda.Appointment, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return agenda.Appointment{}, err
	}
	ap, err := s.st.Appointment(ctx, a.Scope(), id)
	if err != nil || ap.PersonID == 0 {
		return ap, err
	}
	e := journal.By(a, journal.Read, "Rendez-vous n° "+itoa(ap.ID))
	e.PersonID, e.At = ap.PersonID, s.now()
	return ap, s.st.AddJournal(ctx, a.Scope(), e)
}

// Move gives an appointment still to come another free slot of the same
// motive, and tells the person.
func (s *Service) Move(ctx context.Context, a *account.Actor, id int64, slotValue string) (agenda.Appointment, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return agenda.Appointment{}, err
	}
	ap, err := s.st.Appointment(ctx, a.Scope(), id)
	if err != nil {
		return ap, err
	}
	if ap.Status != agenda.StatusPending {
		return ap, apperr.New(apperr.Invalid, "Seul un rendez-vous à venir peut être déplacé.")
	}
	m, err := s.st.Motive(ctx, a.Scope(), ap.MotiveID)
	if err != nil {
		return ap, apperr.New(apperr.Invalid, "Le motif de ce rendez-vous n'existe plus : annulez-le et prenez un nouveau rendez-vous.")
	}
	slot, err := s.checkSlot(ctx, m, slotValue, byStaff)
	if err != nil {
		return ap, err
	}
	site, err := s.site(ctx, slot.PlaceID)
	if err != nil {
		return ap, err
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return ap, err
	}
	now := s.now()
	moved := ap
	moved.Start, moved.End, moved.PermanenceID, moved.PlaceID = slot.Start, slot.End, slot.PermanenceID, slot.PlaceID
	msgs := func(saved agenda.Appointment) []notify.Message {
		return appointmentMessages(links, notify.Change, saved, site, m.InstructionsBefore, now)
	}
	err = agendastore.ErrSlotTaken
	var got agenda.Appointment
	for _, staff := range slot.StaffIDs {
		moved.StaffID = staff
		if got, err = s.st.MoveAppointment(ctx, a.Scope(), moved, msgs, now); err != agendastore.ErrSlotTaken {
			break
		}
	}
	if err != nil {
		return ap, err
	}
	s.out.Recorded(ctx)
	return got, nil
}

// Cancellation says who cancels and why.
type Cancellation struct {
	ByPerson bool   // the person cancels (excusé); otherwise the service (annulé par le service)
	Reason   string // 300 characters at most
}

// Cancel frees an appointment still to come and tells the person.
func (s *Service) Cancel(ctx context.Context, a *account.Actor, id int64, in Cancellation) (agenda.Appointment, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return agenda.Appointment{}, err
	}
	ap, err := s.st.Appointment(ctx, a.Scope(), id)
	if err != nil {
		return ap, err
	}
	if utf8.RuneCountInString(in.Reason) > 300 {
		return ap, fieldError("raison", "La raison ne doit pas dépasser 300 caractères.")
	}
	status := agenda.StatusCancelled
	if in.ByPerson {
		status = agenda.StatusExcused
	}
	return s.cancel(ctx, ap, func(msgs func(agenda.Appointment) []notify.Message, now time.Time) (agenda.Appointment, error) {
		return s.st.CancelAppointment(ctx, a.Scope(), id, status, in.Reason, msgs, now)
	})
}

// cancel records a cancellation (through do) with the person's message.
func (s *Service) cancel(ctx context.Context, ap agenda.Appointment, do func(func(agenda.Appointment) []notify.Message, time.Time) (agenda.Appointment, error)) (agenda.Appointment, error) {
	site, err := s.site(ctx, ap.PlaceID)
	if err != nil {
		return ap, err
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return ap, err
	}
	now := s.now()
	got, err := do(func(c agenda.Appointment) []notify.Message {
		if !c.Start.After(now) {
			return nil
		}
		return appointmentMessages(links, notify.Cancellation, c, site, "", now)
	}, now)
	if err != nil {
		return got, err
	}
	s.out.Recorded(ctx)
	return got, nil
}

// SetStatus records what happened to an appointment.
func (s *Service) SetStatus(ctx context.Context, a *account.Actor, id int64, status string) (agenda.Appointment, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return agenda.Appointment{}, err
	}
	if _, err := s.st.Appointment(ctx, a.Scope(), id); err != nil {
		return agenda.Appointment{}, err
	}
	if !agenda.Statuses.Has(status) {
		return agenda.Appointment{}, fieldError("statut", "Choisissez un statut : à renseigner, présent, excusé, annulé par le service ou absent.")
	}
	return s.st.SetAppointmentStatus(ctx, a.Scope(), id, status, s.now())
}

// StopAppointmentMessages records that the person of an appointment wants
// no more messages from the structure.
func (s *Service) StopAppointmentMessages(ctx context.Context, a *account.Actor, id int64) (agenda.Appointment, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return agenda.Appointment{}, err
	}
	ap, err := s.st.Appointment(ctx, a.Scope(), id)
	if err != nil {
		return ap, err
	}
	return ap, s.stopAll(ctx, a.Scope(), "agent", ap.Phone, ap.Email)
}

// AppointmentFile is the calendar file of an appointment of the structure,
// with the resident's link in it.
func (s *Service) AppointmentFile(ctx context.Context, a *account.Actor, id int64) ([]byte, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	ap, err := s.st.Appointment(ctx, a.Scope(), id)
	if err != nil {
		return nil, err
	}
	return s.file(ctx, ap)
}

func (s *Service) file(ctx context.Context, ap agenda.Appointment) ([]byte, error) {
	site, err := s.site(ctx, ap.PlaceID)
	if err != nil {
		return nil, err
	}
	links, err := s.out.Links(ctx)
	if err != nil {
		return nil, err
	}
	return AppointmentICS(ap, site, links.Appointment(ap.ID), s.now()), nil
}
