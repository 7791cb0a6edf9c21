package equipment

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Criterion is one social criterion of a structure's distribution: it
// scores Points when a request meets it. Param is the threshold of the
// criteria that take one (an age, a household size).
type Criterion struct {
	Code    string
	Points  int
	Enabled bool
	Param   int
}

// CriterionKind describes a criterion the structure may enable.
type CriterionKind struct {
	Code      string
	Label     string
	ParamName string // "" when the criterion takes no threshold
	Default   Criterion
}

// Criterion codes.
const (
	NoDevice        = "sans_equipement"
	MinimumBenefits = "minima_sociaux"
	Accompanied     = "accompagnement"
	Age             = "age"
	Household       = "foyer"
)

// CriterionKinds lists the criteria in the order they are shown, with
// their default weight.
var CriterionKinds = []CriterionKind{
	{Code: NoDevice, Label: "N'a aucun appareil pour aller sur internet", Default: Criterion{Code: NoDevice, Points: 4, Enabled: true}},
	{Code: MinimumBenefits, Label: "Bénéficie de minima sociaux (RSA, ASS, AAH, ASPA)", Default: Criterion{Code: MinimumBenefits, Points: 3, Enabled: true}},
	{Code: Accompanied, Label: "Est accompagné par la structure", Default: Criterion{Code: Accompanied, Points: 2, Enabled: true}},
	{Code: Age, Label: "A au moins cet âge", ParamName: "Âge minimum", Default: Criterion{Code: Age, Points: 1, Enabled: true, Param: 65}},
	{Code: Household, Label: "Foyer d'au moins ce nombre de personnes", ParamName: "Nombre de personnes", Default: Criterion{Code: Household, Points: 1, Enabled: true, Param: 4}},
}

// CriterionLabel names a criterion with its threshold.
func CriterionLabel(c Criterion) string {
	for _, k := range CriterionKinds {
		if k.Code != c.Code {
			continue
		}
		switch c.Code {
		case Age:
			return "A " + strconv.Itoa(c.Param) + " ans ou plus"
		case Household:
			return "Foyer de " + strconv.Itoa(c.Param) + " personnes ou plus"
		}
		return k.Label
	}
	return c.Code
}

// DefaultCriteria is the distribution's criteria before a structure sets its own.
func DefaultCriteria() []Criterion {
	out := make([]Criterion, len(CriterionKinds))
	for i, k := range CriterionKinds {
		out[i] = k.Default
	}
	return out
}

// ValidateCriteria checks a structure's criteria: every known code once,
// 0 to 10 points, a plausible threshold. Errors name the criterion's
// fields: points_<code>, seuil_<code>, or "criteres" for the whole.
func ValidateCriteria(cs []Criterion) error {
	var v apperr.Validation
	seen := map[string]bool{}
	known := map[string]bool{}
	for _, k := range CriterionKinds {
		known[k.Code] = true
	}
	enabled := 0
	for _, c := range cs {
		switch {
		case !known[c.Code] || seen[c.Code]:
			v.Add("criteres", "Critère inconnu ou en double : "+c.Code+".")
		default:
			if c.Points < 0 || c.Points > 10 {
				v.Add("points_"+c.Code, "Donnez de 0 à 10 points.")
			}
			if c.Code == Age && (c.Param < 16 || c.Param > 100) {
				v.Add("seuil_"+c.Code, "L'âge minimum va de 16 à 100 ans.")
			}
			if c.Code == Household && (c.Param < 1 || c.Param > 15) {
				v.Add("seuil_"+c.Code, "Le nombre de personnes du foyer va de 1 à 15.")
			}
		}
		seen[c.Code] = true
		if c.Enabled && c.Points > 0 {
			enabled++
		}
	}
	if enabled == 0 {
		v.Add("criteres", "Activez au moins un critère qui compte des points.")
	}
	return v.Err()
}

// Request statuses.
const (
	Waiting  = "attente"
	Granted  = "attribuee" // the committee gave a device, to hand over
	Refused  = "refusee"
	HandedIn = "remise" // the device was handed over, signed
)

// RequestStatuses lists the statuses of a request.
var RequestStatuses = map[string]string{Waiting: "En attente", Granted: "Attribuée, à remettre", Refused: "Refusée", HandedIn: "Remise"}

// Request is a person's request for a device, with the situation declared
// for the criteria; age and accompaniment come from the person's file.
type Request struct {
	ID              int64
	StructureID     int64
	PersonID        int64
	PersonName      string
	Kind            string // the device wanted
	NoDevice        bool
	MinimumBenefits bool
	HouseholdSize   int
	BirthYear       int  // from the person's file; 0: unknown
	Accompanied     bool // the person is followed by the structure
	RequestedAt     time.Time
	Status          string
	DeviceID        int64
	Decision        string // the committee's reasons
	DecidedAt       time.Time
	RankAtDecision  int
	Explanation     string // the explanation of the rank when decided
	HandedOverAt    time.Time
}

// Scored is a criterion a request met, and its points.
type Scored struct {
	Code   string
	Label  string
	Points int
}

// Ranked is a request's place in the priority list and why.
type Ranked struct {
	Request  Request
	Rank     int
	Score    int
	Scored   []Scored // the criteria that scored, in the order of the criteria
	TieBreak string   // how a tie with the previous request was settled
}

// Explanation says in one sentence why the request has its rank.
func (r Ranked) Explanation() string {
	var parts []string
	for _, s := range r.Scored {
		parts = append(parts, fmt.Sprintf("%s (+%d)", s.Label, s.Points))
	}
	why := "aucun critère rempli"
	if len(parts) > 0 {
		why = strings.Join(parts, ", ")
	}
	out := fmt.Sprintf("Rang %d : %d point%s — %s.", r.Rank, r.Score, plural(r.Score), why)
	if r.TieBreak != "" {
		out += " " + r.TieBreak
	}
	return out
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// Score returns the criteria a request meets on now, in the order of the
// criteria, and their total.
func Score(r Request, cs []Criterion, now time.Time) ([]Scored, int) {
	var out []Scored
	total := 0
	for _, c := range cs {
		if !c.Enabled || c.Points == 0 {
			continue
		}
		met := false
		switch c.Code {
		case NoDevice:
			met = r.NoDevice
		case MinimumBenefits:
			met = r.MinimumBenefits
		case Accompanied:
			met = r.Accompanied
		case Age:
			met = r.BirthYear > 0 && now.Year()-r.BirthYear >= c.Param
		case Household:
			met = r.HouseholdSize >= c.Param
		}
		if met {
			out = append(out, Scored{Code: c.Code, Label: CriterionLabel(c), Points: c.Points})
			total += c.Points
		}
	}
	return out, total
}

// Rank orders waiting requests: the most points first; at equal points the
// oldest request first, then the first recorded. Every rank carries the
// criteria that scored and, on a tie, how it was settled.
func Rank(reqs []Request, cs []Criterion, now time.Time) []Ranked {
	out := make([]Ranked, 0, len(reqs))
	for _, r := range reqs {
		sc, total := Score(r, cs, now)
		out = append(out, Ranked{Request: r, Score: total, Scored: sc})
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if !a.Request.RequestedAt.Equal(b.Request.RequestedAt) {
			return a.Request.RequestedAt.Before(b.Request.RequestedAt)
		}
		return a.Request.ID < b.Request.ID
	})
	for i := range out {
		out[i].Rank = i + 1
		if i == 0 || out[i-1].Score != out[i].Score {
			continue
		}
		prev := out[i-1].Request
		if prev.RequestedAt.Equal(out[i].Request.RequestedAt) {
			out[i].TieBreak = fmt.Sprintf("À égalité avec le rang %d, demande enregistrée après elle.", i)
		} else {
			out[i].TieBreak = fmt.Sprintf("À égalité avec le rang %d, dont la demande est plus ancienne.", i)
		}
	}
	return out
}
