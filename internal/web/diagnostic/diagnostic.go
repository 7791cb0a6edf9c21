// Package diagnostic serves the screens of the territory's diagnostic: the
// questionnaire builder, paper entry, imports, answers, the report (HTML,
// PDF, XLSX, board summary), the national benchmarks, the fragility index
// beside the offer and the activity, and the public answering pages, which
// work without JavaScript on a small phone.
package diagnostic

import (
	"embed"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Handlers serves the diagnostic's screens.
type Handlers struct {
	site      *ui.Site
	surveys   *surveys.Service
	fragility *fragilityindex.Service
	clientIP  func(r *http.Request) string // the address resume codes are counted against
}

// Menu lists the diagnostic's staff menu entries.
var Menu = []ui.MenuItem{
	{Label: "Diagnostic", Href: "/espace/diagnostic", Perm: account.PermDiagnostic},
	{Label: "Saisie des questionnaires", Href: "/espace/diagnostic/saisie", Perm: account.PermDiagnosticEntry},
	{Label: "Fragilité numérique", Href: "/espace/fragilite", Perm: account.PermFragility},
}

// New registers the pages' templates with the site.
func New(site *ui.Site, sv *surveys.Service, fr *fragilityindex.Service, clientIP func(r *http.Request) string) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html", "templates/partials/*.html"); err != nil {
		return nil, err
	}
	return &Handlers{site: site, surveys: sv, fragility: fr, clientIP: clientIP}, nil
}

// questionnaire loads the {id} questionnaire of the actor's structure.
func (h *Handlers) questionnaire(w http.ResponseWriter, r *http.Request) (survey.Questionnaire, bool) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return survey.Questionnaire{}, false
	}
	q, err := h.surveys.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return q, false
	}
	return q, true
}

// base is the questionnaire's staff address.
func base(id int64) string { return "/espace/diagnostic/questionnaires/" + strconv.FormatInt(id, 10) }

// parse reads a posted form (1 MB at most).
func parse(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Formulaire illisible ou trop gros.", http.StatusBadRequest)
		return false
	}
	return true
}

// failForm shows err on the form of page, or the error page when it is no field error.
func (h *Handlers) failForm(w http.ResponseWriter, r *http.Request, err error, page string, p ui.Page) {
	if p.Form == nil {
		p.Form = ui.NewForm(r)
	}
	if !p.Form.Fail(err) {
		h.site.Fail(w, r, err)
		return
	}
	status := http.StatusUnprocessableEntity
	if apperr.Is(err, apperr.Conflict) {
		status = http.StatusConflict
	}
	h.site.Render(w, r, status, page, p)
}

// Option helpers for templates.

// option is a checkable or selectable choice.
type option struct {
	ID, Value, Label, Hint string
	Checked                bool
}

func kindOptions() []ui.Option {
	out := make([]ui.Option, len(survey.Kinds))
	for i, k := range survey.Kinds {
		out[i] = ui.Option{Value: string(k), Label: k.Label(), Hint: kindHints[k]}
	}
	return out
}

var kindHints = map[survey.Kind]string{
	survey.SingleChoice:   "Une seule réponse parmi les choix.",
	survey.MultipleChoice: "Plusieurs réponses possibles ; un choix peut être exclusif (« aucun »).",
	survey.Scale:          "Une note, par exemple de 1 à 5.",
	survey.Number:         "Un nombre entre un minimum et un maximum.",
	survey.ShortText:      "Une réponse libre courte (jamais publiée dans le rapport).",
	survey.Commune:        "La commune, par son nom ou son code postal.",
	survey.District:       "Un quartier parmi la liste du CCAS.",
}

func roleOptions() []ui.Option {
	out := []ui.Option{{Value: "", Label: "Aucun"}}
	for _, r := range survey.Roles {
		out = append(out, ui.Option{Value: string(r), Label: r.Label()})
	}
	return out
}

// lines splits a textarea into trimmed, non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func fieldErr(field, msg string) apperr.FieldError {
	return apperr.FieldError{Field: field, Message: msg}
}
