package network

import (
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Bounds of what the coordinator types.
const (
	MaxNewsTitle = 120
	MaxNewsBody  = 2000
	MaxIntro     = 2000
	MaxEmail     = 254
)

// News is an item of the network's news, posted by the coordination.
type News struct {
	ID          int64
	TerritoryID int64
	Title       string
	Body        string
	Author      string
	CreatedAt   time.Time
}

// NewNews checks a news item as typed.
func NewNews(title, body string) (News, error) {
	n := News{Title: strings.Join(strings.Fields(title), " "), Body: strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))}
	var fields []apperr.FieldError
	switch l := utf8.RuneCountInString(n.Title); {
	case l == 0:
		fields = append(fields, apperr.FieldError{Field: "titre", Message: "Donnez un titre à l'actualité."})
	case l > MaxNewsTitle:
		fields = append(fields, apperr.FieldError{Field: "titre", Message: "Le titre doit faire 120 caractères au plus."})
	}
	switch l := utf8.RuneCountInString(n.Body); {
	case l == 0:
		fields = append(fields, apperr.FieldError{Field: "texte", Message: "Écrivez le texte de l'actualité."})
	case l > MaxNewsBody:
		fields = append(fields, apperr.FieldError{Field: "texte", Message: "Le texte doit faire 2 000 caractères au plus."})
	}
	if len(fields) > 0 {
		return n, &apperr.Error{Code: apperr.Invalid, Message: "L'actualité n'est pas enregistrée : corrigez les champs signalés.", Fields: fields}
	}
	return n, nil
}

// Issue statuses.
const (
	Draft = "brouillon"
	Sent  = "envoyee"
)

// Issue is one "quoi de neuf" letter: composed from the network's material,
// reviewed by the coordinator, then sent and kept in the public archive.
type Issue struct {
	ID          int64
	TerritoryID int64
	Territory   string // the territory's name, read with the issue
	Title       string
	Intro       string
	Sections    []Section
	Status      string
	CreatedAt   time.Time
	SentAt      time.Time
	Recipients  int
}

// Section is a heading of the letter with its items.
type Section struct {
	Heading string
	Items   []Item
}

// Item is one entry of a section; Path is a link on the site, if any.
type Item struct {
	Title string
	Text  string
	Path  string
}

// Material is what a letter is composed from.
type Material struct {
	Territory string
	Since     time.Time // the previous letter's sending, or a month ago
	Now       time.Time
	News      []News
	Places    []place.Place // the territory's open places
	Workshops []workshop.Workshop
	// The permanences of the territory's structures, and the network's meetings.
	Permanences []agenda.Permanence
	Meetings    []meeting.Meeting
}

// Compose drafts a letter: the news posted since the previous letter, the
// places created or changed since then, and the workshops, the permanences
// held and the network's meetings of the next 31 days, each section present
// only when it has something to say.
func Compose(m Material) Issue {
	p := m.Now.In(frtime.Paris)
	is := Issue{
		Title:  "Quoi de neuf – " + frtime.MonthName(p.Month()) + " " + strconv.Itoa(p.Year()),
		Status: Draft,
		Intro:  "Voici les nouvelles du réseau de l'inclusion numérique de " + m.Territory + " depuis le " + frtime.Date(m.Since) + ".",
	}
	var news Section
	news.Heading = "Les actualités du réseau"
	for _, n := range m.News {
		if !n.CreatedAt.Before(m.Since) {
			news.Items = append(news.Items, Item{Title: n.Title, Text: n.Body})
		}
	}
	var created, changed Section
	created.Heading, changed.Heading = "Nouveaux lieux sur la carte", "Lieux mis à jour"
	for _, pl := range m.Places {
		if pl.Status != place.StatusOpen {
			continue
		}
		item := Item{Title: pl.Name, Text: strings.TrimSpace(pl.Address + ", " + pl.PostalCode + " " + pl.Commune), Path: "/lieux/" + strconv.FormatInt(pl.ID, 10)}
		switch {
		case !pl.CreatedAt.Before(m.Since):
			created.Items = append(created.Items, item)
		case !pl.ModifiedAt.Before(m.Since):
			changed.Items = append(changed.Items, item)
		}
	}
	var workshops Section
	workshops.Heading = "Ateliers à venir"
	until := m.Now.AddDate(0, 0, 31)
	for _, w := range m.Workshops {
		for _, s := range w.Sessions {
			if s.Start.After(m.Now) && s.Start.Before(until) {
				text := frtime.DateTime(s.Start) + " – " + w.StructureName
				if w.PlaceName != "" {
					text += ", " + w.PlaceName
				}
				workshops.Items = append(workshops.Items, Item{Title: w.Title, Text: text, Path: "/ateliers/" + strconv.FormatInt(w.ID, 10)})
				break
			}
		}
	}
	var permanences Section
	permanences.Heading = "Permanences du mois à venir"
	for i := range m.Permanences {
		p := &m.Permanences[i]
		var dates []string
		for _, o := range p.Occurrences(m.Now, until) {
			if !o.Skipped && o.Start.After(m.Now) {
				dates = append(dates, frtime.Day(o.Start))
			}
		}
		if len(dates) == 0 {
			continue
		}
		text := p.Recurrence() + " – " + strings.ToLower(p.ModeLabel()) + ".\nProchaine : " + dates[0]
		if len(dates) > 1 {
			text += " (" + strconv.Itoa(len(dates)) + " dates d'ici un mois)"
		}
		permanences.Items = append(permanences.Items, Item{Title: p.PlaceName, Text: text + ".", Path: "/lieux/" + strconv.FormatInt(p.PlaceID, 10)})
	}
	var meetings Section
	meetings.Heading = "Réunions du réseau"
	for _, mt := range m.Meetings {
		if mt.Start.After(m.Now) && mt.Start.Before(until) {
			text := mt.When()
			if w := mt.Where(); w != "" {
				text += "\n" + w
			}
			meetings.Items = append(meetings.Items, Item{Title: mt.Title, Text: text})
		}
	}
	for _, s := range []Section{news, created, changed, workshops, permanences, meetings} {
		if len(s.Items) > 0 {
			is.Sections = append(is.Sections, s)
		}
	}
	return is
}

// SetIntro checks the coordinator's introduction.
func (is *Issue) SetIntro(intro string) error {
	intro = strings.TrimSpace(strings.ReplaceAll(intro, "\r\n", "\n"))
	if utf8.RuneCountInString(intro) > MaxIntro {
		return &apperr.Error{Code: apperr.Invalid, Message: "L'introduction n'est pas enregistrée.", Fields: []apperr.FieldError{{Field: "introduction", Message: "L'introduction doit faire 2 000 caractères au plus."}}}
	}
	is.Intro = intro
	return nil
}

// Text is the letter as a plain-text e-mail: absolute links, and the
// unsubscribe link at the end.
func (is Issue) Text(baseURL, unsubscribe string) string {
	var b strings.Builder
	b.WriteString(is.Title + "\n" + strings.Repeat("=", utf8.RuneCountInString(is.Title)) + "\n\n")
	if is.Intro != "" {
		b.WriteString(is.Intro + "\n\n")
	}
	for _, s := range is.Sections {
		b.WriteString(s.Heading + "\n" + strings.Repeat("-", utf8.RuneCountInString(s.Heading)) + "\n\n")
		for _, it := range s.Items {
			b.WriteString("* " + it.Title + "\n")
			if it.Text != "" {
				b.WriteString("  " + strings.ReplaceAll(it.Text, "\n", "\n  ") + "\n")
			}
			if it.Path != "" && baseURL != "" {
				b.WriteString("  " + baseURL + it.Path + "\n")
			}
			b.WriteString("\n")
		}
	}
	if is.ID != 0 && baseURL != "" {
		b.WriteString("Cette lettre en ligne : " + baseURL + IssuePath(is.ID) + "\n")
	}
	b.WriteString("Vous recevez cette lettre parce que la coordination du réseau vous a inscrit.\nPour ne plus la recevoir : " + unsubscribe + "\n")
	return b.String()
}

// IssuePath is the public address of a sent letter.
func IssuePath(id int64) string { return "/lettres/" + strconv.FormatInt(id, 10) }

// UnsubscribePath is the start of the one-click unsubscribe links.
const UnsubscribePath = "/lettres/desabonnement/"

// Subscriber is an address that receives the letters of a territory.
type Subscriber struct {
	ID             int64
	TerritoryID    int64
	Email          string
	Token          string // in the unsubscribe link
	CreatedAt      time.Time
	UnsubscribedAt time.Time
}

// ParseSubscribers reads addresses typed one per line (or separated by
// commas or semicolons); each wrong one is named in the error, and nothing
// is kept when one is wrong.
func ParseSubscribers(text string) ([]string, error) {
	var out, wrong []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == ';' }) {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		a, err := mail.ParseAddress(f)
		if err != nil || len(a.Address) > MaxEmail || a.Name != "" || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@")+1:], ".") {
			wrong = append(wrong, f)
			continue
		}
		e := strings.ToLower(a.Address)
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	switch {
	case len(wrong) > 0:
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "Aucune adresse n'est ajoutée : corrigez celles qui sont signalées.",
			Fields: []apperr.FieldError{{Field: "adresses", Message: "Ces adresses ne sont pas valables : " + strings.Join(wrong, ", ") + "."}}}
	case len(out) == 0:
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "Aucune adresse n'est ajoutée.",
			Fields: []apperr.FieldError{{Field: "adresses", Message: "Indiquez au moins une adresse e-mail, une par ligne."}}}
	}
	return out, nil
}
