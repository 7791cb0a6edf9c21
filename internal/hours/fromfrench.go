package hours

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FromFrench turns French free-text opening hours, as typed in open-data
// forms ("Du lundi au vendredi : 9h-12h / 14h-17h"), into the normalised
// opening_hours form. It returns ok=false when the text says anything it does
// not understand for sure (exceptions in parentheses, school terms, phone
// hours, hours without days…): the caller then keeps the text for review.
// Text that already parses as opening_hours is returned normalised.
func FromFrench(text string) (osm string, ok bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", false
	}
	if s, err := Parse(text); err == nil {
		return s.String(), true
	}
	// opening_hours written with French times: "Mo-Fr 9h-12h30,13h30-17h".
	if frTimeInOSM.MatchString(text) {
		fixed := frTimeInOSM.ReplaceAllStringFunc(text, osmClock)
		if s, err := Parse(fixed); err == nil {
			return s.String(), true
		}
	}
	toks, ok := lexFrench(text)
	if !ok {
		return "", false
	}
	return convertFrench(toks)
}

var frTimeInOSM = regexp.MustCompile(`\b\d{1,2}[hH]\d{0,2}\b`)

// osmClock rewrites "9h", "9h30", "09h00" as "09:00", "09:30".
func osmClock(s string) string {
	i := strings.IndexAny(s, "hH")
	h, m := s[:i], s[i+1:]
	if len(h) == 1 {
		h = "0" + h
	}
	if m == "" {
		m = "00"
	}
	if len(m) == 1 {
		return s
	}
	return h + ":" + m
}

type frKind uint8

const (
	fWord frKind = iota
	fTime
	fNum
	fOrdinal
	fPunct
	fAlways // 24h/24
)

type frTok struct {
	kind frKind
	text string
	val  int // fTime: minutes; fNum, fOrdinal: the number
}

// frCompounds keep their hyphen; other hyphens separate.
var frCompounds = map[string]bool{"après-midi": true, "apres-midi": true, "week-end": true, "week-ends": true, "rendez-vous": true}

func lexFrench(text string) ([]frTok, bool) {
	text = html.UnescapeString(text)
	// HTML tags (<br />, <li>) separate like a line break.
	for {
		i := strings.IndexByte(text, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			return nil, false
		}
		text = text[:i] + " ; " + text[i+j+1:]
	}
	s := strings.ToLower(text)
	var toks []frTok
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r >= '0' && r <= '9':
			tok, next, ok := lexFrenchNumber(s, i)
			if !ok {
				return nil, false
			}
			toks = append(toks, tok)
			i = next
		case unicode.IsLetter(r):
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) && r != '\'' && r != '’' {
					break
				}
				j += size
				if r == '\'' || r == '’' {
					break // "d'ouverture" reads as "d'" then "ouverture"
				}
			}
			word := strings.ReplaceAll(s[i:j], "’", "'")
			if j < len(s) && s[j] == '-' {
				k := j + 1
				for k < len(s) {
					r, size := utf8.DecodeRuneInString(s[k:])
					if !unicode.IsLetter(r) {
						break
					}
					k += size
				}
				if frCompounds[word+s[j:k]] {
					word, j = word+s[j:k], k
				}
			}
			toks = append(toks, frTok{kind: fWord, text: word})
			i = j
		default:
			p := string(r)
			switch r {
			case '–', '—', '‑', '−':
				p = "-"
			case '’':
				p = "'"
			}
			toks = append(toks, frTok{kind: fPunct, text: p})
			i += size
		}
	}
	return toks, true
}

// lexFrenchNumber reads "9h", "9 h 30", "12h00", "17 heures", "09:00",
// "24h/24", an ordinal ("2ème", "1er") or a bare number.
func lexFrenchNumber(s string, i int) (frTok, int, bool) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j-i > 2 {
		return frTok{kind: fNum, text: s[i:j]}, j, true
	}
	n := atoi(s[i:j])
	k := skipSpaces(s, j)
	if n == 24 && strings.HasPrefix(s[k:], "h/24") {
		k += len("h/24")
		if k < len(s) && s[k] == 'h' {
			k++
		}
		m := skipSpaces(s, k)
		for _, p := range []string{"7j/7", "7 j/7", "7/7"} {
			if strings.HasPrefix(s[m:], p) {
				k = m + len(p)
			}
		}
		return frTok{kind: fAlways, text: "24h/24"}, k, true
	}
	switch {
	case k < len(s) && s[k] == 'h':
		k++
		switch {
		case strings.HasPrefix(s[k:], "eures"):
			k += len("eures")
		case strings.HasPrefix(s[k:], "eure"):
			k += len("eure")
		}
		m := skipSpaces(s, k)
		mins := 0
		if m+1 < len(s) && isDigit(s[m]) && isDigit(s[m+1]) && (m+2 == len(s) || !isDigit(s[m+2])) {
			// "12h30" always; "12 h 30" unless the digits are the next hour ("9h 14h").
			after := skipSpaces(s, m+2)
			if m == k || after >= len(s) || s[after] != 'h' && s[after] != ':' {
				mins = atoi(s[m : m+2])
				k = m + 2
			}
		}
		if n > 24 || mins > 59 || n == 24 && mins > 0 {
			return frTok{}, 0, false
		}
		return frTok{kind: fTime, text: s[i:k], val: n*60 + mins}, k, true
	case j+2 < len(s) && s[j] == ':' && isDigit(s[j+1]) && isDigit(s[j+2]):
		mins := atoi(s[j+1 : j+3])
		if n > 24 || mins > 59 || n == 24 && mins > 0 {
			return frTok{}, 0, false
		}
		k = j + 3
		if k < len(s) && s[k] == 'h' {
			k++
		}
		return frTok{kind: fTime, text: s[i:k], val: n*60 + mins}, k, true
	}
	for _, suffix := range []string{"ère", "ème", "eme", "er", "re", "e"} {
		if strings.HasPrefix(s[j:], suffix) {
			end := j + len(suffix)
			if r, _ := utf8.DecodeRuneInString(s[end:]); end == len(s) || !unicode.IsLetter(r) {
				return frTok{kind: fOrdinal, text: s[i:end], val: n}, end, true
			}
		}
	}
	return frTok{kind: fNum, text: s[i:j], val: n}, j, true
}

func skipSpaces(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	return i
}

var frWeekdays = map[string]int{
	"lundi": 0, "lundis": 0, "lun": 0,
	"mardi": 1, "mardis": 1, "mar": 1,
	"mercredi": 2, "mercredis": 2, "mer": 2,
	"jeudi": 3, "jeudis": 3, "jeu": 3,
	"vendredi": 4, "vendredis": 4, "ven": 4,
	"samedi": 5, "samedis": 5, "sam": 5,
	"dimanche": 6, "dimanches": 6, "dim": 6,
}

var frOrdinalWords = map[string]int{
	"premier": 1, "premiers": 1, "première": 1, "deuxième": 2, "deuxieme": 2, "second": 2,
	"troisième": 3, "troisieme": 3, "quatrième": 4, "quatrieme": 4, "cinquième": 5, "cinquieme": 5,
	"dernier": -1, "derniers": -1,
}

// frFiller words carry no meaning for the hours.
var frFiller = map[string]bool{
	"horaires": true, "horaire": true, "d'": true, "ouverture": true,
	"ouvert": true, "ouverte": true, "ouverts": true, "ouvertes": true,
	"permanence": true, "permanences": true,
	"le": true, "les": true, "la": true, "l'": true, "de": true, "des": true, "et": true,
}

var frSeparators = map[string]bool{",": true, ";": true, "/": true, ".": true, ":": true, "-": true, `"`: true, "«": true, "»": true, "•": true, "*": true, "|": true, "&": true, "!": true}

// frDays is a set of days named in the text.
type frDays struct {
	plain uint8
	nth   [7]uint16
	ph    bool
}

type frStatement struct {
	days, except frDays
	spans        []span
	comment      string
	closed       bool
	part         string // "matin" or "après-midi"
}

type frParser struct {
	toks []frTok
	i    int
}

func (p *frParser) peek(n int) frTok {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return frTok{kind: fPunct, text: ""}
}

func (t frTok) word(ws ...string) bool {
	if t.kind != fWord {
		return false
	}
	for _, w := range ws {
		if t.text == w {
			return true
		}
	}
	return false
}

func convertFrench(toks []frTok) (string, bool) {
	p := &frParser{toks: toks}
	var stmts []*frStatement
	var cur *frStatement
	var closed frDays
	for p.i < len(p.toks) {
		t := p.peek(0)
		switch {
		case t.kind == fPunct && frSeparators[t.text]:
			p.i++
		case t.kind == fPunct && t.text == "":
			return "", false
		case p.atDays():
			days, ok := p.days()
			if !ok {
				return "", false
			}
			if cur != nil && len(cur.spans) == 0 && cur.comment == "" && !cur.closed {
				return "", false // days without hours, then other days
			}
			cur = &frStatement{days: days}
			stmts = append(stmts, cur)
		case t.word("du", "au", "à", "a"):
			return "", false // "du 1er au 15 août": dates are not handled
		case frFiller[t.text] && t.kind == fWord:
			p.i++
		case t.kind == fTime:
			if cur == nil || cur.closed {
				return "", false // hours without days are ambiguous
			}
			s, ok := p.timeRange()
			if !ok {
				return "", false
			}
			cur.spans = append(cur.spans, s)
		case t.kind == fAlways:
			p.i++
			if cur == nil {
				cur = &frStatement{days: frDays{plain: allDays}}
				stmts = append(stmts, cur)
			}
			cur.spans = append(cur.spans, span{0, dayMinutes})
		case t.word("fermé", "fermée", "fermés", "fermées", "ferme", "fermeture"):
			p.i++
			for p.peek(0).word("le", "les") {
				p.i++
			}
			if p.atDays() {
				days, ok := p.days()
				if !ok || p.peek(0).word("matin", "matins", "après-midi", "apres-midi") {
					return "", false
				}
				closed = closed.union(days)
				continue
			}
			if cur == nil || len(cur.spans) > 0 {
				return "", false
			}
			cur.closed = true
		case t.word("sauf"):
			p.i++
			for p.peek(0).word("le", "les") {
				p.i++
			}
			if cur == nil || !p.atDays() {
				return "", false
			}
			days, ok := p.days()
			if !ok {
				return "", false
			}
			cur.except = cur.except.union(days)
		case t.word("avec") && p.peek(1).word("ou") && p.peek(2).word("sans") && p.peek(3).word("rendez-vous"):
			p.i += 4
		case t.word("sans") && p.peek(1).word("rendez-vous"):
			p.i += 2
		case t.word("uniquement", "sur"):
			if t.word("uniquement") {
				p.i++
			}
			if !p.peek(0).word("sur") || !p.peek(1).word("rendez-vous", "rdv") || cur == nil || cur.comment != "" {
				return "", false
			}
			p.i += 2
			cur.comment = "sur rendez-vous"
		case t.word("matin", "matins", "après-midi", "apres-midi"):
			if cur == nil || len(cur.spans) > 0 || cur.part != "" {
				return "", false
			}
			cur.part = "matin"
			if !t.word("matin", "matins") {
				cur.part = "après-midi"
			}
			p.i++
		default:
			return "", false
		}
	}
	if len(stmts) == 0 {
		return "", false
	}
	for _, s := range stmts {
		if len(s.spans) == 0 && s.comment == "" && !s.closed {
			return "", false // days without hours
		}
		for _, sp := range s.spans {
			// "le mardi après-midi de 14h à 17h": the part of the day must agree.
			if s.part == "matin" && sp.end > 14*60 || s.part == "après-midi" && sp.start < 11*60 {
				return "", false
			}
		}
	}
	return emitFrench(stmts, closed)
}

func (d frDays) union(o frDays) frDays {
	d.plain |= o.plain
	for i := range d.nth {
		d.nth[i] |= o.nth[i]
	}
	d.ph = d.ph || o.ph
	return d
}

// atDays reports whether a list of days starts here.
func (p *frParser) atDays() bool {
	t := p.peek(0)
	if t.word("du") {
		_, ok := frWeekdays[p.peek(1).text]
		return ok && p.peek(1).kind == fWord
	}
	if t.kind == fOrdinal {
		_, ok := frWeekdays[p.peek(1).text]
		return ok
	}
	if t.kind != fWord {
		return false
	}
	if _, ok := frWeekdays[t.text]; ok {
		return true
	}
	if _, ok := frOrdinalWords[t.text]; ok {
		_, day := frWeekdays[p.peek(1).text]
		return day
	}
	return t.word("week-end", "week-ends", "weekend", "fériés", "feries", "férié") ||
		t.word("tous") && p.peek(1).word("les") && p.peek(2).word("jours") ||
		t.word("jours") && p.peek(1).word("fériés", "feries")
}

// days reads "lundi", "du lundi au vendredi", "lundi, mardi et jeudi",
// "mardi-jeudi-vendredi", "week-end", "tous les jours", "jours fériés",
// "le 2ème samedi du mois".
func (p *frParser) days() (frDays, bool) {
	var d frDays
	for {
		if p.peek(0).word("du") {
			p.i++
		}
		t := p.peek(0)
		switch {
		case t.word("tous"):
			p.i += 3
			d.plain = allDays
		case t.word("week-end", "week-ends", "weekend"):
			p.i++
			d.plain |= 1<<5 | 1<<6
		case t.word("jours"):
			p.i += 2
			d.ph = true
		case t.word("fériés", "feries", "férié"):
			p.i++
			d.ph = true
		case t.kind == fOrdinal || t.kind == fWord && frOrdinalWords[t.text] != 0:
			n := t.val
			if t.kind == fWord {
				n = frOrdinalWords[t.text]
			}
			wd := frWeekdays[p.peek(1).text]
			p.i += 2
			if n == 0 || n > 5 || n < -1 {
				return d, false
			}
			if p.peek(0).word("du") && p.peek(1).word("mois") {
				p.i += 2
			}
			if n > 0 {
				d.nth[wd] |= 1 << (n - 1)
			} else {
				d.nth[wd] |= 1 << 5
			}
		default:
			first, ok := frWeekdays[t.text]
			if !ok || t.kind != fWord {
				return d, false
			}
			p.i++
			var item uint8
			switch {
			case p.peek(0).word("au", "aux", "à", "a") && p.isWeekday(1):
				last := frWeekdays[p.peek(1).text]
				p.i += 2
				item = weekdayRange(first, last)
			case p.peek(0).kind == fPunct && p.peek(0).text == "-" && p.isWeekday(1):
				chain := []int{first}
				for p.peek(0).kind == fPunct && p.peek(0).text == "-" && p.isWeekday(1) {
					chain = append(chain, frWeekdays[p.peek(1).text])
					p.i += 2
				}
				if len(chain) == 2 {
					item = weekdayRange(chain[0], chain[1])
				} else {
					// "mardi-jeudi-vendredi" lists days.
					for _, c := range chain {
						item |= 1 << c
					}
				}
			default:
				item = 1 << first
			}
			if d.plain&item != 0 {
				return d, false // "du lundi au vendredi, le mercredi": an exception follows
			}
			d.plain |= item
		}
		// Continue over ", ", " et ", " / ", optionally followed by "le"/"les".
		n := 0
		if t := p.peek(0); t.word("et") || t.kind == fPunct && (t.text == "," || t.text == "/") {
			n = 1
		} else {
			return d, true
		}
		for p.peek(n).word("le", "les") {
			n++
		}
		save := p.i
		p.i += n
		if !p.atDays() || p.peek(0).word("du") {
			p.i = save
			return d, true
		}
	}
}

func (p *frParser) isWeekday(n int) bool {
	t := p.peek(n)
	_, ok := frWeekdays[t.text]
	return ok && t.kind == fWord
}

func weekdayRange(first, last int) uint8 {
	var m uint8
	for d := first; ; d = (d + 1) % 7 {
		m |= 1 << d
		if d == last {
			return m
		}
	}
}

// timeRange reads "9h-12h", "9h à 12h", "de 9 h 30 à midi".
func (p *frParser) timeRange() (span, bool) {
	start := p.peek(0)
	p.i++
	sep := p.peek(0)
	if !(sep.kind == fPunct && sep.text == "-" || sep.word("à", "a")) {
		return span{}, false // a lone time: "avant 17h", "9h/12h"
	}
	end := p.peek(1)
	if end.word("midi") {
		end = frTok{kind: fTime, val: 12 * 60}
	} else if end.word("minuit") {
		end = frTok{kind: fTime, val: dayMinutes}
	}
	if end.kind != fTime {
		return span{}, false
	}
	p.i += 2
	if t := p.peek(0); t.kind == fPunct && t.text == "-" && p.peek(1).kind == fTime {
		return span{}, false // "8h45 - 12h30 - 13h30 - 17h30" is ambiguous
	}
	if start.val >= dayMinutes || end.val <= start.val {
		return span{}, false
	}
	return span{start.val, end.val}, true
}

// emitFrench writes the statements as opening_hours, one rule per set of
// days with the same hours.
func emitFrench(stmts []*frStatement, closed frDays) (string, bool) {
	type dayRules struct {
		spans       []span
		owners      []int // statement of each span
		comment     string
		hasSpans    bool
		commentOnly bool
	}
	var week [7]dayRules
	type nthStmt struct {
		sel weekdaySel
		s   *frStatement
	}
	var nthStmts []nthStmt // "le 2ème samedi du mois", written after the weekly rules
	var phRule string
	for _, s := range stmts {
		if s.closed {
			closed = closed.union(s.days) // "mercredi : fermé" wins wherever it stands
		}
	}
	for id, s := range stmts {
		if s.closed {
			continue
		}
		days := s.days.plain &^ s.except.plain &^ closed.plain
		for d := range 7 {
			if days&(1<<d) == 0 {
				continue
			}
			w := &week[d]
			if w.hasSpans && w.comment != s.comment || w.commentOnly || len(s.spans) == 0 && w.hasSpans {
				return "", false // one day given two different meanings
			}
			for _, sp := range s.spans {
				for k, o := range w.spans {
					if w.owners[k] != id && sp.start < o.end && o.start < sp.end {
						return "", false // overlapping hours from two statements: an exception we cannot place
					}
				}
				w.spans = append(w.spans, sp)
				w.owners = append(w.owners, id)
			}
			w.comment = s.comment
			w.hasSpans = w.hasSpans || len(s.spans) > 0
			w.commentOnly = len(s.spans) == 0
		}
		var nth weekdaySel
		for d := range 7 {
			nth.nth[d] = s.days.nth[d] &^ s.except.nth[d] &^ closed.nth[d]
		}
		if nth.hasNth() {
			nthStmts = append(nthStmts, nthStmt{nth, s})
		}
		if s.days.ph && !closed.ph {
			if phRule != "" {
				return "", false
			}
			phRule = ruleText(weekdaySel{ph: true}, s.spans, s.comment)
		}
	}
	// Group days with the same hours, in weekday order.
	var rules []string
	done := uint8(0)
	for d := range 7 {
		w := week[d]
		if done&(1<<d) != 0 || !w.hasSpans && !w.commentOnly {
			continue
		}
		key := spansKey(w.spans) + "|" + w.comment
		var sel weekdaySel
		for e := d; e < 7; e++ {
			o := week[e]
			if (o.hasSpans || o.commentOnly) && spansKey(o.spans)+"|"+o.comment == key {
				sel.days |= 1 << e
				done |= 1 << e
			}
		}
		rules = append(rules, ruleText(sel, w.spans, w.comment))
	}
	out := strings.Join(rules, "; ")
	for _, n := range nthStmts {
		r := ruleText(n.sel, n.s.spans, n.s.comment)
		sameDay := false
		for d := range 7 {
			sameDay = sameDay || n.sel.nth[d] != 0 && (week[d].hasSpans || week[d].commentOnly)
		}
		switch {
		case out == "":
			out = r
		case sameDay:
			out += ", " + r // adds to the weekday's usual hours rather than replacing them
		default:
			out += "; " + r
		}
	}
	if phRule != "" {
		out = join(out, phRule)
	}
	if closed.ph {
		out = join(out, "PH off")
	}
	if out == "" {
		return "", false
	}
	s, err := Parse(out)
	if err != nil {
		return "", false
	}
	return s.String(), true
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func spansKey(spans []span) string {
	var b strings.Builder
	r := rule{times: append([]span(nil), spans...)}
	r.normalize()
	for _, s := range r.times {
		s.format(&b)
		b.WriteByte(',')
	}
	return b.String()
}

func ruleText(sel weekdaySel, spans []span, comment string) string {
	r := rule{wd: sel, times: append([]span(nil), spans...), state: stateOpen}
	if comment != "" {
		r.state, r.comment = stateUnknown, comment
	}
	if len(spans) == 0 && comment == "" {
		r.state = stateClosed
	}
	r.normalize()
	var b strings.Builder
	r.format(&b, false)
	return b.String()
}
