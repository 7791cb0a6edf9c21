package partnership

import (
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Statuses of an action of the plan.
const (
	ToStart   = "a_lancer"
	Ongoing   = "en_cours"
	Done      = "realisee"
	Abandoned = "abandonnee"
)

// ActionStatuses lists them in the order of the plan's progress.
var ActionStatuses = vocab.List{
	{Value: ToStart, Label: "À lancer"},
	{Value: Ongoing, Label: "En cours"},
	{Value: Done, Label: "Réalisée"},
	{Value: Abandoned, Label: "Abandonnée"},
}

// Proposal is one proposal drawn from the diagnostic.
type Proposal struct {
	ID              int64
	TerritoryID     int64
	Body            string
	Origin          string // where it comes from, in words
	QuestionnaireID int64  // the diagnostic's questionnaire it comes from (0: none)
	Questionnaire   string // its title
	Actions         []Action
	CreatedAt       time.Time
}

// Action is what a proposal became, led by one structure of the territory.
type Action struct {
	ID          int64
	TerritoryID int64
	ProposalID  int64
	Title       string
	Description string
	LeadID      int64
	LeadName    string
	CoLeads     []Party
	Status      string
	Indicators  []Indicator
	Reviews     []Review
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// StatusLabel says the status in French.
func (a Action) StatusLabel() string { return ActionStatuses.Label(a.Status) }

// Involves reports whether a structure leads or co-leads the action.
func (a Action) Involves(structureID int64) bool {
	if a.LeadID == structureID {
		return true
	}
	for _, c := range a.CoLeads {
		if c.StructureID == structureID {
			return true
		}
	}
	return false
}

// CoLeadNames lists the co-leads' names.
func (a Action) CoLeadNames() string {
	var n []string
	for _, c := range a.CoLeads {
		n = append(n, c.Name)
	}
	return strings.Join(n, ", ")
}

// Indicator measures an action: its target and its value now.
type Indicator struct {
	ID       int64
	ActionID int64
	Name     string
	Target   int
	Current  int
}

// Progress is the value reached, in percent of the target (0 without target).
func (i Indicator) Progress() int {
	if i.Target <= 0 {
		return 0
	}
	return i.Current * 100 / i.Target
}

// Review is an interim review of an action.
type Review struct {
	ID           int64
	ActionID     int64
	On           string // YYYY-MM-DD
	Body         string
	StatusBefore string
	StatusAfter  string
	Author       string
}

// Changed reports whether the review changed the action's status.
func (r Review) Changed() bool { return r.StatusBefore != r.StatusAfter }

// Day says the review's day in French.
func (r Review) Day() string { return frenchDay(r.On) }

// BeforeLabel and AfterLabel say the statuses in French.
func (r Review) BeforeLabel() string { return ActionStatuses.Label(r.StatusBefore) }

// AfterLabel says the status the review left the action in.
func (r Review) AfterLabel() string { return ActionStatuses.Label(r.StatusAfter) }

func frenchDay(s string) string {
	t, err := time.Parse(DayLayout, s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

// NewProposal checks a proposal's text and origin.
func NewProposal(body, origin string, questionnaireID int64) (Proposal, error) {
	p := Proposal{Body: strings.TrimSpace(body), Origin: strings.TrimSpace(origin), QuestionnaireID: questionnaireID}
	var v apperr.Validation
	switch n := len([]rune(p.Body)); {
	case n == 0:
		v.Add("texte", "Écrivez la proposition, par exemple « Ouvrir une permanence numérique dans chaque commune de plus de 2 000 habitants ».")
	case n > 2000:
		v.Add("texte", "2 000 caractères au plus.")
	}
	if len([]rune(p.Origin)) > 300 {
		v.Add("origine", "300 caractères au plus.")
	}
	return p, v.Err()
}

// ActionInput is what the action form sends.
type ActionInput struct {
	Title, Description string
	LeadID             int64
	CoLeadIDs          []int64
}

// Action checks the input; the lead is never among the co-leads.
func (in ActionInput) Action() (Action, error) {
	a := Action{Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description), LeadID: in.LeadID, Status: ToStart}
	var v apperr.Validation
	switch n := len([]rune(a.Title)); {
	case n == 0:
		v.Add("intitule", "Donnez un intitulé à l'action, par exemple « Former 30 travailleurs sociaux à l'aidance numérique ».")
	case n > 300:
		v.Add("intitule", "300 caractères au plus.")
	}
	if len([]rune(a.Description)) > 4000 {
		v.Add("description", "4 000 caractères au plus.")
	}
	if a.LeadID <= 0 {
		v.Add("pilote", "Choisissez la structure qui pilote l'action.")
	}
	seen := map[int64]bool{a.LeadID: true}
	for _, id := range in.CoLeadIDs {
		if id > 0 && !seen[id] {
			seen[id] = true
			a.CoLeads = append(a.CoLeads, Party{StructureID: id})
		}
	}
	return a, v.Err()
}

// NewIndicator checks an indicator typed in a form.
func NewIndicator(name, target, current string) (Indicator, error) {
	i := Indicator{Name: strings.TrimSpace(name)}
	var v apperr.Validation
	switch n := len([]rune(i.Name)); {
	case n == 0:
		v.Add("nom", "Nommez l'indicateur, par exemple « Téléphones remis ».")
	case n > 200:
		v.Add("nom", "200 caractères au plus.")
	}
	var ok bool
	if i.Target, ok = count(target); !ok {
		v.Add("cible", "Indiquez la cible, un nombre entier, par exemple 100.")
	}
	if strings.TrimSpace(current) != "" {
		if i.Current, ok = count(current); !ok {
			v.Add("valeur", "Indiquez la valeur atteinte, un nombre entier.")
		}
	}
	return i, v.Err()
}

// ParseCurrent reads a new value of an indicator.
func ParseCurrent(s string) (int, error) {
	n, ok := count(s)
	if !ok {
		return 0, apperr.Field("valeur", "Indiquez la valeur atteinte, un nombre entier, par exemple 42.")
	}
	return n, nil
}

func count(s string) (int, bool) {
	n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	return n, err == nil && n >= 0 && n <= 1_000_000_000
}

// NewReview checks an interim review: a day not in the future, a text, and
// the status it leaves the action in.
func NewReview(day, body, status, today string) (Review, error) {
	r := Review{Body: strings.TrimSpace(body), StatusAfter: status}
	var v apperr.Validation
	var ok bool
	if r.On, ok = ParseDay(day); !ok {
		v.Add("date", "Indiquez la date du point d'étape, par exemple 15/03/2026.")
	} else if r.On > today {
		v.Add("date", "Le point d'étape a eu lieu : la date ne peut pas être dans le futur.")
	}
	switch n := len([]rune(r.Body)); {
	case n == 0:
		v.Add("texte", "Écrivez ce que dit le point d'étape.")
	case n > 4000:
		v.Add("texte", "4 000 caractères au plus.")
	}
	if !ActionStatuses.Has(status) {
		v.Add("statut", "Choisissez le statut de l'action après ce point d'étape.")
	}
	return r, v.Err()
}

// Progress sums up a plan: the actions by status, in ActionStatuses' order.
type Progress struct {
	ByStatus []StatusCount
	Total    int
}

// StatusCount is the number of actions in one status.
type StatusCount struct {
	Status, Label string
	N             int
}

// ProgressOf counts the actions by status.
func ProgressOf(actions []Action) Progress {
	p := Progress{Total: len(actions)}
	for _, s := range ActionStatuses {
		c := StatusCount{Status: s.Value, Label: s.Label}
		for _, a := range actions {
			if a.Status == s.Value {
				c.N++
			}
		}
		p.ByStatus = append(p.ByStatus, c)
	}
	return p
}
