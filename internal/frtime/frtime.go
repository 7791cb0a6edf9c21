// Package frtime writes dates and times the way French readers expect them
// ("mardi 3 mars 2026 à 9 h 30"), always in Paris time.
package frtime

import (
	"strconv"
	"time"
)

// Paris is the time zone of every date shown to users.
var Paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

var (
	weekdays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	months   = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

// WeekdayName is "lundi" … "dimanche".
func WeekdayName(d time.Weekday) string { return weekdays[d] }

// MonthName is "janvier" … "décembre".
func MonthName(m time.Month) string { return months[m-1] }

// Date writes "3 mars 2026" in Paris time; "" for the zero time.
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(Paris)
	return strconv.Itoa(p.Day()) + " " + months[p.Month()-1] + " " + strconv.Itoa(p.Year())
}

// CalendarDate writes "3 mars 2026" from the date's own calendar day, for
// dates without a time of day (a permanence's date, a deadline).
func CalendarDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// Day writes "mardi 3 mars 2026" in Paris time.
func Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(Paris)
	return weekdays[p.Weekday()] + " " + Date(p)
}

// DayShort writes "mardi 3 mars" in Paris time.
func DayShort(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(Paris)
	return weekdays[p.Weekday()] + " " + strconv.Itoa(p.Day()) + " " + months[p.Month()-1]
}

// Clock writes the Paris wall-clock time of t: "9 h", "9 h 30".
func Clock(t time.Time) string {
	p := t.In(Paris)
	return Minutes(p.Hour()*60 + p.Minute())
}

// Minutes writes minutes from midnight as "9 h" or "9 h 05".
func Minutes(m int) string {
	h, mm := m/60, m%60
	if mm == 0 {
		return strconv.Itoa(h) + " h"
	}
	return strconv.Itoa(h) + " h " + strconv.Itoa(mm/10) + strconv.Itoa(mm%10)
}

// DateTime writes "3 mars 2026 à 14 h 05" in Paris time.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(Paris)
	return Date(p) + " à " + strconv.Itoa(p.Hour()) + " h " + strconv.Itoa(p.Minute()/10) + strconv.Itoa(p.Minute()%10)
}
