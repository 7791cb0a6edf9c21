// Package meetings holds the use cases of the network meetings: the
// coordination of a territory plans a meeting (agenda, place, invitations
// sent by e-mail with a calendar file), records who came, writes the
// minutes and the decisions; the structures invited read the meetings they
// are invited to. Recording the attendance records the coordinator's
// activity for the meeting, once.
package meetings

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/coordination"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Config is what the meetings need besides the store.
type Config struct {
	BaseURL  string                // absolute links in the invitations; empty: paths only
	Now      func() time.Time      // nil: time.Now
	Recorded func(context.Context) // wakes the outbox
}

// Service is the network meetings' use cases.
type Service struct {
	st      *meetingstore.Store
	network *networkstore.Store
	places  *placestore.Store
	coord   *coordination.Service
	cfg     Config
}

// New returns the service; the coordination service records the
// coordinator's activity of each meeting.
func New(st *meetingstore.Store, coord *coordination.Service, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{st: st, network: networkstore.New(st.Store), places: placestore.New(st.Store), coord: coord, cfg: cfg}
}

// Path is a meeting's page in the staff area.
func Path(id int64) string { return "/espace/reseau/reunions/" + strconv.FormatInt(id, 10) }

// animator is the territory whose network the actor animates.
func animator(a *account.Actor) (scope.Territory, error) {
	if err := a.Require(account.PermNetworkAnimate); err != nil {
		return scope.Territory{}, err
	}
	t, ok := a.TerritoryScope()
	if _, all, _ := t.ID(); !ok || all {
		return scope.Territory{}, apperr.New(apperr.Forbidden, "Seule la structure qui coordonne un territoire organise les réunions de son réseau.")
	}
	return t, nil
}

// CanOrganize reports whether the actor organizes the meetings of a territory's network.
func CanOrganize(a *account.Actor) bool {
	_, err := animator(a)
	return err == nil
}

// List returns the meetings the actor sees: every meeting of the territory
// for its coordination, the meetings its structure (or the actor by name)
// is invited to for the others.
func (s *Service) List(ctx context.Context, a *account.Actor) ([]meeting.Meeting, error) {
	if t, err := animator(a); err == nil {
		return s.st.List(ctx, t)
	}
	if err := a.Require(account.PermNetwork); err != nil {
		return nil, err
	}
	return s.st.ListInvited(ctx, a.Scope(), a.User.ID)
}

// Get returns a meeting the actor sees, with its invitations and decisions.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (meeting.Meeting, error) {
	if t, err := animator(a); err == nil {
		return s.st.Meeting(ctx, t, id)
	}
	if err := a.Require(account.PermNetwork); err != nil {
		return meeting.Meeting{}, err
	}
	return s.st.InvitedMeeting(ctx, a.Scope(), a.User.ID, id)
}

// Options are what a meeting's form offers: the territory's structures, the
// staff listed in its directory and its open places.
type Options struct {
	Structures []structure.Structure
	Staff      []network.Listing
	Places     []place.Place
}

// Options returns the choices of the meeting form.
func (s *Service) Options(ctx context.Context, a *account.Actor) (Options, error) {
	t, err := animator(a)
	if err != nil {
		return Options{}, err
	}
	var o Options
	if o.Structures, err = s.network.ListStructuresInTerritory(ctx, t, ""); err != nil {
		return o, err
	}
	if o.Staff, err = s.network.DirectoryListingsInTerritory(ctx, t); err != nil {
		return o, err
	}
	all, err := s.places.PlacesInTerritory(ctx, t)
	for _, p := range all {
		if p.Status == place.StatusOpen {
			o.Places = append(o.Places, p)
		}
	}
	return o, err
}

// checkPlace refuses a place that is not an open place of the territory.
func (s *Service) checkPlace(ctx context.Context, t scope.Territory, id int64) error {
	if id == 0 {
		return nil
	}
	p, err := s.places.PlaceInTerritory(ctx, t, id)
	if apperr.CodeOf(err) == apperr.NotFound || (err == nil && p.Status != place.StatusOpen) {
		return &apperr.Error{Code: apperr.Invalid, Message: "La réunion n'est pas enregistrée.", Fields: []apperr.FieldError{{Field: "lieu", Message: "Choisissez un lieu ouvert du territoire, ou aucun."}}}
	}
	return err
}

// Create plans a meeting of the actor's territory and sends its
// invitations; it returns the meeting and how many e-mails were queued.
func (s *Service) Create(ctx context.Context, a *account.Actor, in meeting.Input) (meeting.Meeting, int, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, 0, err
	}
	m, err := in.Meeting()
	if err != nil {
		return m, 0, err
	}
	if err := s.checkPlace(ctx, t, m.PlaceID); err != nil {
		return m, 0, err
	}
	m.StructureID = a.StructureID()
	if err := s.st.Create(ctx, t, &m, journal.By(a, journal.Create, "Réunion du réseau « "+m.Title+" » prévue"), s.cfg.Now()); err != nil {
		return m, 0, err
	}
	return s.afterSave(ctx, a, t, m.ID)
}

// Update changes a meeting of the actor's territory and sends the
// invitations of the new invitees, and the change to the others when the
// time or the place changed.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, in meeting.Input) (meeting.Meeting, int, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, 0, err
	}
	if old, err := s.st.Meeting(ctx, t, id); err != nil {
		return meeting.Meeting{}, 0, err
	} else if old.Cancelled() {
		return old, 0, meetingstore.ErrCancelled
	}
	m, err := in.Meeting()
	if err != nil {
		return m, 0, err
	}
	if err := s.checkPlace(ctx, t, m.PlaceID); err != nil {
		return m, 0, err
	}
	m.ID = id
	if err := s.st.Update(ctx, t, &m, journal.By(a, journal.Update, "Réunion du réseau « "+m.Title+" » modifiée"), s.cfg.Now()); err != nil {
		return m, 0, err
	}
	return s.afterSave(ctx, a, t, id)
}

// afterSave sends the invitations of a meeting still to come, then reads it back.
func (s *Service) afterSave(ctx context.Context, a *account.Actor, t scope.Territory, id int64) (meeting.Meeting, int, error) {
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil || !m.Upcoming(s.cfg.Now()) {
		return m, 0, err
	}
	link := s.cfg.BaseURL + Path(m.ID)
	organizer := organizerName(a)
	now := s.cfg.Now()
	ics := m.ICS(link, now)
	n, err := s.st.SendInvitations(ctx, t, m.ID, func(r meetingstore.Recipient) notify.Message {
		return notify.Message{StructureID: a.StructureID(), Kind: notify.MeetingInvitation, Channel: notify.Email, To: r.Email,
			Subject: m.InvitationSubject(r.Update), Body: m.InvitationText(organizer, link, r.Update), ICS: ics,
			Key: "reunion-" + strconv.FormatInt(m.ID, 10) + "-" + strconv.Itoa(m.Sequence) + "-" + r.Email}
	}, now)
	if err != nil {
		return m, 0, err
	}
	if n > 0 && s.cfg.Recorded != nil {
		s.cfg.Recorded(ctx)
	}
	m, err = s.st.Meeting(ctx, t, id)
	return m, n, err
}

// organizerName names the coordination in the e-mails.
func organizerName(a *account.Actor) string {
	if n := a.Membership.StructureName; n != "" {
		return n
	}
	return "La coordination du réseau"
}

// Cancel cancels a meeting still to come, by who may change it: the
// invitees who received the invitation get, through the outbox, the
// cancellation with a calendar file that removes it (same UID,
// METHOD:CANCEL, the sequence raised, STATUS:CANCELLED). A cancelled
// meeting keeps its page, takes no attendance and never counts as a
// coordination activity. It returns the meeting and how many e-mails
// were queued.
func (s *Service) Cancel(ctx context.Context, a *account.Actor, id int64) (meeting.Meeting, int, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, 0, err
	}
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil {
		return m, 0, err
	}
	m, n, err := s.st.Cancel(ctx, t, id, journal.By(a, journal.Update, "Réunion du réseau « "+m.Title+" » annulée"), s.cancellation(a, "annulee", false), s.cfg.Now())
	if err != nil {
		return m, 0, err
	}
	s.wake(ctx, n)
	return m, n, nil
}

// RemoveInvitee withdraws one invitation (a structure invited as a whole
// when userID is 0, otherwise the staff member invited by name) from a
// meeting still to come: that invitee alone gets the cancellation, with a
// calendar file naming them as the attendee; the others receive nothing.
func (s *Service) RemoveInvitee(ctx context.Context, a *account.Actor, id, structureID, userID int64) (meeting.Meeting, int, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, 0, err
	}
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil {
		return m, 0, err
	}
	switch {
	case m.Cancelled():
		return m, 0, meetingstore.ErrCancelled
	case m.Started(s.cfg.Now()):
		return m, 0, meetingstore.ErrStarted
	}
	who := ""
	for _, in := range m.Invitations {
		if in.StructureID == structureID && in.UserID == userID {
			who = in.StructureName
			if in.UserID != 0 {
				who = in.UserName + " (" + in.StructureName + ")"
			}
		}
	}
	if who == "" {
		return m, 0, apperr.New(apperr.NotFound, "Cette invitation n'existe pas, ou a déjà été retirée.")
	}
	m, n, err := s.st.RemoveInvitation(ctx, t, id, structureID, userID,
		journal.By(a, journal.Update, "Invitation de "+who+" à la réunion « "+m.Title+" » retirée"), s.cancellation(a, "retrait", true), s.cfg.Now())
	if err != nil {
		return m, 0, err
	}
	s.wake(ctx, n)
	return m, n, nil
}

// cancellation builds the e-mail that cancels the meeting for one address,
// with the calendar file naming that address as the attendee.
func (s *Service) cancellation(a *account.Actor, kind string, removed bool) meetingstore.Cancellation {
	organizer, now := organizerName(a), s.cfg.Now()
	return func(m meeting.Meeting, email string) notify.Message {
		return notify.Message{StructureID: a.StructureID(), Kind: notify.MeetingInvitation, Channel: notify.Email, To: email,
			Subject: m.CancelSubject(removed), Body: m.CancelText(organizer, removed), ICS: m.CancelICS(m.Sequence, []string{email}, now),
			Key: "reunion-" + strconv.FormatInt(m.ID, 10) + "-" + kind + "-" + strconv.Itoa(m.Sequence) + "-" + email}
	}
}

// wake tells the outbox that messages wait.
func (s *Service) wake(ctx context.Context, n int) {
	if n > 0 && s.cfg.Recorded != nil {
		s.cfg.Recorded(ctx)
	}
}

// RecordAttendance records who came to a meeting that has begun, and
// records (the first time) or updates (the next ones) the coordinator's
// activity for it through the coordination's use cases: the meeting is one
// animation of the network, whatever how many times its attendance is
// corrected.
func (s *Service) RecordAttendance(ctx context.Context, a *account.Actor, id int64, at meeting.Attendance) (meeting.Meeting, activity.Coordination, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, activity.Coordination{}, err
	}
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil {
		return m, activity.Coordination{}, err
	}
	now := s.cfg.Now()
	if m.Cancelled() {
		return m, activity.Coordination{}, apperr.New(apperr.Conflict, "La réunion a été annulée : elle ne prend pas de présences et ne compte pas comme activité de coordination.")
	}
	if !m.Started(now) {
		return m, activity.Coordination{}, apperr.New(apperr.Conflict, "La réunion n'a pas encore eu lieu : les présences se notent après.")
	}
	if err := m.Apply(at); err != nil {
		return m, activity.Coordination{}, err
	}
	if err := s.st.SetAttendance(ctx, t, m, journal.By(a, journal.Update, "Présences de la réunion « "+m.Title+" » notées ("+strconv.Itoa(m.Participants())+" participants)"), now); err != nil {
		return m, activity.Coordination{}, err
	}
	c, err := s.coord.RecordOnce(ctx, a, m.Source(), m.Coordination())
	if err != nil {
		return m, c, err
	}
	m, err = s.st.Meeting(ctx, t, id)
	return m, c, err
}

// SetMinutes saves the minutes and the decisions of a meeting.
func (s *Service) SetMinutes(ctx context.Context, a *account.Actor, id int64, minutes string, decisions []meeting.Decision) (meeting.Meeting, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, err
	}
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil {
		return m, err
	}
	if err := m.SetMinutes(minutes, decisions); err != nil {
		return m, err
	}
	if err := s.st.SetMinutes(ctx, t, m, journal.By(a, journal.Update, "Compte rendu de la réunion « "+m.Title+" » enregistré"), s.cfg.Now()); err != nil {
		return m, err
	}
	return s.st.Meeting(ctx, t, id)
}

// Upcoming returns the territory's meetings of the next days, soonest
// first, for the network's letter; cancelled meetings are left out.
func (s *Service) Upcoming(ctx context.Context, t scope.Territory, days int) ([]meeting.Meeting, error) {
	all, err := s.st.List(ctx, t)
	if err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	until := now.AddDate(0, 0, days)
	var out []meeting.Meeting
	for i := len(all) - 1; i >= 0; i-- {
		if m := all[i]; !m.Cancelled() && m.Start.After(now) && m.Start.Before(until) {
			out = append(out, m)
		}
	}
	return out, nil
}

// attendanceOpen refuses a meeting cancelled or not begun: its attendance
// cannot be recorded.
func (s *Service) attendanceOpen(m meeting.Meeting) error {
	if m.Cancelled() {
		return apperr.New(apperr.Conflict, "La réunion a été annulée : elle ne prend pas de présences et ne compte pas comme activité de coordination.")
	}
	if !m.Started(s.cfg.Now()) {
		return apperr.New(apperr.Conflict, "La réunion n'a pas encore eu lieu : les présences se notent après.")
	}
	return nil
}

// AddWalkIn notes someone who came to a meeting that has begun without an
// invitation (a structure of the territory, a staff member of its
// directory, or someone from outside known by a name and an organisation)
// and records or updates the coordinator's activity for the meeting, as
// RecordAttendance does: they count among its participants.
func (s *Service) AddWalkIn(ctx context.Context, a *account.Actor, id int64, in meeting.WalkInInput) (meeting.Meeting, activity.Coordination, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, activity.Coordination{}, err
	}
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil {
		return m, activity.Coordination{}, err
	}
	if err := s.attendanceOpen(m); err != nil {
		return m, activity.Coordination{}, err
	}
	w, err := m.WalkIn(in)
	if err != nil {
		return m, activity.Coordination{}, err
	}
	if err := s.st.AddWalkIn(ctx, t, m, &w, journal.By(a, journal.Update, "Venue sans invitation notée à la réunion « "+m.Title+" »"), s.cfg.Now()); err != nil {
		return m, activity.Coordination{}, err
	}
	return s.recount(ctx, a, t, id)
}

// RemoveWalkIn withdraws someone noted by mistake among those who came
// without an invitation, and updates the coordinator's activity.
func (s *Service) RemoveWalkIn(ctx context.Context, a *account.Actor, id, walkInID int64) (meeting.Meeting, activity.Coordination, error) {
	t, err := animator(a)
	if err != nil {
		return meeting.Meeting{}, activity.Coordination{}, err
	}
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil {
		return m, activity.Coordination{}, err
	}
	if err := s.attendanceOpen(m); err != nil {
		return m, activity.Coordination{}, err
	}
	if err := s.st.RemoveWalkIn(ctx, t, m, walkInID, journal.By(a, journal.Update, "Venue sans invitation retirée de la réunion « "+m.Title+" »"), s.cfg.Now()); err != nil {
		return m, activity.Coordination{}, err
	}
	return s.recount(ctx, a, t, id)
}

// recount reads the meeting back and records or updates the coordinator's
// activity for it (one per meeting, its source).
func (s *Service) recount(ctx context.Context, a *account.Actor, t scope.Territory, id int64) (meeting.Meeting, activity.Coordination, error) {
	m, err := s.st.Meeting(ctx, t, id)
	if err != nil {
		return m, activity.Coordination{}, err
	}
	c, err := s.coord.RecordOnce(ctx, a, m.Source(), m.Coordination())
	return m, c, err
}
