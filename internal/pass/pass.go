// Package pass holds the Pass numérique: carnets of 5 or 10 passes of €10
// bought by a funder, allocated to distributor structures, handed to a
// person on recorded eligibility criteria, and redeemed once each at a
// qualified place, which is reimbursed from a monthly statement.
package pass

import (
	"strings"
	"time"
	"unicode"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// ValueCents is the face value of one pass.
const ValueCents = 1000

// Sources of a carnet.
const (
	FromImport = "import" // the issuer's list
	Typed      = "saisie" // typed by the funder
)

// MaxNumber is the longest identifier of a carnet or a pass.
const MaxNumber = 40

// Carnet is a booklet of passes owned by its funder.
type Carnet struct {
	ID                   int64
	FunderStructureID    int64
	FunderName           string
	Identifier           string
	ValidUntil           string // YYYY-MM-DD, last day a pass is accepted
	Source               string
	Count                int // passes in the carnet: 5 or 10
	DistributorStructure int64
	DistributorName      string
	AllocatedAt          time.Time
	PersonID             int64
	Criteria             []string // eligibility criteria recorded at distribution
	DistributedAt        time.Time
	CreatedAt            time.Time
	Passes               []Pass
	Redeemed             int // passes redeemed
}

// Pass is one €10 voucher of a carnet.
type Pass struct {
	ID           int64
	CarnetID     int64
	Number       string
	RedeemedAt   time.Time
	PlaceID      int64
	PlaceName    string
	Theme        string
	CarnetNumber string // the carnet's identifier, in statements
	ValidUntil   string
}

// Redeemed reports whether the pass was used.
func (p Pass) Redeemed() bool { return !p.RedeemedAt.IsZero() }

// Expired reports whether the carnet's validity ended before day (YYYY-MM-DD).
func (c Carnet) Expired(day string) bool { return c.ValidUntil < day }

// Distributed reports whether the carnet was handed to a person.
func (c Carnet) Distributed() bool { return !c.DistributedAt.IsZero() }

// Eligibility lists the criteria a distributor records when handing a
// carnet to a person.
var Eligibility = vocab.List{
	{Value: "minima_sociaux", Label: "Bénéficiaire de minima sociaux (RSA, ASS, AAH, ASPA)"},
	{Value: "demandeur_emploi", Label: "Demandeur ou demandeuse d'emploi"},
	{Value: "senior_isole", Label: "Personne âgée isolée"},
	{Value: "jeune_sans_ressources", Label: "Jeune de moins de 26 ans sans ressources"},
	{Value: "demarches_en_cours", Label: "Démarche en ligne à faire (retraite, CAF, impôts…)"},
	{Value: "orientation_travailleur_social", Label: "Orienté par un travailleur social"},
	{Value: "autre", Label: "Autre critère du financeur"},
}

// NormalizeNumber is how identifiers of carnets and passes are compared:
// upper case, without spaces, dashes or dots typed or printed between groups.
func NormalizeNumber(s string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == ' ' || r == '-' || r == '.' || r == '\u00a0':
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToUpper(r))
		default:
			b.WriteRune(0xFFFD) // refused by ValidNumber
		}
	}
	return b.String()
}

// ValidNumber reports whether a normalized identifier is usable.
func ValidNumber(n string) bool {
	if n == "" || len(n) > MaxNumber {
		return false
	}
	return !strings.ContainsRune(n, 0xFFFD)
}

// ParseDate reads an end of validity written 2026-12-31 or 31/12/2026.
func ParseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}

// NewCarnet is a carnet typed by the funder: its identifier, its end of
// validity and the numbers of its passes (5 or 10).
type NewCarnet struct {
	Identifier string
	ValidUntil string
	Numbers    []string
}

// Check normalizes and validates a typed carnet; errors name the API fields.
func (n *NewCarnet) Check() error {
	var v apperr.Validation
	n.Identifier = NormalizeNumber(n.Identifier)
	if !ValidNumber(n.Identifier) {
		v.Add("carnet", "Saisissez le numéro du carnet imprimé sur sa couverture (lettres et chiffres, 40 au plus).")
	}
	if d, ok := ParseDate(n.ValidUntil); ok {
		n.ValidUntil = d
	} else {
		v.Add("fin_validite", "Saisissez la date de fin de validité, par exemple 31/12/2027.")
	}
	seen := map[string]bool{}
	var numbers []string
	for _, s := range n.Numbers {
		if strings.TrimSpace(s) == "" {
			continue
		}
		num := NormalizeNumber(s)
		switch {
		case !ValidNumber(num):
			v.Add("passes", "Le numéro de pass « "+strings.TrimSpace(s)+" » n'est pas lisible : lettres et chiffres seulement.")
		case seen[num]:
			v.Add("passes", "Le pass "+num+" est saisi deux fois.")
		}
		seen[num] = true
		numbers = append(numbers, num)
	}
	n.Numbers = numbers
	if len(numbers) != 5 && len(numbers) != 10 {
		v.Add("passes", "Un carnet compte 5 ou 10 pass : saisissez le numéro de chacun.")
	}
	return v.Err()
}

// AcceptsPass reports whether a place of the map says it accepts the Pass
// numérique, in its labels or its national programmes.
func AcceptsPass(p place.Place) bool {
	for _, list := range [][]string{p.OtherLabels, p.NationalPrograms, p.TrainingLabels} {
		for _, v := range list {
			if strings.Contains(strings.ToLower(v), "pass numérique") {
				return true
			}
		}
	}
	return false
}
