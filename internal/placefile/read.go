package placefile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
)

// Format describes a place file: schema version and container.
type Format struct {
	Version string // "v1" (schéma 1.0.x) or "v0.1"
	Kind    string // "csv" or "json"
	Comma   rune   // CSV column separator
}

// Versions and kinds of Format.
const (
	V1   = "v1"
	V01  = "v0.1"
	CSV  = "csv"
	JSON = "json"
)

// String names the format in French, for reports.
func (f Format) String() string {
	v := "schéma v1"
	if f.Version == V01 {
		v = "schéma v0.1 (ancien vocabulaire)"
	}
	if f.Kind == JSON {
		return v + ", JSON"
	}
	sep := "virgule"
	switch f.Comma {
	case ';':
		sep = "point-virgule"
	case '\t':
		sep = "tabulation"
	}
	return v + ", CSV (séparateur " + sep + ")"
}

// record is one row of a file: its cells by column name, and for JSON the
// arrays given as arrays.
type record struct {
	row    int
	fields map[string]string
	lists  map[string][]string
	err    string // the row could not be read at all
}

func (r *record) get(name string) string { return r.fields[name] }

// recordSource yields the rows of a file; next returns io.EOF at the end.
type recordSource interface {
	next() (record, error)
	offset() int64 // bytes consumed, for progress
}

// fileError is a problem that makes the whole file unreadable.
func fileError(msg string) error { return apperr.New(apperr.Invalid, msg) }

// open detects the format of data and returns its rows. Warnings about the
// whole file (encoding, unknown columns) are returned with row 0.
func open(data []byte) (Format, recordSource, []Warning, error) {
	var warnings []Warning
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		data = fromWindows1252(data)
		warnings = append(warnings, Warning{Field: "", Message: "Le fichier n'est pas en UTF-8 : il a été lu comme un fichier Windows-1252 (export Excel). Vérifiez les accents."})
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return Format{}, nil, nil, fileError("Le fichier est vide.")
	}
	if trimmed[0] == '[' || trimmed[0] == '{' {
		f, src, w, err := openJSON(trimmed)
		return f, src, append(warnings, w...), err
	}
	if binary(trimmed) {
		return Format{}, nil, nil, fileError("Ce fichier n'est ni un CSV ni un JSON (fichier binaire : un classeur Excel ? Enregistrez-le au format CSV UTF-8).")
	}
	f, src, w, err := openCSV(data)
	return f, src, append(warnings, w...), err
}

// binary reports whether data is a binary file (a spreadsheet, an archive)
// rather than text holding a stray NUL, which rejects its row only.
func binary(data []byte) bool {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")) {
		return true
	}
	return bytes.Count(data[:min(len(data), 4096)], []byte{0}) > 8
}

// --- CSV ---

type csvSource struct {
	r      *csv.Reader
	header []string
	row    int
	fields map[string]string // reused from row to row: a record lives until the next
}

func openCSV(data []byte) (Format, recordSource, []Warning, error) {
	firstLine, _, _ := bytes.Cut(data, []byte("\n"))
	comma := sniffComma(string(firstLine))
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if err != nil {
		return Format{}, nil, nil, fileError("Impossible de lire la ligne d'en-tête du CSV.")
	}
	for i, h := range header {
		header[i] = normalizeColumn(h)
	}
	if missing := missingColumns(header); len(missing) > 0 {
		return Format{}, nil, nil, fileError(fmt.Sprintf("Colonnes obligatoires absentes de l'en-tête : %s. La première ligne doit nommer les colonnes du schéma (id, pivot, nom, commune…).", strings.Join(missing, ", ")))
	}
	f := Format{Kind: CSV, Comma: comma, Version: versionFromColumns(header)}
	if f.Version == "" {
		f.Version = versionFromCSVValues(data, comma, header)
	}
	warnings := unknownColumnsWarning(header, f.Version)
	if d := duplicateColumns(header); d != "" {
		return Format{}, nil, nil, fileError(fmt.Sprintf("La colonne « %s » apparaît deux fois dans l'en-tête.", d))
	}
	return f, &csvSource{r: r, header: header}, warnings, nil
}

// sniffComma picks the separator that splits the header into most columns.
func sniffComma(line string) rune {
	best, bestN := ',', 0
	for _, c := range []rune{',', ';', '\t'} {
		if n := strings.Count(line, string(c)); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

func normalizeColumn(h string) string {
	h = strings.TrimSpace(strings.Trim(strings.TrimSpace(h), `"`))
	return strings.ToLower(strings.ReplaceAll(h, " ", "_"))
}

func missingColumns(cols []string) []string {
	var out []string
	for _, c := range requiredColumns {
		if !slices.Contains(cols, c) {
			out = append(out, c)
		}
	}
	return out
}

func duplicateColumns(cols []string) string {
	seen := map[string]bool{}
	for _, c := range cols {
		if c != "" && seen[c] {
			return c
		}
		seen[c] = true
	}
	return ""
}

// versionFromColumns decides between v0.1 and v1 from column names; "" when
// the names say nothing (both share most columns).
func versionFromColumns(cols []string) string {
	for _, c := range cols {
		if slices.Contains(v01Only, c) {
			return V01
		}
	}
	for _, c := range cols {
		if slices.Contains(v1Only, c) {
			return V1
		}
	}
	return ""
}

// versionFromServices decides from the services vocabulary and separator.
func versionFromServices(values []string) string {
	for _, v := range values {
		for s := range strings.SplitSeq(v, ";") {
			if _, ok := v01ServicesByKey[compactKey(s)]; ok {
				return V01
			}
		}
	}
	return V1
}

func versionFromCSVValues(data []byte, comma rune, header []string) string {
	i := slices.Index(header, "services")
	if i < 0 {
		return V1
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = comma, true, -1
	_, _ = r.Read()
	var values []string
	for n := 0; n < 50; n++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err == nil && i < len(rec) {
			values = append(values, rec[i])
		}
	}
	return versionFromServices(values)
}

func unknownColumnsWarning(cols []string, version string) []Warning {
	known := place.SchemaFields
	if version == V01 {
		known = v01Columns
	}
	var unknown []string
	for _, c := range cols {
		if c != "" && !slices.Contains(known, c) {
			unknown = append(unknown, c)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	return []Warning{{Message: fmt.Sprintf("Colonnes ignorées, absentes du schéma %s : %s.", version, strings.Join(unknown, ", "))}}
}

func (s *csvSource) offset() int64 { return s.r.InputOffset() }

func (s *csvSource) next() (record, error) {
	for {
		cells, err := s.r.Read()
		if err == io.EOF {
			return record{}, io.EOF
		}
		s.row++
		rec := record{row: s.row}
		var perr *csv.ParseError
		if err != nil && !(errors.As(err, &perr) && errors.Is(perr.Err, csv.ErrFieldCount)) {
			rec.err = "Ligne illisible dans le CSV (guillemets mal fermés ?)."
			return rec, nil
		}
		if len(cells) == 1 && strings.TrimSpace(cells[0]) == "" {
			s.row--
			continue // blank line
		}
		if len(cells) != len(s.header) {
			rec.err = fmt.Sprintf("La ligne compte %d colonnes au lieu de %d : les valeurs seraient décalées.", len(cells), len(s.header))
			rec.fields = map[string]string{"id": cellAt(cells, s.header, "id")}
			return rec, nil
		}
		if s.fields == nil {
			s.fields = make(map[string]string, len(cells))
		}
		clear(s.fields)
		rec.fields = s.fields
		for i, c := range cells {
			if s.header[i] != "" {
				rec.fields[s.header[i]] = c
			}
		}
		return rec, nil
	}
}

func cellAt(cells, header []string, name string) string {
	if i := slices.Index(header, name); i >= 0 && i < len(cells) {
		return cells[i]
	}
	return ""
}

// --- JSON ---

type jsonSource struct {
	dec *json.Decoder
	row int
}

func openJSON(data []byte) (Format, recordSource, []Warning, error) {
	if data[0] == '{' {
		return Format{}, nil, nil, fileError("Le fichier JSON doit être une liste de lieux : [ {…}, {…} ].")
	}
	// A first pass over a few records decides the version.
	probe, err := newJSONSource(data)
	if err != nil {
		return Format{}, nil, nil, err
	}
	var cols, services []string
	for n := 0; n < 50; n++ {
		rec, err := probe.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Format{}, nil, nil, err
		}
		for k := range rec.fields {
			if !slices.Contains(cols, k) {
				cols = append(cols, k)
			}
		}
		for k := range rec.lists {
			if !slices.Contains(cols, k) {
				cols = append(cols, k)
			}
		}
		if s := rec.get("services"); s != "" {
			services = append(services, s)
		}
		services = append(services, rec.lists["services"]...)
	}
	if len(cols) > 0 && len(missingColumns(cols)) == len(requiredColumns) {
		return Format{}, nil, nil, fileError("Ces objets JSON ne décrivent pas des lieux : aucun n'a les champs id, nom, commune, code_postal, adresse, date_maj.")
	}
	f := Format{Kind: JSON, Version: versionFromColumns(cols)}
	if f.Version == "" {
		f.Version = versionFromServices(services)
	}
	slices.Sort(cols)
	src, err := newJSONSource(data)
	return f, src, unknownColumnsWarning(cols, f.Version), err
}

func newJSONSource(data []byte) (*jsonSource, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	t, err := dec.Token()
	if err != nil || t != json.Delim('[') {
		return nil, fileError("Le fichier JSON doit être une liste de lieux : [ {…}, {…} ].")
	}
	return &jsonSource{dec: dec}, nil
}

func (s *jsonSource) offset() int64 { return s.dec.InputOffset() }

func (s *jsonSource) next() (record, error) {
	if !s.dec.More() {
		return record{}, io.EOF
	}
	s.row++
	rec := record{row: s.row, fields: map[string]string{}}
	var obj map[string]json.RawMessage
	if err := s.dec.Decode(&obj); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) { // the value was read whole: the next one follows
			rec.err = "Cet élément de la liste n'est pas un objet JSON { … }."
			return rec, nil
		}
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return record{}, fileError(fmt.Sprintf("JSON illisible à l'octet %d (après le lieu n° %d).", syn.Offset, s.row-1))
		}
		return record{}, fileError(fmt.Sprintf("JSON illisible après le lieu n° %d.", s.row-1))
	}
	if obj == nil {
		rec.err = "Cet élément de la liste n'est pas un objet JSON { … }."
		return rec, nil
	}
	for k, v := range obj {
		k = normalizeColumn(k)
		switch {
		case len(v) == 0 || string(v) == "null":
		case v[0] == '"':
			rec.fields[k] = jsonString(v)
		case v[0] == '[':
			var items []any
			if json.Unmarshal(v, &items) != nil {
				continue
			}
			list := make([]string, 0, len(items))
			for _, e := range items {
				if e != nil {
					list = append(list, fmt.Sprint(e))
				}
			}
			if rec.lists == nil {
				rec.lists = map[string][]string{}
			}
			rec.lists[k] = list
		default: // numbers and booleans as written; objects as JSON text
			rec.fields[k] = string(v)
		}
	}
	return rec, nil
}

// jsonString decodes a JSON string, quickly when it has no escape.
func jsonString(v json.RawMessage) string {
	if len(v) >= 2 && bytes.IndexByte(v, '\\') < 0 {
		return string(v[1 : len(v)-1])
	}
	var s string
	_ = json.Unmarshal(v, &s)
	return s
}

// fromWindows1252 decodes Windows-1252 text (what Excel writes for "CSV").
func fromWindows1252(b []byte) []byte {
	var out strings.Builder
	out.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			out.WriteByte(c)
		case c < 0xA0:
			out.WriteRune(cp1252[c-0x80])
		default:
			out.WriteRune(rune(c)) // Latin-1 range
		}
	}
	return []byte(out.String())
}

var cp1252 = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
}
