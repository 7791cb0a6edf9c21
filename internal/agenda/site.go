package agenda

import (
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/place"
)

// Site is what messages, pages and calendar files say about a place.
type Site struct {
	Name    string
	Address string // street, postcode, town
	Hours   string // opening_hours
	Phone   string // the site's phone, +33… when French: residents call it
}

// MotiveSite is a place where a motive is held.
type MotiveSite struct {
	MotiveID   int64
	MotiveName string
	PlaceID    int64
	PlaceName  string
	PostalCode string
	Commune    string
}

// SiteOf describes a place.
func SiteOf(p place.Place) Site {
	addr := strings.TrimSpace(p.Address)
	if town := strings.TrimSpace(p.PostalCode + " " + p.Commune); town != "" {
		if addr != "" {
			addr += ", "
		}
		addr += town
	}
	return Site{Name: p.Name, Address: addr, Hours: p.Hours, Phone: p.Phone}
}

// Where is the site in one line.
func (s Site) Where() string {
	if s.Address == "" {
		return s.Name
	}
	return s.Name + ", " + s.Address
}

// Value encodes a slot for a form or the API: "permanence-unixstart".
func (s Slot) Value() string {
	return strconv.FormatInt(s.PermanenceID, 10) + "-" + strconv.FormatInt(s.Start.Unix(), 10)
}

// ParseSlotValue reads a Slot.Value: the permanence and the start.
func ParseSlotValue(v string) (permanenceID int64, start time.Time, ok bool) {
	p, u, found := strings.Cut(strings.TrimSpace(v), "-")
	perm, err1 := strconv.ParseInt(p, 10, 64)
	unix, err2 := strconv.ParseInt(u, 10, 64)
	if !found || err1 != nil || err2 != nil || perm <= 0 {
		return 0, time.Time{}, false
	}
	return perm, time.Unix(unix, 0).UTC(), true
}

// ParseDate reads a date as forms and the API write it (2026-03-02,
// 02/03/2026 or 2/3/2026) into DateLayout; "" stays "".
func ParseDate(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", true
	}
	for _, layout := range []string{DateLayout, "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.Format(DateLayout), true
		}
	}
	return v, false
}

// Midnight is the start of the Paris day holding t.
func Midnight(t time.Time) time.Time {
	p := t.In(frtime.Paris)
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, frtime.Paris)
}

// WeekStart is the Monday of the week holding t, at midnight in Paris.
func WeekStart(t time.Time) time.Time {
	d := Midnight(t)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// ParseDateTime reads a date and a time as forms write them ("02/03/2026",
// "14:00") into Paris time.
func ParseDateTime(date, clock string) (time.Time, bool) {
	d, ok := ParseDate(date)
	if !ok || d == "" {
		return time.Time{}, false
	}
	m, ok := ParseClock(clock)
	if !ok {
		return time.Time{}, false
	}
	day, _ := time.Parse(DateLayout, d)
	return time.Date(day.Year(), day.Month(), day.Day(), 0, m, 0, 0, frtime.Paris), true
}
