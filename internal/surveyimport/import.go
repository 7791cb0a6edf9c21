package surveyimport

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/textcheck"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Format is the tool a file comes from.
type Format string

const (
	LimeSurvey  Format = "limesurvey"  // response export, CSV, headings "question code", answers as codes or full text
	KoboToolbox Format = "kobotoolbox" // data export, XLSX or CSV, XML names as headers, with the XLSForm
)

// Channel is the answers' channel for a format.
func (f Format) Channel() survey.Channel {
	if f == KoboToolbox {
		return survey.KoboToolbox
	}
	return survey.LimeSurvey
}

// Mapping says which column answers which question, and what a file's
// values mean when they are neither a choice's value nor its label.
type Mapping struct {
	Columns map[string]string            // file column (code, name or header) → question key
	Values  map[string]map[string]string // question key → file value → choice value
}

// Options of an import.
type Options struct {
	Format   Format
	Data     []byte
	XLSForm  []byte // KoboToolbox: the form (XLSX), to read its choices' labels
	Mapping  Mapping
	Existing map[string]bool // identifiers already imported for this questionnaire and format
}

// Outcome is what became of a row.
type Outcome string

const (
	Imported  Outcome = "importee"
	Duplicate Outcome = "doublon"
	Rejected  Outcome = "refusee"
)

// Label names the outcome in French.
func (o Outcome) Label() string {
	switch o {
	case Imported:
		return "Importée"
	case Duplicate:
		return "Doublon"
	case Rejected:
		return "Refusée"
	}
	return string(o)
}

// RowResult accounts for one row of the file.
type RowResult struct {
	Line       int
	ExternalID string
	Outcome    Outcome
	Reasons    []string // every reason a row is refused, or the row it duplicates
}

// ColumnUse is a column read into a question (and a choice, for one column per choice).
type ColumnUse struct {
	Header   string
	Question string
	Choice   string
}

// Report accounts for a whole file.
type Report struct {
	Format     Format
	Rows       int
	Imported   int
	Duplicates int
	Rejected   int
	Columns    []ColumnUse
	Ignored    []string // columns that answer no question (tool metadata excluded)
	Unmapped   []string // questions no column answers
	Results    []RowResult
}

// Row is an imported response.
type Row struct {
	ExternalID  string
	Answers     survey.Answers
	SubmittedAt time.Time
}

// questionColumns are the columns that answer one question.
type questionColumns struct {
	q          *survey.Question
	main       int               // -1: none
	byValue    map[string]int    // one column per choice (multiple choice): choice value → column
	formLabels map[string]string // KoboToolbox with its form: the form's choice names → labels
}

// Read maps the file onto the definition and accounts for every row.
func Read(def *survey.Definition, opt Options) (*Report, []Row, error) {
	if opt.Format != LimeSurvey && opt.Format != KoboToolbox {
		return nil, nil, apperr.New(apperr.Invalid, "Format inconnu : limesurvey ou kobotoolbox.")
	}
	t, err := readTable(opt.Data)
	if err != nil {
		return nil, nil, err
	}
	var form *xlsForm
	if len(opt.XLSForm) > 0 {
		if opt.Format != KoboToolbox {
			return nil, nil, apperr.New(apperr.Invalid, "Le formulaire XLSForm ne sert qu'aux exports KoboToolbox.")
		}
		if form, err = readXLSForm(opt.XLSForm); err != nil {
			return nil, nil, err
		}
	}
	m := &mapper{def: def, opt: opt, form: form}
	rep := &Report{Format: opt.Format}
	cols, idCol, doneCol, dateCol := m.columns(t.header, rep)
	if len(cols) == 0 {
		return nil, nil, apperr.New(apperr.Invalid, "Aucune colonne du fichier ne correspond à une question du questionnaire : "+
			"vérifiez le format choisi, ou indiquez les correspondances (colonne = question).")
	}
	if opt.Format == LimeSurvey && idCol < 0 {
		return nil, nil, apperr.New(apperr.Invalid, "Le fichier n'a pas de colonne « id » : exportez les réponses de LimeSurvey en CSV, avec les codes des questions comme en-têtes.")
	}
	seen := map[string]int{}
	var rows []Row
	for ri, rec := range t.rows {
		line := t.lines[ri]
		rep.Rows++
		res := RowResult{Line: line, ExternalID: cell(rec, idCol)}
		if res.ExternalID == "" {
			res.ExternalID = fingerprint(rec)
		}
		switch first, dup := seen[res.ExternalID]; {
		case dup:
			res.Outcome, res.Reasons = Duplicate, []string{fmt.Sprintf("même identifiant (%s) que la ligne %d", res.ExternalID, first)}
		case opt.Existing[res.ExternalID]:
			res.Outcome, res.Reasons = Duplicate, []string{"déjà importée (identifiant " + res.ExternalID + ")"}
		}
		if res.Outcome == Duplicate {
			rep.Duplicates++
			rep.Results = append(rep.Results, res)
			continue
		}
		seen[res.ExternalID] = line
		if doneCol >= 0 && cell(rec, doneCol) == "" {
			res.Reasons = append(res.Reasons, "réponse non terminée dans LimeSurvey (submitdate vide)")
		}
		if bad := invalidText(t.header, rec); len(bad) > 0 {
			res.Outcome, res.Reasons = Rejected, bad
			rep.Rejected++
			rep.Results = append(rep.Results, res)
			continue
		}
		answers, reasons := m.row(rec, cols)
		res.Reasons = append(res.Reasons, reasons...)
		if len(answers) == 0 && len(reasons) == 0 {
			res.Reasons = append(res.Reasons, "aucune réponse aux questions du questionnaire")
		}
		if len(res.Reasons) == 0 {
			clean, err := def.Check(answers, false)
			if err != nil {
				res.Reasons = append(res.Reasons, fieldMessages(err)...)
			}
			answers = clean
		}
		if len(res.Reasons) > 0 {
			res.Outcome = Rejected
			rep.Rejected++
			rep.Results = append(rep.Results, res)
			continue
		}
		res.Outcome = Imported
		rep.Imported++
		rep.Results = append(rep.Results, res)
		rows = append(rows, Row{ExternalID: res.ExternalID, Answers: answers, SubmittedAt: parseTime(cell(rec, dateCol))})
	}
	return rep, rows, nil
}

// invalidText names the cells of rec holding text no field may store
// (textcheck.Valid): the row is rejected with that reason, not the file.
func invalidText(header, rec []string) []string {
	var out []string
	for i, v := range rec {
		if !textcheck.Valid(v) {
			out = append(out, fmt.Sprintf("colonne « %s » : caractère invisible ou mal encodé (caractère nul, caractère de contrôle, inversion du sens du texte ou encodage autre que UTF-8)", textcheck.Clip(cell(header, i))))
		}
	}
	return out
}

func fieldMessages(err error) []string {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		return []string{apperr.MessageOf(err)}
	}
	out := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		out[i] = f.Message
	}
	return out
}

// fingerprint identifies a row without an identifier by its content, so that
// importing the same file twice finds the duplicates.
func fingerprint(rec []string) string {
	h := sha256.Sum256([]byte(strings.Join(rec, "\x1f")))
	return "empreinte-" + hex.EncodeToString(h[:8])
}

func parseTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05", time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "02/01/2006 15:04:05", "02/01/2006 15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// Metadata columns of each tool, never reported as ignored.
var (
	limeMeta = map[string]bool{"id": true, "submitdate": true, "lastpage": true, "startlanguage": true, "seed": true, "startdate": true,
		"datestamp": true, "token": true, "refurl": true, "ipaddr": true, "interviewtime": true, "optout": true}
	koboMeta = map[string]bool{"start": true, "end": true, "today": true, "deviceid": true, "username": true, "phonenumber": true,
		"simserial": true, "subscriberid": true, "audit": true, "instanceid": true, "__version__": true, "meta": true}
)

type mapper struct {
	def  *survey.Definition
	opt  Options
	form *xlsForm
}

// columns resolves the header into question columns, and finds the
// identifier, completion and date columns.
func (m *mapper) columns(header []string, rep *Report) (cols []*questionColumns, idCol, doneCol, dateCol int) {
	idCol, doneCol, dateCol = -1, -1, -1
	byKey := map[string]*questionColumns{}
	get := func(q *survey.Question) *questionColumns {
		qc, ok := byKey[q.Key]
		if !ok {
			qc = &questionColumns{q: q, main: -1, byValue: map[string]int{}}
			byKey[q.Key] = qc
			cols = append(cols, qc)
		}
		return qc
	}
	for i, h := range header {
		lower := strings.ToLower(h)
		switch {
		case m.opt.Format == LimeSurvey && lower == "id":
			idCol = i
			continue
		case m.opt.Format == LimeSurvey && lower == "submitdate":
			doneCol, dateCol = i, i
			continue
		case m.opt.Format == KoboToolbox && (lower == "_uuid" || (lower == "_id" && idCol < 0) || (strings.HasSuffix(lower, "instanceid") && idCol < 0)):
			idCol = i
			continue
		case m.opt.Format == KoboToolbox && lower == "_submission_time":
			dateCol = i
			continue
		}
		q, choice, ok := m.resolveHeader(h)
		if !ok {
			if !m.metadata(h) {
				rep.Ignored = append(rep.Ignored, h)
			}
			continue
		}
		qc := get(q)
		if choice == "" {
			qc.main = i
			qc.formLabels = m.formChoices(m.formName(h))
		} else {
			qc.byValue[choice] = i
		}
		rep.Columns = append(rep.Columns, ColumnUse{Header: h, Question: q.Key, Choice: choice})
	}
	for _, q := range m.def.Questions() {
		if _, ok := byKey[q.Key]; !ok {
			rep.Unmapped = append(rep.Unmapped, q.Key)
		}
	}
	return cols, idCol, doneCol, dateCol
}

func (m *mapper) metadata(h string) bool {
	lower := strings.ToLower(h)
	if m.opt.Format == LimeSurvey {
		return limeMeta[lower] || strings.HasSuffix(lower, "time") || strings.HasSuffix(lower, "[comment]") || strings.HasSuffix(lower, "[other]")
	}
	last := lower
	if i := strings.LastIndex(lower, "/"); i >= 0 {
		last = lower[i+1:]
	}
	return strings.HasPrefix(last, "_") || koboMeta[last]
}

// question finds our question for a file's name: the mapping, the same key,
// or (KoboToolbox with its form) the same label.
func (m *mapper) question(name string) (*survey.Question, bool) {
	if key, ok := m.opt.Mapping.Columns[name]; ok {
		return m.def.Question(key)
	}
	if q, ok := m.def.Question(strings.ToLower(name)); ok {
		return q, true
	}
	if m.form != nil {
		if xq, ok := m.form.questions[name]; ok && xq.label != "" {
			for _, q := range m.def.Questions() {
				if textfold.Equal(q.Label, xq.label) || (q.Easy != "" && textfold.Equal(q.Easy, xq.label)) {
					return q, true
				}
			}
		}
	}
	return nil, false
}

// resolveHeader reads a header as a question, or as one choice of a
// multiple-choice question.
func (m *mapper) resolveHeader(h string) (*survey.Question, string, bool) {
	if key, ok := m.opt.Mapping.Columns[h]; ok {
		q, ok := m.def.Question(key)
		return q, "", ok
	}
	if m.opt.Format == LimeSurvey {
		base, sub, ok := strings.Cut(h, "[")
		if !ok {
			q, found := m.question(h)
			return q, "", found
		}
		sub = strings.TrimSuffix(sub, "]")
		q, found := m.question(base)
		if !found || q.Kind != survey.MultipleChoice {
			return nil, "", false
		}
		if v, ok := m.choiceValue(q, sub, nil); ok {
			return q, v, true
		}
		return nil, "", false
	}
	segs := strings.Split(h, "/")
	name := segs[len(segs)-1]
	if m.form != nil {
		if n, ok := m.form.byLabel[textfold.Key(h)]; ok {
			name = n
		}
	}
	if q, ok := m.question(name); ok {
		return q, "", true
	}
	if len(segs) >= 2 {
		if q, ok := m.question(segs[len(segs)-2]); ok && q.Kind == survey.MultipleChoice {
			if v, ok := m.choiceValue(q, name, m.formChoices(segs[len(segs)-2])); ok {
				return q, v, true
			}
		}
	}
	return nil, "", false
}

// formName is the form's question name a KoboToolbox header stands for.
func (m *mapper) formName(h string) string {
	if m.form == nil {
		return ""
	}
	if n, ok := m.form.byLabel[textfold.Key(h)]; ok {
		return n
	}
	segs := strings.Split(h, "/")
	return segs[len(segs)-1]
}

func (m *mapper) formChoices(name string) map[string]string {
	if m.form == nil {
		return nil
	}
	return m.form.questions[name].choices
}

// choiceValue maps a file's value onto one of q's choices: an alias from the
// mapping, the same value, the same label, or the label the form gives it.
func (m *mapper) choiceValue(q *survey.Question, s string, formLabels map[string]string) (string, bool) {
	if v, ok := m.opt.Mapping.Values[q.Key][s]; ok {
		_, found := q.Choice(v)
		return v, found
	}
	for _, c := range q.Choices {
		if strings.EqualFold(c.Value, s) {
			return c.Value, true
		}
	}
	labels := []string{s}
	if l, ok := formLabels[s]; ok && l != "" {
		labels = append(labels, l)
	}
	for _, l := range labels {
		key := textfold.Key(l)
		for _, c := range q.Choices {
			if key != "" && (textfold.Key(c.Label) == key || (c.Easy != "" && textfold.Key(c.Easy) == key)) {
				return c.Value, true
			}
		}
	}
	return "", false
}

// ticked reads a per-choice column: "Y", "1", "oui", "true" or the choice's label.
func ticked(s string) bool {
	switch strings.ToLower(s) {
	case "", "n", "0", "non", "no", "false", "faux":
		return false
	}
	return true
}

// row turns one record into answers, with every value it could not read.
func (m *mapper) row(rec []string, cols []*questionColumns) (survey.Answers, []string) {
	a := survey.Answers{}
	var reasons []string
	for _, qc := range cols {
		q := qc.q
		formLabels := qc.formLabels
		raw := cell(rec, qc.main)
		var vals []string
		switch {
		case q.Kind == survey.MultipleChoice && qc.main >= 0 && raw != "":
			parts := strings.Fields(raw)
			if m.opt.Format == LimeSurvey || strings.ContainsAny(raw, ";|") {
				parts = strings.FieldsFunc(raw, func(r rune) bool { return r == ';' || r == '|' })
			}
			for _, p := range parts {
				p = strings.TrimSpace(p)
				v, ok := m.choiceValue(q, p, formLabels)
				if !ok {
					reasons = append(reasons, unknownValue(q, p))
					continue
				}
				vals = appendUnique(vals, v)
			}
		case q.Kind == survey.MultipleChoice && len(qc.byValue) > 0:
			keys := make([]string, 0, len(qc.byValue))
			for v := range qc.byValue {
				keys = append(keys, v)
			}
			sort.Slice(keys, func(i, j int) bool { return choiceIndex(q, keys[i]) < choiceIndex(q, keys[j]) })
			for _, v := range keys {
				if ticked(cell(rec, qc.byValue[v])) {
					vals = append(vals, v)
				}
			}
		case raw == "":
		case q.Kind.HasChoices():
			v, ok := m.choiceValue(q, raw, formLabels)
			if !ok {
				reasons = append(reasons, unknownValue(q, raw))
				continue
			}
			vals = []string{v}
		case q.Kind == survey.Commune:
			code, ok := communeCode(raw)
			if !ok {
				reasons = append(reasons, "« "+q.Label+" » : commune introuvable « "+raw+" »")
				continue
			}
			vals = []string{code}
		default:
			vals = []string{raw}
		}
		if len(vals) > 0 {
			a[q.Key] = vals
		}
	}
	return a, reasons
}

func appendUnique(s []string, v string) []string {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

func choiceIndex(q *survey.Question, v string) int {
	for i, c := range q.Choices {
		if c.Value == v {
			return i
		}
	}
	return len(q.Choices)
}

func unknownValue(q *survey.Question, raw string) string {
	vals := make([]string, len(q.Choices))
	for i, c := range q.Choices {
		vals[i] = c.Value
	}
	if len(raw) > 40 {
		raw = raw[:40] + "…"
	}
	return fmt.Sprintf("« %s » : valeur « %s » inconnue (valeurs attendues : %s ; ajoutez une correspondance %s:%s=valeur sinon)",
		q.Label, raw, strings.Join(vals, ", "), q.Key, raw)
}

// communeCode reads an INSEE code (a lost leading zero put back) or a commune name found once.
func communeCode(s string) (string, bool) {
	code := strings.ToUpper(strings.TrimSpace(s))
	if len(code) == 4 {
		if _, err := strconv.Atoi(code); err == nil {
			code = "0" + code
		}
	}
	if commune.ValidCode(code) {
		return code, true
	}
	found := commune.Search(s, 5)
	var exact []commune.Commune
	for _, c := range found {
		if textfold.Equal(c.Name, s) && c.Kind == commune.KindCommune {
			exact = append(exact, c)
		}
	}
	if len(exact) == 0 {
		for _, c := range found {
			if textfold.Equal(c.Name, s) {
				exact = append(exact, c)
			}
		}
	}
	if len(exact) == 1 {
		return exact[0].Code, true
	}
	return "", false
}
