// Package surveyimport reads the answers exported by LimeSurvey (CSV, with
// question codes as headings) and KoboToolbox (XLSX or CSV, with the XLSForm
// of the form), maps their columns and values onto a questionnaire, and
// accounts for every row: imported, duplicate or rejected with all its
// reasons. A row is imported whole or not at all.
package surveyimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// table is a file read as a header and rows; line is the row's line in the
// file (1 is the header).
type table struct {
	header []string
	rows   [][]string
	lines  []int
}

// MaxFileSize bounds an imported file.
const MaxFileSize = 32 << 20

// MaxRows bounds the rows of one import.
const MaxRows = 200_000

var errEmpty = apperr.New(apperr.Invalid, "Le fichier est vide.")

// isXLSX reports whether data is a zip archive (XLSX).
func isXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// readTable reads a CSV (comma, semicolon or tab; BOM removed) or the first
// sheet of an XLSX file.
func readTable(data []byte) (*table, error) {
	if len(data) == 0 {
		return nil, errEmpty
	}
	if len(data) > MaxFileSize {
		return nil, apperr.New(apperr.Invalid, fmt.Sprintf("Le fichier dépasse %d Mo.", MaxFileSize>>20))
	}
	if isXLSX(data) {
		return readXLSX(data, "")
	}
	return readCSV(data)
}

func readCSV(data []byte) (*table, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniff(data)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errEmpty
		}
		return nil, apperr.New(apperr.Invalid, "La ligne d'en-tête du fichier est illisible.")
	}
	t := &table{header: trimAll(header)}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, apperr.New(apperr.Invalid, fmt.Sprintf("Ligne %d illisible : guillemets mal fermés ou séparateur inattendu.", line))
		}
		if blank(rec) {
			continue
		}
		if len(t.rows) >= MaxRows {
			return nil, apperr.New(apperr.Invalid, fmt.Sprintf("Le fichier a plus de %d lignes : découpez-le.", MaxRows))
		}
		t.rows = append(t.rows, append([]string(nil), rec...))
		t.lines = append(t.lines, line)
	}
	return t, nil
}

// sniff picks the most frequent of , ; and tab outside quotes on the first line.
func sniff(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, b := range data {
		if b == '\n' && !quoted {
			break
		}
		switch b {
		case '"':
			quoted = !quoted
		case ',', ';', '\t':
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

// readXLSX reads a sheet (the first when name is empty) of an XLSX file.
func readXLSX(data []byte, sheet string) (*table, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "Le fichier XLSX est illisible.")
	}
	defer f.Close()
	if sheet == "" {
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return nil, errEmpty
		}
		sheet = sheets[0]
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "La feuille « "+sheet+" » est absente ou illisible.")
	}
	if len(rows) == 0 {
		return nil, errEmpty
	}
	t := &table{header: trimAll(rows[0])}
	for i, r := range rows[1:] {
		if blank(r) {
			continue
		}
		if len(t.rows) >= MaxRows {
			return nil, apperr.New(apperr.Invalid, fmt.Sprintf("Le fichier a plus de %d lignes : découpez-le.", MaxRows))
		}
		t.rows = append(t.rows, r)
		t.lines = append(t.lines, i+2)
	}
	return t, nil
}

// sheetNames lists the sheets of an XLSX file.
func sheetNames(data []byte) ([]string, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "Le fichier XLSX est illisible.")
	}
	defer f.Close()
	return f.GetSheetList(), nil
}

func trimAll(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.TrimSpace(v)
	}
	return out
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// cell returns a row's value in column i ("" past the end).
func cell(row []string, i int) string {
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}
