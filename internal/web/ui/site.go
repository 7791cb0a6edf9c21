// Package ui is what every screen shares: the page layout and its partials,
// rendering with the security of html/template, forms and their French error
// messages, flash messages, error pages and the staff menu. Each capability's
// screens live in their own package under internal/web and register their
// templates and menu entries here.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/web/static"
)

//go:embed templates
var layoutFS embed.FS

// Session keys shared by the screens.
const (
	SessionUserID    = "uid"
	SessionEpoch     = "epoch"
	SessionStructure = "sid"
	SessionFlash     = "flash"
	// The second factor: the login step a pending session waits at (empty
	// once open), when the password was checked, the last activity covered
	// by a confirmed second factor (Unix seconds), and where to go after.
	SessionStep     = "step"
	SessionSince    = "since"
	SessionFactorAt = "factor"
	SessionReturn   = "retour"
)

// Config is what pages show about the instance.
type Config struct {
	BaseURL       string // public URL; empty: links are built from the request
	TerritoryName string
	Demo          bool
	Operator      string // the structure that runs this instance
	ContactEmail  string
	Now           func() time.Time

	// Unavailable tells errors meaning the database cannot be reached:
	// they answer 503 with Retry-After (seconds) and UnavailableMessage.
	Unavailable        func(error) bool
	RetryAfter         int
	UnavailableMessage string
}

// Route is one entry of the site map. Perm is empty for public pages; a staff
// route needs a signed-in user whose current role grants Perm. Fresh marks
// a sensitive action (export of personal data, erasure, mandate, role
// change): it also needs a second factor confirmed within the last
// account.FactorIdle of activity (Site.RequireFreshFactor).
type Route struct {
	Pattern string
	Perm    account.Permission
	Handler http.HandlerFunc
	Fresh   bool
	// TextChecked: the handler shows refused text (NUL, bad encoding, too
	// long) next to its fields (TextRefused) instead of an error page.
	TextChecked bool
}

// MenuItem is one entry of the staff menu; a role sees those it has Perm for.
type MenuItem struct {
	Label string
	Href  string
	Perm  account.Permission
}

// Site renders pages for every capability.
type Site struct {
	Config   Config
	Sessions *scs.SessionManager
	Log      *slog.Logger
	assets   *static.Assets
	base     *template.Template
	pages    map[string]*template.Template
	menu     []MenuItem
	// translated are the pages whose every text comes from the message
	// files; the others show their content in French, marked so.
	translated map[string]bool
}

// NewSite parses the layout; capabilities then add their pages with AddPages.
func NewSite(cfg Config, sessions *scs.SessionManager, assets *static.Assets, log *slog.Logger) (*Site, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Operator == "" {
		cfg.Operator = "la structure qui met Parcours à votre disposition"
	}
	if err := i18n.Load(); err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"langs":    func() []i18n.Lang { return i18n.Langs },
		"asset":    assets.URL,
		"field":    NewField,
		"date":     frtime.Date,
		"datetime": frtime.DateTime,
		"roles":    func() []account.Role { return account.Roles },
		"phone":    place.DisplayPhone,
		"cancelAsk": func(page, question, yes, no string) CancelAsk {
			return CancelAsk{Page: page, Question: question, Yes: yes, No: no, Field: ConfirmField, Value: ConfirmValue}
		},
		"plural": func(n int, one, many string) string {
			if n == 1 || n == 0 {
				return one
			}
			return many
		},
	}
	base, err := template.New("").Funcs(funcs).ParseFS(layoutFS, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	s := &Site{Config: cfg, Sessions: sessions, Log: log, assets: assets, base: base, pages: map[string]*template.Template{}, translated: map[string]bool{}}
	if err := s.AddPages(layoutFS, "templates/error.html"); err != nil {
		return nil, err
	}

	return s, nil
}

// AddPages parses every page matching pagesGlob in fsys, each with the
// layout and the partials matching partialsGlobs. Page names (the file name
// without .html) are unique across the site.
func (s *Site) AddPages(fsys fs.FS, pagesGlob string, partialsGlobs ...string) error {
	files, err := fs.Glob(fsys, pagesGlob)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("ui: no page matches %s", pagesGlob)
	}
	shared, err := s.base.Clone()
	if err != nil {
		return err
	}
	for _, g := range partialsGlobs {
		if shared, err = shared.ParseFS(fsys, g); err != nil {
			return err
		}
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if _, dup := s.pages[name]; dup {
			return fmt.Errorf("ui: page %s defined twice", name)
		}
		t, err := shared.Clone()
		if err != nil {
			return err
		}
		if t, err = t.ParseFS(fsys, f); err != nil {
			return err
		}
		s.pages[name] = t
	}
	return nil
}

// PageNames lists the page templates (for the test that renders them all).
func (s *Site) PageNames() []string {
	out := make([]string, 0, len(s.pages))
	for n := range s.pages {
		out = append(out, n)
	}
	return out
}

// Translated marks pages whose texts all come from the message files: they
// show in the visitor's language. The others keep their content in French,
// marked lang="fr", under a shell in the visitor's language.
func (s *Site) Translated(names ...string) {
	for _, n := range names {
		s.translated[n] = true
	}
}

// IsTranslated reports whether a page shows in the visitor's language.
func (s *Site) IsTranslated(name string) bool { return s.translated[name] }

// AddMenu appends staff menu entries, in menu order.
func (s *Site) AddMenu(items ...MenuItem) { s.menu = append(s.menu, items...) }

// MenuFor lists the staff menu entries the actor may open, in menu order.
func (s *Site) MenuFor(a *account.Actor) []MenuItem {
	var out []MenuItem
	for _, m := range s.menu {
		if a.Can(m.Perm) {
			out = append(out, m)
		}
	}
	return out
}

// Page is what every template receives.
type Page struct {
	Title        string
	Actor        *account.Actor
	Nav          []NavItem
	Flash        string
	Form         *Form
	Demo         bool
	Territory    string
	Operator     string
	ContactEmail string
	Path         string
	Here         string  // path and query of the page, for links that come back to it
	Display      Display // the visitor's display settings
	// Lang is the language of the page: the visitor's on public pages,
	// French for signed-in staff. Translated: the content is in Lang too.
	Lang       i18n.Lang
	Translated bool
	Data       any
}

// T is a text of the page in its language (i18n.Lang.T).
func (p Page) T(id string, kv ...any) string { return p.Lang.T(id, kv...) }

// When writes a moment in the page's language (i18n.Lang.When).
func (p Page) When(t time.Time) string { return p.Lang.When(t) }

// Isolate keeps a value written left to right (a distance, a commune)
// whole inside a sentence of a page written right to left.
func (p Page) Isolate(v any) string {
	if !p.Lang.RTL {
		return fmt.Sprint(v)
	}
	return "\u2068" + fmt.Sprint(v) + "\u2069"
}

// FrenchAttr marks an element whose text stays in French (a place's own
// data, a national vocabulary not yet translated) on a page in another
// language.
func (p Page) FrenchAttr() template.HTMLAttr {
	if p.Lang.IsFrench() {
		return ""
	}
	return ` lang="fr" dir="ltr"`
}

// FrenchOnly reports whether the page's content stays in French under a
// shell in another language: it is marked lang="fr" and says so.
func (p Page) FrenchOnly() bool { return !p.Translated && !p.Lang.IsFrench() }

// NavItem is one link of the menu bar.
type NavItem struct {
	Label   string
	Href    string
	Current bool
}

func (s *Site) nav(r *http.Request, a *account.Actor, l i18n.Lang) []NavItem {
	var items []NavItem
	if a == nil {
		items = []NavItem{{Label: l.T("nav.home"), Href: "/"}, {Label: l.T("nav.places"), Href: "/lieux"}, {Label: l.T("nav.appointments"), Href: "/rendez-vous"}, {Label: l.T("nav.workshops"), Href: "/ateliers"}, {Label: l.T("nav.login"), Href: "/connexion"}}
	} else {
		for _, m := range s.MenuFor(a) {
			items = append(items, NavItem{Label: m.Label, Href: m.Href})
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

// Render writes a page; a template failure becomes a 500 before any byte is sent.
func (s *Site) Render(w http.ResponseWriter, r *http.Request, status int, name string, p Page) {
	t, ok := s.pages[name]
	if !ok {
		s.ServerError(w, r, fmt.Errorf("template %q missing", name))
		return
	}
	s.fill(r, &p)
	p.Translated = p.Translated || s.translated[name]
	if p.Translated {
		p.Form.localize(p.Lang)
	}
	if p.Actor != nil && r.Method == http.MethodGet {
		p.Flash = s.Sessions.PopString(r.Context(), SessionFlash)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.ServerError(w, r, fmt.Errorf("template %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Site) fill(r *http.Request, p *Page) {
	p.Actor = Actor(r)
	p.Lang = LangOf(r)
	p.Nav = s.nav(r, p.Actor, p.Lang)
	p.Demo = s.Config.Demo
	p.Territory = s.Config.TerritoryName
	p.Operator = s.Config.Operator
	p.ContactEmail = s.Config.ContactEmail
	p.Path = r.URL.Path
	p.Here = r.URL.Path
	if r.Method == http.MethodGet && r.URL.RawQuery != "" {
		// A return address that is not a path of this site is not carried
		// on, not even inside a link back to this page.
		q := r.URL.Query()
		if v := q.Get("retour"); v != "" && SafeReturn(v) == "" {
			q.Del("retour")
		}
		if enc := q.Encode(); enc != "" {
			p.Here += "?" + enc
		}
	}
	p.Display = DisplayOf(r)
	if p.Form == nil {
		p.Form = &Form{}
	}
}

// Flash shows a message on the next page the user sees.
func (s *Site) Flash(r *http.Request, msg string) { s.Sessions.Put(r.Context(), SessionFlash, msg) }

// Now is the site's clock.
func (s *Site) Now() time.Time { return s.Config.Now() }

// AbsoluteURL turns a path into a link that works outside the site.
func (s *Site) AbsoluteURL(r *http.Request, p string) string {
	if s.Config.BaseURL != "" {
		return strings.TrimRight(s.Config.BaseURL, "/") + p
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + p
}

// Actor returns the signed-in actor, nil for a visitor.
func Actor(r *http.Request) *account.Actor { return account.ActorFrom(r.Context()) }

// Redirect answers a form post with 303 See Other.
func Redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// ExecuteTemplate runs one named template of a page alone (a fragment that a
// page also includes), for responses that cache or stream a part of a page.
func (s *Site) ExecuteTemplate(w io.Writer, page, name string, data any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("template %q missing", page)
	}
	return t.ExecuteTemplate(w, name, data)
}

// ExecutePage renders a page with data already filled, without a request:
// the template tests render every page with sample data this way.
func (s *Site) ExecutePage(w io.Writer, name string, p Page) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("template %q missing", name)
	}
	if p.Form == nil {
		p.Form = &Form{}
	}
	return t.ExecuteTemplate(w, "layout", p)
}
