package pass

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// MaxImportRows bounds an issuer's list read at once.
const MaxImportRows = 20000

// Row is the outcome of one line of an issuer's list: every line is
// accounted for, with the reason it was refused.
type Row struct {
	Line   int
	Carnet string
	Number string
	Error  string // "" when the line is accepted
}

// IssuerList is an issuer's list read and checked: its carnets when every
// line is accepted, and the outcome of each line.
type IssuerList struct {
	Carnets []NewCarnet
	Rows    []Row
}

// Refused counts the lines refused.
func (l IssuerList) Refused() int {
	n := 0
	for _, r := range l.Rows {
		if r.Error != "" {
			n++
		}
	}
	return n
}

// columns accepted in an issuer's list, by normalized header.
var columns = map[string]string{
	"carnet": "carnet", "numero_carnet": "carnet", "n_carnet": "carnet", "id_carnet": "carnet",
	"pass": "pass", "numero": "pass", "numero_pass": "pass", "n_pass": "pass", "cheque": "pass",
	"fin_validite": "fin", "date_fin_validite": "fin", "validite": "fin", "date_validite": "fin",
	"valeur": "valeur", "montant": "valeur",
}

func headerKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
	r := strings.NewReplacer("é", "e", "è", "e", "°", "", "º", "", " ", "_", "-", "_", "'", "_", ".", "")
	return r.Replace(s)
}

// ErrUnreadable is returned for a file that is not a CSV list at all.
var ErrUnreadable = errors.New("unreadable issuer list")

// ReadIssuerList reads the issuer's CSV list (separator ; or ,, UTF-8), one
// line per pass: carnet, pass number, end of validity and optionally the
// value (10 €). A carnet must hold 5 or 10 passes sharing one end of
// validity. Lines are checked against each other; the store then checks
// them against what is recorded.
func ReadIssuerList(r io.Reader) (IssuerList, error) {
	data, err := io.ReadAll(io.LimitReader(r, 8<<20))
	if err != nil {
		return IssuerList{}, err
	}
	if !utf8.Valid(data) {
		return IssuerList{}, fmt.Errorf("%w: the file is not UTF-8", ErrUnreadable)
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ','
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return IssuerList{}, fmt.Errorf("%w: %v", ErrUnreadable, err)
	}
	at := map[string]int{}
	for i, h := range header {
		if c, ok := columns[headerKey(h)]; ok {
			if _, dup := at[c]; !dup {
				at[c] = i
			}
		}
	}
	for _, c := range []string{"carnet", "pass", "fin"} {
		if _, ok := at[c]; !ok {
			return IssuerList{}, fmt.Errorf("%w: missing column %s", ErrUnreadable, c)
		}
	}
	cell := func(rec []string, c string) string {
		i, ok := at[c]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var list IssuerList
	byCarnet := map[string][]int{} // carnet → indexes of its accepted rows
	var order []string
	seen := map[string]int{} // pass → line
	dates := map[string]string{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if len(list.Rows) >= MaxImportRows {
			return IssuerList{}, fmt.Errorf("%w: more than %d lines", ErrUnreadable, MaxImportRows)
		}
		if err != nil {
			list.Rows = append(list.Rows, Row{Line: line, Error: "Ligne illisible : vérifiez les guillemets et le séparateur."})
			continue
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			line-- // blank lines are not lines of the list
			continue
		}
		row := Row{Line: line, Carnet: NormalizeNumber(cell(rec, "carnet")), Number: NormalizeNumber(cell(rec, "pass"))}
		end, okDate := ParseDate(cell(rec, "fin"))
		switch {
		case !ValidNumber(row.Carnet):
			row.Error = "Numéro de carnet absent ou illisible."
		case !ValidNumber(row.Number):
			row.Error = "Numéro de pass absent ou illisible."
		case !okDate:
			row.Error = "Date de fin de validité illisible (attendu : 31/12/2027 ou 2027-12-31)."
		case !tenEuros(cell(rec, "valeur")):
			row.Error = "Valeur différente de 10 € : seuls les pass de 10 € sont acceptés."
		case seen[row.Number] != 0:
			row.Error = fmt.Sprintf("Pass déjà présent ligne %d.", seen[row.Number])
		case dates[row.Carnet] != "" && dates[row.Carnet] != end:
			row.Error = "Date de fin de validité différente des autres pass du même carnet."
		}
		if row.Error == "" {
			seen[row.Number] = line
			if _, ok := byCarnet[row.Carnet]; !ok {
				order = append(order, row.Carnet)
				dates[row.Carnet] = end
			}
			byCarnet[row.Carnet] = append(byCarnet[row.Carnet], len(list.Rows))
		}
		list.Rows = append(list.Rows, row)
	}
	for _, c := range order {
		idx := byCarnet[c]
		if n := len(idx); n != 5 && n != 10 {
			for _, i := range idx {
				list.Rows[i].Error = fmt.Sprintf("Le carnet %s compte %d pass lisibles : un carnet en compte 5 ou 10.", c, n)
			}
			continue
		}
		nc := NewCarnet{Identifier: c, ValidUntil: dates[c]}
		for _, i := range idx {
			nc.Numbers = append(nc.Numbers, list.Rows[i].Number)
		}
		list.Carnets = append(list.Carnets, nc)
	}
	if len(list.Rows) == 0 {
		return IssuerList{}, fmt.Errorf("%w: no line", ErrUnreadable)
	}
	return list, nil
}

// MarkRecorded refuses the lines whose carnet or pass is already recorded,
// and drops their carnets, so that nothing is half applied.
func (l *IssuerList) MarkRecorded(carnets, numbers map[string]bool) {
	bad := map[string]bool{}
	for i, r := range l.Rows {
		switch {
		case r.Error != "":
		case carnets[r.Carnet]:
			l.Rows[i].Error = "Carnet " + r.Carnet + " déjà enregistré."
			bad[r.Carnet] = true
		case numbers[r.Number]:
			l.Rows[i].Error = "Pass " + r.Number + " déjà enregistré."
			bad[r.Carnet] = true
		}
	}
	if len(bad) == 0 {
		return
	}
	for i, r := range l.Rows {
		if r.Error == "" && bad[r.Carnet] {
			l.Rows[i].Error = "Carnet " + r.Carnet + " refusé : une autre ligne du carnet est refusée."
		}
	}
	kept := l.Carnets[:0]
	for _, c := range l.Carnets {
		if !bad[c.Identifier] {
			kept = append(kept, c)
		}
	}
	l.Carnets = kept
}

// Numbers lists every carnet identifier and pass number of the list, sorted.
func (l IssuerList) Numbers() (carnets, passes []string) {
	cs := map[string]bool{}
	for _, r := range l.Rows {
		if r.Carnet != "" && !cs[r.Carnet] {
			cs[r.Carnet] = true
			carnets = append(carnets, r.Carnet)
		}
		if r.Number != "" {
			passes = append(passes, r.Number)
		}
	}
	sort.Strings(carnets)
	sort.Strings(passes)
	return carnets, passes
}

func tenEuros(v string) bool {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "€"))
	switch strings.ReplaceAll(v, " ", "") {
	case "", "10", "10,00", "10.00", "10,0", "10.0":
		return true
	}
	return false
}
