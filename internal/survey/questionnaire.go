package survey

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Questionnaire is a structure's survey: its versions, its answers, and how
// it is analysed.
type Questionnaire struct {
	ID          int64
	StructureID int64
	Title       string
	PublicToken string // the public answering address is /enquetes/{PublicToken}
	Open        bool   // online answers accepted (needs a published version)
	DoubleEntry bool   // paper questionnaires are typed twice and compared
	Settings    Settings
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Versions []Version // oldest first, when loaded
}

// Current is the latest published version.
func (q *Questionnaire) Current() (*Version, bool) {
	for i := len(q.Versions) - 1; i >= 0; i-- {
		if q.Versions[i].Published() {
			return &q.Versions[i], true
		}
	}
	return nil, false
}

// Draft is the version being edited, if any.
func (q *Questionnaire) Draft() (*Version, bool) {
	if n := len(q.Versions); n > 0 && !q.Versions[n-1].Published() {
		return &q.Versions[n-1], true
	}
	return nil, false
}

// Version is one frozen (once published) state of the questions.
type Version struct {
	ID          int64
	Number      int
	Definition  Definition
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Published reports whether the version is frozen.
func (v *Version) Published() bool { return !v.PublishedAt.IsZero() }

// Settings are how a questionnaire is analysed; they change without a new version.
type Settings struct {
	Crosstabs []Crosstab `json:"croisements,omitempty"`
	Margins   *Margins   `json:"marges,omitempty"`
}

// Crosstab crosses a question (rows) with a profile question (columns).
type Crosstab struct {
	Question string `json:"question"`
	By       Role   `json:"par"`
}

// MaxCrosstabs bounds the cross-tabs of a report.
const MaxCrosstabs = 30

// Margins are census counts the respondents are raked to: age band × sex,
// and optionally diploma. Keys are the choice values of the profile questions.
type Margins struct {
	Source  string                        `json:"source"`
	AgeSex  map[string]map[string]float64 `json:"age_sexe"`
	Diploma map[string]float64            `json:"diplome,omitempty"`
}

// ValidateSettings checks settings against the current definition.
func (d *Definition) ValidateSettings(s Settings) error {
	var v apperr.Validation
	if len(s.Crosstabs) > MaxCrosstabs {
		v.Add("croisements", fmt.Sprintf("%d croisements au plus.", MaxCrosstabs))
	}
	seen := map[Crosstab]bool{}
	for i, c := range s.Crosstabs {
		f := fmt.Sprintf("croisements.%d", i)
		q, ok := d.Question(c.Question)
		switch {
		case !ok:
			v.Add(f, "Question inconnue : « "+c.Question+" ».")
			continue
		case !q.Kind.Categorical() || q.Kind == MultipleChoice || q.Kind == Commune:
			v.Add(f, "Seule une question à choix unique, une échelle ou un quartier se croise : « "+q.Label+" ».")
		case !slices.Contains(Roles, c.By):
			v.Add(f, "Croisement inconnu : age, sexe, csp, diplome, quartier ou menage.")
		case seen[c]:
			v.Add(f, "Ce croisement est déjà demandé.")
		}
		if by, ok := d.ByRole(c.By); !ok {
			v.Add(f, "Aucune question n'a le rôle « "+c.By.Label()+" ».")
		} else if by.Key == q.Key {
			v.Add(f, "Une question ne se croise pas avec elle-même.")
		}
		seen[c] = true
	}
	if s.Margins != nil {
		v.Merge(d.ValidateMargins(*s.Margins))
	}
	return v.Err()
}

// ValidateMargins checks that every age band × sex has a positive count, and
// every diploma when diploma margins are given.
func (d *Definition) ValidateMargins(m Margins) error {
	var v apperr.Validation
	if utf8.RuneCountInString(m.Source) > 300 {
		v.Add("marges.source", "Source : 300 caractères au plus.")
	}
	if strings.TrimSpace(m.Source) == "" {
		v.Add("marges.source", "Indiquez la source des effectifs (par exemple : Insee, recensement 2021).")
	}
	age, okAge := d.ByRole(RoleAge)
	sex, okSex := d.ByRole(RoleSex)
	if !okAge || !okSex {
		v.Add("marges", "Le redressement demande une question de tranche d'âge et une question de sexe (rôles age et sexe).")
		return v.Err()
	}
	for _, s := range []string{Female, Male} {
		if _, ok := sex.Choice(s); !ok {
			v.Add("marges", "La question de sexe doit avoir les choix « femme » et « homme » pour le redressement.")
			return v.Err()
		}
	}
	positive := func(x float64) bool { return x > 0 && !math.IsInf(x, 0) && x < 1e9 }
	for band := range m.AgeSex {
		if _, ok := age.Choice(band); !ok {
			v.Add("marges.age_sexe", "Tranche d'âge inconnue : « "+band+" ».")
		}
	}
	for _, c := range age.Choices {
		row := m.AgeSex[c.Value]
		for s := range row {
			if s != Female && s != Male {
				v.Add("marges.age_sexe."+c.Value, "Seuls « femme » et « homme » ont des effectifs au recensement.")
			}
		}
		for _, s := range []string{Female, Male} {
			if !positive(row[s]) {
				v.Add("marges.age_sexe."+c.Value+"."+s, "Effectif manquant ou nul : "+c.Label+", "+s+".")
			}
		}
	}
	if len(m.Diploma) > 0 {
		dip, ok := d.ByRole(RoleDiploma)
		if !ok {
			v.Add("marges.diplome", "Aucune question n'a le rôle diplôme.")
			return v.Err()
		}
		for k := range m.Diploma {
			if _, ok := dip.Choice(k); !ok {
				v.Add("marges.diplome", "Diplôme inconnu : « "+k+" ».")
			}
		}
		for _, c := range dip.Choices {
			if !positive(m.Diploma[c.Value]) {
				v.Add("marges.diplome."+c.Value, "Effectif manquant ou nul : "+c.Label+".")
			}
		}
	}
	return v.Err()
}

// Channel is how an answer reached Parcours.
type Channel string

const (
	Online      Channel = "en_ligne"
	Paper       Channel = "papier"
	LimeSurvey  Channel = "limesurvey"
	KoboToolbox Channel = "kobotoolbox"
	API         Channel = "api"
)

// Channels lists every channel.
var Channels = []Channel{Online, Paper, LimeSurvey, KoboToolbox, API}

// Label names the channel in French.
func (c Channel) Label() string {
	switch c {
	case Online:
		return "En ligne"
	case Paper:
		return "Sur papier"
	case LimeSurvey:
		return "Import LimeSurvey"
	case KoboToolbox:
		return "Import KoboToolbox"
	case API:
		return "API"
	}
	return string(c)
}

// Status is where an answer stands.
type Status string

const (
	InProgress Status = "en_cours"   // online, not submitted: kept to resume, never counted
	Complete   Status = "complete"   // counted in the analysis
	ToCheck    Status = "a_verifier" // a paper questionnaire typed once, awaiting its second entry
	Disagree   Status = "desaccord"  // the two entries differ: to resolve
	Control    Status = "controle"   // the second entry of a paper questionnaire: never counted
)

// Statuses lists every status.
var Statuses = []Status{InProgress, Complete, ToCheck, Disagree, Control}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Label names the status in French.
func (s Status) Label() string {
	switch s {
	case InProgress:
		return "En cours"
	case Complete:
		return "Complète"
	case ToCheck:
		return "Seconde saisie attendue"
	case Disagree:
		return "Désaccord entre les saisies"
	case Control:
		return "Saisie de contrôle"
	}
	return string(s)
}

// Response is one respondent's answers.
type Response struct {
	ID              int64
	QuestionnaireID int64
	VersionID       int64
	VersionNumber   int
	StructureID     int64
	Channel         Channel
	Status          Status
	Answers         Answers
	ExternalID      string // import identifier, or the reference written on a paper questionnaire
	Entry           int    // paper: 1 (first entry) or 2 (second entry)
	ConsentWording  string
	ConsentedAt     time.Time
	EnteredBy       int64
	EntrySeconds    int // paper: time the agent took to type it
	CreatedAt       time.Time
	UpdatedAt       time.Time
	SubmittedAt     time.Time
}
