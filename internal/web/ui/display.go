package ui

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/i18n"
)

// DisplayCookie remembers a visitor's display settings, without an account
// and without JavaScript.
const DisplayCookie = "parcours_affichage"

// TextSizes are the text sizes offered, in percent: up to 200 % (WCAG 1.4.4).
var TextSizes = []int{100, 125, 150, 175, 200}

// Display is how a visitor wants pages shown.
type Display struct {
	TextSize int  // percent, one of TextSizes
	Contrast bool // black on white, links dark blue and underlined
	Spacing  bool // line, paragraph, letter and word spacing of WCAG 1.4.12
	Still    bool // no animation or transition
}

// Default reports whether nothing is changed.
func (d Display) Default() bool { return d == Display{TextSize: 100} }

// Classes are the classes of the page's html element.
func (d Display) Classes() string {
	var c []string
	if d.TextSize != 100 {
		c = append(c, "parcours-text-"+strconv.Itoa(d.TextSize))
	}
	if d.Contrast {
		c = append(c, "parcours-contrast")
	}
	if d.Spacing {
		c = append(c, "parcours-spacing")
	}
	if d.Still {
		c = append(c, "parcours-still")
	}
	return strings.Join(c, " ")
}

// encode writes the cookie value: "150.c.e.m", the size then the flags.
func (d Display) encode() string {
	v := strconv.Itoa(d.TextSize)
	for _, f := range []struct {
		on  bool
		tag string
	}{{d.Contrast, "c"}, {d.Spacing, "e"}, {d.Still, "m"}} {
		if f.on {
			v += "." + f.tag
		}
	}
	return v
}

// ParseDisplay reads a cookie value; anything unknown is ignored.
func ParseDisplay(v string) Display {
	d := Display{TextSize: 100}
	parts := strings.Split(v, ".")
	if n, err := strconv.Atoi(parts[0]); err == nil && slices.Contains(TextSizes, n) {
		d.TextSize = n
	}
	for _, p := range parts[1:] {
		switch p {
		case "c":
			d.Contrast = true
		case "e":
			d.Spacing = true
		case "m":
			d.Still = true
		}
	}
	return d
}

// DisplayOf returns the request's display settings.
func DisplayOf(r *http.Request) Display {
	c, err := r.Cookie(DisplayCookie)
	if err != nil {
		return Display{TextSize: 100}
	}
	return ParseDisplay(c.Value)
}

// SetDisplay remembers the settings for a year, or forgets them when they
// are the default.
func (s *Site) SetDisplay(w http.ResponseWriter, r *http.Request, d Display) {
	c := &http.Cookie{Name: DisplayCookie, Value: d.encode(), Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || strings.HasPrefix(s.Config.BaseURL, "https://")}
	if d.Default() {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
}

// LangOf is the language of a request: the one the visitor chose or their
// browser's (i18n.Choose); French for signed-in staff, whose screens are
// in French only.
func LangOf(r *http.Request) i18n.Lang {
	if Actor(r) != nil {
		return i18n.Get(i18n.Default)
	}
	return i18n.Choose(r)
}

// SetLang remembers the language chosen for a year; French, the default,
// is remembered too, since the browser's languages would otherwise win.
func (s *Site) SetLang(w http.ResponseWriter, r *http.Request, l i18n.Lang) {
	http.SetCookie(w, &http.Cookie{Name: i18n.Cookie, Value: l.Code, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || strings.HasPrefix(s.Config.BaseURL, "https://")})
}

// LocalPath keeps a return address only when it is a path of this site.
func LocalPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/"
	}
	return p
}
