// Package meeting holds the network meetings a territory's coordination
// keeps: agenda, invitations, attendance, minutes and decisions. The
// attendance of a meeting is the coordinator's own activity, recorded with
// La Coop's codes for an animation.
package meeting

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/icalendar"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Bounds of what the coordinator types.
const (
	MaxTitle     = 150 // La Coop's bound on an activity's title
	MaxLocation  = 300
	MaxAgenda    = 5000
	MaxMinutes   = 10000
	MaxDecision  = 1000
	MaxDecisions = 50
	MaxPeople    = 500 // people of one structure at one meeting
)

// DateLayout is how dates are written in the database and the API.
const DateLayout = "2006-01-02"

// Meeting is one meeting of a territory's network.
type Meeting struct {
	ID            int64
	TerritoryID   int64
	StructureID   int64 // the coordinating structure that keeps it
	Title         string
	Start, End    time.Time
	PlaceID       int64  // a place of the map, or 0
	PlaceName     string // read with the meeting
	Location      string // free text: room, address, video link
	Agenda        string // ordre du jour
	AnimationType string // La Coop's type d'animation of the activity it counts as
	Minutes       string // compte rendu
	Sequence      int    // raised when the time or the place changes, so calendars update
	// AttendanceAt is when the attendance was last recorded (zero: not yet).
	AttendanceAt time.Time
	// CancelledAt is when the coordination cancelled the meeting (zero: it
	// holds); a cancelled meeting takes no attendance.
	CancelledAt time.Time
	Invitations []Invitation
	WalkIns     []WalkIn // who came without an invitation
	Decisions   []Decision
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Invitation invites a whole structure (UserID 0) or one listed staff
// member of a structure; attendance is recorded on it.
type Invitation struct {
	StructureID   int64
	StructureName string
	UserID        int64
	UserName      string
	Email         string // the staff member's address, to send the invitation; never shown
	// Attendance: how many people of the structure came (a structure), or
	// whether the person came (a staff member).
	People  int
	Present bool
	SentSeq int // the meeting's Sequence last sent to this invitee (0: never)
}

// Decision is one decision of the meeting: what, which structure carries
// it, by when (optional).
type Decision struct {
	ID          int64
	Text        string
	StructureID int64
	Structure   string
	Due         string // YYYY-MM-DD or ""
	Row         int    // its line in the form, which errors name (not kept)
}

// ReunionAnimation is La Coop's code a network meeting counts as by default.
const ReunionAnimation = "reunion_coordination"

// Upcoming reports whether the meeting is still to come.
func (m Meeting) Upcoming(now time.Time) bool { return m.End.After(now) }

// Started reports whether the meeting has begun: its attendance can be recorded.
func (m Meeting) Started(now time.Time) bool { return !m.Start.After(now) }

// Cancelled reports whether the coordination cancelled the meeting.
func (m Meeting) Cancelled() bool { return !m.CancelledAt.IsZero() }

// Duration is the meeting's length in minutes.
func (m Meeting) Duration() int { return int(m.End.Sub(m.Start) / time.Minute) }

// When is the meeting's time in words: "mardi 15 décembre 2026, 14 h – 16 h".
func (m Meeting) When() string {
	s, e := m.Start.In(frtime.Paris), m.End.In(frtime.Paris)
	return frtime.WeekdayName(s.Weekday()) + " " + frtime.CalendarDate(s) + ", " + frtime.Minutes(s.Hour()*60+s.Minute()) + " – " + frtime.Minutes(e.Hour()*60+e.Minute())
}

// Where is the meeting's place in words.
func (m Meeting) Where() string {
	switch {
	case m.PlaceName != "" && m.Location != "":
		return m.PlaceName + " – " + m.Location
	case m.PlaceName != "":
		return m.PlaceName
	}
	return m.Location
}

// AnimationLabel names the kind of animation.
func (m Meeting) AnimationLabel() string {
	return vocab.List(activity.AnimationTypes).Label(m.AnimationType)
}

// Participants is the attendance's total: the people of each structure and
// the staff members invited by name who came.
func (m Meeting) Participants() int {
	n := 0
	for _, in := range m.Invitations {
		if in.UserID == 0 {
			n += in.People
		} else if in.Present {
			n++
		}
	}
	for _, w := range m.WalkIns {
		n += w.People
	}
	return n
}

// Bounds of what the coordinator types of someone from outside.
const (
	MaxWalkInName         = 100
	MaxWalkInOrganization = 150
)

// WalkIn is who came without an invitation: a structure of the territory
// (how many people), a staff member listed in the network's directory, or
// someone from outside the territory's structures, known by a name and an
// organisation only. It counts in the attendance.
type WalkIn struct {
	ID            int64
	StructureID   int64  // the structure, or the staff member's; 0 for someone from outside
	StructureName string // read with it
	UserID        int64  // the staff member, or 0
	UserName      string // read with it
	Name          string // someone from outside: the name typed
	Organization  string // someone from outside: the organisation typed
	People        int    // a structure: people who came; 1 otherwise
}

// Label names who came.
func (w WalkIn) Label() string {
	switch {
	case w.UserID != 0:
		return w.UserName + " (" + w.StructureName + ")"
	case w.StructureID != 0:
		return w.StructureName
	}
	return w.Name + " (" + w.Organization + ")"
}

// WalkInInput is who came without an invitation as the form and the API
// give it: a structure (with People), a staff member (UserID), or a name
// and an organisation.
type WalkInInput struct {
	StructureID  int64
	People       int
	UserID       int64
	Name         string
	Organization string
}

// WalkIn checks who came without an invitation against the meeting: one
// of a structure, a staff member or a name with an organisation; not
// someone invited (their attendance is noted on the invitation) nor
// already noted. Errors name the form's fields (structure_venue,
// personnes_venues, collegue, nom, organisme). The staff member's
// structure is the store's to find.
func (m Meeting) WalkIn(in WalkInInput) (WalkIn, error) {
	var v apperr.Validation
	w := WalkIn{StructureID: in.StructureID, UserID: in.UserID, Name: strings.Join(strings.Fields(in.Name), " "),
		Organization: strings.Join(strings.Fields(in.Organization), " "), People: 1}
	kinds := 0
	for _, set := range []bool{w.StructureID != 0, w.UserID != 0, w.Name != "" || w.Organization != ""} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		v.Add("structure_venue", "Indiquez une structure, un professionnel de l'annuaire, ou le nom et l'organisme d'une personne extérieure : un seul des trois.")
		return w, v.Err()
	}
	switch {
	case w.StructureID != 0:
		if in.People < 1 || in.People > MaxPeople {
			v.Add("personnes_venues", "Indiquez un nombre de personnes entre 1 et 500.")
		}
		w.People = in.People
		for _, i := range m.Invitations {
			if i.StructureID == w.StructureID && i.UserID == 0 {
				v.Add("structure_venue", "Cette structure est invitée : notez ses présents sur son invitation.")
			}
		}
		for _, x := range m.WalkIns {
			if x.StructureID == w.StructureID && x.UserID == 0 {
				v.Add("structure_venue", "Cette structure est déjà notée parmi les personnes venues sans invitation.")
			}
		}
	case w.UserID != 0:
		for _, i := range m.Invitations {
			if i.UserID == w.UserID {
				v.Add("collegue", "Cette personne est invitée par son nom : cochez-la parmi les présents.")
			}
		}
		for _, x := range m.WalkIns {
			if x.UserID == w.UserID {
				v.Add("collegue", "Cette personne est déjà notée parmi les personnes venues sans invitation.")
			}
		}
	default:
		if w.Name == "" || utf8.RuneCountInString(w.Name) > MaxWalkInName {
			v.Add("nom", "Indiquez le prénom et le nom de la personne (100 caractères au plus).")
		}
		if w.Organization == "" || utf8.RuneCountInString(w.Organization) > MaxWalkInOrganization {
			v.Add("organisme", "Indiquez l'organisme de la personne (150 caractères au plus).")
		}
	}
	return w, v.Err()
}

// Invited reports whether the structure, or the user acting for it, is invited.
func (m Meeting) Invited(structureID, userID int64) bool {
	for _, in := range m.Invitations {
		if in.StructureID == structureID && (in.UserID == 0 || in.UserID == userID) {
			return true
		}
	}
	return false
}

// Input is a meeting as the form and the API give it: date and times as
// written.
type Input struct {
	Title         string
	Date          string // YYYY-MM-DD or DD/MM/YYYY
	Start, End    string // "14:00", "14 h"
	PlaceID       int64
	Location      string
	Agenda        string
	AnimationType string
	Structures    []int64 // structures invited as a whole
	Staff         []int64 // listed staff members invited by name
}

// Meeting reads and checks the input; errors name the form's fields.
func (in Input) Meeting() (Meeting, error) {
	var v apperr.Validation
	m := Meeting{Title: strings.Join(strings.Fields(in.Title), " "), PlaceID: in.PlaceID, Location: strings.TrimSpace(in.Location),
		Agenda: strings.TrimSpace(strings.ReplaceAll(in.Agenda, "\r\n", "\n")), AnimationType: strings.TrimSpace(in.AnimationType)}
	switch l := utf8.RuneCountInString(m.Title); {
	case l == 0:
		v.Add("titre", "Donnez un titre à la réunion, par exemple « Comité des acteurs du numérique ».")
	case l > MaxTitle:
		v.Add("titre", "Le titre doit faire 150 caractères au plus.")
	}
	day, okDay := parseDate(in.Date)
	if !okDay {
		v.Add("date", "Saisissez la date de la réunion, par exemple 15/12/2026.")
	}
	start, okStart := parseClock(in.Start)
	if !okStart {
		v.Add("debut", "Saisissez l'heure de début, par exemple 14:00.")
	}
	end, okEnd := parseClock(in.End)
	switch {
	case !okEnd:
		v.Add("fin", "Saisissez l'heure de fin, par exemple 16:00.")
	case okStart && end <= start:
		v.Add("fin", "L'heure de fin doit être après l'heure de début.")
	}
	if okDay && okStart && okEnd {
		m.Start = time.Date(day.Year(), day.Month(), day.Day(), 0, start, 0, 0, frtime.Paris)
		m.End = time.Date(day.Year(), day.Month(), day.Day(), 0, end, 0, 0, frtime.Paris)
	}
	if m.PlaceID == 0 && m.Location == "" {
		v.Add("lieu_texte", "Indiquez où se tient la réunion : un lieu de la carte, ou une adresse, une salle, un lien de visioconférence.")
	}
	if utf8.RuneCountInString(m.Location) > MaxLocation {
		v.Add("lieu_texte", "Le lieu doit faire 300 caractères au plus.")
	}
	if utf8.RuneCountInString(m.Agenda) > MaxAgenda {
		v.Add("ordre_du_jour", "L'ordre du jour doit faire 5 000 caractères au plus.")
	}
	if m.AnimationType == "" {
		m.AnimationType = ReunionAnimation
	}
	if !vocab.List(activity.AnimationTypes).Has(m.AnimationType) {
		v.Add("type_animation", "Choisissez le type de réunion.")
	}
	seen := map[int64]bool{}
	for _, id := range in.Structures {
		if id > 0 && !seen[id] {
			seen[id] = true
			m.Invitations = append(m.Invitations, Invitation{StructureID: id})
		}
	}
	seenUser := map[int64]bool{}
	for _, id := range in.Staff {
		if id > 0 && !seenUser[id] {
			seenUser[id] = true
			m.Invitations = append(m.Invitations, Invitation{UserID: id})
		}
	}
	return m, v.Err()
}

// parseDate reads "2026-12-15" or "15/12/2026".
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{DateLayout, "02/01/2006", "2/1/2006"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// parseClock reads "14:00", "14h", "14 h 30", "9h"; minutes from midnight.
func parseClock(s string) (int, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	s = strings.Replace(s, "h", ":", 1)
	h, m, _ := strings.Cut(s, ":")
	hh, err := strconv.Atoi(h)
	if err != nil || hh < 0 || hh > 23 {
		return 0, false
	}
	mm := 0
	if m != "" {
		if mm, err = strconv.Atoi(m); err != nil || mm < 0 || mm > 59 {
			return 0, false
		}
	}
	return hh*60 + mm, true
}

// Attendance is what the coordinator records after the meeting, by
// invitation: people per invited structure, presence per invited person.
type Attendance struct {
	People  map[int64]int  // structure invited as a whole → people who came
	Present map[int64]bool // staff member invited by name → came
}

// Apply records the attendance on the meeting's invitations; errors name
// the form's fields (personnes_<structure>).
func (m *Meeting) Apply(at Attendance) error {
	var v apperr.Validation
	for i, in := range m.Invitations {
		if in.UserID != 0 {
			m.Invitations[i].Present = at.Present[in.UserID]
			continue
		}
		n := at.People[in.StructureID]
		if n < 0 || n > MaxPeople {
			v.Add("personnes_"+strconv.FormatInt(in.StructureID, 10), "Indiquez un nombre de personnes entre 0 et 500.")
			continue
		}
		m.Invitations[i].People = n
	}
	return v.Err()
}

// Coordination is the coordinator's activity the meeting's attendance
// counts as: an animation of the network, with La Coop's codes.
func (m Meeting) Coordination() activity.Coordination {
	return activity.Coordination{
		Type: activity.CoordAnimation, Date: m.Start.In(frtime.Paris).Format(activity.DateLayout), Duration: m.Duration(),
		Title: m.Title, Participants: m.Participants(), AnimationType: m.AnimationType, Initiative: "initiative", Themes: []string{"reseau"},
	}
}

// Source is the key of the coordination activity of the meeting: the
// activity is recorded once, then updated.
func (m Meeting) Source() string { return "reunion-" + strconv.FormatInt(m.ID, 10) }

// SetMinutes checks the minutes and the decisions typed; decisions without
// text are dropped. Errors name the form's fields (decision_<n>...).
func (m *Meeting) SetMinutes(minutes string, decisions []Decision) error {
	var v apperr.Validation
	minutes = strings.TrimSpace(strings.ReplaceAll(minutes, "\r\n", "\n"))
	if utf8.RuneCountInString(minutes) > MaxMinutes {
		v.Add("compte_rendu", "Le compte rendu doit faire 10 000 caractères au plus.")
	}
	var kept []Decision
	for i, d := range decisions {
		d.Text = strings.TrimSpace(strings.ReplaceAll(d.Text, "\r\n", "\n"))
		d.Due = strings.TrimSpace(d.Due)
		if d.Text == "" {
			continue
		}
		n := strconv.Itoa(i)
		d.Row = i
		if utf8.RuneCountInString(d.Text) > MaxDecision {
			v.Add("decision_"+n, "Une décision doit faire 1 000 caractères au plus.")
		}
		if d.Due != "" {
			if day, ok := parseDate(d.Due); ok {
				d.Due = day.Format(DateLayout)
			} else {
				v.Add("echeance_"+n, "Échéance illisible : écrivez-la comme 31/01/2027, ou laissez vide.")
			}
		}
		kept = append(kept, d)
	}
	if len(kept) > MaxDecisions {
		v.Add("decisions", "Une réunion garde 50 décisions au plus.")
	}
	m.Minutes, m.Decisions = minutes, kept
	return v.Err()
}

// DueLabel is a decision's due date in words ("" when none).
func (d Decision) DueLabel() string {
	if t, err := time.Parse(DateLayout, d.Due); err == nil {
		return frtime.CalendarDate(t)
	}
	return ""
}

// Invitation e-mails.

// InvitationSubject is the subject of an invitation e-mail.
func (m Meeting) InvitationSubject(update bool) string {
	if update {
		return "Réunion modifiée : " + m.Title
	}
	return "Invitation : " + m.Title
}

// InvitationText is the body of an invitation e-mail; link is the meeting's
// page in the staff area.
func (m Meeting) InvitationText(organizer, link string, update bool) string {
	var b strings.Builder
	if update {
		b.WriteString("La réunion du réseau à laquelle vous êtes invité(e) a changé.\n\n")
	} else {
		b.WriteString(organizer + " vous invite à une réunion du réseau.\n\n")
	}
	b.WriteString(m.Title + "\n")
	b.WriteString("Quand : " + m.When() + "\n")
	if w := m.Where(); w != "" {
		b.WriteString("Où : " + w + "\n")
	}
	if m.Agenda != "" {
		b.WriteString("\nOrdre du jour :\n" + m.Agenda + "\n")
	}
	if link != "" {
		b.WriteString("\nLa réunion dans Parcours : " + link + "\n")
	}
	b.WriteString("\nLe fichier joint ajoute la réunion à votre agenda.\n")
	return b.String()
}

// ICS is the meeting as a calendar file to attach to the invitation.
func (m Meeting) ICS(link string, stamp time.Time) string {
	return string(icalendar.Marshal(icalendar.Calendar{Method: "PUBLISH", Events: []icalendar.Event{{
		UID: m.UID(), Start: m.Start, End: m.End, Summary: m.Title,
		Location: m.Where(), Description: m.Agenda, URL: link, Sequence: m.Sequence,
	}}}, stamp))
}

// CancelSubject is the subject of the e-mail that cancels the meeting for
// an invitee: the whole meeting, or only their invitation (removed).
func (m Meeting) CancelSubject(removed bool) string {
	if removed {
		return "Invitation retirée : " + m.Title
	}
	return "Réunion annulée : " + m.Title
}

// CancelText is the body of that e-mail.
func (m Meeting) CancelText(organizer string, removed bool) string {
	var b strings.Builder
	if removed {
		b.WriteString(organizer + " a retiré votre invitation à cette réunion du réseau ; la réunion a lieu sans vous.\n\n")
	} else {
		b.WriteString(organizer + " a annulé cette réunion du réseau : elle n'aura pas lieu.\n\n")
	}
	b.WriteString(m.Title + "\n")
	b.WriteString("Quand : " + m.When() + "\n")
	if w := m.Where(); w != "" {
		b.WriteString("Où : " + w + "\n")
	}
	b.WriteString("\nLe fichier joint retire la réunion de votre agenda.\n")
	return b.String()
}

// CancelICS is the calendar file that removes the meeting from the
// attendees' calendars: the invitation's UID, METHOD:CANCEL,
// STATUS:CANCELLED and the sequence given, above the one last sent.
func (m Meeting) CancelICS(sequence int, attendees []string, stamp time.Time) string {
	return string(icalendar.Marshal(icalendar.Calendar{Method: "CANCEL", Events: []icalendar.Event{{
		UID: m.UID(), Start: m.Start, End: m.End, Summary: m.Title, Location: m.Where(), Sequence: sequence,
		Cancelled: true, Attendees: attendees,
	}}}, stamp))
}

// UID is the meeting's identifier in the calendars, the same in every
// file sent about it.
func (m Meeting) UID() string { return "reunion-" + strconv.FormatInt(m.ID, 10) + "@parcours" }
