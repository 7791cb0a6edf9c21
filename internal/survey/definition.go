// Package survey holds the questionnaires of a local diagnostic: their
// definition (sections, questions, choices, skip logic, "facile à lire"
// wording, profile roles), the answers and their checks, the ready ABS
// digital-needs template and the dated national benchmarks a local share is
// read against. A published version is frozen; answers keep their version.
package survey

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Kind is a question's type.
type Kind string

const (
	SingleChoice   Kind = "choix_unique"
	MultipleChoice Kind = "choix_multiple"
	Scale          Kind = "echelle"
	Number         Kind = "nombre"
	ShortText      Kind = "texte_court"
	Commune        Kind = "commune"  // an INSEE commune code
	District       Kind = "quartier" // one of a configurable list of districts
)

// Kinds lists the question types in the order the builder shows them.
var Kinds = []Kind{SingleChoice, MultipleChoice, Scale, Number, ShortText, Commune, District}

// Label names the kind in French.
func (k Kind) Label() string {
	switch k {
	case SingleChoice:
		return "Choix unique"
	case MultipleChoice:
		return "Choix multiple"
	case Scale:
		return "Échelle"
	case Number:
		return "Nombre"
	case ShortText:
		return "Texte court"
	case Commune:
		return "Commune"
	case District:
		return "Quartier"
	}
	return string(k)
}

// HasChoices reports whether answers are picked from the question's choices.
func (k Kind) HasChoices() bool { return k == SingleChoice || k == MultipleChoice || k == District }

// Categorical reports whether the answers fall in categories a table can count.
func (k Kind) Categorical() bool { return k.HasChoices() || k == Scale || k == Commune }

// Role marks a profile question: cross-tabs and weighting read it.
type Role string

const (
	RoleAge       Role = "age"      // age band; its choices carry their ages
	RoleSex       Role = "sexe"     // "femme" and "homme" are raked to the census
	RoleCategory  Role = "csp"      // socio-professional category
	RoleDiploma   Role = "diplome"  // highest diploma
	RoleDistrict  Role = "quartier" // district of residence
	RoleHousehold Role = "menage"   // household
)

// Roles lists the profile roles in the order reports show them.
var Roles = []Role{RoleAge, RoleSex, RoleCategory, RoleDiploma, RoleDistrict, RoleHousehold}

// Label names the role in French.
func (r Role) Label() string {
	switch r {
	case RoleAge:
		return "Tranche d'âge"
	case RoleSex:
		return "Sexe"
	case RoleCategory:
		return "Catégorie socioprofessionnelle"
	case RoleDiploma:
		return "Diplôme"
	case RoleDistrict:
		return "Quartier"
	case RoleHousehold:
		return "Ménage"
	}
	return string(r)
}

// Sex values the census margins know.
const (
	Female = "femme"
	Male   = "homme"
)

// Choice is one answer a question offers.
type Choice struct {
	Value string `json:"valeur"`
	Label string `json:"libelle"`
	Easy  string `json:"libelle_falc,omitempty"` // "facile à lire" wording
	// Exclusive: on a multiple choice, this choice ("aucun") cannot be ticked with another.
	Exclusive bool `json:"exclusif,omitempty"`
	// AgeMin and AgeMax bound an age band (AgeMax 0: no upper bound).
	AgeMin int `json:"age_min,omitempty"`
	AgeMax int `json:"age_max,omitempty"`
}

// Condition shows a question only when an earlier question's answer is (or,
// for a multiple choice, includes) one of Values.
type Condition struct {
	Question string   `json:"question"`
	Values   []string `json:"valeurs"`
}

// Question is one question of a section.
type Question struct {
	Key      string     `json:"cle"`
	Kind     Kind       `json:"type"`
	Label    string     `json:"libelle"`
	Easy     string     `json:"libelle_falc,omitempty"`
	Hint     string     `json:"aide,omitempty"`
	Required bool       `json:"obligatoire"`
	Choices  []Choice   `json:"choix,omitempty"`
	Min      int        `json:"minimum,omitempty"` // scale and number bounds
	Max      int        `json:"maximum,omitempty"`
	MinLabel string     `json:"libelle_minimum,omitempty"` // scale ends
	MaxLabel string     `json:"libelle_maximum,omitempty"`
	Length   int        `json:"longueur_max,omitempty"` // short text; 0 means 200
	ShowIf   *Condition `json:"afficher_si,omitempty"`
	Role     Role       `json:"role,omitempty"`
}

// Wording is the label to show: the "facile à lire" one when asked for and set.
func (q *Question) Wording(easy bool) string {
	if easy && q.Easy != "" {
		return q.Easy
	}
	return q.Label
}

// Wording is the choice's label, "facile à lire" when asked for and set.
func (c Choice) Wording(easy bool) string {
	if easy && c.Easy != "" {
		return c.Easy
	}
	return c.Label
}

// MaxLength is the longest short-text answer accepted.
func (q *Question) MaxLength() int {
	if q.Length > 0 {
		return q.Length
	}
	return 200
}

// Choice returns the choice with the given value.
func (q *Question) Choice(value string) (Choice, bool) {
	for _, c := range q.Choices {
		if c.Value == value {
			return c, true
		}
	}
	return Choice{}, false
}

// Categories are the values a categorical question's answers fall in, in
// order, with their labels: the choices, or the points of a scale.
func (q *Question) Categories() (values, labels []string) {
	switch {
	case q.Kind.HasChoices():
		for _, c := range q.Choices {
			values = append(values, c.Value)
			labels = append(labels, c.Label)
		}
	case q.Kind == Scale:
		for v := q.Min; v <= q.Max; v++ {
			s := strconv.Itoa(v)
			l := s
			switch {
			case v == q.Min && q.MinLabel != "":
				l += " – " + q.MinLabel
			case v == q.Max && q.MaxLabel != "":
				l += " – " + q.MaxLabel
			}
			values, labels = append(values, s), append(labels, l)
		}
	}
	return values, labels
}

// Section groups questions under a title.
type Section struct {
	Key       string     `json:"cle"`
	Title     string     `json:"titre"`
	Easy      string     `json:"titre_falc,omitempty"`
	Questions []Question `json:"questions"`
}

// Definition is one version of a questionnaire: its texts and its questions.
type Definition struct {
	Intro     string    `json:"introduction"`
	IntroEasy string    `json:"introduction_falc,omitempty"`
	Consent   string    `json:"consentement"` // the wording a respondent agrees to, recorded with each answer
	Thanks    string    `json:"remerciement,omitempty"`
	Sections  []Section `json:"sections"`
}

// Limits of a definition.
const (
	MaxSections       = 30
	MaxQuestions      = 200
	MaxChoices        = 60
	MaxLabelLength    = 500
	MaxTextLength     = 4000
	MaxShortTextLimit = 1000
)

var (
	keyPattern   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	valuePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.+-]{0,39}$`)
)

// ValidKey reports whether s can name a question or section.
func ValidKey(s string) bool { return keyPattern.MatchString(s) }

// ValidValue reports whether s can be a choice's value.
func ValidValue(s string) bool { return valuePattern.MatchString(s) }

// Questions returns every question in order.
func (d *Definition) Questions() []*Question {
	var out []*Question
	for si := range d.Sections {
		for qi := range d.Sections[si].Questions {
			out = append(out, &d.Sections[si].Questions[qi])
		}
	}
	return out
}

// Question returns the question with the given key.
func (d *Definition) Question(key string) (*Question, bool) {
	for _, q := range d.Questions() {
		if q.Key == key {
			return q, true
		}
	}
	return nil, false
}

// ByRole returns the question holding a profile role.
func (d *Definition) ByRole(r Role) (*Question, bool) {
	for _, q := range d.Questions() {
		if q.Role == r {
			return q, true
		}
	}
	return nil, false
}

// SectionOf returns the section holding the question.
func (d *Definition) SectionOf(key string) (*Section, bool) {
	for si := range d.Sections {
		for _, q := range d.Sections[si].Questions {
			if q.Key == key {
				return &d.Sections[si], true
			}
		}
	}
	return nil, false
}

// Validate checks the definition; field names are the API's, with the
// position of the element: "sections.2.questions.0.libelle".
func (d *Definition) Validate() error {
	var v apperr.Validation
	text := func(field, s string, required bool, max int, what string) {
		switch {
		case required && strings.TrimSpace(s) == "":
			v.Add(field, "Saisissez "+what+".")
		case utf8.RuneCountInString(s) > max:
			v.Add(field, fmt.Sprintf("%s : %d caractères au plus.", upperFirst(what), max))
		}
	}
	text("introduction", d.Intro, false, MaxTextLength, "l'introduction")
	text("introduction_falc", d.IntroEasy, false, MaxTextLength, "l'introduction en facile à lire")
	text("consentement", d.Consent, true, MaxTextLength, "le texte de consentement")
	text("remerciement", d.Thanks, false, MaxTextLength, "le remerciement")
	if len(d.Sections) == 0 {
		v.Add("sections", "Ajoutez au moins une section.")
	}
	if len(d.Sections) > MaxSections {
		v.Add("sections", fmt.Sprintf("%d sections au plus.", MaxSections))
	}
	seen := map[string]*Question{}
	sectionKeys := map[string]bool{}
	roles := map[Role]string{}
	count := 0
	for si := range d.Sections {
		s := &d.Sections[si]
		sp := fmt.Sprintf("sections.%d.", si)
		if !ValidKey(s.Key) {
			v.Add(sp+"cle", "Clé de section : lettres minuscules, chiffres et _, commençant par une lettre (40 caractères au plus).")
		} else if sectionKeys[s.Key] {
			v.Add(sp+"cle", "Deux sections ont la clé « "+s.Key+" ».")
		}
		sectionKeys[s.Key] = true
		text(sp+"titre", s.Title, true, MaxLabelLength, "le titre de la section")
		text(sp+"titre_falc", s.Easy, false, MaxLabelLength, "le titre en facile à lire")
		for qi := range s.Questions {
			q := &s.Questions[qi]
			count++
			qp := fmt.Sprintf("%squestions.%d.", sp, qi)
			if !ValidKey(q.Key) {
				v.Add(qp+"cle", "Clé de question : lettres minuscules, chiffres et _, commençant par une lettre (40 caractères au plus).")
			} else if seen[q.Key] != nil {
				v.Add(qp+"cle", "Deux questions ont la clé « "+q.Key+" ».")
			}
			validateQuestion(&v, qp, q, seen, text)
			if q.Role != "" {
				if !slices.Contains(Roles, q.Role) {
					v.Add(qp+"role", "Rôle inconnu. Valeurs permises : age, sexe, csp, diplome, quartier, menage.")
				} else if other, dup := roles[q.Role]; dup {
					v.Add(qp+"role", "La question « "+other+" » a déjà le rôle « "+q.Role.Label()+" ».")
				}
				roles[q.Role] = q.Key
				validateRole(&v, qp, q)
			}
			seen[q.Key] = q
		}
	}
	if count == 0 && len(d.Sections) > 0 {
		v.Add("sections", "Ajoutez au moins une question.")
	}
	if count > MaxQuestions {
		v.Add("sections", fmt.Sprintf("%d questions au plus.", MaxQuestions))
	}
	return v.Err()
}

func validateQuestion(v *apperr.Validation, qp string, q *Question, earlier map[string]*Question, text func(field, s string, required bool, max int, what string)) {
	if !slices.Contains(Kinds, q.Kind) {
		v.Add(qp+"type", "Type inconnu. Valeurs permises : choix_unique, choix_multiple, echelle, nombre, texte_court, commune, quartier.")
		return
	}
	text(qp+"libelle", q.Label, true, MaxLabelLength, "le libellé de la question")
	text(qp+"libelle_falc", q.Easy, false, MaxLabelLength, "le libellé en facile à lire")
	text(qp+"aide", q.Hint, false, MaxLabelLength, "l'aide")
	if q.Kind.HasChoices() {
		switch {
		case len(q.Choices) < 2:
			v.Add(qp+"choix", "Proposez au moins deux choix.")
		case len(q.Choices) > MaxChoices:
			v.Add(qp+"choix", fmt.Sprintf("%d choix au plus.", MaxChoices))
		}
		values := map[string]bool{}
		for ci, c := range q.Choices {
			cp := fmt.Sprintf("%schoix.%d.", qp, ci)
			if !ValidValue(c.Value) {
				v.Add(cp+"valeur", "Valeur du choix : lettres, chiffres, _ . + ou - (40 caractères au plus).")
			} else if values[c.Value] {
				v.Add(cp+"valeur", "Deux choix ont la valeur « "+c.Value+" ».")
			}
			values[c.Value] = true
			text(cp+"libelle", c.Label, true, MaxLabelLength, "le libellé du choix")
			text(cp+"libelle_falc", c.Easy, false, MaxLabelLength, "le libellé du choix en facile à lire")
			if c.Exclusive && q.Kind != MultipleChoice {
				v.Add(cp+"exclusif", "Seul un choix d'une question à choix multiple peut être exclusif.")
			}
		}
	} else if len(q.Choices) > 0 {
		v.Add(qp+"choix", "Seules les questions à choix (unique, multiple, quartier) ont des choix.")
	}
	switch q.Kind {
	case Scale:
		if q.Min < 0 || q.Min > 1 || q.Max < 2 || q.Max > 10 {
			v.Add(qp+"maximum", "Une échelle va de 0 ou 1 jusqu'à 2 à 10.")
		}
		text(qp+"libelle_minimum", q.MinLabel, false, 100, "le libellé du minimum")
		text(qp+"libelle_maximum", q.MaxLabel, false, 100, "le libellé du maximum")
	case Number:
		if q.Min > q.Max || q.Min < -1_000_000 || q.Max > 1_000_000 {
			v.Add(qp+"maximum", "Le maximum doit être supérieur ou égal au minimum (entre −1 000 000 et 1 000 000).")
		}
	case ShortText:
		if q.Length < 0 || q.Length > MaxShortTextLimit {
			v.Add(qp+"longueur_max", fmt.Sprintf("La longueur maximale va de 1 à %d caractères.", MaxShortTextLimit))
		}
	}
	if q.ShowIf != nil {
		dep, ok := earlier[q.ShowIf.Question]
		switch {
		case !ok:
			v.Add(qp+"afficher_si", "La condition doit porter sur une question placée avant celle-ci.")
		case !dep.Kind.HasChoices() && dep.Kind != Scale:
			v.Add(qp+"afficher_si", "La condition doit porter sur une question à choix ou une échelle.")
		case len(q.ShowIf.Values) == 0:
			v.Add(qp+"afficher_si", "Indiquez au moins une réponse qui affiche la question.")
		default:
			values, _ := dep.Categories()
			for _, val := range q.ShowIf.Values {
				if !slices.Contains(values, val) {
					v.Add(qp+"afficher_si", "La question « "+dep.Key+" » n'a pas de choix « "+val+" ».")
				}
			}
		}
	}
}

func validateRole(v *apperr.Validation, qp string, q *Question) {
	switch q.Role {
	case RoleDistrict:
		if q.Kind != District && q.Kind != SingleChoice {
			v.Add(qp+"role", "Le quartier est une question de type quartier ou à choix unique.")
		}
	default:
		if q.Kind != SingleChoice {
			v.Add(qp+"role", "Une question de profil ("+q.Role.Label()+") est à choix unique.")
		}
	}
	if q.Role == RoleAge {
		prev := -1
		for ci, c := range q.Choices {
			cp := fmt.Sprintf("%schoix.%d.", qp, ci)
			switch {
			case c.AgeMin < 0 || c.AgeMin > 120 || (c.AgeMax != 0 && (c.AgeMax < c.AgeMin || c.AgeMax > 120)):
				v.Add(cp+"age_min", "Une tranche d'âge va d'un âge minimum à un âge maximum (0 : sans limite), entre 0 et 120 ans.")
			case prev >= 0 && c.AgeMin != prev+1:
				v.Add(cp+"age_min", "Les tranches d'âge se suivent sans trou ni chevauchement, de la plus jeune à la plus âgée.")
			case prev == -2:
				v.Add(cp+"age_min", "Seule la dernière tranche d'âge peut être sans limite supérieure.")
			}
			prev = c.AgeMax
			if c.AgeMax == 0 {
				prev = -2
			}
		}
	}
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// AgeBands returns the age question's bands, and whether there is one.
func (d *Definition) AgeBands() ([]Choice, bool) {
	q, ok := d.ByRole(RoleAge)
	if !ok {
		return nil, false
	}
	return q.Choices, true
}

// AgeLabel writes an age range: « 75 ans et plus », « 60–74 ans ».
func AgeLabel(min, max int) string {
	switch {
	case max == 0:
		return strconv.Itoa(min) + " ans et plus"
	case min == 0:
		return "moins de " + strconv.Itoa(max+1) + " ans"
	}
	return strconv.Itoa(min) + "–" + strconv.Itoa(max) + " ans"
}
