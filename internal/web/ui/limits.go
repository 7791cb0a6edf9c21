package ui

import "unicode/utf8"

// MaxText is the most characters any submitted value may hold: a name, an
// address, a comment. Services refuse shorter maxima where the rule is
// tighter (a person's name, a workshop's description…); nothing longer
// than MaxText ever reaches them.
const MaxText = 10_000

// longFields are the few fields that take a pasted list or table, with
// their maxima (characters).
var longFields = map[string]int{
	"csv":             100_000, // population table of a territorial report
	"correspondances": 100_000, // column mapping of a survey import
	"quartiers":       100_000, // neighbourhoods of a territory
	"communes":        100_000, // communes of a territory
	"choix":           100_000, // choices of a question
}

// MaxLength is the most characters the field name may hold, shown in the
// form's message and checked before any handler runs.
func MaxLength(name string) int {
	if n, ok := longFields[name]; ok {
		return n
	}
	return MaxText
}

// tooLong reports whether v exceeds the maximum of field name.
func tooLong(name, v string) bool {
	max := MaxLength(name)
	return len(v) > max && utf8.RuneCountInString(v) > max
}

// MaxLength is the field's maximum, written in its maxlength attribute.
func (f Field) MaxLength() int { return MaxLength(f.Name) }

// TextLike reports whether the field takes typed text (maxlength applies).
func (f Field) TextLike() bool {
	switch f.Type {
	case "", "text", "email", "tel", "search", "url", "password":
		return true
	}
	return false
}
