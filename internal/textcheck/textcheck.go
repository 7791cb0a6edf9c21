// Package textcheck refuses text that no field of Parcours may hold: bytes
// that are not UTF-8, the NUL character (PostgreSQL cannot store it), other
// control characters except tab and line ends, and the invisible characters
// that reverse the direction of text (used to disguise names and file
// extensions). Every boundary (forms, the API, imports) asks it before any
// value reaches a service.
package textcheck

import (
	"unicode/utf8"
)

// Message is the French explanation shown next to a refused field.
const Message = "Ce champ contient un caractère invisible ou mal encodé (caractère nul, caractère de contrôle, inversion du sens du texte ou encodage autre que UTF-8) : retapez-le sans copier-coller."

// Valid reports whether s may be stored in a text field.
func Valid(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			return false
		}
		if forbidden(r) {
			return false
		}
		i += n
	}
	return true
}

// forbidden lists the C1 controls and the bidirectional embeddings,
// overrides and isolates.
func forbidden(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Clip returns s made valid for display (refused runes replaced by
// U+FFFD) and cut to 40 runes, to name a refused field.
func Clip(s string) string {
	out := make([]rune, 0, 40)
	for _, r := range s {
		if len(out) == 40 {
			return string(out) + "…"
		}
		if r == utf8.RuneError || r < 0x20 || r == 0x7f || forbidden(r) {
			r = utf8.RuneError
		}
		out = append(out, r)
	}
	return string(out)
}
