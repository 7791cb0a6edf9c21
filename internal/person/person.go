// Package person holds the residents a structure welcomes: followed persons
// (name known) and anonymous ones (statistical attributes only), their
// consents with the exact wording shown, probable duplicates and the
// follow-up status. Vocabularies are spelt as La Coop de la médiation
// numérique spells them (REFERENCE §1).
package person

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/textfold"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Kind says whether the person's name is known.
type Kind string

const (
	Followed  Kind = "suivie"  // first and last name known
	Anonymous Kind = "anonyme" // only gender, age band, social status, commune
)

// Choice is one value of a vocabulary and its French label.
type Choice = vocab.Choice

// Genders (CRA "genre").
var Genders = []Choice{{Value: "feminin", Label: "Féminin"}, {Value: "masculin", Label: "Masculin"}, {Value: "non_communique", Label: "Non communiqué"}}

// SocialStatuses (CRA "statut").
var SocialStatuses = []Choice{
	{Value: "scolarise", Label: "Scolarisé·e"}, {Value: "sans_emploi", Label: "Sans emploi"}, {Value: "en_emploi", Label: "En emploi"},
	{Value: "retraite", Label: "Retraité·e"}, {Value: "non_communique", Label: "Non communiqué"},
}

// AgeBands (CRA "tranche d'âge", La Coop's codes), derived from the birth year.
var AgeBands = []Choice{
	{Value: "moins_de_douze", Label: "Moins de 12 ans"}, {Value: "douze_dix_huit", Label: "12 à 17 ans"}, {Value: "dix_huit_vingt_quatre", Label: "18 à 24 ans"},
	{Value: "vingt_cinq_trente_neuf", Label: "25 à 39 ans"}, {Value: "quarante_cinquante_neuf", Label: "40 à 59 ans"}, {Value: "soixante_soixante_neuf", Label: "60 à 69 ans"},
	{Value: "soixante_dix_plus", Label: "70 ans et plus"}, {Value: AgeBandUnknown, Label: "Non communiqué"},
}

// AgeBandUnknown is the band of a person whose birth year is not known.
const AgeBandUnknown = "non_communique"

// Needs are what the welcome must adapt to.
var Needs = []Choice{
	{Value: "falc", Label: "Facile à lire et à comprendre (FALC)"},
	{Value: "gros_caracteres", Label: "Gros caractères"},
	{Value: "interprete", Label: "Interprète"},
	{Value: "malentendant", Label: "Personne sourde ou malentendante"},
	{Value: "malvoyant", Label: "Personne aveugle ou malvoyante"},
}

// FollowStatus is where the person stands in their accompaniment.
type FollowStatus string

const (
	Waiting    FollowStatus = "en_attente"   // on the waiting list for an individual accompaniment
	InProgress FollowStatus = "en_cours"     // being accompanied
	Autonomous FollowStatus = "autonome"     // finished: can do it alone
	Lost       FollowStatus = "perdu_de_vue" // no longer comes
)

// FollowStatuses in display order.
var FollowStatuses = []Choice{
	{Value: string(Waiting), Label: "En attente"}, {Value: string(InProgress), Label: "En cours"},
	{Value: string(Autonomous), Label: "Autonome"}, {Value: string(Lost), Label: "Perdu·e de vue"},
}

// Label of any value of the vocabularies above.
func Label(list []Choice, v string) string { return vocab.List(list).Label(v) }

// Allowed reports whether v is one of the list's values.
func Allowed(list []Choice, v string) bool { return vocab.List(list).Has(v) }

// Person is one resident as a structure knows them.
type Person struct {
	ID           int64
	StructureID  int64
	Kind         Kind
	FirstName    string
	LastName     string
	BirthYear    int // 0: unknown; never the full birth date
	Gender       string
	CommuneCode  string
	SocialStatus string
	Phone        string
	Email        string
	Language     string // preferred language, in words ("arabe", "anglais")
	Needs        []string
	Status       FollowStatus
	WaitingSince time.Time
	Deadline     string // YYYY-MM-DD of the nearest "dossier à rendre avant le"
	MergedInto   int64
	DeletedAt    time.Time
	CreatedBy    int64
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Name is how staff read the person: "Dupont Marie", or a neutral label.
func (p Person) Name() string {
	if p.Deleted() {
		return "Personne supprimée"
	}
	if p.Kind == Anonymous || (p.FirstName == "" && p.LastName == "") {
		return "Personne anonyme n° " + strconv.FormatInt(p.ID, 10)
	}
	return strings.TrimSpace(p.FirstName + " " + p.LastName)
}

// Deleted reports whether the identity was blanked.
func (p Person) Deleted() bool { return !p.DeletedAt.IsZero() }

// AgeBand derives the CRA age band from the birth year at now.
func (p Person) AgeBand(now time.Time) string { return AgeBandOf(p.BirthYear, now) }

// AgeBandOf derives the age band from a birth year: the age reached this year.
func AgeBandOf(birthYear int, now time.Time) string {
	if birthYear <= 0 {
		return AgeBandUnknown
	}
	age := now.Year() - birthYear
	switch {
	case age < 12:
		return "moins_de_douze"
	case age < 18:
		return "douze_dix_huit"
	case age < 25:
		return "dix_huit_vingt_quatre"
	case age < 40:
		return "vingt_cinq_trente_neuf"
	case age < 60:
		return "quarante_cinquante_neuf"
	case age < 70:
		return "soixante_soixante_neuf"
	}
	return "soixante_dix_plus"
}

// CommuneLabel is "Rochefort (17300)" or the code when unknown.
func (p Person) CommuneLabel() string { return CommuneLabel(p.CommuneCode) }

// CommuneLabel names a commune code for display.
func CommuneLabel(code string) string {
	if code == "" {
		return ""
	}
	if c, ok := commune.Lookup(code); ok {
		return commune.Label(c)
	}
	return code
}

// NameKey is the accent- and case-insensitive search key of the names.
func NameKey(first, last string) string { return textfold.Key(last + " " + first) }

// DuplicateKey groups probable duplicates: same names, birth year and
// commune, ignoring accents and case.
func DuplicateKey(first, last string, birthYear int, communeCode string) string {
	if strings.TrimSpace(first) == "" && strings.TrimSpace(last) == "" {
		return ""
	}
	return textfold.Key(last) + "|" + textfold.Key(first) + "|" + strconv.Itoa(birthYear) + "|" + communeCode
}

// MayBeSame reports whether two files with the same names may be one person:
// their birth years and communes agree, or are unknown on either side.
func MayBeSame(a, b Person) bool {
	if NameKey(a.FirstName, a.LastName) != NameKey(b.FirstName, b.LastName) {
		return false
	}
	yearOK := a.BirthYear == 0 || b.BirthYear == 0 || a.BirthYear == b.BirthYear
	communeOK := a.CommuneCode == "" || b.CommuneCode == "" || a.CommuneCode == b.CommuneCode
	return yearOK && communeOK
}

// Normalize trims the fields and applies defaults.
func (p *Person) Normalize() {
	p.FirstName = strings.Join(strings.Fields(p.FirstName), " ")
	p.LastName = strings.Join(strings.Fields(p.LastName), " ")
	p.Phone = strings.TrimSpace(p.Phone)
	p.Email = account.NormalizeEmail(p.Email)
	p.Language = strings.TrimSpace(p.Language)
	p.CommuneCode = strings.ToUpper(strings.TrimSpace(p.CommuneCode))
	if p.Gender == "" {
		p.Gender = "non_communique"
	}
	if p.SocialStatus == "" {
		p.SocialStatus = "non_communique"
	}
	if p.Kind == "" {
		p.Kind = Followed
		if p.FirstName == "" && p.LastName == "" {
			p.Kind = Anonymous
		}
	}
	if p.Status == "" {
		p.Status = Waiting
	}
	if p.Kind == Anonymous {
		p.FirstName, p.LastName, p.Phone, p.Email = "", "", "", ""
	}
	if p.Phone != "" {
		if n, ok := place.NormalizePhone(p.Phone); ok {
			p.Phone = n
		}
	}
}

// Validate returns every field error, keyed by the form's field names.
func (p *Person) Validate(now time.Time) error {
	var v apperr.Validation
	if p.Kind != Followed && p.Kind != Anonymous {
		v.Add("suivi", "Choisissez : personne suivie ou anonyme.")
	}
	if p.Kind == Followed {
		if p.FirstName == "" {
			v.Add("prenom", "Saisissez le prénom.")
		}
		if p.LastName == "" {
			v.Add("nom", "Saisissez le nom.")
		}
	}
	if utf8.RuneCountInString(p.FirstName) > 80 {
		v.Add("prenom", "Le prénom ne doit pas dépasser 80 caractères.")
	}
	if utf8.RuneCountInString(p.LastName) > 80 {
		v.Add("nom", "Le nom ne doit pas dépasser 80 caractères.")
	}
	if p.BirthYear != 0 && (p.BirthYear < now.Year()-120 || p.BirthYear > now.Year()) {
		v.Add("annee_naissance", "Saisissez une année de naissance entre "+strconv.Itoa(now.Year()-120)+" et "+strconv.Itoa(now.Year())+", par exemple 1958.")
	}
	if !Allowed(Genders, p.Gender) {
		v.Add("genre", "Choisissez le genre, ou « Non communiqué ».")
	}
	if !Allowed(SocialStatuses, p.SocialStatus) {
		v.Add("statut", "Choisissez la situation, ou « Non communiqué ».")
	}
	if p.CommuneCode != "" && !commune.ValidCode(p.CommuneCode) {
		v.Add("commune_insee", "Commune inconnue : saisissez son nom ou son code INSEE.")
	}
	if p.Phone != "" {
		if _, ok := place.NormalizePhone(p.Phone); !ok {
			v.Add("telephone", "Saisissez un numéro de téléphone à 10 chiffres, par exemple 06 12 34 56 78.")
		}
	}
	if p.Email != "" {
		if msg := account.ValidateEmail(p.Email); msg != "" {
			v.Add("courriel", msg)
		}
	}
	if utf8.RuneCountInString(p.Language) > 60 {
		v.Add("langue", "La langue ne doit pas dépasser 60 caractères.")
	}
	for _, n := range p.Needs {
		if !Allowed(Needs, n) {
			v.Add("besoins", "Besoin inconnu : "+n+".")
		}
	}
	if !Allowed(FollowStatuses, string(p.Status)) {
		v.Add("statut_suivi", "Statut de suivi inconnu.")
	}
	return v.Err()
}

// Consent purposes.
const (
	ConsentFollow = "suivi"   // being followed by the structure
	ConsentShare  = "partage" // sharing the minimum with a receiving structure
	ConsentSMS    = "sms"     // being contacted by SMS
)

// Wording is one version of what the person is told before agreeing.
type Wording struct {
	Purpose string
	Version string
	Label   string // short name for staff
	Text    string // read to the person; "%s" is the structure's name
}

// Wordings are the current versions; a new text gets a new version, and
// each consent keeps the exact text that was shown.
var Wordings = []Wording{
	{ConsentFollow, "suivi-v1", "Être suivi·e",
		"J'accepte que %s garde mon nom et mes coordonnées pour suivre mon accompagnement. Je peux demander à voir ces informations ou à les effacer quand je veux."},
	{ConsentShare, "partage-v1", "Partager avec la structure qui va aider",
		"J'accepte que %s envoie mon nom, comment me joindre, mon besoin et mes disponibilités à la structure qui va m'aider. Rien d'autre n'est envoyé."},
	{ConsentSMS, "sms-v1", "Recevoir des SMS",
		"J'accepte de recevoir des SMS de %s, par exemple pour me rappeler un rendez-vous. Je peux dire stop quand je veux."},
}

// WordingOf returns the current wording of a purpose.
func WordingOf(purpose string) (Wording, bool) {
	for _, w := range Wordings {
		if w.Purpose == purpose {
			return w, true
		}
	}
	return Wording{}, false
}

// Consent is what a person agreed to, with the text they were shown.
type Consent struct {
	ID          int64
	PersonID    int64
	StructureID int64
	Purpose     string
	Version     string
	Wording     string // the exact text shown, structure name included
	GivenAt     time.Time
	CollectedBy int64
	Collector   string // name of who collected it
	WithdrawnAt time.Time
}

// Active reports whether the consent still holds.
func (c Consent) Active() bool { return c.WithdrawnAt.IsZero() }

// PurposeLabel names the purpose for staff.
func (c Consent) PurposeLabel() string {
	if w, ok := WordingOf(c.Purpose); ok {
		return w.Label
	}
	return c.Purpose
}

// NewConsent builds the consent for a purpose with the structure's name in the text.
func NewConsent(purpose, structureName string) (Consent, error) {
	w, ok := WordingOf(purpose)
	if !ok {
		return Consent{}, apperr.New(apperr.Invalid, "Consentement inconnu.")
	}
	return Consent{Purpose: purpose, Version: w.Version, Wording: strings.Replace(w.Text, "%s", structureName, 1)}, nil
}

// DeadlineDate parses the deadline for display; zero when there is none.
func (p Person) DeadlineDate() time.Time {
	d, _ := time.Parse("2006-01-02", p.Deadline)
	return d
}

// StatusLabel names the follow-up status.
func (p Person) StatusLabel() string { return Label(FollowStatuses, string(p.Status)) }

// DisplayPhone writes a +33 number the French way: "01 99 00 00 01".
func DisplayPhone(s string) string {
	if !strings.HasPrefix(s, "+33") || len(s) != 12 {
		return s
	}
	d := "0" + s[3:]
	return d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10]
}

// PhoneLabel is the phone number as staff read it.
func (p Person) PhoneLabel() string { return DisplayPhone(p.Phone) }
