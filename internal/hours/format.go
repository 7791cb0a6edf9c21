package hours

import (
	"strconv"
	"strings"
)

// String returns the expression in normalised opening_hours form: canonical
// spacing and case, weekdays and time ranges sorted and merged, "off" for
// closed. Parsing it again gives the same schedule and the same string.
func (s *Schedule) String() string {
	var b strings.Builder
	b.Grow(32 * len(s.rules))
	for i := range s.rules {
		r := &s.rules[i]
		if i > 0 {
			if r.additional {
				b.WriteString(", ")
			} else {
				b.WriteString("; ")
			}
		}
		r.format(&b, i > 0 && r.additional)
	}
	return b.String()
}

func (r *rule) format(b *strings.Builder, additional bool) {
	start := b.Len()
	sep := func() {
		if b.Len() > start {
			b.WriteByte(' ')
		}
	}
	for i, y := range r.years {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(y.from))
		if y.to != y.from {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(y.to))
		}
	}
	for i, d := range r.dates {
		if i > 0 {
			b.WriteByte(',')
		} else {
			sep()
		}
		d.format(b)
	}
	switch {
	case !r.wd.any():
		sep()
		r.wd.format(b)
	case additional && len(r.times) > 0 && b.Len() == start:
		// Without a selector, ", 10:00-12:00" would read as one more time range.
		b.WriteString("Mo-Su")
	}
	for i, t := range r.times {
		if i > 0 {
			b.WriteByte(',')
		} else {
			sep()
		}
		t.format(b)
	}
	switch r.state {
	case stateClosed:
		sep()
		b.WriteString("off")
		r.formatComment(b, true)
	case stateUnknown:
		sep()
		if r.comment == "" {
			b.WriteString("unknown")
		}
		r.formatComment(b, false)
	default:
		switch {
		case r.comment != "":
			sep()
			b.WriteString("open")
			r.formatComment(b, true)
		case len(r.times) == 0 && b.Len() == start:
			b.WriteString("24/7")
		case len(r.times) == 0:
			sep()
			b.WriteString("open")
		}
	}
}

func (r *rule) formatComment(b *strings.Builder, space bool) {
	if r.comment == "" {
		return
	}
	if space {
		b.WriteByte(' ')
	}
	b.WriteByte('"')
	b.WriteString(r.comment)
	b.WriteByte('"')
}

func (d dateRange) format(b *strings.Builder) {
	ym := func(y int, m int) {
		if y != 0 {
			b.WriteString(strconv.Itoa(y))
			b.WriteByte(' ')
		}
		b.WriteString(monthNames[m-1])
	}
	day := func(n int) {
		if n < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(n))
	}
	ym(d.fromY, int(d.fromM))
	if d.fromD != 0 {
		b.WriteByte(' ')
		day(d.fromD)
	}
	switch {
	case d.toY == d.fromY && d.toM == d.fromM && d.toD == d.fromD:
		return
	case d.toY == d.fromY && d.toM == d.fromM && d.toD > d.fromD:
		b.WriteByte('-')
		day(d.toD)
		return
	}
	b.WriteByte('-')
	if d.toY != d.fromY {
		ym(d.toY, int(d.toM))
	} else {
		b.WriteString(monthNames[d.toM-1])
	}
	if d.toD != 0 {
		b.WriteByte(' ')
		day(d.toD)
	}
}

func (w *weekdaySel) format(b *strings.Builder) {
	n := b.Len()
	comma := func() {
		if b.Len() > n {
			b.WriteByte(',')
		}
	}
	if w.phAnd {
		b.WriteString("PH ")
		n = b.Len()
	}
	day := func(d int) { b.WriteString(weekdayNames[d%7]) }
	run := func(from, length int) {
		comma()
		day(from)
		switch {
		case length == 2:
			b.WriteByte(',')
			day(from + 1)
		case length > 2:
			b.WriteByte('-')
			day(from + length - 1)
		}
	}
	for _, r := range dayRuns(w.days) {
		run(r[0], r[1])
	}
	for d, bits := range w.nth {
		if bits == 0 {
			continue
		}
		comma()
		day(d)
		b.WriteByte('[')
		first := true
		for i := 0; i < 5; {
			if bits&(1<<i) == 0 {
				i++
				continue
			}
			j := i
			for j+1 < 5 && bits&(1<<(j+1)) != 0 {
				j++
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.WriteString(strconv.Itoa(i + 1))
			if j > i {
				b.WriteByte('-')
				b.WriteString(strconv.Itoa(j + 1))
			}
			i = j + 1
		}
		for i := 1; i <= 5; i++ {
			if bits&(1<<(4+i)) != 0 {
				if !first {
					b.WriteByte(',')
				}
				first = false
				b.WriteString(strconv.Itoa(-i))
			}
		}
		b.WriteByte(']')
	}
	if w.ph && !w.phAnd {
		comma()
		b.WriteString("PH")
	}
}

// runStarts lists the weekdays that start a run of selected days, wrapping
// from Sunday to Monday.
// dayRuns splits a set of weekdays (bit 0 Monday) into runs of
// consecutive days, each a start and a length, in week order; a single run
// through Sunday stays one run (Sa-Mo, not Mo,Sa,Su).
func dayRuns(days uint8) [][2]int {
	has := func(d int) bool { return days&(1<<(d%7)) != 0 }
	if starts := runStarts(days); len(starts) == 1 && has(0) && has(6) {
		length := 0
		for has(starts[0] + length) {
			length++
		}
		return [][2]int{{starts[0], length}}
	}
	var runs [][2]int
	for d := 0; d < 7; {
		if !has(d) {
			d++
			continue
		}
		length := 0
		for d+length < 7 && has(d+length) {
			length++
		}
		runs = append(runs, [2]int{d, length})
		d += length
	}
	return runs
}

func runStarts(days uint8) []int {
	var starts []int
	for d := range 7 {
		if days&(1<<d) != 0 && days&(1<<((d+6)%7)) == 0 {
			starts = append(starts, d)
		}
	}
	return starts
}

func (s span) format(b *strings.Builder) {
	clock(b, s.start)
	b.WriteByte('-')
	end := s.end
	if end > 24*60 && end-24*60 <= s.start {
		end -= 24 * 60
	}
	clock(b, end)
}

func clock(b *strings.Builder, minutes int) {
	h, m := minutes/60, minutes%60
	b.WriteByte(byte('0' + h/10))
	b.WriteByte(byte('0' + h%10))
	b.WriteByte(':')
	b.WriteByte(byte('0' + m/10))
	b.WriteByte(byte('0' + m%10))
}
