// Package mandate holds the rules of a mandate (Aidants Connect's model,
// on paper for people it cannot serve): a structure and a person bound for
// some démarche categories and a duration, each category revocable on its
// own; the aidant's charter; the exact wording shown, versioned and hashed.
package mandate

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Categories are the démarche categories a mandate may cover; the hint is
// the easy-French sentence printed on the paper mandate.
var Categories = vocab.List{
	{Value: "papiers", Label: "Papiers, citoyenneté, élections", Hint: "Carte d'identité, passeport, listes électorales."},
	{Value: "famille", Label: "Famille, scolarité", Hint: "Allocations familiales, école, cantine."},
	{Value: "social", Label: "Social, santé", Hint: "RSA, Assurance maladie, complémentaire santé."},
	{Value: "travail", Label: "Travail, formation", Hint: "France Travail, recherche d'emploi, formation."},
	{Value: "logement", Label: "Logement", Hint: "Demande de logement social, aide au logement."},
	{Value: "transports", Label: "Transports, mobilité", Hint: "Permis de conduire, carte grise, transports."},
	{Value: "argent", Label: "Argent, impôts, consommation", Hint: "Impôts, banque, factures."},
	{Value: "justice", Label: "Justice", Hint: "Casier judiciaire, aide juridictionnelle."},
	{Value: "etranger", Label: "Étranger, Europe", Hint: "Titre de séjour, naturalisation."},
	{Value: "loisirs", Label: "Loisirs, sport, culture", Hint: "Inscriptions, billets, associations."},
}

// Durations are the lengths a mandate may have, in days.
var Durations = vocab.List{
	{Value: "1", Label: "1 jour", Hint: "Pour une démarche faite aujourd'hui."},
	{Value: "31", Label: "1 mois (31 jours)"},
	{Value: "182", Label: "6 mois (182 jours)"},
	{Value: "365", Label: "1 an (365 jours)", Hint: "Un an au plus."},
}

// ValidDays reports whether days is one of the durations.
func ValidDays(days int) bool { return Durations.Has(strconv.Itoa(days)) }

// Statuses of a mandate.
const (
	Pending = "attente" // printed, the signature not yet recorded
	Valid   = "valide"
	Revoked = "revoque"
	Expired = "expire"
)

// StatusLabels name the statuses in French.
var StatusLabels = vocab.List{
	{Value: Pending, Label: "En attente de signature"},
	{Value: Valid, Label: "Valide"},
	{Value: Revoked, Label: "Révoqué"},
	{Value: Expired, Label: "Expiré"},
}

// Signature kinds.
const (
	SignedOnPaper = "papier" // the aidant records that the person signed the printed page
	SignedScan    = "scan"   // the signed page is scanned and kept
)

// Category is one category of a mandate, revoked or not.
type Category struct {
	Code      string
	RevokedAt time.Time
}

// Label is the category's name.
func (c Category) Label() string { return Categories.Label(c.Code) }

// Mandate binds a structure and a person for some categories until EndsAt.
type Mandate struct {
	ID             int64
	StructureID    int64
	StructureName  string
	PersonID       int64 // 0 once the person's file is deleted
	PersonInitials string
	AidantID       int64
	AidantName     string
	StartsAt       time.Time
	EndsAt         time.Time
	Days           int
	WordingVersion string
	WordingHash    string
	Token          string // the unguessable part of the verification address
	RenewedFrom    int64
	Signature      string // "", SignedOnPaper or SignedScan
	SignedAt       time.Time
	ScanType       string
	EndedAt        time.Time // every category revoked
	PersonGone     bool      // the person's file was deleted: the mandate ends with it
	ArchivedAt     time.Time
	CreatedAt      time.Time
	Categories     []Category
}

// Status is the mandate's status at now.
func (m Mandate) Status(now time.Time) string {
	switch {
	case !m.EndedAt.IsZero() || m.PersonGone || len(m.ActiveCategories()) == 0:
		return Revoked
	case !now.Before(m.EndsAt):
		return Expired
	case m.Signature == "":
		return Pending
	}
	return Valid
}

// StatusLabel names the status at now in French.
func (m Mandate) StatusLabel(now time.Time) string { return StatusLabels.Label(m.Status(now)) }

// ActiveCategories are the categories not revoked.
func (m Mandate) ActiveCategories() []Category {
	var out []Category
	for _, c := range m.Categories {
		if c.RevokedAt.IsZero() {
			out = append(out, c)
		}
	}
	return out
}

// Covers reports whether the mandate lets an aidant act for category at now.
func (m Mandate) Covers(category string, now time.Time) bool {
	if m.Status(now) != Valid {
		return false
	}
	for _, c := range m.ActiveCategories() {
		if c.Code == category {
			return true
		}
	}
	return false
}

// Codes lists the categories' codes.
func (m Mandate) Codes() []string {
	out := make([]string, 0, len(m.Categories))
	for _, c := range m.Categories {
		out = append(out, c.Code)
	}
	return out
}

// EndsOn is the last day covered, in French (the mandate ends at the start
// of the next day's same hour).
func (m Mandate) EndsOn() string { return FrenchDate(m.EndsAt.Add(-time.Second)) }

// StartsOn is the first day, in French.
func (m Mandate) StartsOn() string { return FrenchDate(m.StartsAt) }

var months = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// FrenchDate writes a day as people read it: "10 mars 2026".
func FrenchDate(t time.Time) string {
	t = t.In(frtime.Paris)
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// NormalizeCategories keeps the known categories once, in the list's order.
func NormalizeCategories(in []string) []string {
	var out []string
	for _, c := range Categories {
		if slices.Contains(in, c.Value) {
			out = append(out, c.Value)
		}
	}
	return out
}

// Initials are the only part of a person's name the verification page
// shows: "M. D." for Marie Dupont, "J.-P. M." for Jean-Pierre Martin.
func Initials(first, last string) string {
	word := func(s string) string {
		var parts []string
		for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' }) {
			for _, r := range strings.TrimSpace(p) {
				if unicode.IsLetter(r) {
					parts = append(parts, string(unicode.ToUpper(r))+".")
					break
				}
			}
		}
		return strings.Join(parts, "-")
	}
	var out []string
	for _, s := range []string{first, last} {
		for _, w := range strings.Fields(s) {
			if i := word(w); i != "" {
				out = append(out, i)
				break
			}
		}
	}
	return strings.Join(out, " ")
}

// NewToken returns the unguessable part of a verification address (192 bits).
func NewToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ValidToken reports whether s has the shape of a token, before any lookup.
func ValidToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(s)
	return err == nil
}

// Hash seals what the person was shown and agreed to: SHA-256 over the
// wording's version and text, the aidant, the person, the categories, the
// dates and the structure, each length-prefixed, in lower-case hexadecimal.
func Hash(m Mandate, personName string, wording []string) string {
	h := sha256.New()
	for _, s := range []string{"parcours-mandat-v1", m.WordingVersion, strings.Join(wording, "\n")} {
		writeString(h, s)
	}
	for _, n := range []int64{m.AidantID, m.PersonID, m.StructureID} {
		writeString(h, strconv.FormatInt(n, 10))
	}
	writeString(h, m.AidantName)
	writeString(h, personName)
	writeString(h, m.StructureName)
	writeString(h, strings.Join(m.Codes(), ","))
	writeString(h, m.StartsAt.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano))
	writeString(h, m.EndsAt.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano))
	return hex.EncodeToString(h.Sum(nil))
}

func writeString(h hash.Hash, s string) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(len(s)))
	h.Write(b[:])
	h.Write([]byte(s))
}

// LabelsOf names categories for a sentence: "Social, santé ; Logement".
func LabelsOf(codes []string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = Categories.Label(c)
	}
	return strings.Join(out, " ; ")
}
