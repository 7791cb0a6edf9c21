package diagnostic

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Paper entry: the agent types the numbers printed beside each answer, one
// field per question, Tab from one to the next.

type entryListData struct {
	Questionnaires []surveystore.QuestionnaireSummary
}

// EntryList lists the questionnaires that can be typed.
func (h *Handlers) EntryList(w http.ResponseWriter, r *http.Request) {
	list, err := h.surveys.ForEntryList(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_entry_list", ui.Page{Title: "Saisie des questionnaires papier", Data: entryListData{Questionnaires: list}})
}

type entryData struct {
	Saved       string // what happened to the last questionnaire typed
	Q           survey.Questionnaire
	Base        string
	Version     int
	Fields      []entryField
	Start       string
	DoubleEntry bool
}

type entryField struct {
	Name, Label, Hint, Section string
	Inputmode                  string
	Width                      string
	Condition                  string
}

// codes writes a question's numbered answers: « 1 Oui · 2 Non ».
func codes(q *survey.Question) string {
	var parts []string
	for i, c := range q.Choices {
		parts = append(parts, itoa(i+1)+" "+c.Label)
	}
	return strings.Join(parts, " · ")
}

func entryFields(def *survey.Definition) []entryField {
	var out []entryField
	section := ""
	for _, q := range def.Questions() {
		f := entryField{Name: "q_" + q.Key, Label: q.Label, Inputmode: "numeric", Width: "govuk-input--width-5"}
		if s, ok := def.SectionOf(q.Key); ok && s.Title != section {
			section, f.Section = s.Title, s.Title
		}
		switch q.Kind {
		case survey.SingleChoice, survey.District:
			f.Hint = codes(q)
		case survey.MultipleChoice:
			f.Hint = "Plusieurs numéros séparés par des espaces : " + codes(q)
			f.Width = "govuk-input--width-10"
		case survey.Scale:
			f.Hint = "De " + itoa(q.Min) + " à " + itoa(q.Max)
			f.Width = "govuk-input--width-2"
		case survey.Number:
			f.Hint = "Un nombre de " + itoa(q.Min) + " à " + itoa(q.Max)
		case survey.Commune:
			f.Hint, f.Inputmode = "Code postal ou code Insee", "numeric"
		case survey.ShortText:
			f.Hint, f.Inputmode, f.Width = "Recopiez la réponse", "text", "govuk-!-width-full"
		}
		if q.Required {
			f.Label += " (obligatoire)"
		}
		if q.ShowIf != nil {
			if dep, ok := def.Question(q.ShowIf.Question); ok {
				f.Condition = "Seulement si « " + dep.Label + " » a la réponse " + strings.Join(q.ShowIf.Values, " ou ") + " ; sinon laissez vide."
			}
		}
		out = append(out, f)
	}
	return out
}

func (h *Handlers) renderEntry(w http.ResponseWriter, r *http.Request, status int, q survey.Questionnaire, v *survey.Version, f *ui.Form) {
	d := entryData{Q: q, Base: base(q.ID), Version: v.Number, Fields: entryFields(&v.Definition), DoubleEntry: q.DoubleEntry,
		Start: strconv.FormatInt(h.site.Now().UnixMilli(), 10)}
	if r.Method == http.MethodGet {
		d.Saved = h.site.Sessions.PopString(r.Context(), savedKey)
	}
	h.site.Render(w, r, status, "diagnostic_entry", ui.Page{Title: "Saisir un questionnaire papier – " + q.Title, Form: f, Data: d})
}

// EntryForm is the paper entry screen.
func (h *Handlers) EntryForm(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	q, v, err := h.surveys.ForEntry(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderEntry(w, r, http.StatusOK, q, v, &ui.Form{})
}

// savedKey keeps the outcome of the last questionnaire typed: shown in the
// page as a status, so the focus stays on the next questionnaire's number
// (a flash banner would take it).
const savedKey = "diagnostic:saisie"

// EntrySubmit records a typed questionnaire and offers the next one.
func (h *Handlers) EntrySubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if !parse(w, r) {
		return
	}
	q, v, err := h.surveys.ForEntry(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := ui.NewForm(r)
	answers, err := typedAnswers(&v.Definition, r)
	if err != nil {
		f.Fail(err)
		h.renderEntry(w, r, http.StatusUnprocessableEntity, q, v, f)
		return
	}
	seconds := 0
	if ms, err := strconv.ParseInt(r.PostForm.Get("debut"), 10, 64); err == nil {
		seconds = int(h.site.Now().Sub(time.UnixMilli(ms)).Round(time.Second) / time.Second)
	}
	out, err := h.surveys.EnterPaper(r.Context(), ui.Actor(r), id, surveys.PaperEntry{Reference: r.PostForm.Get("reference"), Answers: answers,
		Consent: r.PostForm.Get("consentement") == "1", Seconds: seconds})
	if err != nil {
		// The service names questions by key; the form's inputs are q_ + key.
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			for i := range e.Fields {
				if e.Fields[i].Field != "reference" && e.Fields[i].Field != "consentement" {
					e.Fields[i].Field = "q_" + e.Fields[i].Field
				}
			}
		}
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		status := http.StatusUnprocessableEntity
		if apperr.Is(err, apperr.Conflict) {
			status = http.StatusConflict
		}
		h.renderEntry(w, r, status, q, v, f)
		return
	}
	h.site.Sessions.Put(r.Context(), savedKey, out.Message()+" Saisie en "+itoa(out.Response.EntrySeconds)+" secondes.")
	ui.Redirect(w, r, base(id)+"/saisie")
}

// typedAnswers reads the numbers typed for each question into answers.
func typedAnswers(def *survey.Definition, r *http.Request) (survey.Answers, error) {
	var v apperr.Validation
	a := survey.Answers{}
	for _, q := range def.Questions() {
		name := "q_" + q.Key
		raw := strings.TrimSpace(r.PostForm.Get(name))
		if raw == "" {
			continue
		}
		switch q.Kind {
		case survey.SingleChoice, survey.District, survey.MultipleChoice:
			fields := strings.FieldsFunc(raw, func(c rune) bool { return c == ' ' || c == ',' || c == ';' })
			if q.Kind != survey.MultipleChoice && len(fields) > 1 {
				v.Add(name, "Un seul numéro pour « "+q.Label+" ».")
				continue
			}
			for _, s := range fields {
				n, err := strconv.Atoi(s)
				if err != nil || n < 1 || n > len(q.Choices) {
					v.Add(name, "Numéro de 1 à "+itoa(len(q.Choices))+" pour « "+q.Label+" » : « "+s+" » n'en est pas un.")
					break
				}
				a[q.Key] = append(a[q.Key], q.Choices[n-1].Value)
			}
		case survey.Commune:
			code, msg := communeTyped(raw)
			if msg != "" {
				v.Add(name, msg)
				continue
			}
			a[q.Key] = []string{code}
		default:
			a[q.Key] = []string{raw}
		}
	}
	return a, v.Err()
}

// communeTyped reads an INSEE code, or a postal code of a single commune.
func communeTyped(raw string) (string, string) {
	s := strings.ToUpper(strings.ReplaceAll(raw, " ", ""))
	if commune.ValidCode(s) {
		if cs := commune.ByPostalCode(s); len(cs) == 0 || (len(cs) == 1 && cs[0].Code == s) {
			return s, ""
		}
	}
	cs := commune.ByPostalCode(s)
	switch len(cs) {
	case 0:
		if commune.ValidCode(s) {
			return s, ""
		}
		return "", "Ni code postal ni code Insee connu : « " + raw + " »."
	case 1:
		return cs[0].Code, ""
	}
	var names []string
	for _, c := range cs {
		names = append(names, c.Name+" ("+c.Code+")")
	}
	return "", "Plusieurs communes ont ce code postal : " + strings.Join(names, ", ") + ". Tapez le code Insee."
}

type paperData struct {
	Q       survey.Questionnaire
	Def     survey.Definition
	Version int
	Blocks  []paperSection
}

type paperSection struct {
	Title     string
	Questions []paperQuestion
}

type paperQuestion struct {
	Label, Easy, Hint, Condition string
	Choices                      []string
	Kind                         survey.Kind
	Lines                        int
}

// Paper is the questionnaire to print, with numbered answers.
func (h *Handlers) Paper(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	q, v, err := h.surveys.ForEntry(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := paperData{Q: q, Def: v.Definition, Version: v.Number}
	for _, s := range v.Definition.Sections {
		ps := paperSection{Title: s.Title}
		for _, qq := range s.Questions {
			pq := paperQuestion{Label: qq.Label, Easy: qq.Easy, Hint: qq.Hint, Kind: qq.Kind}
			if qq.Easy == qq.Label {
				pq.Easy = ""
			}
			for i, c := range qq.Choices {
				pq.Choices = append(pq.Choices, itoa(i+1)+". "+c.Label)
			}
			if qq.Kind == survey.Scale {
				for n := qq.Min; n <= qq.Max; n++ {
					pq.Choices = append(pq.Choices, itoa(n))
				}
			}
			if qq.Kind == survey.MultipleChoice {
				pq.Hint = strings.TrimSpace(qq.Hint + " Plusieurs réponses possibles.")
			}
			if qq.ShowIf != nil {
				if dep, ok := v.Definition.Question(qq.ShowIf.Question); ok {
					pq.Condition = "Si vous avez répondu " + strings.Join(choiceLabels(dep, qq.ShowIf.Values), " ou ") + " à « " + dep.Label + " »."
				}
			}
			ps.Questions = append(ps.Questions, pq)
		}
		d.Blocks = append(d.Blocks, ps)
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_paper", ui.Page{Title: q.Title + " – version papier", Data: d})
}

func choiceLabels(q *survey.Question, values []string) []string {
	var out []string
	for _, v := range values {
		if c, ok := q.Choice(v); ok {
			out = append(out, "« "+c.Label+" »")
		} else {
			out = append(out, "« "+v+" »")
		}
	}
	return out
}
