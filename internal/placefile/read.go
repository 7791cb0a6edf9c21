package placefile

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
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

// readBuffer is how much of the file is held at a time while reading.
const readBuffer = 256 << 10

// open detects the format of a file and returns its rows, read from r as
// they come: the file is never held whole. A first pass over r finds its
// size and whether it is UTF-8 (else it is read as Windows-1252), then r
// is read again from its start. Warnings about the whole file (encoding,
// unknown columns) are returned with row 0.
func open(r io.ReadSeeker) (Format, recordSource, []Warning, int64, error) {
	var warnings []Warning
	size, valid, head, err := survey(r)
	if err != nil {
		return Format{}, nil, nil, 0, err
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return Format{}, nil, nil, 0, err
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if binary(head) {
		return Format{}, nil, nil, 0, fileError("Ce fichier n'est ni un CSV ni un JSON (fichier binaire : un classeur Excel ? Enregistrez-le au format CSV UTF-8).")
	}
	br := bufio.NewReaderSize(r, readBuffer)
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		_, _ = br.Discard(3)
	}
	if !valid {
		br = bufio.NewReaderSize(&windows1252Reader{r: br}, readBuffer)
		warnings = append(warnings, Warning{Field: "", Message: "Le fichier n'est pas en UTF-8 : il a été lu comme un fichier Windows-1252 (export Excel). Vérifiez les accents."})
	}
	first, err := firstNonSpace(br)
	if err != nil {
		return Format{}, nil, nil, 0, err
	}
	var f Format
	var src recordSource
	var w []Warning
	if first == '[' || first == '{' {
		f, src, w, err = openJSON(br, first)
	} else {
		f, src, w, err = openCSV(br)
	}
	return f, src, append(warnings, w...), size, err
}

// survey reads r once: its size, whether it is valid UTF-8, and its first
// bytes (for the binary check).
func survey(r io.Reader) (size int64, valid bool, head []byte, err error) {
	buf := make([]byte, 64<<10)
	valid = true
	var carry int // bytes of a rune cut at the end of the previous read
	for {
		n, err := io.ReadFull(r, buf[carry:])
		n += carry
		if len(head) < 4096+3 {
			head = append(head, buf[:min(n, 4096+3-len(head))]...)
		}
		size += int64(n - carry)
		end := err != nil
		cut := n
		if !end {
			// Keep an incomplete rune at the end for the next read.
			for i := n - 1; i >= 0 && i >= n-utf8.UTFMax; i-- {
				if utf8.RuneStart(buf[i]) {
					if !utf8.FullRune(buf[i:n]) {
						cut = i
					}
					break
				}
			}
		}
		if valid && !utf8.Valid(buf[:cut]) {
			valid = false
		}
		carry = copy(buf, buf[cut:n])
		if end {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return size, valid, head, nil
			}
			return 0, false, nil, err
		}
	}
}

// firstNonSpace returns the first byte after the blanks at the start of the
// file, which stay unread; "the file is empty" when there is none.
func firstNonSpace(br *bufio.Reader) (byte, error) {
	for {
		b, err := br.Peek(br.Size())
		if len(b) == 0 && err != nil && err != io.EOF {
			return 0, err
		}
		i := bytes.IndexFunc(b, func(r rune) bool { return !unicode.IsSpace(r) })
		if i >= 0 {
			return b[i], nil
		}
		if err != nil { // only blanks up to the end
			return 0, fileError("Le fichier est vide.")
		}
		_, _ = br.Discard(len(b)) // a buffer of blanks: read on
	}
}

// windows1252Reader decodes Windows-1252 text (what Excel writes for
// "CSV") into UTF-8.
type windows1252Reader struct {
	r   io.ByteReader
	out []byte // decoded, not yet returned
}

func (d *windows1252Reader) Read(p []byte) (int, error) {
	for len(d.out) < len(p) {
		c, err := d.r.ReadByte()
		if err != nil {
			if len(d.out) > 0 {
				break
			}
			return 0, err
		}
		switch {
		case c < 0x80:
			d.out = append(d.out, c)
		case c < 0xA0:
			d.out = utf8.AppendRune(d.out, cp1252[c-0x80])
		default:
			d.out = utf8.AppendRune(d.out, rune(c)) // Latin-1 range
		}
	}
	n := copy(p, d.out)
	d.out = d.out[:copy(d.out, d.out[n:])]
	return n, nil
}

// binarySignatures open the files people send by mistake: spreadsheets
// (XLSX, XLS), archives, images and PDFs.
var binarySignatures = []string{"PK\x03\x04", "\xd0\xcf\x11\xe0", "\x89PNG", "\xff\xd8\xff", "GIF8", "%PDF", "\x1f\x8b"}

// binary reports whether data is a binary file (a spreadsheet, an archive)
// rather than text holding a stray NUL, which rejects its row only.
func binary(data []byte) bool {
	for _, magic := range binarySignatures {
		if bytes.HasPrefix(data, []byte(magic)) {
			return true
		}
	}
	return bytes.Count(data[:min(len(data), 4096)], []byte{0}) > 8
}

// --- CSV ---

type csvSource struct {
	r       *csv.Reader
	header  []string
	row     int
	fields  map[string]string // reused from row to row: a record lives until the next
	pending []csvRead         // rows read ahead to detect the version
}

// csvRead is one read of the CSV reader, kept to be read again.
type csvRead struct {
	cells []string
	err   error
}

// versionRows is how many rows are read ahead to detect the version.
const versionRows = 50

func openCSV(br *bufio.Reader) (Format, recordSource, []Warning, error) {
	peek, _ := br.Peek(br.Size())
	firstLine, _, _ := bytes.Cut(peek, []byte("\n"))
	comma := sniffComma(string(firstLine))
	r := csv.NewReader(br)
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
	src := &csvSource{r: r, header: header}
	f := Format{Kind: CSV, Comma: comma, Version: versionFromColumns(header)}
	if f.Version == "" {
		f.Version = src.versionFromValues()
	}
	warnings := unknownColumnsWarning(header, f.Version)
	if d := duplicateColumns(header); d != "" {
		return Format{}, nil, nil, fileError(fmt.Sprintf("La colonne « %s » apparaît deux fois dans l'en-tête.", d))
	}
	return f, src, warnings, nil
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

// versionFromValues decides from the services of the first rows, read
// ahead and kept for next.
func (s *csvSource) versionFromValues() string {
	i := slices.Index(s.header, "services")
	if i < 0 {
		return V1
	}
	var values []string
	for n := 0; n < versionRows; n++ {
		cells, err := s.r.Read()
		if err == io.EOF {
			break
		}
		s.pending = append(s.pending, csvRead{cells, err})
		if err == nil && i < len(cells) {
			values = append(values, cells[i])
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
		var cells []string
		var err error
		if len(s.pending) > 0 {
			cells, err = s.pending[0].cells, s.pending[0].err
			s.pending = s.pending[1:]
		} else if cells, err = s.r.Read(); err == io.EOF {
			return record{}, io.EOF
		}
		s.row++
		rec := record{row: s.row}
		var perr *csv.ParseError
		if err != nil && !errors.As(err, &perr) {
			return record{}, err // the file itself could not be read
		}
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
	dec     *json.Decoder
	row     int
	pending []record // rows read ahead to detect the version
	replay  bool     // next returns the pending rows first
}

func openJSON(br *bufio.Reader, first byte) (Format, recordSource, []Warning, error) {
	if first == '{' {
		return Format{}, nil, nil, fileError("Le fichier JSON doit être une liste de lieux : [ {…}, {…} ].")
	}
	// The first records, read ahead and kept, decide the version.
	src, err := newJSONSource(br)
	if err != nil {
		return Format{}, nil, nil, err
	}
	var cols, services []string
	for n := 0; n < versionRows; n++ {
		rec, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Format{}, nil, nil, err
		}
		src.pending = append(src.pending, rec)
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
	src.replay = true
	if len(cols) > 0 && len(missingColumns(cols)) == len(requiredColumns) {
		return Format{}, nil, nil, fileError("Ces objets JSON ne décrivent pas des lieux : aucun n'a les champs id, nom, commune, code_postal, adresse, date_maj.")
	}
	f := Format{Kind: JSON, Version: versionFromColumns(cols)}
	if f.Version == "" {
		f.Version = versionFromServices(services)
	}
	slices.Sort(cols)
	return f, src, unknownColumnsWarning(cols, f.Version), nil
}

func newJSONSource(br *bufio.Reader) (*jsonSource, error) {
	for { // blanks before the list: the decoder's offsets start after them
		r, _, err := br.ReadRune()
		if err != nil {
			break
		}
		if !unicode.IsSpace(r) {
			_ = br.UnreadRune()
			break
		}
	}
	dec := json.NewDecoder(br)
	t, err := dec.Token()
	if err != nil || t != json.Delim('[') {
		return nil, fileError("Le fichier JSON doit être une liste de lieux : [ {…}, {…} ].")
	}
	return &jsonSource{dec: dec}, nil
}

func (s *jsonSource) offset() int64 { return s.dec.InputOffset() }

func (s *jsonSource) next() (record, error) {
	if s.replay && len(s.pending) > 0 {
		rec := s.pending[0]
		s.pending = s.pending[1:]
		return rec, nil
	}
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

var cp1252 = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
}
