package activity

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/textfold"
)

// CoopLine is one activity read from a La Coop export: the spreadsheet
// lines it comes from (a workshop of n participants spans n lines), the
// activity with anonymous participants, the key of its source, or why it
// cannot be read.
type CoopLine struct {
	Lines    []int
	Activity Activity
	Key      string
	Problem  string // empty when the lines were read
}

// ErrNotCoopExport is returned for a workbook without La Coop's header row.
var ErrNotCoopExport = errors.New("activity: no La Coop activity export header")

// coopHeader finds the columns by their folded header.
type coopHeader map[string]int

func (h coopHeader) cell(row []string, header string) string {
	key, ok := coopColumnKeys[header]
	if !ok {
		key = textfold.Key(header)
	}
	i, ok := h[key]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// coopColumnKeys are the folded headers of La Coop's columns, folded once.
var coopColumnKeys = func() map[string]string {
	m := make(map[string]string, len(CoopColumns))
	for _, c := range CoopColumns {
		m[c] = textfold.Key(c)
	}
	return m
}()

// blankRow reports whether a row has only empty cells.
func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// coopRequired are the columns an export must have to be read.
var coopRequired = []string{"Date", "Type", "Participants", "Canaux d’accompagnement", "Durée (min)", "Thématique(s) d’accompagnement"}

// ReadCoop reads the activities of a La Coop XLSX export (sheet
// "Activités", or the first sheet; the header row may follow La Coop's
// lines of export information and filters). Every data line ends in exactly
// one CoopLine, read or with its problem.
func ReadCoop(r io.Reader) ([]CoopLine, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	// The streaming reader first; the general one for what it cannot read.
	var rd coopReader
	err = xlsxSheetRows(data, coopSheet, rd.row)
	if err == nil {
		return rd.finish()
	}
	if !errors.Is(err, errUnreadable) {
		return nil, err
	}
	return readCoopGeneral(data)
}

// ReadCoopBatches reads an export like ReadCoop, handing fn its lines n
// activities at a time in the file's order, so that a caller saves them
// while the rest of the file is read. When the streaming reader gives up
// midway, the general one reads the file again and fn gets only the lines
// it has not had yet. An error of fn stops the reading and is returned.
func ReadCoopBatches(r io.Reader, n int, fn func([]CoopLine) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	sent := map[int]bool{} // the first line of each activity handed to fn
	first := coopReader{batch: n, emit: func(lines []CoopLine) error {
		for _, cl := range lines {
			sent[cl.Lines[0]] = true
		}
		return fn(lines)
	}}
	err = xlsxSheetRows(data, coopSheet, first.row)
	if err == nil {
		_, err = first.finish()
		return err
	}
	if !errors.Is(err, errUnreadable) {
		return err
	}
	rest := coopReader{batch: n, emit: func(lines []CoopLine) error {
		var left []CoopLine
		for _, cl := range lines {
			if !sent[cl.Lines[0]] {
				left = append(left, cl)
			}
		}
		if len(left) == 0 {
			return nil
		}
		return fn(left)
	}}
	return readCoopGeneralWith(data, &rest)
}

// readCoopGeneral reads an export with the general spreadsheet library.
func readCoopGeneral(data []byte) ([]CoopLine, error) {
	var rd coopReader
	if err := readCoopGeneralWith(data, &rd); err != nil {
		return nil, err
	}
	return rd.out, nil
}

// readCoopGeneralWith reads an export's rows into rd with the general
// spreadsheet library, and finishes it.
func readCoopGeneralWith(data []byte, rd *coopReader) error {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return err
	}
	defer f.Close()
	sheet := coopSheet
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		sheet = f.GetSheetName(0)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++
		row, err := rows.Columns()
		if err != nil {
			return err
		}
		if err := rd.row(line, row); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return err
	}
	_, err = rd.finish()
	return err
}

// coopSheet is the sheet of La Coop's export that holds the activities.
const coopSheet = "Activités"

// coopReader reads an export's rows one after the other.
type coopReader struct {
	header coopHeader
	out    []CoopLine
	group  *CoopLine // the workshop being read
	groupN int
	// emit, when set, is handed the read lines batch at a time (out
	// then keeps only those not handed yet).
	emit  func([]CoopLine) error
	batch int
}

// ship hands the read lines to emit once there are a batch of them (all
// of them when last).
func (rd *coopReader) ship(last bool) error {
	if rd.emit == nil || len(rd.out) == 0 || (!last && len(rd.out) < rd.batch) {
		return nil
	}
	out := rd.out
	rd.out = nil
	return rd.emit(out)
}

func (rd *coopReader) flush() {
	if rd.group != nil {
		if len(rd.group.Lines) != rd.groupN && rd.group.Problem == "" {
			rd.group.Problem = "Atelier incomplet : " + strconv.Itoa(len(rd.group.Lines)) + " ligne(s) de participants sur " + strconv.Itoa(rd.groupN) + "."
		}
		rd.out = append(rd.out, *rd.group)
		rd.group = nil
	}
}

func (rd *coopReader) finish() ([]CoopLine, error) {
	rd.flush()
	if rd.header == nil {
		return nil, ErrNotCoopExport
	}
	if err := rd.ship(true); err != nil {
		return nil, err
	}
	return rd.out, nil
}

// row reads the spreadsheet's row numbered line.
func (rd *coopReader) row(line int, row []string) error {
	if err := rd.readRow(line, row); err != nil {
		return err
	}
	return rd.ship(false)
}

func (rd *coopReader) readRow(line int, row []string) error {
	if rd.header == nil {
		if len(row) > 1 && textfold.Key(row[0]) == "date" {
			h := coopHeader{}
			for i, c := range row {
				h[textfold.Key(c)] = i
			}
			for _, c := range coopRequired {
				if _, ok := h[textfold.Key(c)]; !ok {
					return ErrNotCoopExport
				}
			}
			rd.header = h
		}
		return nil
	}
	header := rd.header
	if blankRow(row) {
		return nil
	}
	k, n := participantRank(header.cell(row, "Participants"))
	if rd.group != nil && (k <= 1 || k != len(rd.group.Lines)+1 || n != rd.groupN) {
		rd.flush()
	}
	if rd.group != nil {
		rd.group.Lines = append(rd.group.Lines, line)
		if rd.group.Problem == "" {
			rd.group.Problem = addParticipant(&rd.group.Activity, header, row)
		}
		if len(rd.group.Lines) == rd.groupN {
			rd.flush()
		}
		return nil
	}
	cl := readCoopRow(header, row, line)
	if cl.Problem == "" && cl.Activity.Type == TypeWorkshop {
		if n < 1 {
			n = 1
		}
		rd.group, rd.groupN = &cl, n
		rd.group.Problem = addParticipant(&rd.group.Activity, header, row)
		if n == 1 {
			rd.flush()
		}
		return nil
	}
	rd.out = append(rd.out, cl)
	return nil
}

// participantRank reads "1" or "k/n".
func participantRank(s string) (k, n int) {
	a, b, ok := strings.Cut(s, "/")
	k, _ = strconv.Atoi(strings.TrimSpace(a))
	if !ok {
		return k, k
	}
	n, _ = strconv.Atoi(strings.TrimSpace(b))
	return k, n
}

// coopDate reads a day written 2026-03-05, 05/03/2026 or as a spreadsheet serial number.
func coopDate(s string) (string, bool) {
	for _, layout := range []string{DateLayout, "02/01/2006", "2/1/2006", "01-02-06"} {
		if d, err := time.Parse(layout, s); err == nil {
			return d.Format(DateLayout), true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 20000 && f < 80000 {
		if d, err := excelize.ExcelDateToTime(f, false); err == nil {
			return d.Format(DateLayout), true
		}
	}
	return "", false
}

// splitCell splits a cell of several values (La Coop puts one per line).
func splitCell(s string) []string {
	var out []string
	for _, v := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// readCoopRow reads the activity of a line (for a workshop, its first participant's).
func readCoopRow(h coopHeader, row []string, line int) CoopLine {
	cl := CoopLine{Lines: []int{line}}
	a := &cl.Activity
	var problems []string
	bad := func(msg string) { problems = append(problems, msg) }
	code := func(dim, header, what string) string {
		v := h.cell(row, header)
		if v == "" {
			return ""
		}
		c, ok := CoopCode(dim, v)
		if !ok {
			bad(what + " inconnu(e) : « " + v + " ».")
		}
		return c
	}
	if d, ok := coopDate(h.cell(row, "Date")); ok {
		a.Date = d
	} else {
		bad("Date illisible : « " + h.cell(row, "Date") + " ».")
	}
	a.Type = code("type", "Type", "Type")
	a.Canal = code("canal", "Canaux d’accompagnement", "Canal")
	a.PlaceName = h.cell(row, "Nom du lieu")
	a.CommuneCode = strings.ToUpper(h.cell(row, "Code Insee"))
	if d, err := strconv.Atoi(strings.TrimSuffix(h.cell(row, "Durée (min)"), ".0")); err == nil {
		a.Duration = d
	} else {
		bad("Durée illisible : « " + h.cell(row, "Durée (min)") + " ».")
	}
	a.Title = h.cell(row, "Nom de l’atelier")
	for _, v := range splitCell(h.cell(row, "Matériel numérique utilisé")) {
		if c, ok := CoopCode("materiel", v); ok {
			a.Equipment = append(a.Equipment, c)
		} else {
			bad("Matériel inconnu : « " + v + " ».")
		}
	}
	for _, v := range splitCell(h.cell(row, "Thématique(s) d’accompagnement")) {
		if c, ok := CoopCode("thematique", v); ok {
			a.Themes = append(a.Themes, c)
		} else if c, ok := CoopCode("demarche", v); ok {
			a.Procedures = append(a.Procedures, c)
		} else {
			bad("Thématique inconnue : « " + v + " ».")
		}
	}
	// Démarches come with the démarches theme in Parcours (La Coop keeps
	// them in one list): a démarche implies it.
	if len(a.Procedures) > 0 && !contains(a.Themes, ThemeProcedures) {
		a.Themes = append(a.Themes, ThemeProcedures)
	}
	a.Details = h.cell(row, "Nom de la démarche administrative")
	level := h.cell(row, "Niveau d’autonomie (ou de l’atelier)")
	if level != "" {
		k, n := participantRank(level)
		list := Autonomy
		if a.Type == TypeWorkshop {
			list = Levels
		}
		if k >= 1 && k <= len(list) && n == len(list) {
			if a.Type == TypeWorkshop {
				a.Level = list[k-1].Value
			} else {
				a.Autonomy = list[k-1].Value
			}
		} else {
			bad("Niveau illisible : « " + level + " ».")
		}
	}
	if a.Type == TypeIndividual {
		a.Oriented = textfold.Key(h.cell(row, "Bénéficiaire réorienté")) == "oui"
		a.OrientationKind = code("redirection", "Structure de redirection", "Structure de redirection")
		a.AnonGender = code("genre", "Genre du bénéficiaire", "Genre")
		a.AnonAgeBand = code("age", "Tranche d’âge du bénéficiaire", "Tranche d'âge")
		a.AnonStatus = code("statut", "Statut du bénéficiaire", "Statut")
		a.AnonCommune = strings.ToUpper(h.cell(row, "Code Insee du bénéficiaire"))
	}
	if len(problems) > 0 {
		cl.Problem = strings.Join(problems, " ")
		return cl
	}
	if id := h.cell(row, "ID CRA"); id != "" {
		cl.Key = "coop:" + id
	} else {
		sum := sha256.Sum256([]byte(strings.Join([]string{h.cell(row, "Date"), h.cell(row, "Enregistré le"), h.cell(row, "Prénom du médiateur"),
			h.cell(row, "Nom du médiateur"), h.cell(row, "Type"), h.cell(row, "Participants"), h.cell(row, "Nom du lieu"), h.cell(row, "Durée (min)"),
			h.cell(row, "Nom de l’atelier"), h.cell(row, "Thématique(s) d’accompagnement"), h.cell(row, "Genre du bénéficiaire"),
			h.cell(row, "Tranche d’âge du bénéficiaire"), h.cell(row, "Statut du bénéficiaire"), h.cell(row, "Code Insee du bénéficiaire")}, "\x1f")))
		cl.Key = "coop:" + hex.EncodeToString(sum[:12])
	}
	return cl
}

// addParticipant counts a workshop line's participant among the anonymous
// ones, by gender, age band and status.
func addParticipant(a *Activity, h coopHeader, row []string) string {
	if a.AnonCounts == nil {
		a.AnonCounts = map[string]int{}
	}
	a.AnonTotal++
	for _, d := range []struct{ dim, key, header string }{
		{"genre", "genre", "Genre du bénéficiaire"}, {"age", "age", "Tranche d’âge du bénéficiaire"}, {"statut", "statut", "Statut du bénéficiaire"},
	} {
		v := h.cell(row, d.header)
		if v == "" {
			continue
		}
		c, ok := CoopCode(d.dim, v)
		if !ok {
			return "Valeur inconnue : « " + v + " »."
		}
		if c != "non_communique" {
			a.AnonCounts[AnonKey(d.key, c)]++
		}
	}
	return ""
}
