// Package place holds the lieux de médiation numérique: every field of the
// national schema v1.0.2, the rules a place must follow, and its completion.
package place

import (
	"fmt"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
)

// Status says whether a place still exists.
type Status string

const (
	StatusOpen   Status = "ouvert"
	StatusClosed Status = "ferme" // "n'existe plus": kept for history, out of search
)

// Where the coordinates of a place come from.
const (
	CoordsFromSource  = "source"  // given by the data or the owner
	CoordsFromCommune = "commune" // the commune's centre, for want of better
)

// SourceParcours marks places created in Parcours itself.
const SourceParcours = "parcours"

// UnknownPivot is the national data's placeholder for a missing SIRET.
const UnknownPivot = "00000000000000"

// Place is a lieu de médiation numérique. Field comments give the schema's
// column names.
type Place struct {
	ID          int64
	StructureID int64  // the owner in Parcours; 0 for national data nobody claimed
	Source      string // where the record comes from (an import's source, or "parcours")
	SourceID    string // the record's id in that source (schema "id")
	Status      Status
	CoordsFrom  string // CoordsFromSource or CoordsFromCommune

	Pivot             string    // pivot: SIRET or RNA
	Name              string    // nom
	Commune           string    // commune
	PostalCode        string    // code_postal
	InseeCode         string    // code_insee
	Address           string    // adresse
	AddressComplement string    // complement_adresse
	Latitude          float64   // latitude
	Longitude         float64   // longitude
	HasCoords         bool      // latitude and longitude are known
	Typologies        []string  // typologie
	Phone             string    // telephone, +33… form
	Emails            []string  // courriels
	Websites          []string  // site_web
	Hours             string    // horaires, OSM opening_hours
	HoursText         string    // free-text hours kept when they could not be converted
	Summary           string    // presentation_resume, 280 characters at most
	Description       string    // presentation_detail
	Collector         string    // source: who collected the data
	Itinerance        []string  // itinerance
	ParentStructure   string    // structure_parente
	UpdatedOn         time.Time // date_maj: last confirmed true (a date, in UTC)
	Services          []string  // services
	Publics           []string  // publics_specifiquement_adresses
	SpecificSupport   []string  // prise_en_charge_specifique
	Fees              []string  // frais_a_charge
	NationalPrograms  []string  // dispositif_programmes_nationaux
	TrainingLabels    []string  // formations_labels
	OtherLabels       []string  // autres_formations_labels
	AccessModes       []string  // modalites_acces
	SupportModes      []string  // modalites_accompagnement
	AccessibilityURL  string    // fiche_acces_libre
	BookingURL        string    // prise_rdv

	// Unknown keeps enumeration values outside the schema, by field, so that
	// nothing is dropped in silence.
	Unknown map[string][]string

	CreatedAt  time.Time
	ModifiedAt time.Time
}

// SchemaID is the place's "id" in exported files.
func (p *Place) SchemaID() string {
	if p.SourceID != "" {
		return p.SourceID
	}
	return fmt.Sprintf("parcours-%d", p.ID)
}

// Open reports whether the place still exists.
func (p *Place) Open() bool { return p.Status != StatusClosed }

// Department is the département code of the place.
func (p *Place) Department() string {
	if p.InseeCode != "" {
		return commune.DepartmentOf(p.InseeCode)
	}
	if len(p.PostalCode) == 5 {
		if strings.HasPrefix(p.PostalCode, "97") {
			return p.PostalCode[:3]
		}
		if strings.HasPrefix(p.PostalCode, "20") {
			if p.PostalCode < "20200" {
				return "2A"
			}
			return "2B"
		}
		return p.PostalCode[:2]
	}
	return ""
}

var (
	pivotRE  = regexp.MustCompile(`^[a-zA-Z0-9]{9,14}$`)
	postalRE = regexp.MustCompile(`^\d{5}$`)
	inseeRE  = regexp.MustCompile(`^([013-9]\d|2[AB1-9])\d{3}$`)
	phoneRE  = regexp.MustCompile(`^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$`)
)

// MaxSummary is the schema's limit for presentation_resume.
const MaxSummary = 280

// Normalize tidies user or file input before validation: spaces, phone
// format, list order and duplicates.
func (p *Place) Normalize() {
	trim := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	p.Pivot = strings.ReplaceAll(strings.TrimSpace(p.Pivot), " ", "")
	p.Name = trim(p.Name)
	p.Commune = trim(p.Commune)
	p.PostalCode = strings.TrimSpace(p.PostalCode)
	p.InseeCode = strings.ToUpper(strings.TrimSpace(p.InseeCode))
	p.Address = trim(p.Address)
	p.AddressComplement = trim(p.AddressComplement)
	p.Summary = strings.TrimSpace(p.Summary)
	p.Description = strings.TrimSpace(p.Description)
	p.Collector = trim(p.Collector)
	p.ParentStructure = trim(p.ParentStructure)
	p.Hours = strings.TrimSpace(p.Hours)
	p.AccessibilityURL = strings.TrimSpace(p.AccessibilityURL)
	p.BookingURL = strings.TrimSpace(p.BookingURL)
	if n, ok := NormalizePhone(p.Phone); ok {
		p.Phone = n
	} else {
		p.Phone = strings.TrimSpace(p.Phone)
	}
	for _, l := range []*[]string{&p.Typologies, &p.Emails, &p.Websites, &p.Itinerance, &p.Services, &p.Publics,
		&p.SpecificSupport, &p.Fees, &p.NationalPrograms, &p.TrainingLabels, &p.OtherLabels, &p.AccessModes, &p.SupportModes} {
		*l = cleanList(*l)
	}
	for i, l := range p.TrainingLabels {
		if l == EtapesNumeriquesUnspaced {
			p.TrainingLabels[i] = EtapesNumeriques
		}
	}
	if p.Status == "" {
		p.Status = StatusOpen
	}
}

// cleanList trims values and drops empty ones and repeats, keeping order.
func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = strings.Join(strings.Fields(v), " ")
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// NormalizePhone turns a French number into the schema's +33… form.
func NormalizePhone(s string) (string, bool) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-' || r == '/' || r == '\u00a0' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	switch {
	case d == "":
		return "", false
	case strings.HasPrefix(d, "+330"):
		d = "+33" + d[4:] // "+33 (0)1 …"
	case strings.HasPrefix(d, "0033"):
		d = "+33" + strings.TrimPrefix(d[4:], "0")
	case len(d) == 10 && d[0] == '0':
		d = overseasPrefix(d) + d[1:]
	}
	if !phoneRE.MatchString(d) {
		return "", false
	}
	return d, true
}

// DisplayPhone writes a +33 number the French way: "05 46 00 00 00";
// other numbers stay as stored.
func DisplayPhone(s string) string {
	if !strings.HasPrefix(s, "+33") || len(s) != 12 {
		return s
	}
	d := "0" + s[3:]
	return d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10]
}

// overseasPrefix gives the country code of a 10-digit national number.
func overseasPrefix(d string) string {
	switch d[:4] {
	case "0590", "0690", "0691":
		return "+590"
	case "0594", "0694":
		return "+594"
	case "0262", "0263", "0692", "0693", "0269", "0639":
		return "+262"
	case "0596", "0696", "0697":
		return "+596"
	}
	return "+33"
}

// Validate checks every rule and returns all field errors at once, keyed by
// the schema's field names. Call Normalize first.
func (p *Place) Validate() error {
	var v apperr.Validation
	if p.SchemaID() == "" {
		v.Add("id", "Identifiant manquant.")
	}
	if !pivotRE.MatchString(p.Pivot) {
		v.Add("pivot", "Le SIRET ou RNA doit compter de 9 à 14 lettres ou chiffres, sans espace.")
	}
	required := func(field, value, what string) {
		if value == "" {
			v.Add(field, what+" est obligatoire.")
		}
	}
	required("nom", p.Name, "Le nom du lieu")
	required("commune", p.Commune, "La commune")
	required("adresse", p.Address, "L'adresse")
	if !postalRE.MatchString(p.PostalCode) {
		v.Add("code_postal", "Le code postal doit compter 5 chiffres.")
	}
	if p.InseeCode != "" && !inseeRE.MatchString(p.InseeCode) {
		v.Add("code_insee", "Le code INSEE doit compter 5 caractères, par exemple 17299 ou 2A004.")
	} else if p.InseeCode != "" && !commune.ValidCode(p.InseeCode) {
		v.Add("code_insee", "Ce code INSEE ne correspond à aucune commune.")
	}
	if p.HasCoords && (p.Latitude < -90 || p.Latitude > 90 || p.Longitude < -180 || p.Longitude > 180) {
		v.Add("latitude", "Les coordonnées sont hors des limites (latitude entre -90 et 90, longitude entre -180 et 180).")
	}
	if p.Phone != "" && !phoneRE.MatchString(p.Phone) {
		v.Add("telephone", "Le téléphone doit être un seul numéro français, par exemple 05 46 00 00 00 ou +33546000000.")
	}
	for _, e := range p.Emails {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
			v.Add("courriels", fmt.Sprintf("« %s » n'est pas une adresse e-mail valide.", e))
		}
	}
	for _, u := range p.Websites {
		if !validURL(u) {
			v.Add("site_web", fmt.Sprintf("« %s » n'est pas une adresse web valide (elle commence par https:// ou http://).", u))
		}
	}
	if p.Hours != "" {
		if _, err := hours.Parse(p.Hours); err != nil {
			v.Add("horaires", "Horaires illisibles : "+err.Error())
		}
	}
	if n := utf8.RuneCountInString(p.Summary); n > MaxSummary {
		v.Add("presentation_resume", fmt.Sprintf("Le résumé fait %d caractères : %d au plus.", n, MaxSummary))
	}
	if p.UpdatedOn.IsZero() {
		v.Add("date_maj", "La date de mise à jour est obligatoire.")
	}
	for field, list := range map[string][]string{
		"itinerance": p.Itinerance, "services": p.Services, "publics_specifiquement_adresses": p.Publics,
		"prise_en_charge_specifique": p.SpecificSupport, "frais_a_charge": p.Fees,
		"dispositif_programmes_nationaux": p.NationalPrograms, "formations_labels": p.TrainingLabels,
		"modalites_acces": p.AccessModes, "modalites_accompagnement": p.SupportModes,
	} {
		for _, val := range list {
			if !Allowed(field, val) {
				v.Add(field, fmt.Sprintf("« %s » ne fait pas partie des valeurs du schéma national.", val))
			}
		}
	}
	for _, t := range p.Typologies {
		if strings.ContainsAny(t, "|\n") || t == "" {
			v.Add("typologie", "Typologie invalide.")
		}
	}
	if p.AccessibilityURL != "" && !validURL(p.AccessibilityURL) {
		v.Add("fiche_acces_libre", "L'adresse de la fiche Acceslibre doit commencer par https://.")
	}
	if p.BookingURL != "" && !validURL(p.BookingURL) {
		v.Add("prise_rdv", "L'adresse de prise de rendez-vous doit commencer par https:// ou http://.")
	}
	return v.Err()
}

func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " |")
}

// Completion is how complete a listing is for the person looking for help.
type Completion struct {
	Score   int      // 0 to 100
	Missing []string // what to add, in French, most useful first
}

// completionItems weigh what a resident needs to find and reach a place.
var completionItems = []struct {
	weight  int
	missing string
	has     func(p *Place) bool
}{
	{15, "les services proposés", func(p *Place) bool { return len(p.Services) > 0 }},
	{15, "les horaires d'ouverture", func(p *Place) bool { return p.Hours != "" }},
	{10, "un numéro de téléphone", func(p *Place) bool { return p.Phone != "" }},
	{10, "la position exacte sur la carte", func(p *Place) bool { return p.HasCoords && p.CoordsFrom == CoordsFromSource }},
	{10, "une présentation courte", func(p *Place) bool { return p.Summary != "" }},
	{8, "les frais (gratuit ou payant)", func(p *Place) bool { return len(p.Fees) > 0 }},
	{8, "comment venir ou prendre contact", func(p *Place) bool { return len(p.AccessModes) > 0 }},
	{8, "les façons d'être accompagné", func(p *Place) bool { return len(p.SupportModes) > 0 }},
	{5, "une adresse e-mail", func(p *Place) bool { return len(p.Emails) > 0 }},
	{5, "les publics accueillis en priorité ou les aides spécifiques", func(p *Place) bool {
		return len(p.Publics) > 0 || len(p.SpecificSupport) > 0
	}},
	{4, "la fiche d'accessibilité Acceslibre", func(p *Place) bool { return p.AccessibilityURL != "" }},
	{2, "un site web", func(p *Place) bool { return len(p.Websites) > 0 }},
}

// CompletionOf scores a place and lists what is missing.
func CompletionOf(p *Place) Completion {
	var c Completion
	total := 0
	for _, it := range completionItems {
		total += it.weight
		if it.has(p) {
			c.Score += it.weight
		} else {
			c.Missing = append(c.Missing, it.missing)
		}
	}
	c.Score = c.Score * 100 / total
	return c
}

// Stale reports whether a place was not confirmed for a year.
func (p *Place) Stale(now time.Time) bool {
	return !p.UpdatedOn.IsZero() && now.Sub(p.UpdatedOn) > 365*24*time.Hour
}
