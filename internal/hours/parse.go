package hours

import (
	"slices"
	"strings"
	"time"
)

// Parse reads an opening_hours expression. Besides the standard syntax it
// accepts a few harmless variants found in real data: one-digit hours (9:00),
// any letter case, dashes other than the hyphen, spaces around separators, a
// ":" after the weekdays, ", " between time ranges and a trailing ";".
func Parse(expr string) (*Schedule, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, &SyntaxError{Pos: 1, Msg: msgEmpty}
	}
	var buf [48]token
	toks, err := lex(expr, buf[:0])
	if err != nil {
		return nil, err
	}
	p := parser{src: expr, toks: toks}
	s := &Schedule{rules: make([]rule, 0, 4)}
	additional := false
	for {
		r, err := p.rule()
		if err != nil {
			return nil, err
		}
		r.additional = additional
		s.rules = append(s.rules, r)
		s.usesPH = s.usesPH || r.wd.ph
		t := p.peek(0)
		switch {
		case t.kind == tEOF:
			return s, nil
		case t.is(";"):
			p.i++
			if p.peek(0).kind == tEOF {
				return s, nil
			}
			additional = false
		case t.is(","):
			p.i++
			additional = true
		case t.is("||"):
			return nil, p.errTok(t, msgUnsupported)
		default:
			return nil, p.errTok(t, msgUnexpected)
		}
	}
}

type parser struct {
	src  string
	toks []token
	i    int
}

func (p *parser) peek(n int) token {
	if p.i+n >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.i+n]
}

func (t token) is(punct string) bool { return t.kind == tPunct && t.text == punct }

func (p *parser) errTok(t token, msg string) *SyntaxError {
	if t.kind == tEOF {
		if msg == msgUnexpected {
			msg = msgEnd
		}
		return errAt(p.src, t.pos, "", msg)
	}
	text := t.text
	if t.kind == tComment {
		text = `"` + text + `"`
	}
	return errAt(p.src, t.pos, text, msg)
}

// Word classes, matched without regard to case.
var (
	weekdayNames = [7]string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}
	monthNames   = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	// unsupportedWords are valid opening_hours words this package rejects.
	unsupportedWords = []string{"week", "easter", "SH", "sunrise", "sunset", "dawn", "dusk", "day", "days"}
)

func weekdayOf(t token) int {
	if t.kind == tWord && len(t.text) == 2 {
		for i, n := range weekdayNames {
			if strings.EqualFold(t.text, n) {
				return i
			}
		}
	}
	return -1
}

func monthOf(t token) time.Month {
	if t.kind == tWord && len(t.text) == 3 {
		for i, n := range monthNames {
			if strings.EqualFold(t.text, n) {
				return time.Month(i + 1)
			}
		}
	}
	return 0
}

func (t token) isWord(w string) bool { return t.kind == tWord && strings.EqualFold(t.text, w) }

func isUnsupportedWord(t token) bool {
	if t.kind != tWord {
		return false
	}
	for _, w := range unsupportedWords {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

func isYear(t token) bool { return t.kind == tNum && len(t.text) == 4 && t.val >= 1900 }
func isDay(t token) bool  { return t.kind == tNum && len(t.text) <= 2 }

func (p *parser) rule() (rule, error) {
	var r rule
	r.state = stateOpen
	start := p.i
	if p.peek(0).kind == tAlways {
		p.i++
	} else {
		if err := p.wide(&r); err != nil {
			return r, err
		}
		if err := p.small(&r); err != nil {
			return r, err
		}
	}
	if err := p.modifier(&r); err != nil {
		return r, err
	}
	if p.i == start {
		t := p.peek(0)
		switch {
		case isUnsupportedWord(t) || t.is("(") || t.is("+") || t.is("||"):
			return r, p.errTok(t, msgUnsupported)
		case t.kind == tBad || t.kind == tNum:
			return r, p.errTok(t, msgBadTime)
		case t.is(";") || t.is(","):
			return r, p.errTok(t, msgEmptyRule)
		}
		return r, p.errTok(t, msgUnexpected)
	}
	r.normalize()
	return r, nil
}

// wide reads the year and date selectors.
func (p *parser) wide(r *rule) error {
	found := false
	if isYear(p.peek(0)) && monthOf(p.peek(1)) == 0 {
		if err := p.years(r); err != nil {
			return err
		}
		found = true
	}
	if monthOf(p.peek(0)) != 0 || isYear(p.peek(0)) && monthOf(p.peek(1)) != 0 {
		if err := p.dates(r); err != nil {
			return err
		}
		found = true
	}
	if isUnsupportedWord(p.peek(0)) && !p.peek(0).isWord("SH") {
		return p.errTok(p.peek(0), msgUnsupported)
	}
	if found && p.peek(0).is(":") {
		p.i++
	}
	return nil
}

func (p *parser) years(r *rule) error {
	for {
		t := p.peek(0)
		if !isYear(t) {
			return p.errTok(t, msgBadYear)
		}
		p.i++
		y := yearRange{t.val, t.val}
		if p.peek(0).is("-") {
			to := p.peek(1)
			if !isYear(to) {
				return p.errTok(to, msgBadYear)
			}
			if to.val < t.val {
				return p.errTok(to, msgReversed)
			}
			y.to = to.val
			p.i += 2
		}
		if n := p.peek(0); n.is("/") || n.is("+") {
			return p.errTok(n, msgUnsupported)
		}
		r.years = append(r.years, y)
		if !(p.peek(0).is(",") && isYear(p.peek(1))) {
			return nil
		}
		p.i++
	}
}

func (p *parser) dates(r *rule) error {
	for {
		d, err := p.dateRange()
		if err != nil {
			return err
		}
		r.dates = append(r.dates, d)
		if !p.peek(0).is(",") {
			return nil
		}
		n := p.peek(1)
		if n.isWord("easter") {
			return p.errTok(n, msgUnsupported)
		}
		if monthOf(n) == 0 && !(isYear(n) && monthOf(p.peek(2)) != 0) {
			return nil
		}
		p.i++
	}
}

// dateRange reads [year] month [day] [- [year] [month] [day]].
func (p *parser) dateRange() (dateRange, error) {
	var d dateRange
	if isYear(p.peek(0)) {
		d.fromY = p.peek(0).val
		p.i++
	}
	d.fromM = monthOf(p.peek(0))
	p.i++
	if isDay(p.peek(0)) {
		t := p.peek(0)
		if !validDay(d.fromM, t.val) {
			return d, p.errTok(t, msgBadDate)
		}
		d.fromD = t.val
		p.i++
	}
	if n := p.peek(0); n.is("+") {
		return d, p.errTok(n, msgUnsupported)
	}
	d.toY, d.toM, d.toD = d.fromY, d.fromM, d.fromD
	if p.peek(0).is("-") {
		p.i++
		d.toY = 0
		if isYear(p.peek(0)) {
			if d.fromY == 0 {
				return d, p.errTok(p.peek(0), msgBadYear)
			}
			d.toY = p.peek(0).val
			p.i++
		}
		if m := monthOf(p.peek(0)); m != 0 {
			d.toM = m
			p.i++
		} else if d.toY != 0 || d.fromD == 0 {
			return d, p.errTok(p.peek(0), msgBadDate)
		}
		if d.fromD != 0 {
			t := p.peek(0)
			if !isDay(t) || !validDay(d.toM, t.val) {
				return d, p.errTok(t, msgBadDate)
			}
			d.toD = t.val
			p.i++
		}
		if n := p.peek(0); n.is("+") {
			return d, p.errTok(n, msgUnsupported)
		}
		if d.fromY != 0 && d.toY == 0 {
			d.toY = d.fromY
			if d.toM < d.fromM || d.toM == d.fromM && d.toD < d.fromD {
				d.toY++
			}
		}
		if d.fromY != 0 && dateKey(d.toY, d.toM, d.toD) < dateKey(d.fromY, d.fromM, d.fromD) {
			return d, p.errTok(p.toks[p.i-1], msgReversed)
		}
	}
	return d, nil
}

func validDay(m time.Month, d int) bool {
	return d >= 1 && d <= [12]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
}

func dateKey(y int, m time.Month, d int) int { return y*10000 + int(m)*100 + d }

// small reads the weekday and time selectors.
func (p *parser) small(r *rule) error {
	if t := p.peek(0); weekdayOf(t) >= 0 || t.isWord("PH") || t.isWord("SH") {
		if err := p.weekdays(r); err != nil {
			return err
		}
		if p.peek(0).is(":") {
			p.i++
		}
	}
	t := p.peek(0)
	switch {
	case t.kind == tTime:
		return p.times(r)
	case t.kind == tBad || t.kind == tNum:
		return p.errTok(t, msgBadTime)
	case isUnsupportedWord(t) || t.is("("):
		return p.errTok(t, msgUnsupported)
	}
	return nil
}

func (p *parser) weekdays(r *rule) error {
	w := &r.wd
	for first := true; ; first = false {
		t := p.peek(0)
		switch {
		case t.isWord("SH"):
			return p.errTok(t, msgUnsupported)
		case t.isWord("PH"):
			if w.phAnd {
				return p.errTok(t, msgUnexpected)
			}
			w.ph = true
			p.i++
			if n := p.peek(0); n.is("+") || n.is("-") && p.peek(1).kind == tNum {
				return p.errTok(n, msgUnsupported)
			}
			if first && weekdayOf(p.peek(0)) >= 0 {
				w.phAnd = true
				continue
			}
		case weekdayOf(t) >= 0:
			d := weekdayOf(t)
			p.i++
			switch n := p.peek(0); {
			case n.is("-") && weekdayOf(p.peek(1)) >= 0:
				e := weekdayOf(p.peek(1))
				p.i += 2
				for i := d; ; i = (i + 1) % 7 {
					w.days |= 1 << i
					if i == e {
						break
					}
				}
			case n.is("["):
				p.i++
				bits, err := p.nth()
				if err != nil {
					return err
				}
				w.nth[d] |= bits
				if n := p.peek(0); n.is("+") || n.is("-") && p.peek(1).kind == tNum {
					return p.errTok(n, msgUnsupported)
				}
			default:
				w.days |= 1 << d
			}
		default:
			return p.errTok(t, msgUnexpected)
		}
		if !p.peek(0).is(",") {
			return nil
		}
		n := p.peek(1)
		if weekdayOf(n) < 0 && !n.isWord("PH") && !n.isWord("SH") {
			return nil
		}
		p.i++
	}
}

// nth reads the inside of Sa[...] and the closing bracket.
func (p *parser) nth() (uint16, error) {
	var bits uint16
	for {
		t := p.peek(0)
		neg := false
		if t.is("-") {
			neg = true
			p.i++
			t = p.peek(0)
		}
		if t.kind != tNum || t.val < 1 || t.val > 5 {
			return 0, p.errTok(t, msgBadNth)
		}
		p.i++
		if neg {
			bits |= 1 << (4 + t.val)
		} else if p.peek(0).is("-") && p.peek(1).kind == tNum {
			e := p.peek(1)
			if e.val < t.val || e.val > 5 {
				return 0, p.errTok(e, msgBadNth)
			}
			for n := t.val; n <= e.val; n++ {
				bits |= 1 << (n - 1)
			}
			p.i += 2
		} else {
			bits |= 1 << (t.val - 1)
		}
		switch t := p.peek(0); {
		case t.is("]"):
			p.i++
			return bits, nil
		case t.is(","):
			p.i++
		default:
			return 0, p.errTok(t, msgUnexpected)
		}
	}
}

func (p *parser) times(r *rule) error {
	for {
		t := p.peek(0)
		if t.kind != tTime {
			if isUnsupportedWord(t) || t.is("(") {
				return p.errTok(t, msgUnsupported)
			}
			return p.errTok(t, msgBadTime)
		}
		if t.val >= 24*60 {
			return p.errTok(t, msgBadTime)
		}
		p.i++
		switch n := p.peek(0); {
		case n.is("+"):
			return p.errTok(n, msgUnsupported)
		case !n.is("-"):
			return p.errTok(t, msgNoEnd)
		}
		p.i++
		e := p.peek(0)
		switch {
		case isUnsupportedWord(e) || e.is("("):
			return p.errTok(e, msgUnsupported)
		case e.kind != tTime || e.val > 48*60:
			return p.errTok(e, msgBadTime)
		}
		p.i++
		if n := p.peek(0); n.is("+") || n.is("/") {
			return p.errTok(n, msgUnsupported)
		}
		s := span{t.val, e.val}
		if s.end <= s.start {
			if s.end > 24*60 {
				return p.errTok(e, msgReversed)
			}
			s.end += 24 * 60
		}
		r.times = append(r.times, s)
		if !(p.peek(0).is(",") && p.peek(1).kind == tTime) {
			return nil
		}
		p.i++
	}
}

func (p *parser) modifier(r *rule) error {
	t := p.peek(0)
	switch {
	case t.isWord("open"):
		r.state = stateOpen
	case t.isWord("closed") || t.isWord("off"):
		r.state = stateClosed
	case t.isWord("unknown"):
		r.state = stateUnknown
	case t.kind == tComment:
		// A comment without a state leaves the state unknown, as opening_hours.js does.
		r.state = stateUnknown
		r.comment = cleanComment(t.text)
		p.i++
		return nil
	default:
		return nil
	}
	p.i++
	if c := p.peek(0); c.kind == tComment {
		r.comment = cleanComment(c.text)
		p.i++
	}
	return nil
}

// cleanComment collapses white space, so that comments read well in sentences.
func cleanComment(c string) string {
	return strings.Join(strings.Fields(c), " ")
}

func (w *weekdaySel) hasNth() bool { return w.nth != [7]uint16{} }

// any reports whether the selector matches every day.
func (w *weekdaySel) any() bool { return w.days == 0 && !w.ph && !w.hasNth() }

// normalize gives equal rules one representation, so that String is canonical.
func (r *rule) normalize() {
	w := &r.wd
	for d := range 7 {
		// Every 1st..5th (or every last..5th from last) is every such weekday.
		if w.days&(1<<d) != 0 || w.nth[d]&0x1f == 0x1f || w.nth[d]&0x3e0 == 0x3e0 {
			w.nth[d] = 0
			w.days |= 1 << d
		}
	}
	if w.days == allDays {
		// "PH Mo-Su" is PH; "Mo-Su,PH" is every day.
		w.ph = w.phAnd
		w.days, w.phAnd = 0, false
	}
	if len(r.times) > 0 {
		slices.SortFunc(r.times, func(a, b span) int { return a.start - b.start })
		merged := r.times[:1]
		for _, s := range r.times[1:] {
			last := &merged[len(merged)-1]
			if s.start <= last.end {
				last.end = max(last.end, s.end)
				continue
			}
			merged = append(merged, s)
		}
		r.times = merged
		if len(merged) == 1 && merged[0] == (span{0, 24 * 60}) {
			r.times = nil
		}
	}
	r.spills = false
	for _, s := range r.times {
		if s.end > 24*60 {
			r.spills = true
		}
	}
}
