package agenda

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/holiday"
)

// Interval is a stretch of time [Start, End).
type Interval struct {
	Start, End time.Time
}

// Slot is a free slot: a start, an end, a site, and the staff members of
// the permanence who are free then, in the order they will be tried.
type Slot struct {
	Start, End   time.Time
	PlaceID      int64
	PermanenceID int64
	StaffIDs     []int64
}

// SlotQuery is what the computation needs: the motive, the permanences that
// may hold it, what keeps staff busy (appointments, absences, workshop
// sessions), the range to search and the current time.
type SlotQuery struct {
	Motive      Motive
	Permanences []Permanence
	Busy        map[int64][]Interval
	From, To    time.Time
	Now         time.Time
	// ByStaff lifts the motive's minimum and maximum booking delays: staff
	// may book any future slot.
	ByStaff bool
	// PlaceID keeps one site; 0 keeps them all.
	PlaceID int64
}

// Window is when the motive can be booked from now: [earliest, latest].
func (q SlotQuery) Window() (time.Time, time.Time) {
	earliest, latest := q.Now, q.To
	if !q.ByStaff {
		earliest = q.Now.Add(time.Duration(q.Motive.MinDelayHours) * time.Hour)
		latest = q.Now.Add(time.Duration(q.Motive.MaxDelayDays) * 24 * time.Hour)
	}
	if q.From.After(earliest) {
		earliest = q.From
	}
	if q.To.Before(latest) {
		latest = q.To
	}
	return earliest, latest
}

// FreeSlots returns the bookable slots of the motive between From and To:
// each occurrence of a permanence taking appointments for it (public
// holidays skipped unless told otherwise, cancelled dates skipped), cut in
// slots of the motive's duration, minus those where every staff member is
// busy, within the motive's booking delays. Slots are sorted by start, then
// site. The computation is pure and linear in the number of slots.
func FreeSlots(q SlotQuery) []Slot {
	dur := q.Motive.Duration
	if dur <= 0 {
		return nil
	}
	earliest, latest := q.Window()
	if !latest.After(earliest) {
		return nil
	}
	busy := mergeBusy(q.Busy)
	days := make([][]day, len(q.Permanences))
	estimate := 0
	for i := range q.Permanences {
		p := &q.Permanences[i]
		if !p.TakesAppointments() || !p.HasMotive(q.Motive.ID) || (q.PlaceID != 0 && p.PlaceID != q.PlaceID) {
			continue
		}
		days[i] = p.days(earliest.Add(-24*time.Hour), latest.Add(24*time.Hour))
		estimate += len(days[i]) * max(0, (p.End-p.Start)/dur)
	}
	out := make([]Slot, 0, estimate)
	var staffBuf []int64 // one backing array for every slot's free staff
	for i := range q.Permanences {
		p := &q.Permanences[i]
		for _, day := range days[i] {
			if day.skipped {
				continue
			}
			for m := p.Start; m+dur <= p.End; m += dur {
				start := time.Date(day.y, day.m, day.d, 0, m, 0, 0, frtime.Paris)
				end := start.Add(time.Duration(dur) * time.Minute)
				if start.Before(earliest) || start.After(latest) || end.After(q.To) {
					continue
				}
				if len(staffBuf)+len(p.StaffIDs) > cap(staffBuf) {
					staffBuf = make([]int64, 0, 4096)
				}
				first := len(staffBuf)
				for _, staff := range p.StaffIDs {
					if !overlaps(busy[staff], start, end) {
						staffBuf = append(staffBuf, staff)
					}
				}
				if free := staffBuf[first:len(staffBuf):len(staffBuf)]; len(free) > 0 {
					out = append(out, Slot{Start: start, End: end, PlaceID: p.PlaceID, PermanenceID: p.ID, StaffIDs: free})
				}
			}
		}
	}
	// Each permanence's slots come in order: sort small keys, then place the slots.
	type key struct {
		start, place, perm int64
		i                  int
	}
	keys := make([]key, len(out))
	for i, sl := range out {
		keys[i] = key{sl.Start.UnixNano(), sl.PlaceID, sl.PermanenceID, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.place, b.place), cmp.Compare(a.perm, b.perm))
	})
	sorted := make([]Slot, len(out))
	for i, k := range keys {
		sorted[i] = out[k.i]
	}
	return sorted
}

// mergeBusy sorts each staff member's intervals and merges those that
// touch, so that one binary search answers "is this stretch free?".
func mergeBusy(in map[int64][]Interval) map[int64][]Interval {
	out := make(map[int64][]Interval, len(in))
	for staff, list := range in {
		l := append([]Interval(nil), list...)
		sort.Slice(l, func(i, j int) bool { return l[i].Start.Before(l[j].Start) })
		var merged []Interval
		for _, iv := range l {
			if !iv.End.After(iv.Start) {
				continue
			}
			if n := len(merged); n > 0 && !iv.Start.After(merged[n-1].End) {
				if iv.End.After(merged[n-1].End) {
					merged[n-1].End = iv.End
				}
				continue
			}
			merged = append(merged, iv)
		}
		out[staff] = merged
	}
	return out
}

// overlaps reports whether [start, end) meets one of the merged intervals.
func overlaps(list []Interval, start, end time.Time) bool {
	i := sort.Search(len(list), func(i int) bool { return list[i].End.After(start) })
	return i < len(list) && list[i].Start.Before(end)
}

// day is one calendar day of a permanence.
type day struct {
	y       int
	m       time.Month
	d       int
	skipped bool
	holiday string
	cancel  bool
}

// dayNumber counts days since 1970-01-01 for a civil date.
func dayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func civil(n int) (int, time.Month, int) {
	return time.Unix(int64(n)*86400, 0).UTC().Date()
}

// days lists the days the permanence falls on between two instants
// (inclusive, by frtime.Paris calendar day), marking holidays and cancellations.
func (p *Permanence) days(from, to time.Time) []day {
	first, err := time.Parse(DateLayout, p.From)
	if err != nil || p.EveryWeeks < 1 {
		return nil
	}
	start := dayNumber(first.Year(), first.Month(), first.Day())
	// The first occurrence on or after the start date is the anchor of the rhythm.
	anchor := start + (int(p.Weekday)-int(first.Weekday())+7)%7
	last := -1
	if p.Until != "" {
		u, err := time.Parse(DateLayout, p.Until)
		if err != nil {
			return nil
		}
		last = dayNumber(u.Year(), u.Month(), u.Day())
	}
	f, t := from.In(frtime.Paris), to.In(frtime.Paris)
	lo, hi := dayNumber(f.Year(), f.Month(), f.Day()), dayNumber(t.Year(), t.Month(), t.Day())
	if last >= 0 && hi > last {
		hi = last
	}
	step := 7 * p.EveryWeeks
	n := anchor
	if lo > anchor {
		n = anchor + (lo-anchor+step-1)/step*step
	}
	var cancelled map[int]bool
	if len(p.Cancelled) > 0 {
		cancelled = make(map[int]bool, len(p.Cancelled))
		for _, c := range p.Cancelled {
			if d, err := time.Parse(DateLayout, c); err == nil {
				cancelled[dayNumber(d.Year(), d.Month(), d.Day())] = true
			}
		}
	}
	var out []day
	for ; n <= hi; n += step {
		y, m, d := civil(n)
		dd := day{y: y, m: m, d: d, cancel: cancelled[n]}
		if name, ok := holiday.Name(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)); ok {
			dd.holiday = name
		}
		dd.skipped = dd.cancel || (p.SkipHolidays && dd.holiday != "")
		out = append(out, dd)
	}
	return out
}

// Occurrence is one day of a permanence, for the agenda view.
type Occurrence struct {
	Permanence *Permanence
	Start, End time.Time
	Date       string // YYYY-MM-DD
	Holiday    string // the public holiday's name, when it falls on one
	Cancelled  bool   // this date was cancelled
	Skipped    bool   // not held: cancelled, or a holiday that is skipped
}

// Occurrences lists the permanence's days between two instants, skipped
// ones included and marked.
func (p *Permanence) Occurrences(from, to time.Time) []Occurrence {
	var out []Occurrence
	for _, d := range p.days(from, to) {
		start := time.Date(d.y, d.m, d.d, 0, p.Start, 0, 0, frtime.Paris)
		end := time.Date(d.y, d.m, d.d, 0, p.End, 0, 0, frtime.Paris)
		if end.Before(from) || start.After(to) {
			continue
		}
		out = append(out, Occurrence{Permanence: p, Start: start, End: end, Date: start.Format(DateLayout),
			Holiday: d.holiday, Cancelled: d.cancel, Skipped: d.skipped})
	}
	return out
}

// FindSlot returns the free slot of the list starting at start in the
// permanence, if any.
func FindSlot(slots []Slot, permanenceID int64, start time.Time) (Slot, bool) {
	for _, s := range slots {
		if s.PermanenceID == permanenceID && s.Start.Equal(start) {
			return s, true
		}
	}
	return Slot{}, false
}

// Days groups slots by frtime.Paris calendar day, for display.
type Days []SlotDay

// SlotDay is the slots of one day.
type SlotDay struct {
	Date  time.Time
	Slots []Slot
}

// GroupByDay groups sorted slots by day.
func GroupByDay(slots []Slot) Days {
	var out Days
	for _, s := range slots {
		p := s.Start.In(frtime.Paris)
		d := time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, frtime.Paris)
		if n := len(out); n > 0 && out[n-1].Date.Equal(d) {
			out[n-1].Slots = append(out[n-1].Slots, s)
			continue
		}
		out = append(out, SlotDay{Date: d, Slots: []Slot{s}})
	}
	return out
}
