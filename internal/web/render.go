package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/web/static"
)

//go:embed templates
var templateFS embed.FS

// views holds every page template, each parsed with the layout and partials.
type views struct {
	pages map[string]*template.Template
}

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// frenchDate writes "5 mars 2026" in Paris time.
func frenchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(paris)
	return fmt.Sprintf("%d %s %d", t.Day(), frenchMonths[t.Month()-1], t.Year())
}

// frenchDateTime writes "5 mars 2026 à 14 h 05" in Paris time.
func frenchDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	p := t.In(paris)
	return fmt.Sprintf("%s à %d h %02d", frenchDate(p), p.Hour(), p.Minute())
}

func parseViews(assets *static.Assets) (*views, error) {
	funcs := template.FuncMap{
		"asset":    assets.URL,
		"field":    newField,
		"date":     frenchDate,
		"datetime": frenchDateTime,
		"roles":    func() []account.Role { return account.Roles },
		"plural": func(n int, one, many string) string {
			if n == 1 || n == 0 {
				return one
			}
			return many
		},
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout/*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	v := &views{pages: make(map[string]*template.Template, len(files))}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(templateFS, f); err != nil {
			return nil, err
		}
		v.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return v, nil
}

// Names lists the page templates (for the test that renders them all).
func (v *views) names() []string {
	out := make([]string, 0, len(v.pages))
	for n := range v.pages {
		out = append(out, n)
	}
	return out
}

// page is what every template receives.
type page struct {
	Title        string
	Actor        *account.Actor
	Nav          []navItem
	Flash        string
	Form         *form
	Demo         bool
	Territory    string
	Operator     string
	ContactEmail string
	Path         string
	Data         any
}

type navItem struct {
	Label   string
	Href    string
	Current bool
}

// menuItem is one entry of the staff menu.
type menuItem struct {
	label string
	href  string
	perm  account.Permission
}

// staffMenu lists the staff pages, in menu order: each capability's items
// come from its own file; a role sees those it has the permission for.
var staffMenu = concatMenus(
	[]menuItem{{"Accueil de l'espace", "/espace", account.PermStaffArea}},
	receptionMenu,
	agendaMenu,
	placeEditMenu,
	placeFileMenu,
	[]menuItem{
		{"Territoire", "/espace/territoire", account.PermViewTerritory},
		{"Structures", "/espace/admin/structures", account.PermManagePlatform},
		{"Territoires", "/espace/admin/territoires", account.PermManagePlatform},
		{"Comptes", "/espace/admin/comptes", account.PermManagePlatform},
		{"Jetons d'API", "/espace/jetons", account.PermManageTokens},
	},
)

func concatMenus(parts ...[]menuItem) []menuItem {
	var out []menuItem
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func (s *Server) nav(r *http.Request, a *account.Actor) []navItem {
	var items []navItem
	if a == nil {
		items = []navItem{{Label: "Accueil", Href: "/"}, {Label: "Trouver un lieu", Href: "/lieux"}, {Label: "Rendez-vous", Href: "/rendez-vous"}, {Label: "Ateliers", Href: "/ateliers"}, {Label: "Se connecter", Href: "/connexion"}}
	} else {
		for _, m := range staffMenu {
			if a.Can(m.perm) {
				items = append(items, navItem{Label: m.label, Href: m.href})
			}
		}
	}
	best := -1
	for i, it := range items {
		if r.URL.Path == it.Href || (it.Href != "/" && it.Href != "/espace" && strings.HasPrefix(r.URL.Path, it.Href+"/")) {
			if best < 0 || len(it.Href) > len(items[best].Href) {
				best = i
			}
		}
	}
	if best >= 0 {
		items[best].Current = true
	}
	return items
}

// render writes a page; a template failure becomes a 500 before any byte is sent.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := s.views.pages[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("template %q missing", name))
		return
	}
	s.fillPage(r, &p)
	if p.Actor != nil && r.Method == http.MethodGet {
		p.Flash = s.sessions.PopString(r.Context(), sessionFlash)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.serverError(w, r, fmt.Errorf("template %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) fillPage(r *http.Request, p *page) {
	p.Actor = actorFrom(r)
	p.Nav = s.nav(r, p.Actor)
	p.Demo = s.cfg.Demo
	p.Territory = s.cfg.TerritoryName
	p.Operator = s.cfg.Operator
	p.ContactEmail = s.cfg.ContactEmail
	p.Path = r.URL.Path
	if p.Form == nil {
		p.Form = &form{}
	}
}

// flash shows a message on the next page the user sees.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), sessionFlash, msg)
}

// redirect answers a form post with 303 See Other.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// form carries submitted values and their errors back to the template.
type form struct {
	Values  url.Values
	Errors  []apperr.FieldError
	Message string // a message about the whole form
}

func newForm(r *http.Request) *form {
	return &form{Values: r.PostForm}
}

// Value returns the submitted value of a field.
func (f *form) Value(name string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Set pre-fills a field.
func (f *form) Set(name, value string) {
	if f.Values == nil {
		f.Values = url.Values{}
	}
	f.Values.Set(name, value)
}

// Error returns the first message of a field.
func (f *form) Error(name string) string {
	if f == nil {
		return ""
	}
	for _, e := range f.Errors {
		if e.Field == name {
			return e.Message
		}
	}
	return ""
}

// HasErrors reports whether the summary must be shown.
func (f *form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || f.Message != "") }

// FirstErrors lists one error per field, in form order, for the summary.
func (f *form) FirstErrors() []apperr.FieldError {
	seen := map[string]bool{}
	var out []apperr.FieldError
	for _, e := range f.Errors {
		if !seen[e.Field] {
			seen[e.Field] = true
			out = append(out, e)
		}
	}
	return out
}

// fail records err on the form: field errors next to fields, anything else
// as a form message. It reports whether err was shown (false: internal).
func (f *form) fail(err error) bool {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal {
		return false
	}
	if len(e.Fields) > 0 {
		f.Errors = append(f.Errors, e.Fields...)
	} else {
		f.Message = e.Message
	}
	return true
}

// option is one choice of a select or radio group.
type option struct {
	Value string
	Label string
	Hint  string
}

// field describes one form control for the input partials.
type field struct {
	Form         *form
	Name         string
	Label        string
	Type         string
	Autocomplete string
	Hint         string
	Class        string
	Inputmode    string
	Options      []option
	NoSpellcheck bool
	Required     bool
}

// newField builds a field from "key=value" options, for templates:
// {{template "input" (field .Form "email" "Adresse e-mail" "type=email" "autocomplete=email")}}
func newField(f *form, name, label string, opts ...any) (field, error) {
	fd := field{Form: f, Name: name, Label: label, Type: "text"}
	for _, o := range opts {
		switch v := o.(type) {
		case []option:
			fd.Options = v
		case string:
			k, val, _ := strings.Cut(v, "=")
			switch k {
			case "type":
				fd.Type = val
			case "autocomplete":
				fd.Autocomplete = val
			case "hint":
				fd.Hint = val
			case "class":
				fd.Class = val
			case "inputmode":
				fd.Inputmode = val
			case "spellcheck":
				fd.NoSpellcheck = val == "false"
			case "required":
				fd.Required = true
			default:
				return fd, fmt.Errorf("field %s: unknown option %q", name, k)
			}
		default:
			return fd, fmt.Errorf("field %s: unexpected option %T", name, o)
		}
	}
	return fd, nil
}

// personFormFields maps the service's field names to the form's inputs.
var personFormFields = map[string]string{"commune_insee": "commune"}

// renameFields moves a service's field errors onto the form inputs that
// carry them under another name.
func renameFields(err error, names map[string]string) error {
	if e, ok := apperr.As(err); ok {
		for i := range e.Fields {
			if n, ok := names[e.Fields[i].Field]; ok {
				e.Fields[i].Field = n
			}
		}
	}
	return err
}
