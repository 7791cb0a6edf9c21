package agenda

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/service/internal/shown"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/vocab"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Details is an appointment as its page shows it: its messages and the
// resident's link.
type Details struct {
	Appointment agenda.Appointment
	Messages    []notify.Message // the latest 20
	Link        string           // the resident's page
	Upcoming    bool             // still to come: it can be moved or cancelled
}

// AppointmentDetails returns an appointment with its messages; a person's
// file is journaled.
func (s *Service) AppointmentDetails(ctx context.Context, a *account.Actor, id int64) (Details, error) {
	ap, err := s.Appointment(ctx, a, id)
	if err != nil {
		return Details{}, err
	}
	d := Details{Appointment: ap, Upcoming: ap.Status == agenda.StatusPending && ap.Start.After(s.now())}
	if d.Messages, _, err = s.st.ListMessages(ctx, a.Scope(), store.MessageFilter{AppointmentID: ap.ID, Limit: 20}); err != nil {
		return d, err
	}
	links, err := s.out.Links(ctx)
	d.Link = links.Appointment(ap.ID)
	return d, err
}

// Sync is the request of a synchronisation page.
type Sync struct {
	Since   time.Time // changed at or after (zero: every one)
	AfterID int64     // the previous page's cursor
	Limit   int       // 1 to 500; 0: 100
}

func (q Sync) page() (store.SyncPage, error) {
	if q.Limit == 0 {
		q.Limit = 100
	}
	if q.Limit < 1 || q.Limit > 500 {
		return store.SyncPage{}, fieldError("limite", "La limite est un nombre de 1 à 500.")
	}
	return store.SyncPage{Since: q.Since, AfterID: q.AfterID, Limit: q.Limit + 1}, nil
}

// Page is one page of a synchronisation: the objects and the cursor of the
// next page (0: the last page).
type Page[T any] struct {
	Items []T
	Next  int64
}

func cut[T any](items []T, sp store.SyncPage, id func(T) int64) Page[T] {
	p := Page[T]{Items: items}
	if limit := sp.Limit - 1; len(items) > limit {
		p.Items = items[:limit]
		p.Next = id(p.Items[limit-1])
	}
	return p
}

// ChangedAppointments returns a page of the structure's appointments by id,
// for a partner that synchronises.
func (s *Service) ChangedAppointments(ctx context.Context, a *account.Actor, q Sync) (Page[agenda.Appointment], error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Page[agenda.Appointment]{}, err
	}
	sp, err := q.page()
	if err != nil {
		return Page[agenda.Appointment]{}, err
	}
	list, err := s.st.ListAppointments(ctx, a.Scope(), agendastore.AppointmentFilter{Page: &sp})
	if err != nil {
		return Page[agenda.Appointment]{}, err
	}
	p := cut(list, sp, func(x agenda.Appointment) int64 { return x.ID })
	ids := make([]int64, 0, len(p.Items))
	for _, ap := range p.Items {
		ids = append(ids, ap.PersonID)
	}
	return p, shown.Journal(ctx, s.st.Store, a, s.now(), "Rendez-vous synchronisés (API)", ids)
}

// Team is the structure's sites and active members, for forms and filters.
type Team struct {
	Places  []place.Place
	Members []account.Member
}

// Team returns the structure's sites and active members.
func (s *Service) Team(ctx context.Context, a *account.Actor) (Team, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Team{}, err
	}
	var t Team
	var err error
	if t.Places, err = s.places.ListPlaces(ctx, placestore.PlaceFilter{StructureID: a.StructureID()}); err != nil {
		return t, err
	}
	members, err := s.st.StructureMembers(ctx, a.Scope())
	for _, m := range members {
		if m.User.Active {
			t.Members = append(t.Members, m)
		}
	}
	return t, err
}

// Week is what happens in the structure from a Monday to the next one.
type Week struct {
	Monday       time.Time
	Permanences  []agenda.Permanence
	Appointments []agenda.Appointment
	Workshops    []workshop.Workshop
	Absences     []agenda.Absence
}

// Week returns the week holding day, at one site or every one (placeID 0),
// for one staff member or all (staffID 0).
func (s *Service) Week(ctx context.Context, a *account.Actor, day time.Time, placeID, staffID int64) (Week, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Week{}, err
	}
	w := Week{Monday: agenda.WeekStart(day)}
	end := w.Monday.AddDate(0, 0, 7)
	perms, err := s.st.ListPermanences(ctx, a.Scope(), agendastore.PermanenceFilter{PlaceID: placeID})
	if err != nil {
		return w, err
	}
	for _, p := range perms {
		if staffID == 0 || p.HasStaff(staffID) {
			w.Permanences = append(w.Permanences, p)
		}
	}
	if w.Appointments, err = s.st.ListAppointments(ctx, a.Scope(), agendastore.AppointmentFilter{StaffID: staffID, PlaceID: placeID, From: w.Monday, To: end}); err != nil {
		return w, err
	}
	if w.Workshops, err = s.workshops.ListWorkshops(ctx, a.Scope(), workshopstore.WorkshopFilter{EndsAfter: w.Monday, StartsBefore: end, StaffID: staffID, PlaceID: placeID}); err != nil {
		return w, err
	}
	absences, err := s.st.ListAbsences(ctx, a.Scope(), w.Monday)
	for _, ab := range absences {
		if (staffID == 0 || ab.UserID == staffID) && ab.Start.Before(end) {
			w.Absences = append(w.Absences, ab)
		}
	}
	if err != nil {
		return w, err
	}
	ids := make([]int64, 0, len(w.Appointments))
	for _, ap := range w.Appointments {
		ids = append(ids, ap.PersonID)
	}
	return w, shown.Journal(ctx, s.st.Store, a, s.now(), "Agenda de la semaine du "+w.Monday.Format("02/01/2006"), ids)
}

// ListFilter chooses the appointments of a list: those starting in a
// period (days in Paris time, inclusive), of a status, booked in a
// permanence or outside one — the rows behind a figure of the dashboard.
type ListFilter struct {
	From, To string // YYYY-MM-DD; fields du and au
	Status   string // agenda.Statuses; field statut
	Booked   string // "permanence", "hors_permanence"; field prise
}

// BookedKinds are where an appointment was booked, as the dashboard counts it.
var BookedKinds = vocab.List{{Value: "permanence", Label: "Pendant une permanence"}, {Value: "hors_permanence", Label: "Hors permanence"}}

// List returns the structure's appointments chosen by f, by start, and
// journals the persons shown.
func (s *Service) List(ctx context.Context, a *account.Actor, f ListFilter) ([]agenda.Appointment, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return nil, err
	}
	var v apperr.Validation
	day := func(field, d string) time.Time {
		t, err := time.ParseInLocation("2006-01-02", d, frtime.Paris)
		if err != nil {
			v.Add(field, "Date au format AAAA-MM-JJ.")
		}
		return t
	}
	from, to := day("du", f.From), day("au", f.To)
	if f.Status != "" && !agenda.Statuses.Has(f.Status) {
		v.Add("statut", "Statut inconnu. Valeurs permises : "+strings.Join(agenda.Statuses.Values(), ", ")+".")
	}
	if f.Booked != "" && !BookedKinds.Has(f.Booked) {
		v.Add("prise", "Valeurs permises : "+strings.Join(BookedKinds.Values(), ", ")+".")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	list, err := s.st.ListAppointments(ctx, a.Scope(), agendastore.AppointmentFilter{From: from, To: to.AddDate(0, 0, 1), Status: f.Status, Booked: f.Booked})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(list))
	for _, ap := range list {
		ids = append(ids, ap.PersonID)
	}
	return list, shown.Journal(ctx, s.st.Store, a, s.now(), "Rendez-vous du "+f.From+" au "+f.To, ids)
}

// Draft is what a staff booking form starts from: the structure's motives
// and the person booked for, when given and the role may open files.
type Draft struct {
	Motives []agenda.Motive
	Person  *person.Person
	Move    *agenda.Appointment // the appointment to move, when moving
}

// BookingDraft prepares the staff booking form; moveID (not 0) is an
// appointment to move. Reading a person's file is journaled.
func (s *Service) BookingDraft(ctx context.Context, a *account.Actor, personID, moveID int64) (Draft, error) {
	if err := a.Require(account.PermAgenda); err != nil {
		return Draft{}, err
	}
	var d Draft
	var err error
	if d.Motives, err = s.st.ListMotives(ctx, a.Scope(), false); err != nil {
		return d, err
	}
	if moveID != 0 {
		ap, err := s.st.Appointment(ctx, a.Scope(), moveID)
		if err != nil {
			return d, err
		}
		d.Move = &ap
		return d, nil
	}
	if personID == 0 || !a.Can(account.PermPersons) {
		return d, nil
	}
	p, err := s.st.Person(ctx, a.Scope(), personID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && (p.Deleted() || p.MergedInto != 0)) {
		return d, nil
	}
	if err != nil {
		return d, err
	}
	d.Person = &p
	e := journal.By(a, journal.Read, "Prise de rendez-vous")
	e.PersonID, e.At = p.ID, s.now()
	return d, s.st.AddJournal(ctx, a.Scope(), e)
}
