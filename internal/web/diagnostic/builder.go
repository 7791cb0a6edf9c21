package diagnostic

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/textfold"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

func itoa(n int) string { return strconv.Itoa(n) }

// valueOf derives a key or choice value from a label: « Centre-ville » → centre_ville.
func valueOf(label string) string {
	v := strings.ReplaceAll(textfold.Key(label), " ", "_")
	if len(v) > 36 {
		v = strings.TrimRight(v[:36], "_")
	}
	if v == "" || !survey.ValidKey(v) {
		v = "q_" + v
		if len(v) > 36 || !survey.ValidKey(v) {
			v = "choix"
		}
	}
	return v
}

// draftErrors lists a definition's errors in one message ("" when err is no validation error).
func draftErrors(err error) string {
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid || len(e.Fields) == 0 {
		return ""
	}
	var msgs []string
	for _, f := range e.Fields {
		if !slices.Contains(msgs, f.Message) {
			msgs = append(msgs, f.Message)
		}
	}
	return "Le brouillon a des erreurs : " + strings.Join(msgs, " ")
}

type draftData struct {
	Q        survey.Questionnaire
	Base     string
	Def      survey.Definition
	Number   int  // the draft's version number
	IsDraft  bool // false: the current version shown, a change starts the next version
	Sections []draftSection
}

type draftSection struct {
	survey.Section
	Rows []draftQuestion
}

type draftQuestion struct {
	*survey.Question
	First, Last bool
	Condition   string
	Choices     string
}

// Draft shows the draft version, section by section, with its edit links.
func (h *Handlers) Draft(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	h.renderDraft(w, r, http.StatusOK, q, ui.NewForm(r))
}

func (h *Handlers) renderDraft(w http.ResponseWriter, r *http.Request, status int, q survey.Questionnaire, f *ui.Form) {
	d := draftData{Q: q, Base: base(q.ID), Def: surveys.Draft(q)}
	if v, ok := q.Draft(); ok {
		d.Number, d.IsDraft = v.Number, true
	} else {
		d.Number = len(q.Versions) + 1
	}
	for si := range d.Def.Sections {
		s := d.Def.Sections[si]
		ds := draftSection{Section: s}
		for qi := range s.Questions {
			qq := &d.Def.Sections[si].Questions[qi]
			dq := draftQuestion{Question: qq, First: qi == 0, Last: qi == len(s.Questions)-1}
			if qq.ShowIf != nil {
				if dep, ok := d.Def.Question(qq.ShowIf.Question); ok {
					var labels []string
					for _, v := range qq.ShowIf.Values {
						if c, ok := dep.Choice(v); ok {
							labels = append(labels, "« "+c.Label+" »")
						} else {
							labels = append(labels, "« "+v+" »")
						}
					}
					dq.Condition = "Posée seulement si la réponse à « " + dep.Label + " » est " + strings.Join(labels, " ou ") + "."
				}
			}
			var cs []string
			for _, c := range qq.Choices {
				cs = append(cs, c.Label)
			}
			dq.Choices = strings.Join(cs, " · ")
			ds.Rows = append(ds.Rows, dq)
		}
		d.Sections = append(d.Sections, ds)
	}
	title := "Brouillon de la version " + itoa(d.Number)
	h.site.Render(w, r, status, "diagnostic_draft", ui.Page{Title: title + " – " + q.Title, Form: f, Data: d})
}

// edit applies one change to the draft and comes back to it, or shows why not.
func (h *Handlers) edit(w http.ResponseWriter, r *http.Request, q survey.Questionnaire, change func(d *survey.Definition) error, done string) {
	if _, err := h.surveys.EditDraft(r.Context(), ui.Actor(r), q.ID, change); err != nil {
		msg := draftErrors(err)
		if msg == "" {
			if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
				msg = e.Message
			} else {
				h.site.Fail(w, r, err)
				return
			}
		}
		h.renderDraft(w, r, http.StatusUnprocessableEntity, q, &ui.Form{Message: msg})
		return
	}
	h.site.Flash(r, done)
	ui.Redirect(w, r, base(q.ID)+"/brouillon")
}

// position finds a question in a definition.
func position(d *survey.Definition, key string) (si, qi int, ok bool) {
	for si := range d.Sections {
		for qi, qq := range d.Sections[si].Questions {
			if qq.Key == key {
				return si, qi, true
			}
		}
	}
	return 0, 0, false
}

var errNoQuestion = apperr.New(apperr.Invalid, "Cette question n'est plus dans le brouillon.")

// QuestionMove moves a question up or down within its section.
func (h *Handlers) QuestionMove(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	key, up := r.PathValue("key"), r.PostForm.Get("sens") == "haut"
	h.edit(w, r, q, func(d *survey.Definition) error {
		si, qi, ok := position(d, key)
		if !ok {
			return errNoQuestion
		}
		qs := d.Sections[si].Questions
		j := qi + 1
		if up {
			j = qi - 1
		}
		if j < 0 || j >= len(qs) {
			return nil
		}
		qs[qi], qs[j] = qs[j], qs[qi]
		return nil
	}, "Question déplacée.")
}

// QuestionDelete removes a question from the draft.
func (h *Handlers) QuestionDelete(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	key := r.PathValue("key")
	h.edit(w, r, q, func(d *survey.Definition) error {
		si, qi, ok := position(d, key)
		if !ok {
			return errNoQuestion
		}
		d.Sections[si].Questions = slices.Delete(d.Sections[si].Questions, qi, qi+1)
		return nil
	}, "Question retirée du brouillon.")
}

// SectionAdd appends a section.
func (h *Handlers) SectionAdd(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	title := strings.TrimSpace(r.PostForm.Get("titre_section"))
	h.edit(w, r, q, func(d *survey.Definition) error {
		if title == "" {
			return apperr.New(apperr.Invalid, "Donnez un titre à la nouvelle section.")
		}
		key := valueOf(title)
		for i := 2; slices.ContainsFunc(d.Sections, func(s survey.Section) bool { return s.Key == key }); i++ {
			key = valueOf(title) + "_" + itoa(i)
		}
		d.Sections = append(d.Sections, survey.Section{Key: key, Title: title})
		return nil
	}, "Section ajoutée.")
}

// SectionSave renames a section, or removes it when it is empty.
func (h *Handlers) SectionSave(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	key, remove := r.PathValue("key"), r.PostForm.Get("action") == "supprimer"
	title, easy := strings.TrimSpace(r.PostForm.Get("titre")), strings.TrimSpace(r.PostForm.Get("titre_falc"))
	h.edit(w, r, q, func(d *survey.Definition) error {
		i := slices.IndexFunc(d.Sections, func(s survey.Section) bool { return s.Key == key })
		switch {
		case i < 0:
			return apperr.New(apperr.Invalid, "Cette section n'est plus dans le brouillon.")
		case remove && len(d.Sections[i].Questions) > 0:
			return apperr.New(apperr.Invalid, "Retirez d'abord les questions de la section.")
		case remove:
			d.Sections = slices.Delete(d.Sections, i, i+1)
		default:
			d.Sections[i].Title, d.Sections[i].Easy = title, easy
		}
		return nil
	}, map[bool]string{true: "Section retirée.", false: "Section renommée."}[remove])
}

type textsData struct {
	Q    survey.Questionnaire
	Base string
}

// TextsForm edits the introduction, the consent text and the thanks.
func (h *Handlers) TextsForm(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	d := surveys.Draft(q)
	f := &ui.Form{}
	f.Set("introduction", d.Intro)
	f.Set("introduction_falc", d.IntroEasy)
	f.Set("consentement", d.Consent)
	f.Set("remerciement", d.Thanks)
	h.site.Render(w, r, http.StatusOK, "diagnostic_texts", ui.Page{Title: "Textes du questionnaire", Form: f, Data: textsData{Q: q, Base: base(q.ID)}})
}

// TextsSave saves the texts.
func (h *Handlers) TextsSave(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	p := r.PostForm
	_, err := h.surveys.EditDraft(r.Context(), ui.Actor(r), q.ID, func(d *survey.Definition) error {
		d.Intro, d.IntroEasy = strings.TrimSpace(p.Get("introduction")), strings.TrimSpace(p.Get("introduction_falc"))
		d.Consent, d.Thanks = strings.TrimSpace(p.Get("consentement")), strings.TrimSpace(p.Get("remerciement"))
		return nil
	})
	if err != nil {
		e, ok := apperr.As(err)
		if ok && e.Code == apperr.Invalid {
			// Only the texts' own errors are shown beside them.
			var kept []apperr.FieldError
			for _, fe := range e.Fields {
				if !strings.HasPrefix(fe.Field, "sections") {
					kept = append(kept, fe)
				}
			}
			if len(kept) == 0 {
				err = apperr.New(apperr.Invalid, draftErrors(err))
			} else {
				err = &apperr.Error{Code: apperr.Invalid, Message: e.Message, Fields: kept}
			}
		}
		h.failForm(w, r, err, "diagnostic_texts", ui.Page{Title: "Textes du questionnaire", Data: textsData{Q: q, Base: base(q.ID)}})
		return
	}
	h.site.Flash(r, "Textes enregistrés.")
	ui.Redirect(w, r, base(q.ID)+"/brouillon")
}

type questionFormData struct {
	Q          survey.Questionnaire
	Base       string
	New        bool
	Key        string
	Kinds      []ui.Option
	Roles      []ui.Option
	Sections   []ui.Option
	Conditions []ui.Option
	Action     string
}

func (h *Handlers) questionForm(w http.ResponseWriter, r *http.Request, status int, q survey.Questionnaire, key string, f *ui.Form) {
	d := surveys.Draft(q)
	data := questionFormData{Q: q, Base: base(q.ID), New: key == "", Key: key, Kinds: kindOptions(), Roles: roleOptions()}
	data.Action = base(q.ID) + "/brouillon/questions"
	if key != "" {
		data.Action += "/" + key
	}
	for _, s := range d.Sections {
		data.Sections = append(data.Sections, ui.Option{Value: s.Key, Label: s.Title})
	}
	data.Conditions = []ui.Option{{Value: "", Label: "Toujours posée"}}
	for _, qq := range d.Questions() {
		if qq.Key == key {
			break
		}
		if qq.Kind.HasChoices() || qq.Kind == survey.Scale {
			data.Conditions = append(data.Conditions, ui.Option{Value: qq.Key, Label: qq.Label})
		}
	}
	title := "Nouvelle question"
	if key != "" {
		title = "Modifier la question"
	}
	h.site.Render(w, r, status, "diagnostic_question", ui.Page{Title: title, Form: f, Data: data})
}

// QuestionNew shows an empty question form.
func (h *Handlers) QuestionNew(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	f := &ui.Form{}
	f.Set("type", string(survey.SingleChoice))
	f.Set("section", r.URL.Query().Get("section"))
	f.Set("minimum", "1")
	f.Set("maximum", "5")
	h.questionForm(w, r, http.StatusOK, q, "", f)
}

// QuestionEdit shows a question of the draft.
func (h *Handlers) QuestionEdit(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	d := surveys.Draft(q)
	qq, found := d.Question(r.PathValue("key"))
	if !found {
		h.site.NotFound(w, r)
		return
	}
	h.questionForm(w, r, http.StatusOK, q, qq.Key, questionValues(qq))
}

// questionValues fills the form with a question.
func questionValues(q *survey.Question) *ui.Form {
	f := &ui.Form{}
	f.Set("cle", q.Key)
	f.Set("type", string(q.Kind))
	f.Set("libelle", q.Label)
	f.Set("libelle_falc", q.Easy)
	f.Set("aide", q.Hint)
	if q.Required {
		f.Set("obligatoire", "1")
	}
	var cs []string
	for _, c := range q.Choices {
		v := c.Value
		if c.Exclusive {
			v = "!" + v
		}
		line := v + " | " + c.Label
		if c.Easy != "" {
			line += " | " + c.Easy
		}
		cs = append(cs, line)
	}
	f.Set("choix", strings.Join(cs, "\n"))
	f.Set("minimum", itoa(q.Min))
	f.Set("maximum", itoa(q.Max))
	f.Set("libelle_minimum", q.MinLabel)
	f.Set("libelle_maximum", q.MaxLabel)
	if q.Length > 0 {
		f.Set("longueur_max", itoa(q.Length))
	}
	if q.ShowIf != nil {
		f.Set("condition_question", q.ShowIf.Question)
		f.Set("condition_valeurs", strings.Join(q.ShowIf.Values, ", "))
	}
	f.Set("role", string(q.Role))
	return f
}

var agePattern = regexp.MustCompile(`^(\d{1,3})(?:-(\d{1,3})|\+)$`)

// readQuestion reads the question form; errors name the form's inputs.
func readQuestion(r *http.Request) (survey.Question, error) {
	p := r.PostForm
	var v apperr.Validation
	num := func(name string) int {
		s := strings.TrimSpace(p.Get(name))
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			v.Add(name, "Saisissez un nombre entier.")
		}
		return n
	}
	q := survey.Question{Key: strings.TrimSpace(p.Get("cle")), Kind: survey.Kind(p.Get("type")), Label: strings.TrimSpace(p.Get("libelle")),
		Easy: strings.TrimSpace(p.Get("libelle_falc")), Hint: strings.TrimSpace(p.Get("aide")), Required: p.Get("obligatoire") == "1",
		MinLabel: strings.TrimSpace(p.Get("libelle_minimum")), MaxLabel: strings.TrimSpace(p.Get("libelle_maximum")), Role: survey.Role(p.Get("role"))}
	if q.Kind == survey.Scale || q.Kind == survey.Number {
		q.Min, q.Max = num("minimum"), num("maximum")
	}
	if q.Kind == survey.ShortText {
		q.Length = num("longueur_max")
	}
	if q.Kind.HasChoices() {
		for _, l := range lines(p.Get("choix")) {
			parts := strings.Split(l, "|")
			for i := range parts {
				parts[i] = strings.TrimSpace(parts[i])
			}
			c := survey.Choice{}
			if len(parts) == 1 {
				c.Label, c.Value = parts[0], valueOf(parts[0])
			} else {
				c.Value, c.Label = parts[0], parts[1]
				if len(parts) > 2 {
					c.Easy = parts[2]
				}
			}
			if strings.HasPrefix(c.Value, "!") {
				c.Exclusive, c.Value = true, strings.TrimPrefix(c.Value, "!")
			}
			if q.Role == survey.RoleAge {
				if m := agePattern.FindStringSubmatch(c.Value); m != nil {
					c.AgeMin, _ = strconv.Atoi(m[1])
					if m[2] != "" {
						c.AgeMax, _ = strconv.Atoi(m[2])
					}
				}
			}
			q.Choices = append(q.Choices, c)
		}
	}
	if dep := p.Get("condition_question"); dep != "" {
		var vals []string
		for _, s := range strings.Split(p.Get("condition_valeurs"), ",") {
			if s = strings.TrimSpace(s); s != "" {
				vals = append(vals, s)
			}
		}
		q.ShowIf = &survey.Condition{Question: dep, Values: vals}
	}
	if q.Key == "" {
		q.Key = valueOf(q.Label)
	}
	return q, v.Err()
}

// questionFields maps a definition's field names onto the question form's inputs.
func questionFields(err error, prefix string) error {
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		return err
	}
	names := map[string]string{"cle": "cle", "type": "type", "libelle": "libelle", "libelle_falc": "libelle_falc", "aide": "aide", "choix": "choix",
		"minimum": "maximum", "maximum": "maximum", "libelle_minimum": "libelle_minimum", "libelle_maximum": "libelle_maximum",
		"longueur_max": "longueur_max", "afficher_si": "condition_question", "role": "role"}
	out := &apperr.Error{Code: apperr.Invalid}
	var others []string
	for _, fe := range e.Fields {
		rest, under := strings.CutPrefix(fe.Field, prefix)
		if under {
			head, _, _ := strings.Cut(rest, ".")
			if n, ok := names[head]; ok {
				out.Fields = append(out.Fields, apperr.FieldError{Field: n, Message: fe.Message})
				continue
			}
		}
		others = append(others, fe.Message)
	}
	if len(others) > 0 {
		out.Message = "Le brouillon a d'autres erreurs : " + strings.Join(others, " ")
	}
	if len(out.Fields) == 0 && out.Message == "" {
		return err
	}
	return out
}

// QuestionCreate adds a question at the end of a section.
func (h *Handlers) QuestionCreate(w http.ResponseWriter, r *http.Request) {
	h.saveQuestion(w, r, "")
}

// QuestionUpdate replaces a question of the draft.
func (h *Handlers) QuestionUpdate(w http.ResponseWriter, r *http.Request) {
	h.saveQuestion(w, r, r.PathValue("key"))
}

func (h *Handlers) saveQuestion(w http.ResponseWriter, r *http.Request, key string) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	qq, err := readQuestion(r)
	if err != nil {
		f.Fail(err)
		h.questionForm(w, r, http.StatusUnprocessableEntity, q, key, f)
		return
	}
	prefix := ""
	_, err = h.surveys.EditDraft(r.Context(), ui.Actor(r), q.ID, func(d *survey.Definition) error {
		if key != "" {
			si, qi, ok := position(d, key)
			if !ok {
				return errNoQuestion
			}
			d.Sections[si].Questions[qi] = qq
			prefix = fmt.Sprintf("sections.%d.questions.%d.", si, qi)
			return nil
		}
		si := slices.IndexFunc(d.Sections, func(s survey.Section) bool { return s.Key == r.PostForm.Get("section") })
		if si < 0 {
			return ui.FieldError("section", "Choisissez la section de la question.")
		}
		if _, exists := d.Question(qq.Key); exists {
			return ui.FieldError("cle", "Une question a déjà la clé « "+qq.Key+" » : choisissez-en une autre.")
		}
		d.Sections[si].Questions = append(d.Sections[si].Questions, qq)
		prefix = fmt.Sprintf("sections.%d.questions.%d.", si, len(d.Sections[si].Questions)-1)
		return nil
	})
	if err != nil {
		if !f.Fail(questionFields(err, prefix)) {
			h.site.Fail(w, r, err)
			return
		}
		h.questionForm(w, r, http.StatusUnprocessableEntity, q, key, f)
		return
	}
	h.site.Flash(r, "Question enregistrée dans le brouillon.")
	ui.Redirect(w, r, base(q.ID)+"/brouillon#question-"+qq.Key)
}
