// Package placereport holds the "Signaler une erreur" reports residents send
// about a place: what they may write, how they are moderated, and the limits
// that keep the queue free of spam.
package placereport

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Section is the part of the listing a report says is wrong.
type Section string

const (
	SectionHours    Section = "horaires"
	SectionAddress  Section = "adresse"
	SectionContact  Section = "contact"
	SectionServices Section = "services"
	SectionGone     Section = "ferme" // "le lieu n'existe plus"
	SectionOther    Section = "autre"
)

// Sections lists the sections in the order the form shows them.
var Sections = vocab.List{
	{Value: string(SectionHours), Label: "Les horaires", Hint: "Les jours ou les heures d'ouverture ne sont pas les bons."},
	{Value: string(SectionAddress), Label: "L'adresse", Hint: "Le lieu n'est pas à cette adresse, ou il est mal placé sur la carte."},
	{Value: string(SectionContact), Label: "Le téléphone ou le contact", Hint: "Le numéro, l'e-mail ou le site ne marchent pas."},
	{Value: string(SectionServices), Label: "Les services proposés", Hint: "Le lieu ne propose pas cette aide, ou il en propose d'autres."},
	{Value: string(SectionGone), Label: "Le lieu n'existe plus", Hint: "Il a fermé pour de bon ou il a déménagé."},
	{Value: string(SectionOther), Label: "Autre chose"},
}

// Label is the plain name of the section.
func (s Section) Label() string { return Sections.Label(string(s)) }

// Valid reports whether s is one of the sections.
func (s Section) Valid() bool { return Sections.Has(string(s)) }

// Status is where a report stands in moderation.
type Status string

const (
	StatusNew      Status = "nouveau"
	StatusDone     Status = "traite" // accepted: someone corrects the listing
	StatusRejected Status = "rejete" // false, already fixed, or abusive
)

// Label is the French name of the status.
func (s Status) Label() string {
	switch s {
	case StatusNew:
		return "Nouveau"
	case StatusDone:
		return "Traité"
	case StatusRejected:
		return "Rejeté"
	}
	return string(s)
}

// Limits of what a report may hold.
const (
	MaxCorrection = 1000 // characters of the correction
	MaxContact    = 254  // characters of the optional contact
	MaxNote       = 1000 // characters of the moderator's note
	MaxLinks      = 2    // web addresses in a correction: more is spam
)

// Rate limits per sending address; SenderKeyKept is how long the (hashed)
// address is kept to enforce them, after which it is erased.
var RateLimits = []struct {
	Window time.Duration
	Max    int
}{{time.Hour, 5}, {24 * time.Hour, 20}}

// SenderKeyKept is how long a report keeps its sender key.
const SenderKeyKept = 24 * time.Hour

// Report is one "Signaler une erreur" about a place.
type Report struct {
	ID         int64
	PlaceID    int64
	Section    Section
	Correction string
	Contact    string // e-mail or +33… phone; erased once the report is decided
	Status     Status
	Note       string // the moderator's note
	DecidedBy  int64
	Decider    string // the moderator's name, read with the report
	DecidedAt  time.Time
	CreatedAt  time.Time

	// The place, read with the report for the queue.
	PlaceName        string
	PlaceCommune     string
	PlaceInseeCode   string
	PlaceStructureID int64
}

// Open reports whether the report still waits for a decision.
func (r Report) Open() bool { return r.Status == StatusNew }

// Normalize tidies what the resident typed.
func (r *Report) Normalize() {
	r.Correction = strings.TrimSpace(strings.ReplaceAll(r.Correction, "\r\n", "\n"))
	r.Contact = strings.TrimSpace(r.Contact)
	if r.Contact != "" && !strings.Contains(r.Contact, "@") {
		if n, ok := place.NormalizePhone(r.Contact); ok {
			r.Contact = n
		}
	} else {
		r.Contact = strings.ToLower(r.Contact)
	}
	if r.Status == "" {
		r.Status = StatusNew
	}
}

// Validate returns every field error at once, keyed by the form's names:
// section, correction, contact.
func (r *Report) Validate() error {
	var v apperr.Validation
	if !r.Section.Valid() {
		v.Add("section", "Choisissez ce qui n'est pas juste.")
	}
	switch n := utf8.RuneCountInString(r.Correction); {
	case n == 0:
		v.Add("correction", "Écrivez ce qui est faux et, si vous le savez, la bonne information.")
	case n > MaxCorrection:
		v.Add("correction", "Votre message fait "+itoa(n)+" caractères : "+itoa(MaxCorrection)+" au plus. Raccourcissez-le.")
	case countLinks(r.Correction) > MaxLinks:
		v.Add("correction", "Votre message contient trop d'adresses web : "+itoa(MaxLinks)+" au plus.")
	}
	if r.Contact != "" {
		switch {
		case utf8.RuneCountInString(r.Contact) > MaxContact:
			v.Add("contact", "Ce contact est trop long.")
		case strings.Contains(r.Contact, "@"):
			if account.ValidateEmail(r.Contact) != "" {
				v.Add("contact", "Cette adresse e-mail n'est pas valide. Écrivez par exemple nom@exemple.fr, ou laissez vide.")
			}
		default:
			if _, ok := place.NormalizePhone(r.Contact); !ok {
				v.Add("contact", "Écrivez une adresse e-mail ou un numéro de téléphone français, par exemple 06 12 34 56 78, ou laissez vide.")
			}
		}
	}
	return v.Err()
}

func countLinks(s string) int {
	s = strings.ToLower(s)
	return strings.Count(s, "http://") + strings.Count(s, "https://") + strings.Count(s, "www.")
}

// Decision is a moderator's answer to a report.
type Decision struct {
	Status Status // StatusDone or StatusRejected
	Note   string
}

// Validate checks the decision form: fields "decision" and "note".
func (d *Decision) Validate() error {
	var v apperr.Validation
	d.Note = strings.TrimSpace(strings.ReplaceAll(d.Note, "\r\n", "\n"))
	switch d.Status {
	case StatusDone:
	case StatusRejected:
		if d.Note == "" {
			v.Add("note", "Dites en quelques mots pourquoi vous rejetez ce signalement.")
		}
	default:
		v.Add("decision", "Choisissez si vous acceptez ou rejetez ce signalement.")
	}
	if n := utf8.RuneCountInString(d.Note); n > MaxNote {
		v.Add("note", "La note fait "+itoa(n)+" caractères : "+itoa(MaxNote)+" au plus.")
	}
	return v.Err()
}

// SenderKey turns a client address into the key used for rate limits: a
// hash with a secret salt, so that the table never holds the address and the
// key cannot be traced back to it.
func SenderKey(salt []byte, addr string) string {
	h := sha256.New()
	h.Write(salt)
	h.Write([]byte(addr))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// itoa writes a count the French way: "1 000".
func itoa(n int) string {
	s := strconv.Itoa(n)
	if n >= 1000 && n < 1000000 {
		s = s[:len(s)-3] + "\u00a0" + s[len(s)-3:]
	}
	return s
}
