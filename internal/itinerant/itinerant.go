// Package itinerant holds the help that comes to residents: an itinerant
// service (a bus numérique, a conseiller en itinérance) and its timetable of
// stops, each with a recurrence, a date range and cancelled dates, and the
// computation of its next passages. Everything here is pure.
package itinerant

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/holiday"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// DateLayout is how dates (from, until, cancelled days) are written.
const DateLayout = "2006-01-02"

// Service is an itinerant service of a structure.
type Service struct {
	ID            int64
	StructureID   int64
	StructureName string
	Name          string
	Description   string
	Phone         string // E.164 when French
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Normalize trims the service and writes its phone in E.164.
func (s *Service) Normalize() {
	s.Name = strings.Join(strings.Fields(s.Name), " ")
	s.Description = strings.TrimSpace(s.Description)
	s.Phone = strings.TrimSpace(s.Phone)
	if n, ok := place.NormalizePhone(s.Phone); ok && s.Phone != "" {
		s.Phone = n
	}
}

// Validate returns every field error, keyed by the form's field names.
func (s *Service) Validate() error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(s.Name); {
	case n == 0:
		v.Add("nom", "Saisissez le nom du service, par exemple « Bus numérique ».")
	case n > 100:
		v.Add("nom", "Le nom ne doit pas dépasser 100 caractères.")
	}
	if utf8.RuneCountInString(s.Description) > 1000 {
		v.Add("description", "La description ne doit pas dépasser 1 000 caractères.")
	}
	if s.Phone != "" {
		if _, ok := place.NormalizePhone(s.Phone); !ok {
			v.Add("telephone", "Écrivez un numéro de téléphone à 10 chiffres, par exemple 05 46 12 34 56.")
		}
	}
	return v.Err()
}

// Recurrences of a stop.
const (
	Weekly      = "hebdomadaire"
	Fortnightly = "quinzaine"
	Monthly     = "mensuel" // the nth weekday of each month
)

// Recurrences with their labels.
var Recurrences = vocab.List{
	{Value: Weekly, Label: "Chaque semaine"},
	{Value: Fortnightly, Label: "Une semaine sur deux"},
	{Value: Monthly, Label: "Une fois par mois", Hint: "Le 1er, 2e, 3e, 4e ou dernier jour choisi du mois."},
}

// Nths are the weeks of the month a monthly stop may fall on; -1 is the last.
var Nths = vocab.List{
	{Value: "1", Label: "Le premier"}, {Value: "2", Label: "Le deuxième"}, {Value: "3", Label: "Le troisième"},
	{Value: "4", Label: "Le quatrième"}, {Value: "-1", Label: "Le dernier"},
}

// Cancellation is one date a stop is not held, with the reason residents see.
type Cancellation struct {
	Date   string
	Reason string
}

// Stop is where and when the service comes: a place of the map or an
// address in a commune, a weekday and times, a recurrence, a date range.
type Stop struct {
	ID           int64
	ServiceID    int64
	ServiceName  string
	StructureID  int64
	PlaceID      int64 // 0: an address in a commune
	PlaceName    string
	Address      string // where exactly, when not a place of the map
	InseeCode    string
	Weekday      time.Weekday
	Start, End   int // minutes from midnight, Paris wall clock
	Recurrence   string
	Nth          int // for Monthly: 1 to 4, or -1 for the last
	From         string
	Until        string // "": no end
	SkipHolidays bool   // French public holidays skipped (the default)
	PermanenceID int64  // the agenda's permanence taking appointments at this stop; 0: none
	Cancelled    []Cancellation
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// CommuneName names the stop's commune, "" when unknown.
func (s Stop) CommuneName() string {
	if c, ok := commune.Lookup(s.InseeCode); ok {
		return c.Name
	}
	return ""
}

// Where names where the stop is, in one line.
func (s Stop) Where() string {
	parts := make([]string, 0, 3)
	for _, p := range []string{s.PlaceName, s.Address, s.CommuneName()} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// Times writes the stop's hours: "de 14 h à 17 h".
func (s Stop) Times() string { return "de " + frtime.Minutes(s.Start) + " à " + frtime.Minutes(s.End) }

// RecurrenceText describes the rule: "Chaque mardi de 14 h à 17 h",
// "Le premier lundi du mois de 9 h à 12 h".
func (s Stop) RecurrenceText() string {
	day := frtime.WeekdayName(s.Weekday)
	var b string
	switch s.Recurrence {
	case Fortnightly:
		b = "Un " + day + " sur deux"
	case Monthly:
		b = Nths.Label(strconv.Itoa(s.Nth)) + " " + day + " du mois"
	default:
		b = "Chaque " + day
	}
	return b + " " + s.Times()
}

// CancelReason is the reason a date was cancelled, and whether it was.
func (s Stop) CancelReason(date string) (string, bool) {
	for _, c := range s.Cancelled {
		if c.Date == date {
			return c.Reason, true
		}
	}
	return "", false
}

// Normalize trims and applies defaults.
func (s *Stop) Normalize() {
	s.Address = strings.Join(strings.Fields(s.Address), " ")
	s.InseeCode = strings.ToUpper(strings.TrimSpace(s.InseeCode))
	s.From, s.Until = strings.TrimSpace(s.From), strings.TrimSpace(s.Until)
	if s.Recurrence == "" {
		s.Recurrence = Weekly
	}
	if s.Recurrence != Monthly {
		s.Nth = 0
	}
}

// Validate returns every field error, keyed by the form's field names. The
// place is checked against the map by the caller.
func (s *Stop) Validate() error {
	var v apperr.Validation
	if s.PlaceID == 0 {
		if s.Address == "" {
			v.Add("adresse", "Choisissez un lieu de la carte, ou écrivez l'adresse de l'arrêt, par exemple « Place de la mairie ».")
		} else if utf8.RuneCountInString(s.Address) > 200 {
			v.Add("adresse", "L'adresse ne doit pas dépasser 200 caractères.")
		}
		if !commune.ValidCode(s.InseeCode) {
			v.Add("code_insee", "Saisissez le code INSEE de la commune de l'arrêt, 5 caractères, par exemple 17299.")
		}
	}
	if s.Weekday < time.Sunday || s.Weekday > time.Saturday {
		v.Add("jour", "Choisissez le jour de la semaine.")
	}
	if s.Start < 0 || s.End > 24*60 || s.End <= s.Start {
		v.Add("fin", "L'heure de fin doit venir après l'heure de début.")
	}
	if !Recurrences.Has(s.Recurrence) {
		v.Add("recurrence", "Choisissez le rythme de passage.")
	} else if s.Recurrence == Monthly && !Nths.Has(strconv.Itoa(s.Nth)) {
		v.Add("rang", "Choisissez la semaine du mois : le premier, le deuxième, le troisième, le quatrième ou le dernier.")
	}
	from, err := time.Parse(DateLayout, s.From)
	if err != nil {
		v.Add("du", "Saisissez la date du premier passage possible, par exemple 02/03/2026.")
	}
	if s.Until != "" {
		until, err2 := time.Parse(DateLayout, s.Until)
		if err2 != nil {
			v.Add("au", "Date illisible : écrivez-la comme 30/06/2026, ou laissez vide.")
		} else if err == nil && until.Before(from) {
			v.Add("au", "La date de fin doit venir après la date de début.")
		}
	}
	return v.Err()
}

// Passage is one time the service comes to a stop.
type Passage struct {
	Stop        Stop
	ServiceName string
	ServiceID   int64
	Date        string // DateLayout
	Start, End  time.Time
	Cancelled   bool
	Reason      string // why it is cancelled
}

// Sentence says it to residents: "Le bus numérique passe ici mardi
// 9 décembre de 14 h à 17 h."
func (p Passage) Sentence() string {
	return subject(p.ServiceName) + " passe ici " + p.When() + "."
}

// subject makes a service's name the subject of a sentence: "Bus
// numérique" gives "Le bus numérique"; a name with its article keeps it.
func subject(name string) string {
	lower := strings.ToLower(name)
	for _, art := range []string{"le ", "la ", "les ", "l'", "l’"} {
		if strings.HasPrefix(lower, art) {
			return name
		}
	}
	r, size := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		return name
	}
	first := string(unicode.ToLower(r))
	if strings.Contains("aàâeéèêiîoôuûh", first) {
		return "L'" + first + name[size:]
	}
	return "Le " + first + name[size:]
}

// When is "mardi 9 décembre de 14 h à 17 h".
func (p Passage) When() string { return frtime.DayShort(p.Start) + " " + p.Stop.Times() }

// dayNumber counts days since 1970-01-01 for a civil date.
func dayNumber(t time.Time) int {
	return int(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Falls reports whether the stop's rule falls on the civil date day
// (ignoring holidays and cancellations), within its date range.
func (s Stop) Falls(day time.Time) bool {
	if day.Weekday() != s.Weekday {
		return false
	}
	from, err := time.Parse(DateLayout, s.From)
	if err != nil {
		return false
	}
	n := dayNumber(day)
	if n < dayNumber(from) {
		return false
	}
	if s.Until != "" {
		until, err := time.Parse(DateLayout, s.Until)
		if err != nil || n > dayNumber(until) {
			return false
		}
	}
	switch s.Recurrence {
	case Weekly:
		return true
	case Fortnightly:
		// The first matching weekday on or after the start date sets the rhythm.
		anchor := dayNumber(from) + (int(s.Weekday)-int(from.Weekday())+7)%7
		return (n-anchor)%14 == 0
	case Monthly:
		if s.Nth == -1 {
			return day.AddDate(0, 0, 7).Month() != day.Month()
		}
		return (day.Day()-1)/7+1 == s.Nth
	}
	return false
}

// Passages lists the stop's passages on the days from from to to
// (inclusive, Paris calendar days), cancelled ones included and marked;
// public holidays are left out when the stop skips them.
func (s Stop) Passages(from, to time.Time) []Passage {
	f, t := from.In(frtime.Paris), to.In(frtime.Paris)
	day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC)
	last := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	var out []Passage
	for ; !day.After(last); day = day.AddDate(0, 0, 1) {
		if !s.Falls(day) {
			continue
		}
		if s.SkipHolidays && holiday.IsHoliday(day) {
			continue
		}
		date := day.Format(DateLayout)
		reason, cancelled := s.CancelReason(date)
		out = append(out, Passage{Stop: s, ServiceName: s.ServiceName, ServiceID: s.ServiceID, Date: date, Cancelled: cancelled, Reason: reason,
			Start: time.Date(day.Year(), day.Month(), day.Day(), 0, s.Start, 0, 0, frtime.Paris),
			End:   time.Date(day.Year(), day.Month(), day.Day(), 0, s.End, 0, 0, frtime.Paris)})
	}
	return out
}

// Horizon is how far ahead the next passage is looked for.
const Horizon = 120 * 24 * time.Hour

// Next is the stop's next passage not yet over at now and not cancelled,
// within the horizon, and the cancelled passages met before it.
func (s Stop) Next(now time.Time) (next Passage, cancelledBefore []Passage, ok bool) {
	for _, p := range s.Passages(now, now.Add(Horizon)) {
		if !p.End.After(now) {
			continue
		}
		if p.Cancelled {
			cancelledBefore = append(cancelledBefore, p)
			continue
		}
		return p, cancelledBefore, true
	}
	return Passage{}, cancelledBefore, false
}
