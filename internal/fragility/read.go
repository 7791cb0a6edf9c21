package fragility

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Column maps a column of an indicator file to an indicator.
type Column struct {
	Headers   []string // accepted headers, compared without case, spaces or hyphens
	Indicator Indicator
	Coverage  bool // the file gives coverage: the index uses 100 − coverage
	Source    string
	Year      int
}

// FileSpec describes one indicator file: one row per commune.
type FileSpec struct {
	Name        string   // file name, for reports and ReadDir
	CodeHeaders []string // accepted headers of the INSEE commune code
	NameHeaders []string // accepted headers of the commune name (optional)
	Columns     []Column
}

// Headers under which INSEE, ARCEP and derived files give the commune code and name.
var (
	CodeHeaders = []string{"CODE_INSEE", "CODGEO", "INSEE_COM", "CODE_COMMUNE_INSEE", "CODE_COMMUNE", "DEPCOM", "COM"}
	NameHeaders = []string{"LIBCOM", "LIBGEO", "NOM_COM", "NOM_COMMUNE", "LIBELLE"}
)

// Sources of the files of dataforgoodfr/batch8_mednum, as its notebooks describe them.
const (
	sourceCensus2017 = "Insee, recensement de la population 2017 (calcul Data For Good)"
	sourceTHD2020    = "Arcep, couverture fixe ≥ 30 Mbit/s (calcul Data For Good, 2020)"
	// The notebook taux_couverture_mobile.ipynb scores the presence of 4G/3G/2G
	// antenna sites on the commune (0.5/0.3/0.2), not a share of territory covered.
	sourceMobile2020 = "Arcep, sites mobiles au 30 juin 2020 : présence d'antennes 4G/3G/2G sur la commune (score 0,5/0,3/0,2, calcul Data For Good)"
	// The notebook Getting_data_poverty.ipynb computes the share of tax households
	// under 12,000 € of reference income (DGFiP IRCOM), not Filosofi's poverty rate.
	sourcePoverty2018 = "DGFiP IRCOM, revenus 2018 : part des foyers fiscaux sous 12 000 € de revenu fiscal de référence (calcul Data For Good, à défaut du taux de pauvreté Filosofi)"
)

// BatchMedNum2020 describes the four files of the Data For Good MedNum
// project (2020), the shape of shared/data/fragilite.
var BatchMedNum2020 = []FileSpec{
	{
		Name:        "data_scol_menage_demandeurEmplois.csv",
		CodeHeaders: CodeHeaders,
		Columns: []Column{
			{Headers: []string{"TX_NSCOL15P"}, Indicator: LowDiploma, Source: sourceCensus2017, Year: 2017},
			{Headers: []string{"TX_65ETPLUS"}, Indicator: Aged65, Source: sourceCensus2017, Year: 2017},
			{Headers: []string{"TX_MENSEUL"}, Indicator: OnePerson, Source: sourceCensus2017, Year: 2017},
			{Headers: []string{"TX_FAMMONO"}, Indicator: SingleParent, Source: sourceCensus2017, Year: 2017},
			{Headers: []string{"TX_25ETMOINS"}, Indicator: Aged25, Source: sourceCensus2017, Year: 2017},
			{Headers: []string{"TX_DEMANDEURS_EMPLOI"}, Indicator: JobSeekers, Source: sourceCensus2017, Year: 2017},
		},
	},
	{
		Name:        "taux_couverture_THD.csv",
		CodeHeaders: CodeHeaders,
		NameHeaders: NameHeaders,
		Columns:     []Column{{Headers: []string{"TAUX_COUVERTURE_THD"}, Indicator: NoVeryHighSpeed, Coverage: true, Source: sourceTHD2020, Year: 2020}},
	},
	{
		Name:        "taux_couverture_mobile.csv",
		CodeHeaders: CodeHeaders,
		NameHeaders: NameHeaders,
		Columns:     []Column{{Headers: []string{"COUVERTURE_MOBILE"}, Indicator: NoMobile, Coverage: true, Source: sourceMobile2020, Year: 2020}},
	},
	{
		Name:        "taux_pauvrete.csv",
		CodeHeaders: CodeHeaders,
		Columns:     []Column{{Headers: []string{"TX_POVERTY"}, Indicator: Poverty, Source: sourcePoverty2018, Year: 2018}},
	},
}

// ReadDir reads the files of specs from dir.
func ReadDir(dir string, specs []FileSpec) (*Dataset, *Report, error) {
	l := NewLoader()
	for _, spec := range specs {
		f, err := os.Open(filepath.Join(dir, spec.Name))
		if err != nil {
			return nil, nil, apperr.Wrap(apperr.Invalid, fmt.Sprintf("Le fichier %s est introuvable ou illisible.", spec.Name), err)
		}
		err = l.Read(f, spec)
		f.Close()
		if err != nil {
			return nil, nil, err
		}
	}
	d, rep := l.Finish()
	return d, rep, nil
}

// Loader reads indicator files one after the other into one dataset.
type Loader struct {
	MaxExamples int // examples kept per problem; 0 means 5
	communes    map[string]*Commune
	report      Report
}

// NewLoader returns an empty loader.
func NewLoader() *Loader {
	return &Loader{communes: map[string]*Commune{}}
}

// cell is one value of a row before the column's scale is known.
type cell struct {
	raw    string
	v      float64
	status ProblemKind // "" for a number, Missing or NotANumber
}

type row struct {
	line  int
	code  string
	name  string
	cells []cell
}

// Read reads one file. It fails only when the file cannot be used at all (no
// header, no commune code column, none of the spec's columns); every other
// problem is counted in the report, with examples.
func (l *Loader) Read(r io.Reader, spec FileSpec) error {
	if l.MaxExamples <= 0 {
		l.MaxExamples = 5
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return apperr.Wrap(apperr.Invalid, fmt.Sprintf("Le fichier %s est illisible.", spec.Name), err)
	}
	fr := FileReport{Name: spec.Name, max: l.MaxExamples}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data = data[3:]
		fr.BOM = true
	}
	fr.Separator = sniffSeparator(data)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = fr.Separator
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return apperr.Wrap(apperr.Invalid, fmt.Sprintf("Le fichier %s n'a pas de ligne d'en-tête lisible.", spec.Name), err)
	}
	codeCol := findHeader(header, spec.CodeHeaders)
	if codeCol < 0 {
		return apperr.New(apperr.Invalid, fmt.Sprintf("Le fichier %s n'a pas de colonne de code commune (%s).", spec.Name, strings.Join(spec.CodeHeaders, ", ")))
	}
	nameCol := findHeader(header, spec.NameHeaders)
	var cols []int
	var specs []Column
	for _, c := range spec.Columns {
		i := findHeader(header, c.Headers)
		if i < 0 {
			fr.AbsentColumns = append(fr.AbsentColumns, c.Headers[0])
			continue
		}
		cols = append(cols, i)
		specs = append(specs, c)
		fr.Columns = append(fr.Columns, ColumnReport{Header: strings.TrimSpace(header[i]), Indicator: c.Indicator, Coverage: c.Coverage, max: l.MaxExamples})
	}
	if len(cols) == 0 {
		return apperr.New(apperr.Invalid, fmt.Sprintf("Le fichier %s n'a aucune des colonnes attendues.", spec.Name))
	}

	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			fr.add(Malformed, Example{Line: line, Raw: err.Error()})
			continue
		}
		line, _ := cr.FieldPos(0)
		fr.Rows++
		if codeCol >= len(rec) {
			fr.add(Malformed, Example{Line: line, Raw: strings.Join(rec, string(fr.Separator))})
			continue
		}
		raw := rec[codeCol]
		code, padded, ok := normalizeCode(raw)
		if !ok {
			fr.add(BadCode, Example{Line: line, Raw: raw})
			continue
		}
		if padded {
			fr.add(PaddedCode, Example{Line: line, Commune: code, Raw: raw})
		}
		rw := row{line: line, code: code, cells: make([]cell, len(cols))}
		if nameCol >= 0 && nameCol < len(rec) {
			rw.name = strings.TrimSpace(rec[nameCol])
		}
		for k, i := range cols {
			if i >= len(rec) {
				rw.cells[k] = cell{status: Missing}
				continue
			}
			rw.cells[k] = parseCell(rec[i])
		}
		rows = append(rows, rw)
	}
	l.store(&fr, rows, specs)
	l.report.Files = append(l.report.Files, fr)
	return nil
}

// store checks each column's scale and range, then keeps the values.
func (l *Loader) store(fr *FileReport, rows []row, specs []Column) {
	repeated := make([]map[string]int, len(specs))
	for k := range specs {
		fr.Columns[k].Fraction = isFraction(rows, k)
		repeated[k] = repeatedValues(rows, k)
	}
	const (
		unseen   = iota
		empty    // only empty cells seen
		rejected // an implausible value seen, no usable one
		set
	)
	state := map[string][]uint8{}
	first := map[string]int{}
	for _, rw := range rows {
		st, dup := state[rw.code]
		if dup {
			fr.add(Duplicate, Example{Line: rw.line, Commune: rw.code, Raw: fmt.Sprintf("déjà ligne %d", first[rw.code])})
		} else {
			st = make([]uint8, len(specs))
			state[rw.code] = st
			first[rw.code] = rw.line
		}
		c := l.commune(rw.code)
		if c.Name == "" {
			c.Name = rw.name
		}
		for k, spec := range specs {
			cr := &fr.Columns[k]
			ce := rw.cells[k]
			ex := Example{Line: rw.line, Commune: rw.code, Raw: ce.raw}
			if ce.status == Missing {
				if st[k] == unseen {
					st[k] = empty
				}
				continue
			}
			if ce.status == NotANumber {
				cr.add(NotANumber, ex)
				if st[k] != set {
					st[k] = rejected
				}
				continue
			}
			v := ce.v
			if v < 0 {
				cr.add(Negative, ex)
				if st[k] != set {
					st[k] = rejected
				}
				continue
			}
			if cr.Fraction {
				v *= 100
			}
			if v > 100 {
				if v > 100*(1+1e-9) {
					cr.add(Above100, ex)
					if st[k] != set {
						st[k] = rejected
					}
					continue
				}
				v = 100
			}
			if spec.Coverage {
				v = 100 - v
			}
			if repeated[k][ce.raw] > 0 {
				cr.add(Repeated, ex)
			}
			i := indexOf(spec.Indicator)
			if st[k] == set {
				if math.Abs(c.values[i].Value-v) > 1e-9 {
					cr.add(Conflict, ex)
				}
				continue
			}
			if c.has[i] {
				// Another file already gave this indicator: the first file read wins.
				cr.add(Conflict, ex)
				continue
			}
			st[k] = set
			c.values[i] = Value{Value: v, Source: spec.Source, Year: spec.Year}
			c.has[i] = true
			cr.Values++
			if cr.Values == 1 || v < cr.Min {
				cr.Min = v
			}
			if cr.Values == 1 || v > cr.Max {
				cr.Max = v
			}
		}
	}
	fr.Communes = len(state)
	codes := make([]string, 0, len(state))
	for code := range state {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		for k, s := range state[code] {
			if s == empty {
				fr.Columns[k].add(Missing, Example{Line: first[code], Commune: code})
			}
		}
	}
}

// repeatedValues returns the values of column k written with at least six
// decimals, shared by at least ten rows and not a simple fraction (p/q with
// q ≤ 100, as in small communes): such repeats are estimates, e.g. a
// department median given to communes INSEE does not publish. On the 2020
// files, fewer than ten communes ever share a census or coverage value.
func repeatedValues(rows []row, k int) map[string]int {
	count := map[string]int{}
	for _, rw := range rows {
		c := rw.cells[k]
		if c.status != "" {
			continue
		}
		if dot := strings.IndexAny(c.raw, ".,"); dot >= 0 && len(strings.TrimSpace(c.raw))-dot-1 >= 6 {
			count[c.raw]++
		}
	}
	for raw, n := range count {
		if n < 10 || simpleFraction(parseCell(raw).v) {
			delete(count, raw)
		}
	}
	return count
}

// simpleFraction reports whether the percentage x is 100·p/q for some q ≤ 100.
func simpleFraction(x float64) bool {
	for q := 1.0; q <= 100; q++ {
		p := math.Round(x * q / 100)
		if math.Abs(x-100*p/q) < 1e-9 {
			return true
		}
	}
	return false
}

// isFraction reports whether column k is given on a 0–1 scale: every
// non-negative value lies within [0, 1] and at least one strictly between.
func isFraction(rows []row, k int) bool {
	between := false
	for _, rw := range rows {
		c := rw.cells[k]
		if c.status != "" || c.v < 0 {
			continue
		}
		if c.v > 1 {
			return false
		}
		if c.v > 0 && c.v < 1 {
			between = true
		}
	}
	return between
}

func (l *Loader) commune(code string) *Commune {
	c, ok := l.communes[code]
	if !ok {
		c = &Commune{Code: code}
		l.communes[code] = c
	}
	return c
}

// Finish returns the dataset of every commune read and the full report.
func (l *Loader) Finish() (*Dataset, *Report) {
	d := newDataset(l.communes)
	rep := l.report
	rep.Communes = len(d.Communes)
	max := l.MaxExamples
	if max <= 0 {
		max = 5
	}
	for _, ind := range all {
		read := false
		for _, f := range rep.Files {
			for _, c := range f.Columns {
				read = read || c.Indicator == ind
			}
		}
		if !read {
			continue
		}
		cov := Coverage{Indicator: ind}
		i := indexOf(ind)
		for _, c := range d.Communes {
			if c.has[i] {
				cov.Present++
				continue
			}
			cov.Missing++
			if len(cov.Examples) < max {
				cov.Examples = append(cov.Examples, c.Code)
			}
		}
		rep.Indicators = append(rep.Indicators, cov)
	}
	return d, &rep
}

// sniffSeparator picks the most frequent of ; , and tab outside quotes on the first line.
func sniffSeparator(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, b := range data {
		if b == '\n' && !quoted {
			break
		}
		switch b {
		case '"':
			quoted = !quoted
		case ';', ',', '\t':
			if !quoted {
				counts[rune(b)]++
			}
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// canonical compares headers without case, surrounding spaces, quotes, or
// the difference between space, hyphen and underscore.
func canonical(s string) string {
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	s = strings.ToUpper(s)
	return strings.NewReplacer(" ", "_", "-", "_").Replace(s)
}

func findHeader(header []string, names []string) int {
	for _, n := range names {
		for i, h := range header {
			if canonical(h) == canonical(n) {
				return i
			}
		}
	}
	return -1
}

// normalizeCode returns the five-character INSEE code of raw: four digits
// get their lost leading zero back (01001 read as a number), a trailing
// ".0" from a spreadsheet is dropped, Corsica keeps 2A/2B.
func normalizeCode(raw string) (code string, padded, ok bool) {
	s := strings.ToUpper(strings.Trim(strings.TrimSpace(raw), `"'`))
	s = strings.TrimSuffix(s, ".0")
	if len(s) == 4 && digits(s) {
		s, padded = "0"+s, true
	}
	if len(s) != 5 {
		return "", false, false
	}
	if digits(s) || (s[0] == '2' && (s[1] == 'A' || s[1] == 'B') && digits(s[2:])) {
		return s, padded, true
	}
	return "", false, false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// missingMarks are the spellings of "no value" found in INSEE, ARCEP and pandas exports.
var missingMarks = map[string]bool{"": true, "NA": true, "N/A": true, "NAN": true, "NULL": true, "ND": true, "N.D.": true, "NC": true, "N.C.": true, "S": true, "-": true, ".": true}

var noBreakSpaces = strings.NewReplacer("\u00a0", "", "\u202f", "")

// parseCell reads a number written with a decimal point or comma, with an optional %.
func parseCell(raw string) cell {
	s := strings.TrimSpace(noBreakSpaces.Replace(raw))
	s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
	if missingMarks[strings.ToUpper(s)] {
		return cell{raw: raw, status: Missing}
	}
	if strings.Contains(s, ",") && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return cell{raw: raw, status: NotANumber}
	}
	return cell{raw: raw, v: v}
}
