package agenda

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
)

// --- motives

// Motives lists the structure's motives by name, archived ones with
// includeArchived.
func (s *Service) Motives(ctx context.Context, a *account.Actor, includeArchived bool) ([]agenda.Motive, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	return s.st.ListMotives(ctx, a.Scope(), includeArchived)
}

// Motive returns a motive of the structure.
func (s *Service) Motive(ctx context.Context, a *account.Actor, id int64) (agenda.Motive, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return agenda.Motive{}, err
	}
	return s.st.Motive(ctx, a.Scope(), id)
}

// CreateMotive records a motive of the structure.
func (s *Service) CreateMotive(ctx context.Context, a *account.Actor, m agenda.Motive) (agenda.Motive, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return m, err
	}
	m.Normalize()
	if err := s.validateMotive(ctx, a, m, 0); err != nil {
		return m, err
	}
	return m, s.st.CreateMotive(ctx, a.Scope(), &m, s.now())
}

// validateMotive checks a motive; a "Poste en libre accès" motive books a
// device of the structure at the public's disposal, on site. A motive that
// keeps its device (before, the motive had device) stays editable when the
// device left the public's disposal: it just offers no slot then.
func (s *Service) validateMotive(ctx context.Context, a *account.Actor, m agenda.Motive, before int64) error {
	v := apperr.Validation{}
	v.Merge(m.Validate())
	if m.DeviceID != 0 && m.DeviceID != before {
		if _, err := s.st.PublicDevice(ctx, a.Scope(), m.DeviceID); apperr.Is(err, apperr.NotFound) {
			v.Add("appareil", "Choisissez un appareil de votre structure mis en libre accès dans un lieu (fiche de l'appareil, rubrique Matériel).")
		} else if err != nil {
			return err
		}
	}
	if m.DeviceID != 0 && m.Location != agenda.LocationOnSite {
		v.Add("lieu_type", "Un poste en libre accès se réserve sur place.")
	}
	return v.Err()
}

// PublicDevices lists the structure's devices at the public's disposal,
// which a "Poste en libre accès" motive may book.
func (s *Service) PublicDevices(ctx context.Context, a *account.Actor) ([]agendastore.PublicDevice, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return nil, err
	}
	return s.st.PublicDevices(ctx, a.Scope())
}

// UpdateMotive saves a motive of the structure; appointments already booked
// keep their motive's name and length.
func (s *Service) UpdateMotive(ctx context.Context, a *account.Actor, id int64, m agenda.Motive) (agenda.Motive, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return m, err
	}
	old, err := s.st.Motive(ctx, a.Scope(), id)
	if err != nil {
		return m, err
	}
	m.Normalize()
	if err := s.validateMotive(ctx, a, m, old.DeviceID); err != nil {
		return m, err
	}
	m.ID = id
	return m, s.st.UpdateMotive(ctx, a.Scope(), &m, s.now())
}

// --- permanences

// NewPermanence is a permanence as forms and the API give it: times and
// dates as written ("09:00", "2026-03-02" or "02/03/2026").
type NewPermanence struct {
	PlaceID      int64
	StaffIDs     []int64
	Weekday      time.Weekday // -1 when unknown
	Start, End   string
	EveryWeeks   int
	From, Until  string
	KeepHolidays bool // held on public holidays too
	Mode         string
	MotiveIDs    []int64
	Note         string
}

// permanence reads and checks a permanence; errors name the API's fields.
func (in NewPermanence) permanence() (agenda.Permanence, error) {
	var v apperr.Validation
	p := agenda.Permanence{PlaceID: in.PlaceID, StaffIDs: in.StaffIDs, Weekday: in.Weekday, EveryWeeks: in.EveryWeeks, SkipHolidays: !in.KeepHolidays,
		Mode: in.Mode, MotiveIDs: in.MotiveIDs, Note: in.Note}
	var ok bool
	if p.Start, ok = agenda.ParseClock(in.Start); !ok {
		v.Add("debut", "Saisissez l'heure de début, par exemple 09:00.")
	}
	if p.End, ok = agenda.ParseClock(in.End); !ok {
		v.Add("fin", "Saisissez l'heure de fin, par exemple 12:00.")
	}
	if p.From, ok = agenda.ParseDate(in.From); !ok {
		v.Add("du", "Date illisible : écrivez-la comme 02/03/2026.")
	}
	if p.Until, ok = agenda.ParseDate(in.Until); !ok {
		v.Add("au", "Date illisible : écrivez-la comme 30/06/2026, ou laissez vide.")
	}
	p.Normalize()
	if e, ok := apperr.As(p.Validate()); ok {
		for _, fe := range e.Fields {
			if !v.Has(fe.Field) {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	return p, v.Err()
}

// Permanences lists the structure's permanences by site, weekday and time.
func (s *Service) Permanences(ctx context.Context, a *account.Actor) ([]agenda.Permanence, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	return s.st.ListPermanences(ctx, a.Scope(), agendastore.PermanenceFilter{})
}

// ChangedPermanences returns a page of the structure's permanences by id,
// for a partner that synchronises.
func (s *Service) ChangedPermanences(ctx context.Context, a *account.Actor, q Sync) (Page[agenda.Permanence], error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Page[agenda.Permanence]{}, err
	}
	sp, err := q.page()
	if err != nil {
		return Page[agenda.Permanence]{}, err
	}
	list, err := s.st.ListPermanences(ctx, a.Scope(), agendastore.PermanenceFilter{Page: &sp})
	return cut(list, sp, func(p agenda.Permanence) int64 { return p.ID }), err
}

// Permanence returns a permanence of the structure.
func (s *Service) Permanence(ctx context.Context, a *account.Actor, id int64) (agenda.Permanence, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return agenda.Permanence{}, err
	}
	return s.st.Permanence(ctx, a.Scope(), id)
}

// CreatePermanence records a permanence of the structure: its site, staff
// and motives must be the structure's.
func (s *Service) CreatePermanence(ctx context.Context, a *account.Actor, in NewPermanence) (agenda.Permanence, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return agenda.Permanence{}, err
	}
	p, err := in.permanence()
	if err != nil {
		return p, err
	}
	if err := s.st.CreatePermanence(ctx, a.Scope(), &p, s.now()); err != nil {
		return p, err
	}
	return s.st.Permanence(ctx, a.Scope(), p.ID)
}

// UpdatePermanence saves a permanence of the structure; appointments
// already booked stay where they are.
func (s *Service) UpdatePermanence(ctx context.Context, a *account.Actor, id int64, in NewPermanence) (agenda.Permanence, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return agenda.Permanence{}, err
	}
	if _, err := s.st.Permanence(ctx, a.Scope(), id); err != nil {
		return agenda.Permanence{}, err
	}
	p, err := in.permanence()
	if err != nil {
		return p, err
	}
	p.ID = id
	if err := s.st.UpdatePermanence(ctx, a.Scope(), &p, s.now()); err != nil {
		return p, err
	}
	return s.st.Permanence(ctx, a.Scope(), id)
}

// CancelPermanenceDate cancels one date of a permanence (no slot that day),
// or gives it back with restore; it returns the date as stored.
func (s *Service) CancelPermanenceDate(ctx context.Context, a *account.Actor, id int64, date, reason string, restore bool) (string, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return "", err
	}
	if _, err := s.st.Permanence(ctx, a.Scope(), id); err != nil {
		return "", err
	}
	d, ok := agenda.ParseDate(date)
	if !ok || d == "" {
		return "", fieldError("date", "Saisissez la date à annuler, par exemple 14/07/2026.")
	}
	if utf8.RuneCountInString(reason) > 200 {
		return "", fieldError("raison", "La raison ne doit pas dépasser 200 caractères.")
	}
	return d, s.st.CancelPermanenceDate(ctx, a.Scope(), id, d, strings.TrimSpace(reason), restore, s.now())
}

// DeletePermanence removes a permanence that has no appointment to come.
func (s *Service) DeletePermanence(ctx context.Context, a *account.Actor, id int64) error {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return err
	}
	return s.st.DeletePermanence(ctx, a.Scope(), id, s.now())
}

// --- absences

// Absences lists the structure's absences that end after now.
func (s *Service) Absences(ctx context.Context, a *account.Actor) ([]agenda.Absence, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return nil, err
	}
	return s.st.ListAbsences(ctx, a.Scope(), s.now())
}

// CreateAbsence records that a member of the structure receives no one for
// a while; appointments already booked stay in the agenda.
func (s *Service) CreateAbsence(ctx context.Context, a *account.Actor, ab agenda.Absence) (agenda.Absence, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return ab, err
	}
	ab.Reason = strings.TrimSpace(ab.Reason)
	if err := ab.Validate(); err != nil {
		return ab, err
	}
	return ab, s.st.CreateAbsence(ctx, a.Scope(), &ab, a.User.ID, s.now())
}

// DeleteAbsence removes an absence of the structure.
func (s *Service) DeleteAbsence(ctx context.Context, a *account.Actor, id int64) error {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return err
	}
	return s.st.DeleteAbsence(ctx, a.Scope(), id)
}
