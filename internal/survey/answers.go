package survey

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
)

// Answers maps a question's key to its answer: one value for every type
// but a multiple choice, which has one value per ticked choice. A scale or a
// number is written in decimal ("4", "2.5"), a commune as its INSEE code.
type Answers map[string][]string

// Value returns the single value of a question, "" when unanswered.
func (a Answers) Value(key string) string {
	if vs := a[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// Has reports whether the question was answered.
func (a Answers) Has(key string) bool { return len(a[key]) > 0 }

// Equal reports whether two answers to one question are the same (the order
// of ticked choices aside).
func Equal(x, y []string) bool {
	if len(x) != len(y) {
		return false
	}
	a, b := slices.Clone(x), slices.Clone(y)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// Visible reports whether q is asked, given the answers to the questions before it.
func Visible(q *Question, a Answers) bool {
	if q.ShowIf == nil {
		return true
	}
	for _, v := range a[q.ShowIf.Question] {
		if slices.Contains(q.ShowIf.Values, v) {
			return true
		}
	}
	return false
}

// Check validates answers against the definition and returns them cleaned:
// values trimmed, answers to questions the skip logic hides dropped (a hidden
// question is never answered). With complete set, every visible required
// question must be answered. Field names are the question keys.
func (d *Definition) Check(in Answers, complete bool) (Answers, error) {
	var v apperr.Validation
	out := make(Answers, len(in))
	qs := d.Questions()
	var unknown []string
	for k := range in {
		if !slices.ContainsFunc(qs, func(q *Question) bool { return q.Key == k }) {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	for _, k := range unknown {
		v.Add(k, "Question inconnue dans cette version du questionnaire : « "+k+" ».")
	}
	for _, q := range qs {
		if !Visible(q, out) {
			continue
		}
		vals := clean(in[q.Key])
		if len(vals) == 0 {
			if complete && q.Required {
				v.Add(q.Key, "Répondez à la question « "+q.Label+" ».")
			}
			continue
		}
		if msg := checkValues(q, vals); msg != "" {
			v.Add(q.Key, msg)
			continue
		}
		if q.Kind == Commune {
			vals[0] = strings.ToUpper(vals[0])
		}
		out[q.Key] = vals
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func clean(vals []string) []string {
	var out []string
	for _, s := range vals {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkValues returns why vals cannot answer q, "" when they can.
func checkValues(q *Question, vals []string) string {
	if q.Kind != MultipleChoice && len(vals) > 1 {
		return "Une seule réponse est attendue à « " + q.Label + " »."
	}
	switch q.Kind {
	case SingleChoice, District:
		if _, ok := q.Choice(vals[0]); !ok {
			return "Choix inconnu pour « " + q.Label + " » : « " + short(vals[0]) + " »."
		}
	case MultipleChoice:
		seen := map[string]bool{}
		exclusive := ""
		for _, s := range vals {
			c, ok := q.Choice(s)
			if !ok {
				return "Choix inconnu pour « " + q.Label + " » : « " + short(s) + " »."
			}
			if seen[s] {
				return "Le choix « " + c.Label + " » est coché deux fois."
			}
			seen[s] = true
			if c.Exclusive {
				exclusive = c.Label
			}
		}
		if exclusive != "" && len(vals) > 1 {
			return "« " + exclusive + " » ne se coche pas avec un autre choix."
		}
	case Scale:
		n, err := strconv.Atoi(vals[0])
		if err != nil || n < q.Min || n > q.Max {
			return fmt.Sprintf("Choisissez une valeur de %d à %d pour « %s ».", q.Min, q.Max, q.Label)
		}
	case Number:
		f, err := strconv.ParseFloat(strings.Replace(vals[0], ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "Saisissez un nombre pour « " + q.Label + " »."
		}
		if f < float64(q.Min) || f > float64(q.Max) {
			return fmt.Sprintf("Saisissez un nombre de %d à %d pour « %s ».", q.Min, q.Max, q.Label)
		}
		vals[0] = strconv.FormatFloat(f, 'f', -1, 64)
	case ShortText:
		if utf8.RuneCountInString(vals[0]) > q.MaxLength() {
			return fmt.Sprintf("Réponse trop longue à « %s » : %d caractères au plus.", q.Label, q.MaxLength())
		}
		if strings.ContainsAny(vals[0], "\x00\r") {
			return "La réponse à « " + q.Label + " » contient un caractère non permis."
		}
	case Commune:
		if !commune.ValidCode(strings.ToUpper(vals[0])) {
			return "Code INSEE de commune inconnu pour « " + q.Label + " » : « " + short(vals[0]) + " »."
		}
	}
	return ""
}

func short(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

// Differences lists the questions two entries of the same paper
// questionnaire answer differently, in questionnaire order.
func (d *Definition) Differences(a, b Answers) []string {
	var out []string
	for _, q := range d.Questions() {
		if !Equal(a[q.Key], b[q.Key]) {
			out = append(out, q.Key)
		}
	}
	return out
}

// Display writes an answer for people: choice labels, "Oui, Non", the commune's name.
func (q *Question) Display(vals []string) string {
	if len(vals) == 0 {
		return "—"
	}
	parts := make([]string, len(vals))
	for i, s := range vals {
		parts[i] = s
		switch {
		case q.Kind.HasChoices():
			if c, ok := q.Choice(s); ok {
				parts[i] = c.Label
			}
		case q.Kind == Commune:
			if c, ok := commune.Lookup(s); ok {
				parts[i] = c.Name + " (" + c.Code + ")"
			}
		}
	}
	return strings.Join(parts, ", ")
}

// codeAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// NewResumeCode returns a code to resume an answer later, « K7M4-PXRB ».
func NewResumeCode() string {
	code := randomString(codeAlphabet, 8)
	return code[:4] + "-" + code[4:]
}

// randomString draws n characters of alphabet uniformly (bytes past the
// last whole multiple of the alphabet's length are drawn again).
func randomString(alphabet string, n int) string {
	limit := 256 - 256%len(alphabet)
	out := make([]byte, 0, n)
	b := make([]byte, 1)
	for len(out) < n {
		_, _ = rand.Read(b)
		if int(b[0]) < limit {
			out = append(out, alphabet[int(b[0])%len(alphabet)])
		}
	}
	return string(out)
}

// NormalizeCode reads a code as people type it: spaces, dashes and case ignored.
func NormalizeCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(codeAlphabet, r) {
			b.WriteRune(r)
		}
	}
	out := b.String()
	if len(out) != 8 {
		return ""
	}
	return out[:4] + "-" + out[4:]
}

// HashCode is what the database keeps of a resume code.
func HashCode(code string) string {
	h := sha256.Sum256([]byte("parcours-reprise:" + code))
	return hex.EncodeToString(h[:])
}

// NewPublicToken returns the random part of a questionnaire's public address.
func NewPublicToken() string { return randomString("abcdefghijkmnpqrstuvwxyz23456789", 12) }
