package hours

import (
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF     tokKind = iota
	tWord            // ASCII letters: weekday, month, keyword
	tNum             // digits
	tTime            // H:MM or HH:MM, val in minutes
	tAlways          // 24/7
	tComment         // "…", text without the quotes
	tPunct           // one of - , ; : / + [ ] ( ) or "||"
	tBad             // a run that looks like a time or number but is not one (10h00)
)

type token struct {
	kind tokKind
	text string // source text (for tComment, the inside of the quotes)
	pos  int    // byte offset in the source
	val  int    // tNum: value; tTime: minutes
}

// lex splits expr into tokens; whitespace only separates.
func lex(expr string, toks []token) ([]token, error) {
	i := 0
	for i < len(expr) {
		c := expr[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c >= '0' && c <= '9':
			tok, next := lexNumber(expr, i)
			toks = append(toks, tok)
			i = next
		case isLetter(c):
			j := i
			for j < len(expr) && (isLetter(expr[j]) || isDigit(expr[j])) {
				j++
			}
			toks = append(toks, token{kind: tWord, text: expr[i:j], pos: i})
			i = j
		case c == '"':
			end := strings.IndexByte(expr[i+1:], '"')
			if end < 0 {
				return nil, errAt(expr, i, `"`, msgOpenComment)
			}
			text := expr[i+1 : i+1+end]
			if !utf8.ValidString(text) {
				bad := i + 1
				for bad < i+1+end {
					r, size := utf8.DecodeRuneInString(expr[bad:])
					if r == utf8.RuneError && size == 1 {
						break
					}
					bad += size
				}
				return nil, errAt(expr, bad, "\ufffd", msgBadChar)
			}
			toks = append(toks, token{kind: tComment, text: text, pos: i})
			i += end + 2
		case c == '|':
			if i+1 < len(expr) && expr[i+1] == '|' {
				toks = append(toks, token{kind: tPunct, text: "||", pos: i})
				i += 2
				continue
			}
			return nil, errAt(expr, i, "|", msgBadChar)
		case strings.IndexByte("-,;:/+[]()", c) >= 0:
			toks = append(toks, token{kind: tPunct, text: expr[i : i+1], pos: i})
			i++
		case c < utf8.RuneSelf:
			return nil, errAt(expr, i, expr[i:i+1], msgBadChar)
		default:
			r, size := utf8.DecodeRuneInString(expr[i:])
			switch r {
			case '\u00a0', '\u202f', '\u2009':
				// Non-breaking and thin spaces come from word processors.
			case '\u2013', '\u2014', '\u2212':
				// En dash, em dash and minus sign are read as the hyphen they stand for.
				toks = append(toks, token{kind: tPunct, text: "-", pos: i})
			case '\u201c', '\u201d', '\u00ab', '\u00bb':
				return nil, errAt(expr, i, string(r), msgCommentQuote)
			default:
				if r == utf8.RuneError && size == 1 {
					return nil, errAt(expr, i, "\ufffd", msgBadChar)
				}
				return nil, errAt(expr, i, string(r), msgBadChar)
			}
			i += size
		}
	}
	return append(toks, token{kind: tEOF, pos: len(expr)}), nil
}

// lexNumber reads a number, a time (9:30, 09:30), 24/7, or a bad run such as
// "10h00" kept whole so that the error message shows it.
func lexNumber(expr string, i int) (token, int) {
	j := i
	for j < len(expr) && isDigit(expr[j]) {
		j++
	}
	if strings.HasPrefix(expr[j:], "/7") && expr[i:j] == "24" && (j+2 == len(expr) || !isAlnum(expr[j+2])) {
		return token{kind: tAlways, text: "24/7", pos: i}, j + 2
	}
	digits := j - i
	kind := tNum
	val := 0
	if j+1 < len(expr) && expr[j] == ':' && isDigit(expr[j+1]) {
		k := j + 1
		for k < len(expr) && isDigit(expr[k]) {
			k++
		}
		if digits <= 2 && k-j-1 == 2 {
			kind = tTime
			val = atoi(expr[i:j])*60 + atoi(expr[j+1:k])
			if atoi(expr[j+1:k]) > 59 {
				kind = tBad
			}
		} else {
			kind = tBad
		}
		j = k
	} else if digits <= 9 {
		val = atoi(expr[i:j])
	} else {
		kind = tBad
	}
	if j < len(expr) && (isLetter(expr[j]) || expr[j] == ':' && kind == tTime) {
		kind = tBad
		for j < len(expr) && (isAlnum(expr[j]) || expr[j] == ':') {
			j++
		}
	}
	return token{kind: kind, text: expr[i:j], pos: i, val: val}, j
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }

// errAt builds a SyntaxError at byte offset off, counting characters.
func errAt(expr string, off int, tok, msg string) *SyntaxError {
	if off > len(expr) {
		off = len(expr)
	}
	return &SyntaxError{Pos: utf8.RuneCountInString(expr[:off]) + 1, Token: tok, Msg: msg}
}
