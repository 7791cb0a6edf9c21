package hours

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/holiday"
)

// horizonDays bounds the search for the next change of State.
const horizonDays = 8

// State is the situation of a place at an instant, for residents.
type State struct {
	Open    bool      // open for sure
	Unknown bool      // a rule applies but gives no state, e.g. "sur rendez-vous"
	Comment string    // comment of the rule that applies, if any
	Changes time.Time // next change of state within 8 days (Europe/Paris); zero if none
	Text    string    // short French sentence: "Ouvert · ferme à 17 h"
}

// State returns the situation at t and when it next changes.
func (s *Schedule) State(t time.Time) State {
	t = t.In(paris)
	y, m, d := t.Date()
	now := t.Hour()*60 + t.Minute()

	// Absolute minutes from the start of day 0, with adjacent pieces merged.
	type piece struct {
		start, end int
		state      ruleState
		comment    string
	}
	var pieces []piece
	var first dayPlan
	for i := 0; i <= horizonDays; i++ {
		p := s.plan(y, m, d+i)
		if i == 0 {
			first = p
		}
		for _, sg := range p.segs {
			pc := piece{i*dayMinutes + sg.start, i*dayMinutes + sg.end, sg.state, sg.comment}
			if n := len(pieces); n > 0 && pieces[n-1].end == pc.start && pieces[n-1].state == pc.state {
				pieces[n-1].end = pc.end
				continue
			}
			pieces = append(pieces, pc)
		}
	}

	st := State{}
	state, comment := first.at(now)
	st.Open, st.Unknown, st.Comment = state == stateOpen, state == stateUnknown, comment
	next := stateClosed
	change := -1
	for _, pc := range pieces {
		if pc.end <= now {
			continue
		}
		if pc.start <= now {
			// Inside: the change is the end of this piece, unless the horizon cuts it.
			if pc.end < (horizonDays+1)*dayMinutes {
				change = pc.end
			}
			break
		}
		if state == stateClosed {
			change, next = pc.start, pc.state
			if pc.state == stateUnknown {
				comment = pc.comment
			}
		} else {
			change = now // unreachable: a non-closed minute lies in a piece
		}
		break
	}
	if change >= 0 {
		st.Changes = time.Date(y, m, d, 0, change, 0, 0, paris)
	}
	st.Text = st.sentence(t, next, comment)
	return st
}

func (st State) sentence(now time.Time, next ruleState, comment string) string {
	var b strings.Builder
	c := st.Changes
	switch {
	case st.Open:
		b.WriteString("Ouvert")
		if c.IsZero() {
			b.WriteString(" 24 h/24")
		} else {
			b.WriteString(" · ferme ")
			b.WriteString(when(now, c, false))
		}
	case st.Unknown:
		if st.Comment != "" {
			b.WriteString(capitalize(st.Comment))
		} else {
			b.WriteString("Horaires à confirmer")
		}
		if !c.IsZero() {
			b.WriteString(" · jusqu'")
			b.WriteString(when(now, c, false))
		}
		return b.String()
	default:
		b.WriteString("Fermé")
		switch {
		case c.IsZero():
		case next == stateOpen:
			b.WriteString(" · ouvre ")
			b.WriteString(when(now, c, true))
		default:
			b.WriteString(" · ")
			b.WriteString(when(now, c, true))
			b.WriteString(" : ")
			if comment != "" {
				b.WriteString(comment)
			} else {
				b.WriteString("horaires à confirmer")
			}
			return b.String()
		}
	}
	if st.Comment != "" {
		b.WriteString(" · ")
		b.WriteString(st.Comment)
	}
	return b.String()
}

// when says when c happens as seen at now: "à 17 h", "aujourd'hui à 14 h",
// "demain à 9 h", "lundi à 9 h", "lundi 12 mai à 9 h".
func when(now, c time.Time, today bool) string {
	y, m, d := now.Date()
	cy, cm, cd := c.Date()
	days := int(time.Date(cy, cm, cd, 12, 0, 0, 0, time.UTC).Sub(time.Date(y, m, d, 12, 0, 0, 0, time.UTC)).Hours()) / 24
	at := "à " + hourFR(c.Hour()*60+c.Minute(), false)
	switch {
	case days == 1 && c.Hour() == 0 && c.Minute() == 0:
		return "à minuit"
	case days == 0 && today:
		return "aujourd'hui " + at
	case days == 0:
		return at
	case days == 1:
		return "demain " + at
	case days < 7:
		return frtime.WeekdayName(c.Weekday()) + " " + at
	}
	return dateFR(c) + " " + at
}

// dateFR writes "lundi 1er juin".
func dateFR(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return frtime.WeekdayName(t.Weekday()) + " " + day + " " + frtime.MonthName(t.Month())
}

// hourFR writes a time of day the French way: "9 h", "9 h 30", "minuit" at
// the end of the day when end is set.
func hourFR(minutes int, end bool) string {
	if end && minutes == dayMinutes {
		return "minuit"
	}
	return frtime.Minutes(minutes % dayMinutes)
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// DayHours is one day of a rendered week.
type DayHours struct {
	Date    time.Time // midnight, Europe/Paris
	Holiday string    // French name when the day is a public holiday
	Spans   []Span    // open or unknown stretches, in order
	Notes   []string  // comments of closing rules, e.g. "fermeture estivale"
}

// Span is a stretch of a day when the place is open, or may be.
type Span struct {
	Start, End time.Duration // from midnight; End passes 24 h when the span runs past midnight
	Unknown    bool          // the state is not known, e.g. "sur rendez-vous"
	Comment    string
}

// Week returns the seven days, Monday to Sunday, of the week that contains t
// in Europe/Paris, with public holidays and dates applied. A span running
// past midnight is shown whole on the day it starts.
func (s *Schedule) Week(t time.Time) []DayHours {
	t = t.In(paris)
	y, m, d := t.Date()
	d -= (int(t.Weekday()) + 6) % 7 // back to Monday
	// Days -1 to 7 so that spans crossing the week's edges are cut the same way.
	plans := make([]dayPlan, 9)
	for i := range plans {
		plans[i] = s.plan(y, m, d+i-1)
	}
	carried := make([][]segment, 9) // segments shown on the previous day
	shown := make([][]Span, 9)
	for i := range plans {
		for _, sg := range plans[i].segs {
			if i > 0 && carriedFrom(plans[i-1], sg) {
				carried[i] = append(carried[i], sg)
				continue
			}
			sp := Span{Start: time.Duration(sg.start) * time.Minute, End: time.Duration(sg.end) * time.Minute, Unknown: sg.state == stateUnknown, Comment: sg.comment}
			if i+1 < len(plans) && sg.end == dayMinutes && sg.start > 0 {
				for _, nx := range plans[i+1].segs {
					if carriedFrom(plans[i], nx) {
						sp.End += time.Duration(nx.end) * time.Minute
					}
				}
			}
			shown[i] = append(shown[i], sp)
		}
	}
	week := make([]DayHours, 7)
	for i := range week {
		date := time.Date(y, m, d+i, 0, 0, 0, 0, paris)
		week[i] = DayHours{Date: date, Spans: shown[i+1], Notes: plans[i+1].notes}
		if name, ok := holiday.Name(date); ok {
			week[i].Holiday = name
		}
	}
	return week
}

// carriedFrom reports whether sg, starting at midnight, continues a segment
// of the previous day that ends at midnight, so that both read as one span.
func carriedFrom(prev dayPlan, sg segment) bool {
	if sg.start != 0 || sg.end >= dayMinutes {
		return false
	}
	for _, p := range prev.segs {
		if p.end == dayMinutes && p.start > 0 && p.state == sg.state && p.comment == sg.comment {
			return true
		}
	}
	return false
}

// String renders the day for residents: "lundi : 9 h – 12 h, 14 h – 17 h",
// "samedi : fermé".
func (d DayHours) String() string {
	var b strings.Builder
	b.WriteString(frtime.WeekdayName(d.Date.Weekday()))
	b.WriteString(" : ")
	shared := ""
	if len(d.Spans) > 0 {
		shared = d.Spans[0].note()
		for _, sp := range d.Spans[1:] {
			if sp.note() != shared {
				shared = ""
				break
			}
		}
	}
	if len(d.Spans) == 0 {
		b.WriteString("fermé")
	}
	for i, sp := range d.Spans {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(sp.hours())
		if n := sp.note(); n != "" && shared == "" {
			b.WriteString(" (" + n + ")")
		}
	}
	if shared != "" {
		b.WriteString(" (" + shared + ")")
	}
	for _, n := range d.Notes {
		b.WriteString(" (" + n + ")")
	}
	if d.Holiday != "" {
		b.WriteString(" · " + d.Holiday)
	}
	return b.String()
}

func (sp Span) hours() string {
	start, end := int(sp.Start/time.Minute), int(sp.End/time.Minute)
	if start == 0 && end == dayMinutes {
		return "24 h/24"
	}
	e := hourFR(end, true)
	if end > dayMinutes {
		e = hourFR(end-dayMinutes, false)
	}
	return hourFR(start, false) + " – " + e
}

func (sp Span) note() string {
	switch {
	case sp.Comment != "":
		return sp.Comment
	case sp.Unknown:
		return "à confirmer"
	}
	return ""
}
