// Package structure holds the tenants of Parcours: structures (CCAS,
// associations, France Services…), their identifiers, and territories.
package structure

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
)

// Structure is an organisation using Parcours; every personal datum belongs to one.
type Structure struct {
	ID          int64
	Name        string
	Typology    string // data·inclusion typology code
	SIRET       string // 14 digits, or empty
	RNA         string // W + 9 characters, or empty
	CommuneCode string // INSEE code
	Address     string
	TerritoryID int64 // 0 when the structure belongs to no territory
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TypologyLabel is the French label of the structure's typology.
func (s Structure) TypologyLabel() string {
	l, _ := TypologyLabel(s.Typology)
	return l
}

// CommuneLabel names the structure's commune for display.
func (s Structure) CommuneLabel() string {
	if c, ok := commune.Lookup(s.CommuneCode); ok {
		return commune.Label(c)
	}
	return s.CommuneCode
}

// Normalize trims and reformats user input before validation.
func (s *Structure) Normalize() {
	s.Name = strings.Join(strings.Fields(s.Name), " ")
	s.Typology = strings.TrimSpace(s.Typology)
	s.SIRET = strings.Map(dropSpaces, s.SIRET)
	s.RNA = strings.ToUpper(strings.Map(dropSpaces, s.RNA))
	s.CommuneCode = strings.ToUpper(strings.TrimSpace(s.CommuneCode))
	s.Address = strings.Join(strings.Fields(s.Address), " ")
}

func dropSpaces(r rune) rune {
	if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '.' || r == '-' {
		return -1
	}
	return r
}

// Validate returns the field errors of s; call Normalize first.
func (s *Structure) Validate() error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(s.Name); {
	case n == 0:
		v.Add("name", "Saisissez le nom de la structure.")
	case n > 200:
		v.Add("name", "Le nom ne doit pas dépasser 200 caractères.")
	}
	if _, ok := TypologyLabel(s.Typology); !ok {
		v.Add("typology", "Choisissez le type de structure dans la liste.")
	}
	if s.SIRET != "" {
		if msg := ValidateSIRET(s.SIRET); msg != "" {
			v.Add("siret", msg)
		}
	}
	if s.RNA != "" {
		if msg := ValidateRNA(s.RNA); msg != "" {
			v.Add("rna", msg)
		}
	}
	if s.SIRET == "" && s.RNA == "" {
		v.Add("siret", "Saisissez le numéro SIRET de la structure (ou, pour une association sans SIRET, son numéro RNA).")
	}
	if !commune.ValidCode(s.CommuneCode) {
		v.Add("commune", "Choisissez une commune existante (code INSEE à 5 caractères, par exemple 17299).")
	}
	if utf8.RuneCountInString(s.Address) > 300 {
		v.Add("address", "L'adresse ne doit pas dépasser 300 caractères.")
	}
	return v.Err()
}

// ValidateSIRET checks the 14 digits and the Luhn key (with La Poste's
// documented exception: its establishments use a sum divisible by 5).
func ValidateSIRET(siret string) string {
	if len(siret) != 14 || strings.IndexFunc(siret, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return "Le numéro SIRET doit compter exactement 14 chiffres."
	}
	if strings.HasPrefix(siret, "356000000") && siret != "35600000000048" {
		sum := 0
		for _, c := range siret {
			sum += int(c - '0')
		}
		if sum%5 == 0 {
			return ""
		}
		return "Ce numéro SIRET n'est pas valide : vérifiez les chiffres."
	}
	if !luhn(siret) {
		return "Ce numéro SIRET n'est pas valide : vérifiez les chiffres."
	}
	return ""
}

func luhn(digits string) bool {
	sum := 0
	double := false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}

// ValidateRNA checks the association number: W followed by 9 characters
// (digits, the second one may be a letter for some prefectures, e.g. W2A…).
func ValidateRNA(rna string) string {
	if len(rna) != 10 || rna[0] != 'W' {
		return "Le numéro RNA commence par W suivi de 9 caractères, par exemple W751234567."
	}
	for i := 1; i < 10; i++ {
		c := rna[i]
		if (c < '0' || c > '9') && !(i <= 3 && c >= 'A' && c <= 'Z') {
			return "Le numéro RNA commence par W suivi de 9 caractères, par exemple W751234567."
		}
	}
	return ""
}

// Territory is a set of communes; one structure (usually the CCAS) coordinates it.
type Territory struct {
	ID                     int64
	Name                   string
	CoordinatorStructureID int64
	CommuneCodes           []string
}
