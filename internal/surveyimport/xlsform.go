package surveyimport

import (
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// xlsForm is what an XLSForm (the form definition KoboToolbox exports) says
// about its questions: name, type, label and, for selects, the choices with
// their labels.
type xlsForm struct {
	questions map[string]xlsQuestion // by name
	byLabel   map[string]string      // folded label → name
}

type xlsQuestion struct {
	name     string
	typ      string // select_one, select_multiple, integer, text…
	label    string
	choices  map[string]string // choice name → label
	multiple bool
}

// readXLSForm reads the "survey" and "choices" sheets of an XLSForm.
func readXLSForm(data []byte) (*xlsForm, error) {
	if !isXLSX(data) {
		return nil, apperr.New(apperr.Invalid, "Le formulaire XLSForm doit être le fichier XLSX téléchargé depuis KoboToolbox (Formulaire → Télécharger → XLS).")
	}
	names, err := sheetNames(data)
	if err != nil {
		return nil, err
	}
	find := func(want string) string {
		for _, n := range names {
			if strings.EqualFold(strings.TrimSpace(n), want) {
				return n
			}
		}
		return ""
	}
	surveySheet := find("survey")
	if surveySheet == "" {
		return nil, apperr.New(apperr.Invalid, "Le formulaire XLSForm n'a pas de feuille « survey ».")
	}
	sv, err := readXLSX(data, surveySheet)
	if err != nil {
		return nil, err
	}
	lists := map[string]map[string]string{}
	if ch := find("choices"); ch != "" {
		ct, err := readXLSX(data, ch)
		if err != nil {
			return nil, err
		}
		li, ni, la := column(ct.header, "list_name"), column(ct.header, "name"), labelColumn(ct.header)
		if li < 0 || ni < 0 {
			return nil, apperr.New(apperr.Invalid, "La feuille « choices » du formulaire n'a pas les colonnes list_name et name.")
		}
		for _, r := range ct.rows {
			list, name := cell(r, li), cell(r, ni)
			if list == "" || name == "" {
				continue
			}
			if lists[list] == nil {
				lists[list] = map[string]string{}
			}
			lists[list][name] = cell(r, la)
		}
	}
	ti, ni, la := column(sv.header, "type"), column(sv.header, "name"), labelColumn(sv.header)
	if ti < 0 || ni < 0 {
		return nil, apperr.New(apperr.Invalid, "La feuille « survey » du formulaire n'a pas les colonnes type et name.")
	}
	f := &xlsForm{questions: map[string]xlsQuestion{}, byLabel: map[string]string{}}
	for _, r := range sv.rows {
		typ, name := strings.Fields(cell(r, ti)), cell(r, ni)
		if len(typ) == 0 || name == "" {
			continue
		}
		q := xlsQuestion{name: name, typ: typ[0], label: cell(r, la)}
		if (typ[0] == "select_one" || typ[0] == "select_multiple") && len(typ) > 1 {
			q.choices = lists[typ[1]]
			q.multiple = typ[0] == "select_multiple"
		}
		f.questions[name] = q
		if q.label != "" {
			f.byLabel[textfold.Key(q.label)] = name
		}
	}
	return f, nil
}

// column finds a header, case and spaces ignored.
func column(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

// labelColumn finds "label", else the first "label::language" column.
func labelColumn(header []string) int {
	if i := column(header, "label"); i >= 0 {
		return i
	}
	for i, h := range header {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(h)), "label::") {
			return i
		}
	}
	return -1
}
