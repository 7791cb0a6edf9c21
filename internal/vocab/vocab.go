// Package vocab is the one shape of a controlled vocabulary: a value as the
// standard spells it, the label people read, and an optional hint.
package vocab

import "strings"

// Choice is one value of a vocabulary.
type Choice struct {
	Value string // as the standard or the API spells it
	Label string // as people read it
	Hint  string // optional explanation under the label
}

// List is an ordered vocabulary.
type List []Choice

// Label returns the label of v, or v itself when the list does not hold it.
func (l List) Label(v string) string {
	for _, c := range l {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}

// Has reports whether v is one of the list's values.
func (l List) Has(v string) bool {
	for _, c := range l {
		if c.Value == v {
			return true
		}
	}
	return false
}

// Labels joins the labels of values with ", ".
func (l List) Labels(values []string) string {
	out := make([]string, 0, len(values))
	for _, v := range values {
		out = append(out, l.Label(v))
	}
	return strings.Join(out, ", ")
}

// Values lists the values in order.
func (l List) Values() []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = c.Value
	}
	return out
}
