// Package itinerant holds the use cases of itinerant services: a structure
// declares the services that come to residents and their stops, cancels a
// date with a reason; residents see when a service next passes in their
// commune or at a place, and the upcoming stops of a service. A stop's
// appointments are taken by the agenda's permanence it names.
package itinerant

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
)

// Service is the itinerant services' use cases.
type Service struct {
	st  *itinerantstore.Store
	now func() time.Time
}

// New returns the service; now is its clock (nil: time.Now).
func New(st *itinerantstore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

func (s *Service) today() string { return s.now().In(frtime.Paris).Format(itinerant.DateLayout) }

// Services lists the structure's itinerant services.
func (s *Service) Services(ctx context.Context, a *account.Actor) ([]itinerant.Service, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	return s.st.Services(ctx, a.Scope())
}

// Timetable is a service with its stops.
type Timetable struct {
	Service itinerant.Service
	Stops   []itinerant.Stop
}

// Timetable returns a service of the structure with its stops.
func (s *Service) Timetable(ctx context.Context, a *account.Actor, id int64) (Timetable, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Timetable{}, err
	}
	v, err := s.st.Service(ctx, a.Scope(), id)
	if err != nil {
		return Timetable{}, err
	}
	stops, err := s.st.Stops(ctx, a.Scope(), id)
	return Timetable{Service: v, Stops: stops}, err
}

// CreateService records an itinerant service of the structure.
func (s *Service) CreateService(ctx context.Context, a *account.Actor, v itinerant.Service) (itinerant.Service, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return v, err
	}
	v.Normalize()
	if err := v.Validate(); err != nil {
		return v, err
	}
	return v, s.st.CreateService(ctx, a.Scope(), &v, s.now())
}

// UpdateService saves an itinerant service of the structure.
func (s *Service) UpdateService(ctx context.Context, a *account.Actor, id int64, v itinerant.Service) (itinerant.Service, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return v, err
	}
	v.ID = id
	v.Normalize()
	if err := v.Validate(); err != nil {
		return v, err
	}
	if err := s.st.UpdateService(ctx, a.Scope(), &v, s.now()); err != nil {
		return v, err
	}
	return s.st.Service(ctx, a.Scope(), id)
}

// NewStop is a stop as forms and the API give it: times and dates as
// written ("14:00", "2026-12-01" or "01/12/2026").
type NewStop struct {
	PlaceID      int64
	Address      string
	InseeCode    string
	Weekday      time.Weekday // -1 when unknown
	Start, End   string
	Recurrence   string
	Nth          int
	From, Until  string
	KeepHolidays bool // held on public holidays too
	PermanenceID int64
}

// stop reads and checks a stop; errors name the form's fields.
func (in NewStop) stop() (itinerant.Stop, error) {
	var v apperr.Validation
	t := itinerant.Stop{PlaceID: in.PlaceID, Address: in.Address, InseeCode: in.InseeCode, Weekday: in.Weekday, Recurrence: in.Recurrence, Nth: in.Nth,
		SkipHolidays: !in.KeepHolidays, PermanenceID: in.PermanenceID}
	var ok bool
	if t.Start, ok = agenda.ParseClock(in.Start); !ok {
		v.Add("debut", "Saisissez l'heure d'arrivée, par exemple 14:00.")
	}
	if t.End, ok = agenda.ParseClock(in.End); !ok {
		v.Add("fin", "Saisissez l'heure de départ, par exemple 17:00.")
	}
	if t.From, ok = agenda.ParseDate(in.From); !ok {
		v.Add("du", "Date illisible : écrivez-la comme 01/12/2026.")
	}
	if t.Until, ok = agenda.ParseDate(in.Until); !ok {
		v.Add("au", "Date illisible : écrivez-la comme 30/06/2027, ou laissez vide.")
	}
	if t.PermanenceID != 0 && t.PlaceID == 0 {
		v.Add("permanence", "Les rendez-vous se prennent à un lieu de la carte : choisissez le lieu de l'arrêt, ou aucune permanence.")
	}
	t.Normalize()
	if e, ok := apperr.As(t.Validate()); ok {
		for _, fe := range e.Fields {
			if !v.Has(fe.Field) {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	return t, v.Err()
}

// CreateStop adds a stop to a service of the structure.
func (s *Service) CreateStop(ctx context.Context, a *account.Actor, serviceID int64, in NewStop) (itinerant.Stop, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return itinerant.Stop{}, err
	}
	if _, err := s.st.Service(ctx, a.Scope(), serviceID); err != nil {
		return itinerant.Stop{}, err
	}
	t, err := in.stop()
	if err != nil {
		return t, err
	}
	t.ServiceID = serviceID
	if err := s.st.CreateStop(ctx, a.Scope(), &t, s.now()); err != nil {
		return t, err
	}
	return s.st.Stop(ctx, a.Scope(), t.ID)
}

// Stop returns a stop of the structure.
func (s *Service) Stop(ctx context.Context, a *account.Actor, id int64) (itinerant.Stop, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return itinerant.Stop{}, err
	}
	return s.st.Stop(ctx, a.Scope(), id)
}

// UpdateStop saves a stop of the structure; its cancelled dates stay.
func (s *Service) UpdateStop(ctx context.Context, a *account.Actor, id int64, in NewStop) (itinerant.Stop, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return itinerant.Stop{}, err
	}
	old, err := s.st.Stop(ctx, a.Scope(), id)
	if err != nil {
		return old, err
	}
	t, err := in.stop()
	if err != nil {
		return t, err
	}
	t.ID, t.ServiceID = id, old.ServiceID
	if err := s.st.UpdateStop(ctx, a.Scope(), &t, s.now()); err != nil {
		return t, err
	}
	return s.st.Stop(ctx, a.Scope(), id)
}

// DeleteStop removes a stop of the structure.
func (s *Service) DeleteStop(ctx context.Context, a *account.Actor, id int64) error {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return err
	}
	return s.st.DeleteStop(ctx, a.Scope(), id)
}

// CancelStopDate cancels one date of a stop with the reason residents see,
// or gives it back with restore; the stop's permanence offers no slot that
// day. It returns the date as stored.
func (s *Service) CancelStopDate(ctx context.Context, a *account.Actor, id int64, date, reason string, restore bool) (string, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return "", err
	}
	t, err := s.st.Stop(ctx, a.Scope(), id)
	if err != nil {
		return "", err
	}
	var v apperr.Validation
	d, ok := agenda.ParseDate(date)
	reason = strings.TrimSpace(reason)
	switch {
	case !ok || d == "":
		v.Add("date", "Saisissez la date annulée, par exemple 08/12/2026.")
	case !restore:
		if day, _ := time.Parse(itinerant.DateLayout, d); !t.Falls(day) {
			v.Add("date", "L'arrêt n'a pas lieu ce jour-là : choisissez un jour de passage.")
		}
	}
	if !restore && reason == "" {
		v.Add("raison", "Écrivez la raison, les habitants la liront, par exemple « Le bus est en réparation ».")
	}
	if utf8.RuneCountInString(reason) > 200 {
		v.Add("raison", "La raison ne doit pas dépasser 200 caractères.")
	}
	if err := v.Err(); err != nil {
		return d, err
	}
	return d, s.st.CancelStopDate(ctx, a.Scope(), id, d, reason, restore, s.now())
}

// --- for residents

// PublicTimetable is a service as residents see it: its upcoming
// passages, cancelled ones with their reason.
type PublicTimetable struct {
	Service  itinerant.Service
	Stops    []itinerant.Stop
	Upcoming []itinerant.Passage
	// Bookings are, by stop, the motives residents may book online in the
	// stop's permanence.
	Bookings map[int64][]itinerantstore.Motive
}

// UpcomingDays is how far ahead a service's page lists its passages.
const UpcomingDays = 42

// PublicTimetable returns any itinerant service with its passages of the
// coming weeks, by date.
func (s *Service) PublicTimetable(ctx context.Context, id int64) (PublicTimetable, error) {
	v, err := s.st.PublicService(ctx, id)
	if err != nil {
		return PublicTimetable{}, err
	}
	stops, err := s.st.PublicStops(ctx, itinerantstore.StopFilter{ServiceID: id}, s.today())
	if err != nil {
		return PublicTimetable{}, err
	}
	now := s.now()
	out := PublicTimetable{Service: v, Stops: stops, Bookings: map[int64][]itinerantstore.Motive{}}
	for _, t := range stops {
		if t.PermanenceID != 0 {
			if out.Bookings[t.ID], err = s.st.OnlineMotives(ctx, t.PermanenceID); err != nil {
				return out, err
			}
		}
		for _, p := range t.Passages(now, now.AddDate(0, 0, UpcomingDays)) {
			if p.End.After(now) {
				out.Upcoming = append(out.Upcoming, p)
			}
		}
	}
	sortPassages(out.Upcoming)
	return out, nil
}

// NextPassage is when a service next comes to a stop, and the cancelled
// passages before it, which residents are told about.
type NextPassage struct {
	Next      itinerant.Passage
	Cancelled []itinerant.Passage
}

// NextInCommune lists, for residents, the next passage of each stop in the
// commune of that INSEE code, soonest first.
func (s *Service) NextInCommune(ctx context.Context, insee string) ([]NextPassage, error) {
	if insee == "" {
		return nil, nil
	}
	return s.next(ctx, itinerantstore.StopFilter{InseeCode: insee})
}

// NextAtPlace lists, for residents, the next passage of each stop at a place.
func (s *Service) NextAtPlace(ctx context.Context, placeID int64) ([]NextPassage, error) {
	if placeID == 0 {
		return nil, nil
	}
	return s.next(ctx, itinerantstore.StopFilter{PlaceID: placeID})
}

func (s *Service) next(ctx context.Context, f itinerantstore.StopFilter) ([]NextPassage, error) {
	stops, err := s.st.PublicStops(ctx, f, s.today())
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out []NextPassage
	for _, t := range stops {
		if p, cancelled, ok := t.Next(now); ok {
			out = append(out, NextPassage{Next: p, Cancelled: cancelled})
		}
	}
	sortNext(out)
	return out, nil
}

// RemoteMotivesAt lists, for residents, the motives held at home or by
// video that they may book online from the given places.
func (s *Service) RemoteMotivesAt(ctx context.Context, placeIDs []int64) ([]itinerantstore.Motive, error) {
	return s.st.RemoteMotivesAt(ctx, placeIDs, s.today())
}

// NextInCommunes lists, for residents, the next passage of each stop in the
// communes of those INSEE codes, soonest first: the printed guide's.
func (s *Service) NextInCommunes(ctx context.Context, codes []string) ([]NextPassage, error) {
	var out []NextPassage
	seen := map[string]bool{}
	for _, c := range codes {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		list, err := s.next(ctx, itinerantstore.StopFilter{InseeCode: c})
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	sortNext(out)
	return out, nil
}

// StopOf returns a stop of the structure that belongs to the service; a
// stop of another service is not found.
func (s *Service) StopOf(ctx context.Context, a *account.Actor, serviceID, stopID int64) (itinerant.Stop, error) {
	t, err := s.Stop(ctx, a, stopID)
	if err == nil && t.ServiceID != serviceID {
		return itinerant.Stop{}, apperr.NotFoundError()
	}
	return t, err
}
