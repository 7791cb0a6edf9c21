package fragility

import (
	"fmt"
	"io"
	"strings"
)

// ProblemKind classifies what reading a file found.
type ProblemKind string

const (
	Missing    ProblemKind = "manquante"       // an empty cell, or a row too short to reach the column
	NotANumber ProblemKind = "non-numerique"   // a value that is not a number
	Negative   ProblemKind = "negative"        // a negative share: implausible, not used
	Above100   ProblemKind = "superieure-100"  // a share over 100 %: implausible, not used
	Conflict   ProblemKind = "contradictoire"  // a second, different value for the same commune: the first is kept
	Duplicate  ProblemKind = "doublon"         // the same commune on two rows of a file
	BadCode    ProblemKind = "code-invalide"   // not an INSEE commune code: row skipped
	PaddedCode ProblemKind = "code-complete"   // four digits: the lost leading zero put back
	Malformed  ProblemKind = "ligne-illisible" // a CSV line that cannot be read
	Repeated   ProblemKind = "valeur-repetee"  // a precise value shared by several communes: likely an estimate (kept)
)

var problemLabels = map[ProblemKind]string{
	Missing:    "valeurs manquantes",
	NotANumber: "valeurs non numériques (non utilisées)",
	Negative:   "valeurs négatives (non utilisées)",
	Above100:   "valeurs supérieures à 100 % (non utilisées)",
	Conflict:   "valeurs contradictoires pour une même commune (la première est gardée)",
	Duplicate:  "communes en double",
	BadCode:    "codes commune invalides (lignes ignorées)",
	PaddedCode: "codes à 4 chiffres complétés d'un zéro initial",
	Malformed:  "lignes illisibles",
	Repeated:   "valeurs précises identiques dans au moins 10 communes, probablement estimées par la source (gardées)",
}

// Label is the French description of k.
func (k ProblemKind) Label() string { return problemLabels[k] }

// Implausible reports whether k is a value that cannot be a share in percent.
func (k ProblemKind) Implausible() bool { return k == NotANumber || k == Negative || k == Above100 }

// Example is one occurrence of a problem.
type Example struct {
	Line    int // line in the file (1 is the header)
	Commune string
	Raw     string
}

// Problem counts one kind of problem and keeps its first examples.
type Problem struct {
	Kind     ProblemKind
	Count    int
	Examples []Example
}

type problems []Problem

func (ps *problems) add(k ProblemKind, ex Example, max int) {
	for i := range *ps {
		if (*ps)[i].Kind == k {
			p := &(*ps)[i]
			p.Count++
			if len(p.Examples) < max {
				p.Examples = append(p.Examples, ex)
			}
			return
		}
	}
	*ps = append(*ps, Problem{Kind: k, Count: 1, Examples: []Example{ex}})
}

func (ps problems) count(k ProblemKind) int {
	for _, p := range ps {
		if p.Kind == k {
			return p.Count
		}
	}
	return 0
}

// ColumnReport is what was found in one column of one file.
type ColumnReport struct {
	Header    string
	Indicator Indicator
	Values    int  // communes with a usable value
	Fraction  bool // given on a 0–1 scale, multiplied by 100
	Coverage  bool // coverage turned into non-coverage (100 − coverage)
	Min, Max  float64
	Problems  []Problem
	max       int
}

func (c *ColumnReport) add(k ProblemKind, ex Example) {
	(*problems)(&c.Problems).add(k, ex, c.max)
}

// Count returns the number of problems of kind k in the column.
func (c *ColumnReport) Count(k ProblemKind) int { return problems(c.Problems).count(k) }

// Implausible is the number of values that cannot be a share in percent.
func (c *ColumnReport) Implausible() int {
	return c.Count(NotANumber) + c.Count(Negative) + c.Count(Above100)
}

// FileReport is what was found in one file.
type FileReport struct {
	Name          string
	BOM           bool
	Separator     rune
	Rows          int // data rows
	Communes      int // distinct valid commune codes
	AbsentColumns []string
	Columns       []ColumnReport
	Problems      []Problem // row-level: codes, duplicates, unreadable lines
	max           int
}

func (f *FileReport) add(k ProblemKind, ex Example) {
	(*problems)(&f.Problems).add(k, ex, f.max)
}

// Count returns the number of row-level problems of kind k.
func (f *FileReport) Count(k ProblemKind) int { return problems(f.Problems).count(k) }

// Column returns the report of the column read into ind.
func (f *FileReport) Column(ind Indicator) (*ColumnReport, bool) {
	for i := range f.Columns {
		if f.Columns[i].Indicator == ind {
			return &f.Columns[i], true
		}
	}
	return nil, false
}

// Coverage is how many communes of the dataset have an indicator.
type Coverage struct {
	Indicator Indicator
	Present   int
	Missing   int      // no row in the file, an empty cell, or an implausible value
	Examples  []string // first communes without a value
}

// Report is everything reading the files found, for a person to act on.
type Report struct {
	Files      []FileReport
	Communes   int // communes in at least one file
	Indicators []Coverage
}

// File returns the report of the named file.
func (r *Report) File(name string) (*FileReport, bool) {
	for i := range r.Files {
		if r.Files[i].Name == name {
			return &r.Files[i], true
		}
	}
	return nil, false
}

// WriteText writes the report in French, for a command line.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	sep := map[rune]string{',': "virgule", ';': "point-virgule", '\t': "tabulation"}
	for _, f := range r.Files {
		fmt.Fprintf(&b, "Fichier %s : %d lignes, %d communes, séparateur %s", f.Name, f.Rows, f.Communes, sep[f.Separator])
		if f.BOM {
			b.WriteString(", marque d'ordre (BOM) retirée")
		}
		b.WriteString("\n")
		for _, h := range f.AbsentColumns {
			fmt.Fprintf(&b, "  colonne attendue absente : %s\n", h)
		}
		writeProblems(&b, "  ", f.Problems)
		for _, c := range f.Columns {
			fmt.Fprintf(&b, "  %s → %s : %d valeurs", c.Header, c.Indicator.Label(), c.Values)
			if c.Values > 0 {
				fmt.Fprintf(&b, " (de %.1f à %.1f)", c.Min, c.Max)
			}
			b.WriteString("\n")
			if c.Fraction {
				b.WriteString("    colonne donnée entre 0 et 1 : multipliée par 100\n")
			}
			if c.Coverage {
				b.WriteString("    couverture convertie en non-couverture (100 − couverture)\n")
			}
			writeProblems(&b, "    ", c.Problems)
		}
	}
	fmt.Fprintf(&b, "Ensemble : %d communes\n", r.Communes)
	for _, c := range r.Indicators {
		fmt.Fprintf(&b, "  %s : %d communes renseignées, %d sans valeur", c.Indicator.Label(), c.Present, c.Missing)
		if len(c.Examples) > 0 {
			fmt.Fprintf(&b, " (par exemple %s)", strings.Join(c.Examples, ", "))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeProblems(b *strings.Builder, indent string, ps []Problem) {
	for _, p := range ps {
		fmt.Fprintf(b, "%s%d %s ; par exemple :", indent, p.Count, p.Kind.Label())
		for _, ex := range p.Examples {
			b.WriteString(" ")
			if ex.Line > 0 {
				fmt.Fprintf(b, "ligne %d ", ex.Line)
			}
			if ex.Commune != "" {
				fmt.Fprintf(b, "commune %s ", ex.Commune)
			}
			if ex.Raw != "" {
				fmt.Fprintf(b, "« %s »", ex.Raw)
			}
			b.WriteString(";")
		}
		b.WriteString("\n")
	}
}
