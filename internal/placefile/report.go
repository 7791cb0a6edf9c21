package placefile

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// FieldError is one reason a row cannot make a place: the schema field
// concerned ("" for the whole row) and a French message.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Rejected is a row that was not imported, with every reason.
type Rejected struct {
	Row    int          `json:"row"` // rank of the place in the file, 1 for the first (the CSV header is not counted)
	ID     string       `json:"id"`
	Errors []FieldError `json:"errors"`
}

// Warning is something an import changed, set aside or noticed on a row it
// imported (row 0: the whole file).
type Warning struct {
	Row     int    `json:"row"`
	ID      string `json:"id"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Report is the outcome of an import or of its check (dry run). Its JSON
// form is exactly {"total", "imported", "updated", "rejected", "warnings"}.
type Report struct {
	Total    int        `json:"total"`
	Imported int        `json:"imported"`
	Updated  int        `json:"updated"`
	Rejected []Rejected `json:"rejected"`
	Warnings []Warning  `json:"warnings"`

	Format    Format `json:"-"`
	DryRun    bool   `json:"-"`
	Unchanged int    `json:"-"` // updated rows identical to the stored place (not rewritten)
}

func newReport(f Format, dryRun bool) *Report {
	return &Report{Format: f, DryRun: dryRun, Rejected: []Rejected{}, Warnings: []Warning{}}
}

// JSON returns the report as indented JSON.
func (r *Report) JSON() []byte {
	b, _ := json.MarshalIndent(r, "", "  ")
	return append(b, '\n')
}

// ParseReport reads a report written by JSON.
func ParseReport(b []byte) (*Report, error) {
	r := &Report{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, err
	}
	if r.Rejected == nil {
		r.Rejected = []Rejected{}
	}
	if r.Warnings == nil {
		r.Warnings = []Warning{}
	}
	return r, nil
}

// Summary is the one-line French summary: total, imported, updated,
// rejected, warnings.
func (r *Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s : %s %s, %s mis à jour", Thousands(r.Total), plural(r.Total, "lieu lu", "lieux lus"),
		Thousands(r.Imported), plural(r.Imported, "importé", "importés"), Thousands(r.Updated))
	if r.Unchanged > 0 {
		fmt.Fprintf(&b, " (dont %s sans changement)", Thousands(r.Unchanged))
	}
	fmt.Fprintf(&b, ", %s %s, %s %s", Thousands(len(r.Rejected)), plural(len(r.Rejected), "refusé", "refusés"),
		Thousands(len(r.Warnings)), plural(len(r.Warnings), "avertissement", "avertissements"))
	if r.DryRun {
		b.WriteString(" — vérification seule : rien n'est enregistré")
	}
	b.WriteString(".")
	return b.String()
}

func plural(n int, one, many string) string {
	if n <= 1 {
		return one
	}
	return many
}

// Thousands writes 3811 as "3 811", the French way (narrow no-break space).
func Thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteString("\u202f")
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// Reason is a kind of message and how often it occurs.
type Reason struct {
	Field   string
	Message string // with the quoted values replaced by « … »
	Count   int
}

var (
	quotedValue = regexp.MustCompile(`« [^»]*»(, « [^»]*»)*`)
	parenValue  = regexp.MustCompile(`\([^)]*\)`)
	numberValue = regexp.MustCompile(`\b(ligne|n°) \d+\b|\d{3,}`)
)

// reasonOf is the kind of a message: its values (quoted, in parentheses,
// numbers) blanked out.
func reasonOf(field, msg string) string {
	msg = quotedValue.ReplaceAllString(msg, "« … »")
	msg = parenValue.ReplaceAllString(msg, "(…)")
	msg = numberValue.ReplaceAllStringFunc(msg, func(m string) string {
		if head, _, ok := strings.Cut(m, " "); ok {
			return head + " N"
		}
		return "N"
	})
	return field + "\x00" + msg
}

func topReasons(counts map[string]int, n int) []Reason {
	var out []Reason
	for k, c := range counts {
		f, m, _ := strings.Cut(k, "\x00")
		out = append(out, Reason{Field: f, Message: m, Count: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Field+out[i].Message < out[j].Field+out[j].Message
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// RejectionReasons groups the errors of rejected rows, most frequent first.
func (r *Report) RejectionReasons(n int) []Reason {
	counts := map[string]int{}
	for _, rej := range r.Rejected {
		for _, e := range rej.Errors {
			counts[reasonOf(e.Field, e.Message)]++
		}
	}
	return topReasons(counts, n)
}

// WarningReasons groups the warnings, most frequent first.
func (r *Report) WarningReasons(n int) []Reason {
	counts := map[string]int{}
	for _, w := range r.Warnings {
		counts[reasonOf(w.Field, w.Message)]++
	}
	return topReasons(counts, n)
}
