package diagnostic

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/textfold"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// Public answering: no account, no JavaScript; the answer in progress is
// kept in the visitor's session, and a code lets them resume elsewhere.

// answering is what the session remembers of an answer in progress.
type answering struct {
	ID      int64
	PerPage string // "question" or "section"
	Easy    bool   // "facile à lire" wordings
	Code    string // the resume code, shown on every screen
}

func sessionKey(token string) string { return "enquete:" + token }

func (h *Handlers) session(r *http.Request, token string) (answering, bool) {
	s := h.site.Sessions.GetString(r.Context(), sessionKey(token))
	parts := strings.Split(s, "|")
	if len(parts) != 4 {
		return answering{}, false
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return answering{}, false
	}
	return answering{ID: id, PerPage: parts[1], Easy: parts[2] == "1", Code: parts[3]}, true
}

func (h *Handlers) remember(r *http.Request, token string, a answering) {
	easy := "0"
	if a.Easy {
		easy = "1"
	}
	h.site.Sessions.Put(r.Context(), sessionKey(token), strconv.FormatInt(a.ID, 10)+"|"+a.PerPage+"|"+easy+"|"+a.Code)
}

type startData struct {
	Token    string
	Title    string
	Intro    string
	Consent  string
	Easy     bool
	Modes    []ui.Option
	Resuming bool
	Count    int
}

// PublicStart presents a questionnaire: introduction, consent, how to answer.
func (h *Handlers) PublicStart(w http.ResponseWriter, r *http.Request) {
	h.renderStart(w, r, http.StatusOK, &ui.Form{})
}

func (h *Handlers) renderStart(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	token := r.PathValue("token")
	p, err := h.surveys.OpenPublic(r.Context(), token)
	if err != nil {
		h.closed(w, r, err)
		return
	}
	def := p.Version.Definition
	easy := r.URL.Query().Get("falc") == "1" || f.Value("falc") == "1"
	d := startData{Token: token, Title: p.Questionnaire.Title, Intro: def.Intro, Consent: def.Consent, Easy: easy, Count: len(def.Questions()),
		Modes: []ui.Option{
			{Value: "question", Label: "Une question à la fois", Hint: "Conseillé sur un téléphone."},
			{Value: "section", Label: "Une partie à la fois", Hint: "Plusieurs questions par page."},
		}}
	if easy && def.IntroEasy != "" {
		d.Intro = def.IntroEasy
	}
	if _, ok := h.session(r, token); ok {
		d.Resuming = true
	}
	if f.Value("mode") == "" {
		f.Set("mode", "question")
	}
	if easy {
		f.Set("falc", "1")
	}
	h.site.Render(w, r, status, "diagnostic_public_start", ui.Page{Title: p.Questionnaire.Title, Form: f, Data: d})
}

// closed answers for a questionnaire that takes no online answer.
func (h *Handlers) closed(w http.ResponseWriter, r *http.Request, err error) {
	if apperr.Is(err, apperr.NotFound) {
		h.site.RenderError(w, r, http.StatusNotFound, "Questionnaire fermé", "Ce questionnaire n'existe pas ou ne reçoit plus de réponses en ligne. Merci de votre intérêt.")
		return
	}
	h.site.Fail(w, r, err)
}

// PublicBegin starts an answer once the consent box is ticked.
func (h *Handlers) PublicBegin(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	token := r.PathValue("token")
	f := ui.NewForm(r)
	resp, code, err := h.surveys.StartPublic(r.Context(), token, r.PostForm.Get("consentement") == "1")
	if err != nil {
		if apperr.Is(err, apperr.Invalid) {
			f.Fail(err)
			h.renderStart(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		h.closed(w, r, err)
		return
	}
	mode := "question"
	if r.PostForm.Get("mode") == "section" {
		mode = "section"
	}
	if err := h.site.Sessions.RenewToken(r.Context()); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	h.remember(r, token, answering{ID: resp.ID, PerPage: mode, Easy: r.PostForm.Get("falc") == "1", Code: code})
	ui.Redirect(w, r, "/enquetes/"+token+"/questions?ecran=1")
}

// PublicResume takes an answer back with its code.
func (h *Handlers) PublicResume(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	token := r.PathValue("token")
	resp, err := h.surveys.ResumePublic(r.Context(), token, r.PostForm.Get("code"), h.clientIP(r))
	if err != nil {
		if status, ok := refusals[apperr.CodeOf(err)]; ok {
			f := ui.NewForm(r)
			f.Fail(err)
			h.renderStart(w, r, status, f)
			return
		}
		h.closed(w, r, err)
		return
	}
	if err := h.site.Sessions.RenewToken(r.Context()); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	h.remember(r, token, answering{ID: resp.ID, PerPage: "question", Easy: r.PostForm.Get("falc") == "1", Code: survey.NormalizeCode(r.PostForm.Get("code"))})
	ui.Redirect(w, r, "/enquetes/"+token+"/questions?ecran=1")
}

// refusals are the answers to a resume code shown on the form itself.
var refusals = map[apperr.Code]int{apperr.Invalid: http.StatusUnprocessableEntity, apperr.TooManyRequests: http.StatusTooManyRequests}

// screen is one page of the form.
type screen struct {
	Section   *survey.Section
	Questions []*survey.Question
}

// screens cuts the visible questions into pages: one question each, or one
// section each (a question whose condition depends on its own section is
// shown with the condition written out; the server drops its answer when
// the condition is not met).
func screens(def *survey.Definition, a survey.Answers, perPage string) []screen {
	var out []screen
	for si := range def.Sections {
		s := &def.Sections[si]
		var page []*survey.Question
		for qi := range s.Questions {
			q := &s.Questions[qi]
			sameSection := q.ShowIf != nil && sectionHas(s, q.ShowIf.Question)
			if !(perPage == "section" && sameSection) && !survey.Visible(q, a) {
				continue
			}
			if perPage == "question" {
				out = append(out, screen{Section: s, Questions: []*survey.Question{q}})
				continue
			}
			page = append(page, q)
		}
		if len(page) > 0 {
			out = append(out, screen{Section: s, Questions: page})
		}
	}
	return out
}

func sectionHas(s *survey.Section, key string) bool {
	for _, q := range s.Questions {
		if q.Key == key {
			return true
		}
	}
	return false
}

type screenData struct {
	Token      string
	Title      string
	Section    string
	Number     int
	Total      int
	Percent    int
	First      bool
	Last       bool
	Code       string
	Easy       bool
	Keys       string
	Questions  []publicQuestion
	SingleMode bool
}

type publicQuestion struct {
	Name, Label, Hint, Condition string
	Kind                         survey.Kind
	Required                     bool
	Options                      []option
	Value                        string
	Inputmode                    string
	Maxlength                    int
	Candidates                   []option
}

func (h *Handlers) answering(w http.ResponseWriter, r *http.Request) (string, answering, surveys.Public, survey.Response, bool) {
	token := r.PathValue("token")
	a, ok := h.session(r, token)
	if !ok {
		ui.Redirect(w, r, "/enquetes/"+token)
		return token, a, surveys.Public{}, survey.Response{}, false
	}
	p, resp, err := h.surveys.PublicAnswer(r.Context(), token, a.ID)
	if err != nil {
		h.site.Sessions.Remove(r.Context(), sessionKey(token))
		if apperr.Is(err, apperr.NotFound) {
			ui.Redirect(w, r, "/enquetes/"+token)
			return token, a, p, resp, false
		}
		h.closed(w, r, err)
		return token, a, p, resp, false
	}
	return token, a, p, resp, true
}

// PublicScreen shows one page of questions.
func (h *Handlers) PublicScreen(w http.ResponseWriter, r *http.Request) {
	token, a, p, resp, ok := h.answering(w, r)
	if !ok {
		return
	}
	n, _ := strconv.Atoi(r.URL.Query().Get("ecran"))
	h.renderScreen(w, r, http.StatusOK, token, a, p, resp.Answers, n, &ui.Form{}, nil)
}

func (h *Handlers) renderScreen(w http.ResponseWriter, r *http.Request, status int, token string, a answering, p surveys.Public, answers survey.Answers, n int, f *ui.Form, candidates map[string][]option) {
	def := &p.Version.Definition
	pages := screens(def, answers, a.PerPage)
	if len(pages) == 0 {
		h.site.RenderError(w, r, http.StatusConflict, "Questionnaire vide", "Ce questionnaire n'a pas de question.")
		return
	}
	n = max(1, min(n, len(pages)))
	pg := pages[n-1]
	d := screenData{Token: token, Title: p.Questionnaire.Title, Section: pg.Section.Title, Number: n, Total: len(pages), Percent: (n - 1) * 100 / len(pages),
		First: n == 1, Last: n == len(pages), Code: a.Code, Easy: a.Easy, SingleMode: a.PerPage == "question"}
	if a.Easy && pg.Section.Easy != "" {
		d.Section = pg.Section.Easy
	}
	var keys []string
	for _, q := range pg.Questions {
		keys = append(keys, q.Key)
		d.Questions = append(d.Questions, publicView(def, q, answers, a.Easy, f, candidates[q.Key]))
	}
	d.Keys = strings.Join(keys, " ")
	title := p.Questionnaire.Title + " – question " + itoa(n) + " sur " + itoa(len(pages))
	if !d.SingleMode {
		title = p.Questionnaire.Title + " – page " + itoa(n) + " sur " + itoa(len(pages))
	}
	h.site.Render(w, r, status, "diagnostic_public_question", ui.Page{Title: title, Form: f, Data: d})
}

func publicView(def *survey.Definition, q *survey.Question, answers survey.Answers, easy bool, f *ui.Form, candidates []option) publicQuestion {
	name := "q_" + q.Key
	pq := publicQuestion{Name: name, Label: q.Wording(easy), Hint: q.Hint, Kind: q.Kind, Required: q.Required, Candidates: candidates}
	current := answers[q.Key]
	if f.Values != nil {
		current = f.Values[name]
	}
	checked := func(v string) bool {
		for _, c := range current {
			if c == v {
				return true
			}
		}
		return false
	}
	switch {
	case q.Kind.HasChoices():
		for i, c := range q.Choices {
			id := name
			if i > 0 {
				id = name + "-" + itoa(i)
			}
			pq.Options = append(pq.Options, option{ID: id, Value: c.Value, Label: c.Wording(easy), Checked: checked(c.Value)})
		}
	case q.Kind == survey.Scale:
		for v := q.Min; v <= q.Max; v++ {
			id := name
			if v > q.Min {
				id = name + "-" + itoa(v-q.Min)
			}
			label := itoa(v)
			switch {
			case v == q.Min && q.MinLabel != "":
				label += " – " + q.MinLabel
			case v == q.Max && q.MaxLabel != "":
				label += " – " + q.MaxLabel
			}
			pq.Options = append(pq.Options, option{ID: id, Value: itoa(v), Label: label, Checked: checked(itoa(v))})
		}
	default:
		if len(current) > 0 {
			pq.Value = current[0]
			if q.Kind == survey.Commune && f.Values == nil {
				if c, ok := commune.Lookup(current[0]); ok {
					pq.Value = c.Name
				}
			}
		}
		pq.Inputmode, pq.Maxlength = "text", q.MaxLength()
		switch q.Kind {
		case survey.Number:
			pq.Inputmode, pq.Maxlength = "decimal", 12
			pq.Hint = strings.TrimSpace(pq.Hint + " Un nombre de " + itoa(q.Min) + " à " + itoa(q.Max) + ".")
		case survey.Commune:
			pq.Maxlength = 80
		}
	}
	if q.ShowIf != nil {
		if dep, ok := def.Question(q.ShowIf.Question); ok {
			pq.Condition = "Répondez seulement si vous avez répondu " + strings.Join(choiceLabels(dep, q.ShowIf.Values), " ou ") + " à la question « " + dep.Wording(easy) + " »."
		}
	}
	return pq
}

// PublicSave saves a page of answers and moves on, back, or stops for later.
func (h *Handlers) PublicSave(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	token, a, p, resp, ok := h.answering(w, r)
	if !ok {
		return
	}
	def := &p.Version.Definition
	n, _ := strconv.Atoi(r.PostForm.Get("ecran"))
	action := r.PostForm.Get("action")
	keys := strings.Fields(r.PostForm.Get("cles"))
	answers := survey.Answers{}
	candidates := map[string][]option{}
	var v apperr.Validation
	for _, k := range keys {
		q, ok := def.Question(k)
		if !ok {
			continue
		}
		vals := ui.FormList(r, "q_"+k)
		if q.Kind == survey.Commune && len(vals) > 0 {
			code, cands := communeAnswer(vals[0])
			switch {
			case code != "":
				vals = []string{code}
			case len(cands) > 0:
				candidates[k] = cands
				v.Add("q_"+k, "Plusieurs communes correspondent : choisissez la vôtre.")
				continue
			default:
				v.Add("q_"+k, "Commune introuvable. Écrivez son nom ou son code postal.")
				continue
			}
		}
		answers[k] = vals
	}
	step := surveys.Step{Keys: keys, Answers: answers, Forward: action == "suivant", Submit: action == "envoyer"}
	if err := v.Err(); err != nil && action != "precedent" {
		f := ui.NewForm(r)
		f.Fail(err)
		h.renderScreen(w, r, http.StatusUnprocessableEntity, token, a, p, resp.Answers, n, f, candidates)
		return
	}
	saved, err := h.surveys.SavePublic(r.Context(), token, a.ID, step)
	if err != nil {
		if !apperr.Is(err, apperr.Invalid) {
			h.closed(w, r, err)
			return
		}
		f := ui.NewForm(r)
		f.Fail(renameToInputs(err))
		if action == "envoyer" && len(f.Errors) > 0 && !onScreen(f.Errors, keys) {
			// A required question on another page: go to it.
			h.renderScreen(w, r, http.StatusUnprocessableEntity, token, a, p, resp.Answers, firstScreenWith(def, resp.Answers, a.PerPage, f.Errors), &ui.Form{Errors: f.Errors}, nil)
			return
		}
		h.renderScreen(w, r, http.StatusUnprocessableEntity, token, a, p, resp.Answers, n, f, candidates)
		return
	}
	switch action {
	case "envoyer":
		h.site.Sessions.Remove(r.Context(), sessionKey(token))
		ui.Redirect(w, r, "/enquetes/"+token+"/merci")
	case "pause":
		ui.Redirect(w, r, "/enquetes/"+token+"/pause")
	case "precedent":
		ui.Redirect(w, r, "/enquetes/"+token+"/questions?ecran="+itoa(max(1, n-1)))
	default:
		// The pages are counted again: an answer may show or hide questions.
		next := n + 1
		if pages := screens(def, saved.Answers, a.PerPage); next > len(pages) {
			next = len(pages)
		}
		ui.Redirect(w, r, "/enquetes/"+token+"/questions?ecran="+itoa(next))
	}
}

func renameToInputs(err error) error {
	if e, ok := apperr.As(err); ok {
		for i := range e.Fields {
			e.Fields[i].Field = "q_" + e.Fields[i].Field
		}
	}
	return err
}

func onScreen(errs []apperr.FieldError, keys []string) bool {
	for _, e := range errs {
		for _, k := range keys {
			if e.Field == "q_"+k {
				return true
			}
		}
	}
	return false
}

func firstScreenWith(def *survey.Definition, a survey.Answers, perPage string, errs []apperr.FieldError) int {
	for i, s := range screens(def, a, perPage) {
		for _, q := range s.Questions {
			for _, e := range errs {
				if e.Field == "q_"+q.Key {
					return i + 1
				}
			}
		}
	}
	return 1
}

// communeAnswer reads a commune typed by its name or postal code (or chosen
// by its code): the code when one commune matches, else the candidates.
func communeAnswer(s string) (string, []option) {
	s = strings.TrimSpace(s)
	if commune.ValidCode(strings.ToUpper(s)) && len(commune.ByPostalCode(s)) == 0 {
		return strings.ToUpper(s), nil
	}
	var found []commune.Commune
	if cs := commune.ByPostalCode(s); len(cs) > 0 {
		found = cs
	} else {
		for _, c := range commune.Search(s, 8) {
			if c.Kind == commune.KindCommune {
				found = append(found, c)
			}
		}
		var exact []commune.Commune
		for _, c := range found {
			if textfold.Equal(c.Name, s) {
				exact = append(exact, c)
			}
		}
		if len(exact) == 1 {
			return exact[0].Code, nil
		}
	}
	if len(found) == 1 {
		return found[0].Code, nil
	}
	var out []option
	for i, c := range found {
		out = append(out, option{ID: "commune-" + itoa(i), Value: c.Code, Label: commune.Label(c)})
	}
	return "", out
}

type pauseData struct {
	Token, Title, Code string
	URL                string
}

// PublicPause gives the code to come back later.
func (h *Handlers) PublicPause(w http.ResponseWriter, r *http.Request) {
	token, a, p, _, ok := h.answering(w, r)
	if !ok {
		return
	}
	d := pauseData{Token: token, Title: p.Questionnaire.Title, Code: a.Code, URL: h.site.AbsoluteURL(r, "/enquetes/"+token)}
	h.site.Render(w, r, http.StatusOK, "diagnostic_public_pause", ui.Page{Title: "Reprendre plus tard – " + p.Questionnaire.Title, Data: d})
}

type thanksData struct {
	Title, Thanks string
}

// PublicThanks thanks the respondent.
func (h *Handlers) PublicThanks(w http.ResponseWriter, r *http.Request) {
	p, err := h.surveys.OpenPublic(r.Context(), r.PathValue("token"))
	if err != nil {
		h.closed(w, r, err)
		return
	}
	d := thanksData{Title: p.Questionnaire.Title, Thanks: p.Version.Definition.Thanks}
	if d.Thanks == "" {
		d.Thanks = "Merci pour vos réponses."
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_public_thanks", ui.Page{Title: "Merci – " + p.Questionnaire.Title, Data: d})
}
