package workshops

import (
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/service/internal/shown"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// SessionRef names a session, and the workshop it must be of when
// WorkshopID is not 0 (a page's address).
type SessionRef struct {
	WorkshopID int64
	SessionID  int64
}

// Sheet is a session's attendance: the persons holding a seat and who of
// them came.
type Sheet struct {
	Workshop   workshop.Workshop
	Session    workshop.Session
	Number     int                     // the session's number in the cycle, from 1
	Registered []workshop.Registration // holding a seat
	Present    map[int64]bool          // by registration
}

// Recorded reports whether the attendance was recorded.
func (s Sheet) Recorded() bool { return !s.Session.AttendanceAt.IsZero() }

// PresentIDs lists the registrations present, in order.
func (s Sheet) PresentIDs() []int64 {
	var out []int64
	for id, p := range s.Present {
		if p {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

func (s *Service) sheet(ctx context.Context, a *account.Actor, ref SessionRef) (Sheet, error) {
	if ref.WorkshopID == 0 {
		id, err := s.st.SessionWorkshop(ctx, a.Scope(), ref.SessionID)
		if err != nil {
			return Sheet{}, err
		}
		ref.WorkshopID = id
	}
	w, se, n, err := s.Session(ctx, a, ref.WorkshopID, ref.SessionID)
	if err != nil {
		return Sheet{}, err
	}
	regs, err := s.st.Registrations(ctx, a.Scope(), w.ID)
	if err != nil {
		return Sheet{}, err
	}
	present, err := s.st.Attendance(ctx, a.Scope(), se.ID)
	if err != nil {
		return Sheet{}, err
	}
	sh := Sheet{Workshop: w, Session: se, Number: n, Present: present}
	for _, r := range regs {
		if r.Status == workshop.Registered {
			sh.Registered = append(sh.Registered, r)
		}
	}
	return sh, nil
}

// Attendance returns a session's attendance sheet.
func (s *Service) Attendance(ctx context.Context, a *account.Actor, ref SessionRef) (Sheet, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return Sheet{}, err
	}
	sh, err := s.sheet(ctx, a, ref)
	if err != nil {
		return sh, err
	}
	ids := make([]int64, 0, len(sh.Registered))
	for _, r := range sh.Registered {
		ids = append(ids, r.PersonID)
	}
	return sh, shown.Journal(ctx, s.st.Store, a, s.now(), "Feuille de présence de l'atelier « "+sh.Workshop.Title+" », séance "+strconv.Itoa(sh.Number), ids)
}

// NewAttendance is who came to a session.
type NewAttendance struct {
	Present []int64 // registrations holding a seat
	WalkIns int     // people who came without registering, 0 to 500
}

// RecordAttendance records who came to a session that has started: the
// persons registered (holding a seat) marked present, and the number of
// people who came without registering. It replaces a previous record.
func (s *Service) RecordAttendance(ctx context.Context, a *account.Actor, ref SessionRef, in NewAttendance) (Sheet, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return Sheet{}, err
	}
	sh, err := s.sheet(ctx, a, ref)
	if err != nil {
		return sh, err
	}
	var v apperr.Validation
	if in.WalkIns < 0 || in.WalkIns > 500 {
		v.Add("sans_inscription", "Écrivez le nombre de personnes venues sans inscription, entre 0 et 500 (0 si personne).")
	}
	for _, id := range in.Present {
		if !slices.ContainsFunc(sh.Registered, func(r workshop.Registration) bool { return r.ID == id }) {
			v.Add("presents", "L'inscription n° "+strconv.FormatInt(id, 10)+" n'a pas de place dans cet atelier : seules les personnes inscrites se notent présentes.")
			break
		}
	}
	if err := v.Err(); err != nil {
		return sh, err
	}
	now := s.now()
	if sh.Session.Start.After(now) {
		return sh, apperr.New(apperr.Invalid, "La séance n'a pas encore eu lieu : les présences se notent le jour même ou après.")
	}
	if err := s.st.SetAttendance(ctx, a.Scope(), sh.Workshop.ID, sh.Session.ID, in.Present, in.WalkIns, now); err != nil {
		return sh, err
	}
	return s.sheet(ctx, a, SessionRef{WorkshopID: sh.Workshop.ID, SessionID: sh.Session.ID})
}

// Report is the collective activity report a session's attendance
// prepares: the followed persons present, and the others as a count.
type Report struct {
	Sheet
	Participants []workshop.Registration // present, with a person's file
	Anonymous    int                     // present without a file, and walk-ins
}

// ReportDraft prepares the report of a session whose attendance is
// recorded. A session already reported has Session.ActivityID set.
func (s *Service) ReportDraft(ctx context.Context, a *account.Actor, ref SessionRef) (Report, error) {
	if err := a.Require(account.PermAgendaOrganize); err != nil {
		return Report{}, err
	}
	sh, err := s.sheet(ctx, a, ref)
	if err != nil {
		return Report{}, err
	}
	if !sh.Recorded() {
		return Report{Sheet: sh}, apperr.New(apperr.Invalid, "Notez d'abord les présences de la séance : le compte rendu se prépare avec elles.")
	}
	rep := Report{Sheet: sh, Anonymous: sh.Session.WalkIns}
	for _, r := range sh.Registered {
		switch {
		case !sh.Present[r.ID]:
		case r.PersonID != 0:
			rep.Participants = append(rep.Participants, r)
		default:
			rep.Anonymous++
		}
	}
	return rep, nil
}

// NewReport is what the mediator checks before confirming a report.
type NewReport struct {
	Minutes       int
	AnonTotal     int // persons without a file
	AnonReturning int // of whom already came
	Themes        []string
	Equipment     []string
}

// RecordReport records the collective activity report of a session, once:
// a session already reported answers its report's activity.
func (s *Service) RecordReport(ctx context.Context, a *account.Actor, ref SessionRef, in NewReport) (activity.Activity, error) {
	if err := a.Require(account.PermActivities); err != nil {
		return activity.Activity{}, err
	}
	rep, err := s.ReportDraft(ctx, a, ref)
	if err != nil {
		return activity.Activity{}, err
	}
	w, se := rep.Workshop, rep.Session
	if se.ActivityID != 0 {
		return activity.Activity{ID: se.ActivityID}, nil
	}
	now := s.now()
	act := activity.Activity{Type: activity.TypeWorkshop, Date: se.Start.In(frtime.Paris).Format(activity.DateLayout), Canal: "lieu_activite",
		PlaceID: w.PlaceID, PlaceName: w.PlaceName, Equipment: in.Equipment, Themes: in.Themes, Title: w.Title, Level: w.Level,
		StructureID: w.StructureID, AuthorID: a.User.ID, Duration: in.Minutes, AnonTotal: in.AnonTotal, AnonReturning: in.AnonReturning}
	ids := make([]int64, 0, len(rep.Participants))
	for _, r := range rep.Participants {
		ids = append(ids, r.PersonID)
	}
	act.SetParticipantIDs(ids)
	act.Normalize()
	if err := act.Validate(now.In(frtime.Paris)); err != nil {
		return act, err
	}
	// One report per session: the lease keeps a double submission from making two.
	lease, holder := "compte-rendu-seance-"+strconv.FormatInt(se.ID, 10), strconv.FormatInt(a.User.ID, 10)+"-"+strconv.FormatInt(now.UnixNano(), 10)
	got, err := s.st.TakeLease(ctx, lease, holder, now.Add(time.Minute), now)
	if err != nil {
		return act, err
	}
	if !got {
		return act, apperr.New(apperr.Conflict, "Le compte rendu de cette séance est en cours d'enregistrement : rechargez la page dans un instant.")
	}
	defer s.st.ReleaseLease(ctx, lease, holder)
	entry := journal.By(a, journal.Create, "Atelier « "+w.Title+" » du "+act.Date+" : compte rendu")
	if err := s.activities.CreateActivity(ctx, a.Scope(), &act, entry, now); err != nil {
		return act, err
	}
	if _, err := s.st.LinkSessionActivity(ctx, a.Scope(), w.ID, se.ID, act.ID, now); err != nil {
		return act, err
	}
	return act, nil
}
