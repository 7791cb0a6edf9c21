// Package csvsafe writes CSV files that a spreadsheet opens without running
// anything: a cell that would start a formula gets a leading apostrophe
// (OWASP's neutralisation), unless it is a plain number such as "-3" or
// "+33612345678".
package csvsafe

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// triggers start a formula in common spreadsheets (fullwidth forms included).
const triggers = "=+-@\t\r\n＝＋－＠"

// Cell returns s, prefixed with an apostrophe when a spreadsheet would read it
// as a formula.
func Cell(s string) string {
	if s == "" {
		return s
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune(triggers, r) {
		return s
	}
	if isNumber(s) {
		return s
	}
	return "'" + s
}

// isNumber reports whether s is a plain decimal number, sign included.
func isNumber(s string) bool {
	if s[0] != '+' && s[0] != '-' {
		return false
	}
	_, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return err == nil && !strings.ContainsAny(s, "eEinfINFxX")
}

// Writer is a csv.Writer that neutralises every cell.
type Writer struct {
	w   *csv.Writer
	buf []string
}

// NewWriter returns a Writer on w (comma separator, \n line ends).
func NewWriter(w io.Writer) *Writer { return &Writer{w: csv.NewWriter(w)} }

// Comma sets the field separator.
func (w *Writer) Comma(c rune) { w.w.Comma = c }

// CRLF makes lines end with \r\n.
func (w *Writer) CRLF() { w.w.UseCRLF = true }

// Write writes one record, each cell neutralised.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Cell(c))
	}
	return w.w.Write(w.buf)
}

// Flush writes buffered data and returns any error met so far.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}
