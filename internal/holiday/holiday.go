// Package holiday lists the French public holidays (jours fériés) of
// metropolitan France, with the two extra days observed in Alsace-Moselle.
package holiday

import (
	"slices"
	"time"
)

// Day is one public holiday.
type Day struct {
	// Date is the holiday at midnight UTC; read it with Year, Month and Day.
	Date time.Time
	// Name is the French name, e.g. "Lundi de Pâques".
	Name string
}

// Easter returns Easter Sunday of the given Gregorian year, at midnight UTC.
func Easter(year int) time.Time {
	m, d := easter(year)
	return time.Date(year, m, d, 0, 0, 0, 0, time.UTC)
}

// easter is the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func easter(year int) (time.Month, int) {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Month(month), day
}

// dayNumber counts days from a fixed epoch, so that date differences need no
// time.Time arithmetic (this is on the hot path of opening-hours evaluation).
func dayNumber(y int, m time.Month, d int) int {
	if m <= time.February {
		y--
		m += 12
	}
	return 365*y + y/4 - y/100 + y/400 + (153*(int(m)-3)+2)/5 + d
}

// IsHoliday reports whether d falls on a public holiday of metropolitan
// France, d's calendar day being read in d's own location.
func IsHoliday(d time.Time) bool {
	_, ok := Name(d)
	return ok
}

// Name returns the French name of the public holiday of metropolitan France
// that falls on d's calendar day (in d's own location).
func Name(d time.Time) (string, bool) {
	return nameOf(d, false)
}

// IsHolidayAlsaceMoselle is IsHoliday for the Bas-Rhin, Haut-Rhin and
// Moselle départements, which also observe Good Friday and 26 December.
func IsHolidayAlsaceMoselle(d time.Time) bool {
	_, ok := nameOf(d, true)
	return ok
}

// NameAlsaceMoselle is Name for the Bas-Rhin, Haut-Rhin and Moselle
// départements.
func NameAlsaceMoselle(d time.Time) (string, bool) {
	return nameOf(d, true)
}

// InYear returns the public holidays of metropolitan France in year, sorted
// by date; two holidays on the same day (Ascension on 1 May) make one Day.
func InYear(year int) []Day {
	return inYear(year, false)
}

// InYearAlsaceMoselle returns InYear plus Good Friday and 26 December.
func InYearAlsaceMoselle(year int) []Day {
	return inYear(year, true)
}

func nameOf(d time.Time, alsaceMoselle bool) (string, bool) {
	y, m, dd := d.Date()
	em, ed := easter(y)
	offset := dayNumber(y, m, dd) - dayNumber(y, em, ed)
	name := ""
	for _, h := range fixedDays {
		if h.month == m && h.day == dd && (alsaceMoselle || !h.alsaceMoselle) {
			name = h.name
		}
	}
	for _, h := range easterDays {
		if h.offset == offset && (alsaceMoselle || !h.alsaceMoselle) {
			if name != "" {
				return name + " et " + h.name, true
			}
			name = h.name
		}
	}
	return name, name != ""
}

func inYear(year int, alsaceMoselle bool) []Day {
	days := make([]Day, 0, len(fixedDays)+len(easterDays))
	for _, h := range fixedDays {
		if alsaceMoselle || !h.alsaceMoselle {
			days = append(days, Day{Date: time.Date(year, h.month, h.day, 0, 0, 0, 0, time.UTC), Name: h.name})
		}
	}
	easter := Easter(year)
	for _, h := range easterDays {
		if alsaceMoselle || !h.alsaceMoselle {
			days = append(days, Day{Date: easter.AddDate(0, 0, h.offset), Name: h.name})
		}
	}
	// Stable, so that a fixed holiday is named before a movable one on a shared date.
	slices.SortStableFunc(days, func(a, b Day) int { return a.Date.Compare(b.Date) })
	merged := days[:0]
	for _, d := range days {
		if n := len(merged); n > 0 && merged[n-1].Date.Equal(d.Date) {
			merged[n-1].Name += " et " + d.Name
			continue
		}
		merged = append(merged, d)
	}
	return merged
}

type fixedDay struct {
	month         time.Month
	day           int
	name          string
	alsaceMoselle bool
}

type easterDay struct {
	offset        int // days after Easter Sunday
	name          string
	alsaceMoselle bool
}

var fixedDays = [...]fixedDay{
	{time.January, 1, "Jour de l'an", false},
	{time.May, 1, "Fête du Travail", false},
	{time.May, 8, "Victoire 1945", false},
	{time.July, 14, "Fête nationale", false},
	{time.August, 15, "Assomption", false},
	{time.November, 1, "Toussaint", false},
	{time.November, 11, "Armistice 1918", false},
	{time.December, 25, "Noël", false},
	{time.December, 26, "Saint-Étienne", true},
}

var easterDays = [...]easterDay{
	{-2, "Vendredi saint", true},
	{1, "Lundi de Pâques", false},
	{39, "Ascension", false},
	{50, "Lundi de Pentecôte", false},
}
