// Package workshop holds collective workshops (ateliers): a title, themes
// and a level from La Coop's vocabulary (REFERENCE §1), a site, a capacity,
// one session or a cycle of sessions, registrations and the waiting list
// that RDV Service Public lacks: when a seat frees, the first person waiting
// is offered it with a deadline to confirm, then the next.
package workshop

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/holiday"
	"github.com/parcours-numerique/parcours/internal/textfold"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Audiences a workshop is meant for.
const (
	AudienceResidents     = "habitants"
	AudienceSeniors       = "seniors"
	AudienceProfessionals = "professionnels"
)

// Audiences with their labels.
var Audiences = vocab.List{
	{Value: AudienceResidents, Label: "Tout public"},
	{Value: AudienceSeniors, Label: "Seniors"},
	{Value: AudienceProfessionals, Label: "Professionnels (travailleurs sociaux, agents d'accueil…)"},
}

// Registration statuses.
const (
	Registered = "inscrit" // holds a seat
	Waiting    = "attente" // on the waiting list
	Offered    = "offre"   // a freed seat is held for them until the deadline
	Cancelled  = "annule"  // cancelled by the person or the staff
	Expired    = "expire"  // did not confirm an offer in time
)

// Statuses with their labels.
var Statuses = vocab.List{
	{Value: Registered, Label: "Inscrit"},
	{Value: Waiting, Label: "Sur la liste d'attente"},
	{Value: Offered, Label: "Place proposée, à confirmer"},
	{Value: Cancelled, Label: "Annulé"},
	{Value: Expired, Label: "Proposition expirée"},
}

// HoldsSeat reports whether a status counts against the capacity.
func HoldsSeat(status string) bool { return status == Registered || status == Offered }

// Active reports whether a registration is still in the workshop.
func Active(status string) bool {
	return status == Registered || status == Waiting || status == Offered
}

// DefaultOfferDelay is how long a person has to confirm an offered seat.
const DefaultOfferDelay = 24 * time.Hour

// ErrFull is the answer to a registration when no seat is left.
var ErrFull = apperr.New(apperr.Conflict, "Complet : il n'y a plus de place dans cet atelier. Vous pouvez vous inscrire sur la liste d'attente : nous vous proposerons la première place qui se libère.")

// Workshop is a collective workshop, one session or a cycle.
type Workshop struct {
	ID                 int64
	StructureID        int64
	StructureName      string
	PlaceID            int64
	PlaceName          string
	PlaceAddress       string
	PlaceHours         string // opening_hours of the site
	PlacePhone         string // the site's phone
	Title              string
	Themes             []string // activity.Themes values
	Level              string   // activity.Levels values
	Description        string   // in easy French
	Audience           string
	Capacity           int
	Taken              int // seats held: registered and offered
	WaitingCount       int
	PassNumerique      bool // accepts Pass numérique vouchers
	Published          bool // on the public programme
	OnlineRegistration bool // residents may register online
	StaffID            int64
	StaffName          string
	Sessions           []Session
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Session is one meeting of a workshop.
type Session struct {
	ID           int64
	WorkshopID   int64
	Start, End   time.Time
	WalkIns      int // people who came without registering
	AttendanceAt time.Time
	ActivityID   int64 // the activity report made from this session
	RemindedAt   time.Time
	HolidayKept  bool // held on a public holiday, on purpose
	UpdatedAt    time.Time
}

// Minutes is the session's length.
func (s Session) Minutes() int { return int(s.End.Sub(s.Start) / time.Minute) }

// Free is how many seats are left.
func (w Workshop) Free() int { return max(0, w.Capacity-w.Taken) }

// Full reports whether no seat is left.
func (w Workshop) Full() bool { return w.Taken >= w.Capacity }

// LevelLabel names the level.
func (w Workshop) LevelLabel() string { return vocab.List(activity.Levels).Label(w.Level) }

// AudienceLabel names the audience.
func (w Workshop) AudienceLabel() string { return Audiences.Label(w.Audience) }

// ThemeLabels names the themes.
func (w Workshop) ThemeLabels() string { return activity.Labels(activity.Themes, w.Themes) }

// First and Last are the first and last sessions (zero when none).
func (w Workshop) First() Session {
	if len(w.Sessions) == 0 {
		return Session{}
	}
	return w.Sessions[0]
}

// Last is the last session.
func (w Workshop) Last() Session {
	if len(w.Sessions) == 0 {
		return Session{}
	}
	return w.Sessions[len(w.Sessions)-1]
}

// Upcoming lists the sessions not yet ended at now.
func (w Workshop) Upcoming(now time.Time) []Session {
	var out []Session
	for _, s := range w.Sessions {
		if s.End.After(now) {
			out = append(out, s)
		}
	}
	return out
}

// IsCycle reports whether the workshop has several sessions.
func (w Workshop) IsCycle() bool { return len(w.Sessions) > 1 }

// Normalize trims and applies defaults.
func (w *Workshop) Normalize() {
	w.Title = strings.Join(strings.Fields(w.Title), " ")
	w.Description = strings.TrimSpace(w.Description)
	if w.Audience == "" {
		w.Audience = AudienceResidents
	}
	var themes []string
	seen := map[string]bool{}
	for _, t := range w.Themes {
		if t = strings.TrimSpace(t); t != "" && !seen[t] {
			seen[t] = true
			themes = append(themes, t)
		}
	}
	w.Themes = themes
}

// Validate returns every field error, keyed by the form's field names.
func (w *Workshop) Validate() error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(w.Title); {
	case n == 0:
		v.Add("titre", "Saisissez le titre de l'atelier, par exemple « Premiers pas sur la tablette ».")
	case n > 150:
		v.Add("titre", "Le titre ne doit pas dépasser 150 caractères.")
	}
	if len(w.Themes) == 0 {
		v.Add("thematiques", "Choisissez au moins une thématique.")
	}
	for _, t := range w.Themes {
		if !vocab.List(activity.Themes).Has(t) {
			v.Add("thematiques", "Thématique inconnue : "+t+".")
		}
	}
	if !vocab.List(activity.Levels).Has(w.Level) {
		v.Add("niveau", "Choisissez le niveau : débutant, intermédiaire ou avancé.")
	}
	if !Audiences.Has(w.Audience) {
		v.Add("public", "Choisissez à qui s'adresse l'atelier.")
	}
	if utf8.RuneCountInString(w.Description) > 2000 {
		v.Add("description", "La description ne doit pas dépasser 2 000 caractères.")
	}
	if w.PlaceID == 0 {
		v.Add("lieu", "Choisissez le lieu de l'atelier.")
	}
	if w.Capacity < 1 || w.Capacity > 500 {
		v.Add("places", "Saisissez le nombre de places, entre 1 et 500.")
	} else if w.Capacity < w.Taken {
		v.Add("places", "Il y a déjà "+itoa(w.Taken)+" places prises : le nombre de places ne peut pas être plus petit.")
	}
	return v.Err()
}

// Holiday returns the name of the French public holiday a session falls
// on, Paris time.
func (s Session) Holiday() (string, bool) { return holiday.Name(s.Start.In(frtime.Paris)) }

// ValidateSession checks a session's times. A session on a public holiday
// must be kept on purpose (HolidayKept).
func ValidateSession(s Session, now time.Time) error {
	var v apperr.Validation
	switch {
	case s.Start.IsZero():
		v.Add("seance_debut", "Saisissez la date et l'heure de la séance, par exemple 2026-03-10 14:00.")
	case s.Start.Before(now.AddDate(-1, 0, 0)):
		v.Add("seance_debut", "La séance a plus d'un an : vérifiez l'année.")
	}
	if name, ok := s.Holiday(); ok && !s.HolidayKept && !s.Start.IsZero() {
		v.Add("seance_debut", "Le "+frtime.Day(s.Start)+" est un jour férié ("+name+") : choisissez une autre date, ou maintenez la séance ce jour férié.")
	}
	if !s.Start.IsZero() && (!s.End.After(s.Start) || s.End.Sub(s.Start) > 8*time.Hour) {
		v.Add("seance_duree", "Saisissez la durée de la séance en minutes, entre 15 et 480.")
	}
	return v.Err()
}

// MaxSessions is the longest cycle.
const MaxSessions = 20

// Weekly makes a cycle of count sessions, one a week from first, each
// minutes long. A session that would fall on a public holiday is skipped and
// the cycle goes on the week after, unless its date (YYYY-MM-DD, Paris) is
// in keep: then it is held that day. skipped lists the holidays passed over.
func Weekly(first time.Time, minutes, count int, keep []string) (sessions []Session, skipped []time.Time) {
	kept := map[string]bool{}
	for _, d := range keep {
		kept[d] = true
	}
	for week := 0; len(sessions) < count && week < count+MaxSessions; week++ {
		start := first.In(frtime.Paris).AddDate(0, 0, 7*week)
		se := Session{Start: start, End: start.Add(time.Duration(minutes) * time.Minute)}
		if _, ok := se.Holiday(); ok {
			if !kept[start.Format("2006-01-02")] {
				skipped = append(skipped, start)
				continue
			}
			se.HolidayKept = true
		}
		sessions = append(sessions, se)
	}
	return sessions, skipped
}

// Registration is one person's place in a workshop, or in its waiting list.
type Registration struct {
	ID             int64
	WorkshopID     int64
	WorkshopTitle  string
	StructureID    int64
	PersonID       int64
	Name           string
	Phone          string // E.164
	Email          string
	Status         string
	BookedVia      string // agent, en_ligne, api (agenda.Via…)
	BookedByUserID int64
	ConsentWording string
	Language       string // the language the person chose (internal/i18n): their messages are in it
	OfferedAt      time.Time
	OfferExpiresAt time.Time
	CancelledAt    time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Rank           int // position in the waiting list, from 1
}

// StatusLabel names the status.
func (r Registration) StatusLabel() string { return Statuses.Label(r.Status) }

// DedupKey identifies the same person in the same workshop: a person's
// file, or the folded name with the contact.
func DedupKey(personID int64, name, phone, email string) string {
	if personID != 0 {
		return "p:" + itoa64(personID)
	}
	return "c:" + textfold.Key(name) + "|" + phone + "|" + strings.ToLower(email)
}

func itoa(n int) string { return itoa64(int64(n)) }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// ConsentWording is the text a resident agrees to when registering online;
// the exact text is kept with the registration.
func ConsentWording(structureName string) string {
	return "J'accepte que " + structureName + " garde mon nom et mon téléphone ou mon e-mail pour cet atelier, " +
		"et me prévienne (inscription, rappel, place libérée sur la liste d'attente). Ces informations sont effacées un an après l'atelier. " +
		"Je peux demander à ne plus recevoir de messages."
}
