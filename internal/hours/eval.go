package hours

import (
	"time"

	"github.com/parcours-numerique/parcours/internal/holiday"
)

const dayMinutes = 24 * 60

// dayInfo is what rules look at to decide whether they apply to a day.
type dayInfo struct {
	y, d int
	m    time.Month
	wd   int    // 0 is Monday
	nth  uint16 // occurrence of the weekday in the month, in weekdaySel.nth bits
	ph   bool
}

func (s *Schedule) dayInfo(y int, m time.Month, d int) dayInfo {
	noon := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	y, m, d = noon.Date()
	last := time.Date(y, m+1, 0, 12, 0, 0, 0, time.UTC).Day()
	fwd := (d - 1) / 7     // 0 for the 1st occurrence
	back := (last - d) / 7 // 0 for the last occurrence
	info := dayInfo{y: y, m: m, d: d, wd: (int(noon.Weekday()) + 6) % 7, nth: 1<<fwd | 1<<(5+back)}
	if s.usesPH {
		info.ph = holiday.IsHoliday(noon)
	}
	return info
}

func (r *rule) matches(di *dayInfo) bool {
	if len(r.years) > 0 {
		ok := false
		for _, y := range r.years {
			if di.y >= y.from && di.y <= y.to {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	if len(r.dates) > 0 {
		ok := false
		for i := range r.dates {
			if r.dates[i].contains(di) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return r.wd.matches(di)
}

func (d *dateRange) contains(di *dayInfo) bool {
	fromD, toD := d.fromD, d.toD
	if fromD == 0 {
		fromD, toD = 1, 31
	}
	if d.fromY != 0 {
		k := dateKey(di.y, di.m, di.d)
		return k >= dateKey(d.fromY, d.fromM, fromD) && k <= dateKey(d.toY, d.toM, toD)
	}
	k := dateKey(0, di.m, di.d)
	from, to := dateKey(0, d.fromM, fromD), dateKey(0, d.toM, toD)
	if from <= to {
		return k >= from && k <= to
	}
	return k >= from || k <= to // wraps over New Year
}

func (w *weekdaySel) matches(di *dayInfo) bool {
	if w.any() {
		return true
	}
	day := w.days&(1<<di.wd) != 0 || w.nth[di.wd]&di.nth != 0
	if w.phAnd {
		return di.ph && day
	}
	return day || w.ph && di.ph
}

// IsOpen reports whether the place is open at t. Times when the state is
// unknown (a rule with only a comment, such as "sur rendez-vous") count as
// closed.
func (s *Schedule) IsOpen(t time.Time) bool {
	st, _ := s.stateAt(t)
	return st == stateOpen
}

// stateAt evaluates the rules at one instant without building the day.
func (s *Schedule) stateAt(t time.Time) (ruleState, string) {
	t = t.In(paris)
	y, m, d := t.Date()
	minute := t.Hour()*60 + t.Minute()
	day := s.dayInfo(y, m, d)
	var prev dayInfo
	prevDone := false
	st, comment := stateClosed, ""
	for i := range s.rules {
		r := &s.rules[i]
		if r.matches(&day) {
			if !r.additional && r.state != stateClosed {
				// A normal rule takes the whole day over, including the early
				// hours carried from the day before.
				st, comment = stateClosed, ""
			}
			if r.covers(minute) {
				st, comment = r.state, r.comment
			}
		}
		if r.spills {
			if !prevDone {
				prev, prevDone = s.dayInfo(y, m, d-1), true
			}
			if r.matches(&prev) && r.coversSpill(minute) {
				st, comment = r.state, r.comment
			}
		}
	}
	return st, comment
}

func (r *rule) covers(minute int) bool {
	if r.times == nil {
		return true
	}
	for _, s := range r.times {
		if minute >= s.start && minute < s.end && minute < dayMinutes {
			return true
		}
	}
	return false
}

func (r *rule) coversSpill(minute int) bool {
	for _, s := range r.times {
		if minute < s.end-dayMinutes {
			return true
		}
	}
	return false
}

// segment is a stretch of one day, in minutes, that is open or unknown.
type segment struct {
	start, end int
	state      ruleState
	comment    string
}

// dayPlan is one calendar day after all rules have been applied.
type dayPlan struct {
	segs  []segment // sorted, disjoint, never closed
	notes []string  // comments of the closing rules that apply
}

// plan applies the rules to the calendar day y-m-d.
func (s *Schedule) plan(y int, m time.Month, d int) dayPlan {
	day, prev := s.dayInfo(y, m, d), s.dayInfo(y, m, d-1)
	var p dayPlan
	for i := range s.rules {
		r := &s.rules[i]
		if r.matches(&day) {
			if !r.additional && r.state != stateClosed {
				p.segs, p.notes = p.segs[:0], nil
			}
			if r.times == nil {
				p.paint(0, dayMinutes, r.state, r.comment)
			}
			for _, t := range r.times {
				p.paint(t.start, min(t.end, dayMinutes), r.state, r.comment)
			}
			if r.state == stateClosed && r.comment != "" {
				p.addNote(r.comment)
			}
		}
		if r.spills && r.matches(&prev) {
			for _, t := range r.times {
				if t.end > dayMinutes {
					p.paint(0, t.end-dayMinutes, r.state, r.comment)
				}
			}
		}
	}
	return p
}

// paint sets [start, end) to state, cutting what was there.
func (p *dayPlan) paint(start, end int, state ruleState, comment string) {
	if start >= end {
		return
	}
	out := make([]segment, 0, len(p.segs)+2)
	for _, sg := range p.segs {
		if sg.end <= start || sg.start >= end {
			out = append(out, sg)
			continue
		}
		if sg.start < start {
			out = append(out, segment{sg.start, start, sg.state, sg.comment})
		}
		if sg.end > end {
			out = append(out, segment{end, sg.end, sg.state, sg.comment})
		}
	}
	if state != stateClosed {
		out = append(out, segment{start, end, state, comment})
	}
	// Insertion sort: a day has a handful of segments.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	merged := out[:0]
	for _, sg := range out {
		if n := len(merged); n > 0 && merged[n-1].end == sg.start && merged[n-1].state == sg.state && merged[n-1].comment == sg.comment {
			merged[n-1].end = sg.end
			continue
		}
		merged = append(merged, sg)
	}
	p.segs = merged
}

func (p *dayPlan) addNote(note string) {
	for _, n := range p.notes {
		if n == note {
			return
		}
	}
	p.notes = append(p.notes, note)
}

func (p dayPlan) at(minute int) (ruleState, string) {
	for _, sg := range p.segs {
		if minute >= sg.start && minute < sg.end {
			return sg.state, sg.comment
		}
	}
	if len(p.notes) > 0 {
		return stateClosed, p.notes[0]
	}
	return stateClosed, ""
}
