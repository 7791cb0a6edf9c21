// Package textfold turns names into search keys that ignore case, accents
// and punctuation, so that "Évry-Courcouronnes", "EVRY COURCOURONNES" and
// "evry courcouronnes" compare equal.
package textfold

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Key returns the search key of s: lowercase, without diacritics, ligatures
// spelled out (œ → oe, æ → ae, ß → ss), every run of apostrophes, hyphens,
// punctuation, symbols and spaces turned into a single space, trimmed.
// Letters and digits of other scripts are kept, lowercased. Words are never
// abbreviated or expanded: "Saint" stays "saint". Invalid UTF-8 bytes count
// as separators, so the key is always valid UTF-8.
//
// Key is idempotent: Key(Key(s)) == Key(s).
func Key(s string) string {
	if isKey(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false // a separator is pending, written only if a letter follows
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			f := asciiFold[c]
			if f == 0 {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(f)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		f, l, kind := foldRune(r)
		switch kind {
		case drop:
			continue
		case separator:
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if kind == mapped {
			b.WriteString(f)
		} else {
			b.WriteRune(l)
		}
	}
	return b.String()
}

// Equal reports whether a and b have the same search key.
func Equal(a, b string) bool {
	return Key(a) == Key(b)
}

// isKey reports whether s is already a key made of ASCII only, the common
// case for typed queries, so Key can return it without allocating.
func isKey(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ' && prev != ' ':
		default:
			return false
		}
		prev = c
	}
	return true
}

type runeKind uint8

const (
	kept      runeKind = iota // written as the returned (lowercase) rune
	mapped                    // replaced by the returned ASCII string
	separator                 // becomes a word boundary
	drop                      // removed without a boundary
)

// foldRune classifies a non-ASCII rune and gives its replacement.
func foldRune(r rune) (string, rune, runeKind) {
	if r >= tableLo && r < tableHi {
		if f := latinFold[r-tableLo]; f != "" {
			return f, 0, mapped
		}
	}
	switch {
	case r == utf8.RuneError, r == '\u02BC', r == '\u02BB':
		// ʼ and ʻ are letters in Unicode but are typed as apostrophes.
		return "", 0, separator
	case r == '\u00B7', r == '\u2027', r == '\u00AD', r == '\u200C', r == '\u200D':
		// Middle dots (Catalan l·l, inclusive writing), soft hyphens and
		// joiners glue a word together rather than split it.
		return "", 0, drop
	case unicode.In(r, unicode.Mn, unicode.Me):
		// Combining accents of decomposed (NFD) input.
		return "", 0, drop
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.Mc, r):
		l := unicode.ToLower(r)
		if l == r {
			return "", r, kept
		}
		// The lowercase may itself need folding: K (Kelvin sign) → k, ẞ → ß → ss.
		if l < utf8.RuneSelf {
			if f := asciiFold[l]; f != 0 {
				return asciiStrings[f], 0, mapped
			}
			return "", 0, separator
		}
		if l >= tableLo && l < tableHi {
			if f := latinFold[l-tableLo]; f != "" {
				return f, 0, mapped
			}
		}
		return "", l, kept
	}
	return "", 0, separator
}

// asciiFold maps each ASCII byte to its lowercase letter or digit, or 0 for
// a separator.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := byte('0'); c <= '9'; c++ {
		t[c] = c
	}
	for c := byte('a'); c <= 'z'; c++ {
		t[c] = c
		t[c-'a'+'A'] = c
	}
	return t
}()

// asciiStrings avoids allocating one-letter strings for folded runes.
var asciiStrings = func() (t [utf8.RuneSelf]string) {
	for c := range t {
		t[c] = string(rune(c))
	}
	return t
}()

const (
	tableLo = 0x00AA // ª, first foldable rune
	tableHi = 0x0250 // end of Latin Extended-B
)

// latinFold maps the letters of Latin-1 Supplement, Latin Extended-A and the
// Romanian and pinyin letters of Latin Extended-B to their ASCII spelling.
var latinFold = func() (t [tableHi - tableLo]string) {
	for _, f := range []struct{ to, from string }{
		{"a", "ªÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǺǻȀȁȂȃ"},
		{"ae", "ÆæǼǽǢǣ"},
		{"c", "ÇçĆćĈĉĊċČč"},
		{"d", "ÐðĎďĐđ"},
		{"e", "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇ"},
		{"g", "ĜĝĞğĠġĢģǦǧǴǵ"},
		{"h", "ĤĥĦħ"},
		{"i", "ÌÍÎÏìíîïĨĩĪīĬĭĮįİıǏǐȈȉȊȋ"},
		{"ij", "Ĳĳ"},
		{"j", "Ĵĵǰ"},
		{"k", "ĶķĸǨǩ"},
		{"l", "ĹĺĻļĽľĿŀŁł"},
		{"n", "ÑñŃńŅņŇňŉŊŋǸǹ"},
		{"o", "ºÒÓÔÕÖØòóôõöøŌōŎŏŐőǑǒǾǿȌȍȎȏ"},
		{"oe", "Œœ"},
		{"r", "ŔŕŖŗŘřȐȑȒȓ"},
		{"s", "ŚśŜŝŞşŠšſȘș"},
		{"ss", "ß"},
		{"t", "ŢţŤťŦŧȚț"},
		{"th", "Þþ"},
		{"u", "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųǓǔǕǖǗǘǙǚǛǜȔȕȖȗ"},
		{"w", "Ŵŵ"},
		{"y", "ÝýÿŶŷŸ"},
		{"z", "ŹźŻżŽž"},
	} {
		for _, r := range f.from {
			t[r-tableLo] = f.to
		}
	}
	return t
}()
