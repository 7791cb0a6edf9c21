// Package i18n holds the languages residents read Parcours in: French (the
// default and the source of every text), easy-to-read French (FALC) and the
// ten languages the residents of the territories read. The texts are message
// files embedded in the binary (locales/*.toml), written and reviewed by
// people: nothing is machine-translated at run time. Each file says whether a
// fluent reader has reviewed it (meta.reviewed); pages in a language not yet
// reviewed say so, in that language.
package i18n

import (
	"embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/parcours-numerique/parcours/internal/frtime"
)

//go:embed locales/*.toml
var files embed.FS

// Cookie remembers the language a visitor chose, without an account and
// without JavaScript.
const Cookie = "parcours_langue"

// Default is the language of the site and of every source text.
const Default = "fr"

// FALC is easy-to-read French (Inclusion Europe's rules): short sentences,
// one idea per sentence, common words, examples.
const FALC = "fr-x-falc"

// Lang is a language of the site.
type Lang struct {
	Code string // BCP 47 tag, also the message file's name
	Name string // its own name for itself, as the switch shows it
	RTL  bool   // written right to left
}

// code is the language's code; the zero Lang is French.
func (l Lang) code() string {
	if l.Code == "" {
		return Default
	}
	return l.Code
}

// Dir is the value of the dir attribute.
func (l Lang) Dir() string {
	if l.RTL {
		return "rtl"
	}
	return "ltr"
}

// HTMLLang is the value of the lang attribute.
func (l Lang) HTMLLang() string { return l.code() }

// Langs are the languages offered, in the switch's order.
var Langs = []Lang{
	{Code: "fr", Name: "Français"},
	{Code: FALC, Name: "Facile à lire"},
	{Code: "ar", Name: "العربية", RTL: true},
	{Code: "en", Name: "English"},
	{Code: "es", Name: "Español"},
	{Code: "ru", Name: "Русский"},
	{Code: "ps", Name: "پښتو", RTL: true},
	{Code: "fa", Name: "فارسی", RTL: true},
	{Code: "uk", Name: "Українська"},
	{Code: "ca", Name: "Català"},
	{Code: "ka", Name: "ქართული"},
	{Code: "ro", Name: "Română"},
}

// Get returns the language of code, French when code is not offered.
func Get(code string) Lang {
	for _, l := range Langs {
		if strings.EqualFold(l.Code, code) {
			return l
		}
	}
	return Langs[0]
}

// Known reports whether code is a language offered.
func Known(code string) bool {
	for _, l := range Langs {
		if strings.EqualFold(l.Code, code) {
			return true
		}
	}
	return false
}

type catalog struct {
	messages map[string]map[string]string // language → id → text as written (plural: "other")
	forms    map[string]map[string]*goi18n.Message
	local    map[string]*goi18n.Localizer
}

var (
	loadOnce sync.Once
	loaded   *catalog
	loadErr  error
)

func cat() *catalog {
	loadOnce.Do(func() { loaded, loadErr = load() })
	if loadErr != nil {
		panic("i18n: " + loadErr.Error())
	}
	return loaded
}

// Load reads every message file; the site calls it at start so that a broken
// file stops the server instead of a page.
func Load() error {
	loadOnce.Do(func() { loaded, loadErr = load() })
	return loadErr
}

// load reads each language's file into a bundle of its own: go-i18n's
// matcher would otherwise take easy-to-read French (fr-x-falc, a private-use
// tag it ignores) for French.
func load() (*catalog, error) {
	c := &catalog{messages: map[string]map[string]string{}, forms: map[string]map[string]*goi18n.Message{}, local: map[string]*goi18n.Localizer{}}
	for _, l := range Langs {
		name := "locales/" + l.Code + ".toml"
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		tag, err := language.Parse(l.Code)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		b := goi18n.NewBundle(tag)
		b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
		mf, err := b.ParseMessageFileBytes(data, name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m := map[string]string{}
		forms := map[string]*goi18n.Message{}
		for _, msg := range mf.Messages {
			m[msg.ID] = msg.Other
			forms[msg.ID] = msg
		}
		c.messages[l.Code] = m
		c.forms[l.Code] = forms
		c.local[l.Code] = goi18n.NewLocalizer(b, l.Code)
	}
	return c, nil
}

// Messages lists the texts of a language's file, id → text (the "other"
// form of a plural message); for the tests and the reviewers.
func Messages(code string) map[string]string {
	out := map[string]string{}
	for k, v := range cat().messages[code] {
		out[k] = v
	}
	return out
}

// Forms returns the plural forms a language's file gives for id, form
// ("zero", "one", "two", "few", "many", "other") → text.
func Forms(code, id string) map[string]string {
	msg := cat().forms[code][id]
	if msg == nil {
		return nil
	}
	out := map[string]string{}
	for form, text := range map[string]string{"zero": msg.Zero, "one": msg.One, "two": msg.Two, "few": msg.Few, "many": msg.Many, "other": msg.Other} {
		if text != "" {
			out[form] = text
		}
	}
	return out
}

// Reviewed reports whether a fluent reader has reviewed the language's file.
func (l Lang) Reviewed() bool { return cat().messages[l.code()]["meta.reviewed"] == "yes" }

// IsFrench reports whether the language is plain French (the zero Lang too).
func (l Lang) IsFrench() bool { return l.code() == Default }

// T returns the text id in the language, with the named values kv (pairs of
// a name and a value: "Commune", "Rochefort"); a value named Count chooses
// the plural form. A text missing from the language is the French one (a
// test keeps every file complete); an unknown id is returned as it is, so
// that a mistake shows on the page instead of an empty string.
func (l Lang) T(id string, kv ...any) string {
	c := cat()
	loc, ok := c.local[l.code()]
	if !ok {
		loc = c.local[Default]
	}
	cfg := &goi18n.LocalizeConfig{MessageID: id}
	if len(kv) > 0 {
		data := make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			name := fmt.Sprint(kv[i])
			data[name] = kv[i+1]
			if name == "Count" {
				cfg.PluralCount = kv[i+1]
			}
		}
		cfg.TemplateData = data
	} else if s, ok := c.messages[l.code()][id]; ok && !strings.Contains(s, "{{") {
		return s
	}
	s, err := loc.Localize(cfg)
	if err != nil && s == "" && l.code() != Default {
		s, err = c.local[Default].Localize(cfg)
	}
	if err != nil && s == "" {
		return id
	}
	return s
}

// Choose returns the language of a request: the one the visitor chose (the
// cookie), else the first of the browser's languages offered (easy-to-read
// French only when chosen), else French.
func Choose(r *http.Request) Lang {
	if c, err := r.Cookie(Cookie); err == nil && Known(c.Value) {
		return Get(c.Value)
	}
	return FromAcceptLanguage(r.Header.Get("Accept-Language"))
}

var matcher = func() language.Matcher {
	var tags []language.Tag
	for _, l := range Langs {
		if l.Code != FALC {
			tags = append(tags, language.MustParse(l.Code))
		}
	}
	return language.NewMatcher(tags)
}()

// FromAcceptLanguage reads an Accept-Language header.
func FromAcceptLanguage(h string) Lang {
	if h == "" {
		return Langs[0]
	}
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil || len(tags) == 0 {
		return Langs[0]
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return Langs[0]
	}
	n := 0
	for _, l := range Langs {
		if l.Code == FALC {
			continue
		}
		if n == i {
			return l
		}
		n++
	}
	return Langs[0]
}

// When writes a moment (Paris time) in the language: French as the site
// writes it everywhere ("mardi 3 mars 2026 à 14 h"), easy-to-read French
// shorter ("mardi 3 mars à 14 h"), the other languages with their weekday,
// the date in numbers and the 24-hour clock, which their readers all read.
func (l Lang) When(t time.Time) string {
	p := t.In(frtime.Paris)
	if l.IsFrench() {
		return frtime.DateTime(p)
	}
	day, clock := l.dateAndClock(p)
	return l.T("msg.when", "Day", l.T("day."+strconv.Itoa(int(p.Weekday()))), "Date", day, "Time", clock)
}

// Span writes an appointment's day and times ("mardi 3 mars 2026, de 9 h
// à 9 h 30" in French).
func (l Lang) Span(start, end time.Time) string {
	s, e := start.In(frtime.Paris), end.In(frtime.Paris)
	if l.IsFrench() {
		return frtime.Day(s) + ", de " + frtime.Clock(s) + " à " + frtime.Clock(e)
	}
	day, from := l.dateAndClock(s)
	_, to := l.dateAndClock(e)
	return l.T("msg.span", "Day", l.T("day."+strconv.Itoa(int(s.Weekday()))), "Date", day, "From", from, "To", to)
}

func (l Lang) dateAndClock(p time.Time) (string, string) {
	if l.Code == FALC {
		return strconv.Itoa(p.Day()) + " " + frtime.MonthName(p.Month()), frtime.Clock(p)
	}
	return p.Format("02/01/2006"), p.Format("15:04")
}
