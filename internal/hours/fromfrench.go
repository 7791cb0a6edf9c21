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
// opening_hours form. Every word counts: a text that says anything it does
// not understand for sure (exceptions in parentheses, school terms, phone
// hours, hours without days…) is refused with a *FrenchError naming that
// part, never converted without it. Text that already parses as
// opening_hours is returned normalised.
func FromFrench(text string) (string, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", &FrenchError{Reason: "aucun horaire n'est écrit"}
	}
	if s, err := Parse(text); err == nil {
		return s.String(), nil
	}
	// opening_hours written with French times: "Mo-Fr 9h-12h30,13h30-17h".
	if frTimeInOSM.MatchString(text) {
		fixed := frTimeInOSM.ReplaceAllStringFunc(text, osmClock)
		if s, err := Parse(fixed); err == nil {
			return s.String(), nil
		}
	}
	src, toks, err := lexFrench(text)
	if err != nil {
		return "", err
	}
	p := &frParser{src: src, toks: toks}
	return p.convert()
}

// FrenchError is French text hours refused: the part not understood, as
// typed, and why.
type FrenchError struct {
	Part   string // "" when the text as a whole is at fault
	Reason string
}

func (e *FrenchError) Error() string {
	if e.Part == "" {
		return "Horaires non compris : " + e.Reason + "."
	}
	return "Horaires non compris : « " + e.Part + " » (" + e.Reason + ")."
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
	kind       frKind
	text       string
	val        int // fTime: minutes; fNum, fOrdinal: the number
	start, end int // bytes of the text as typed (after HTML decoding)
}

// frCompounds keep their hyphen; other hyphens separate.
var frCompounds = map[string]bool{"après-midi": true, "apres-midi": true, "week-end": true, "week-ends": true, "rendez-vous": true}

// lowerWithOffsets lowercases s and maps each byte of the result back to
// the byte of s it comes from (one more entry for the end).
func lowerWithOffsets(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	pos := make([]int, 0, len(s)+1)
	for i, r := range s {
		n := b.Len()
		b.WriteRune(unicode.ToLower(r))
		for range b.Len() - n {
			pos = append(pos, i)
		}
	}
	return b.String(), append(pos, len(s))
}

// lexFrench splits the text into tokens; it returns the text the tokens'
// offsets refer to (HTML entities decoded, tags turned into separators).
func lexFrench(text string) (string, []frTok, error) {
	text = html.UnescapeString(text)
	// HTML tags (<br />, <li>) separate like a line break.
	for {
		i := strings.IndexByte(text, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			return text, nil, &FrenchError{Part: clip(text[i:]), Reason: "un « < » sans « > »"}
		}
		text = text[:i] + " ; " + text[i+j+1:]
	}
	s, pos := lowerWithOffsets(text)
	var toks []frTok
	add := func(t frTok, from, to int) {
		t.start, t.end = pos[from], pos[to]
		toks = append(toks, t)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r >= '0' && r <= '9':
			tok, next, ok := lexFrenchNumber(s, i)
			if !ok {
				end := i
				for end < len(s) && !unicode.IsSpace(rune(s[end])) {
					end++
				}
				return text, nil, &FrenchError{Part: text[pos[i]:pos[end]], Reason: "heure impossible"}
			}
			add(tok, i, next)
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
			add(frTok{kind: fWord, text: word}, i, j)
			i = j
		default:
			p := string(r)
			switch r {
			case '–', '—', '‑', '−':
				p = "-"
			case '’':
				p = "'"
			}
			add(frTok{kind: fPunct, text: p}, i, i+size)
			i += size
		}
	}
	return text, toks, nil
}

// clip shortens a part quoted in a message.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:59]) + "…"
	}
	return s
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
	first, last  int    // tokens of the statement, for messages
}

type frParser struct {
	src  string // the text the tokens' offsets refer to
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

// clauseEnds close the part of the text a message quotes.
var clauseEnds = map[string]bool{",": true, ";": true, ".": true, "|": true, "•": true}

// fail refuses the text, quoting it from token from to the end of its clause
// (through a closing parenthesis when the part opens one).
func (p *frParser) fail(from int, reason string) error {
	if from >= len(p.toks) {
		from = len(p.toks) - 1
	}
	if from < 0 {
		return &FrenchError{Reason: reason}
	}
	to := from
	if p.toks[from].text == "(" {
		for to+1 < len(p.toks) && p.toks[to].text != ")" {
			to++
		}
	} else {
		for to+1 < len(p.toks) && to-from < 8 {
			if t := p.toks[to+1]; t.kind == fPunct && clauseEnds[t.text] {
				break
			}
			to++
		}
	}
	return p.failSpan(from, to, reason)
}

// failSpan refuses the text, quoting tokens from to to (without the
// separators that end it).
func (p *frParser) failSpan(from, to int, reason string) error {
	for to > from && p.toks[to].kind == fPunct && frSeparators[p.toks[to].text] {
		to--
	}
	return &FrenchError{Part: clip(p.src[p.toks[from].start:p.toks[to].end]), Reason: reason}
}

// convert reads the statements ("du lundi au vendredi de 9h à 12h") and
// writes them as opening_hours.
func (p *frParser) convert() (string, error) {
	var stmts []*frStatement
	var cur *frStatement
	var closed frDays
	end := func(next int) {
		if cur != nil {
			cur.last = max(cur.first, next-1)
		}
	}
	for p.i < len(p.toks) {
		t := p.peek(0)
		switch {
		case t.kind == fPunct && frSeparators[t.text]:
			p.i++
		case p.atDays():
			at := p.i
			days, err := p.days()
			if err != nil {
				return "", err
			}
			if cur != nil && len(cur.spans) == 0 && cur.comment == "" && !cur.closed {
				return "", p.failSpan(cur.first, cur.last, "des jours sans heures")
			}
			end(at)
			cur = &frStatement{days: days, first: at, last: p.i - 1}
			stmts = append(stmts, cur)
		case t.word("du", "au", "à", "a"):
			return "", p.fail(p.i, "seuls les jours de la semaine sont lus, pas les dates")
		case frFiller[t.text] && t.kind == fWord:
			p.i++
		case t.kind == fTime:
			if cur == nil || cur.closed {
				return "", p.fail(p.i, "des heures sans jour : écrivez d'abord les jours")
			}
			s, err := p.timeRange()
			if err != nil {
				return "", err
			}
			cur.spans = append(cur.spans, s)
		case t.kind == fAlways:
			p.i++
			if cur == nil {
				cur = &frStatement{days: frDays{plain: allDays}, first: p.i - 1}
				stmts = append(stmts, cur)
			}
			cur.spans = append(cur.spans, span{0, dayMinutes})
		case t.word("fermé", "fermée", "fermés", "fermées", "ferme", "fermeture"):
			at := p.i
			p.i++
			for p.peek(0).word("le", "les") {
				p.i++
			}
			if p.atDays() {
				days, err := p.days()
				if err != nil {
					return "", err
				}
				if p.peek(0).word("matin", "matins", "après-midi", "apres-midi") {
					return "", p.failSpan(at, p.i, "une fermeture d'une demi-journée ne se lit pas : écrivez les heures d'ouverture de ce jour")
				}
				closed = closed.union(days)
				continue
			}
			if p.peek(0).word("du", "au", "à", "a") {
				return "", p.fail(at, "seuls les jours de la semaine sont lus, pas les dates")
			}
			if cur == nil || len(cur.spans) > 0 {
				return "", p.fail(at, "« fermé » sans dire quel jour")
			}
			cur.closed = true
		case t.word("sauf"):
			at := p.i
			p.i++
			for p.peek(0).word("le", "les") {
				p.i++
			}
			if cur == nil || !p.atDays() {
				return "", p.fail(at, "seuls des jours peuvent être exclus, par exemple « sauf le mardi » ou « sauf jours fériés »")
			}
			days, err := p.days()
			if err != nil {
				return "", err
			}
			cur.except = cur.except.union(days)
		case t.word("avec") && p.peek(1).word("ou") && p.peek(2).word("sans") && p.peek(3).word("rendez-vous"):
			p.i += 4
		case t.word("sans") && p.peek(1).word("rendez-vous"):
			p.i += 2
		case t.word("uniquement", "sur"):
			at := p.i
			if t.word("uniquement") {
				p.i++
			}
			if !p.peek(0).word("sur") || !p.peek(1).word("rendez-vous", "rdv") {
				return "", p.fail(at, "seul « sur rendez-vous » est compris ici")
			}
			if cur == nil || cur.comment != "" {
				return "", p.failSpan(at, p.i+1, "« sur rendez-vous » sans dire quel jour")
			}
			p.i += 2
			cur.comment = "sur rendez-vous"
		case t.word("matin", "matins", "après-midi", "apres-midi"):
			if cur == nil || len(cur.spans) > 0 || cur.part != "" {
				return "", p.fail(p.i, "« matin » ou « après-midi » se place après le jour et avant les heures, par exemple « le mardi après-midi de 14h à 17h »")
			}
			cur.part = "matin"
			if !t.word("matin", "matins") {
				cur.part = "après-midi"
			}
			p.i++
		case t.kind == fWord:
			return "", p.fail(p.i, "ces mots ne sont pas compris")
		default:
			return "", p.fail(p.i, "ce signe n'est pas compris")
		}
	}
	end(len(p.toks))
	if len(stmts) == 0 {
		return "", &FrenchError{Reason: "aucun jour de la semaine n'est nommé"}
	}
	for _, s := range stmts {
		if len(s.spans) == 0 && s.comment == "" && !s.closed {
			return "", p.failSpan(s.first, s.last, "des jours sans heures")
		}
		for _, sp := range s.spans {
			// "le mardi après-midi de 14h à 17h": the part of the day must agree.
			if s.part == "matin" && sp.end > 14*60 || s.part == "après-midi" && sp.start < 11*60 {
				return "", p.failSpan(s.first, s.last, "« "+s.part+" » ne correspond pas aux heures")
			}
		}
	}
	return p.emit(stmts, closed)
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
func (p *frParser) days() (frDays, error) {
	var d frDays
	for {
		if p.peek(0).word("du") {
			p.i++
		}
		t := p.peek(0)
		at := p.i
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
				return d, p.failSpan(at, p.i-1, "le rang va du 1er au 5e, ou « dernier »")
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
				return d, p.fail(at, "un jour de la semaine est attendu ici")
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
				// "du lundi au vendredi, le mercredi": an exception follows.
				return d, p.fail(at, "ce jour est déjà nommé juste avant : écrivez ses horaires à part")
			}
			d.plain |= item
		}
		// Continue over ", ", " et ", " / ", optionally followed by "le"/"les".
		n := 0
		if t := p.peek(0); t.word("et") || t.kind == fPunct && (t.text == "," || t.text == "/") {
			n = 1
		} else {
			return d, nil
		}
		for p.peek(n).word("le", "les") {
			n++
		}
		save := p.i
		p.i += n
		if !p.atDays() || p.peek(0).word("du") {
			p.i = save
			return d, nil
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
func (p *frParser) timeRange() (span, error) {
	at := p.i
	start := p.peek(0)
	p.i++
	sep := p.peek(0)
	if !(sep.kind == fPunct && sep.text == "-" || sep.word("à", "a")) {
		// A lone time: "avant 17h", "9h/12h".
		return span{}, p.fail(at, "une heure seule : écrivez le début et la fin, « de 9h à 12h »")
	}
	end := p.peek(1)
	if end.word("midi") {
		end.kind, end.val = fTime, 12*60
	} else if end.word("minuit") {
		end.kind, end.val = fTime, dayMinutes
	}
	if end.kind != fTime {
		return span{}, p.fail(at, "l'heure de fin manque")
	}
	p.i += 2
	if t := p.peek(0); t.kind == fPunct && t.text == "-" && p.peek(1).kind == fTime {
		return span{}, p.fail(at, "plusieurs heures à la suite : écrivez « de 8h45 à 12h30 et de 13h30 à 17h30 »")
	}
	if start.val >= dayMinutes || end.val <= start.val {
		return span{}, p.failSpan(at, p.i-1, "l'heure de fin est avant l'heure de début")
	}
	return span{start.val, end.val}, nil
}

// emit writes the statements as opening_hours, one rule per set of days
// with the same hours.
func (p *frParser) emit(stmts []*frStatement, closed frDays) (string, error) {
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
	var phOpen *frStatement // the statement that opens on public holidays
	for _, s := range stmts {
		if s.closed {
			closed = closed.union(s.days) // "mercredi : fermé" wins wherever it stands
		}
		if s.except.ph {
			closed.ph = true // "sauf jours fériés": closed on public holidays
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
				return "", p.failSpan(s.first, s.last, "ce jour a déjà d'autres horaires plus haut")
			}
			for _, sp := range s.spans {
				for k, o := range w.spans {
					if w.owners[k] != id && sp.start < o.end && o.start < sp.end {
						// Overlapping hours from two statements: an exception we cannot place.
						return "", p.failSpan(s.first, s.last, "ces heures chevauchent celles données plus haut pour le même jour")
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
		if s.days.ph {
			if closed.ph {
				return "", p.failSpan(s.first, s.last, "les jours fériés sont dits ouverts ici et fermés ailleurs")
			}
			if phOpen != nil {
				return "", p.failSpan(s.first, s.last, "les jours fériés ont déjà d'autres horaires plus haut")
			}
			phOpen = s
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
	if out == "" || out == "PH off" {
		return "", &FrenchError{Reason: "aucun jour n'est ouvert"}
	}
	s, err := Parse(out)
	if err != nil {
		return "", &FrenchError{Reason: "ces horaires ne se convertissent pas (" + err.Error() + ")"}
	}
	return s.String(), nil
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
