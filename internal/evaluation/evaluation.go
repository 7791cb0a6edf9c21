// Package evaluation is the first evaluation at reception (primo-accueil):
// what brings the person, a deadline, their equipment and a short level
// check in easy French giving one of three profiles, then a suggested next
// step. The same evaluation repeated later measures the autonomy gained.
package evaluation

import (
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
)

// QuestionsVersion names the set of questions below; answers are kept with it.
const QuestionsVersion = "niveau-v1"

// Questions are answered yes or no with the person, in easy French.
var Questions = []string{
	"J'allume et j'utilise un téléphone ou un ordinateur sans aide.",
	"Je sais chercher une information sur internet.",
	"Je sais lire mes e-mails et en envoyer un.",
	"Je sais envoyer un e-mail avec une pièce jointe.",
	"Je sais me connecter à un site avec un identifiant et un mot de passe.",
	"Je sais créer un compte sur un site (CAF, impôts, Ameli…).",
	"Je sais remplir un formulaire en ligne et l'envoyer.",
	"Je sais reconnaître un message d'arnaque.",
}

// Profile is the level the answers give.
type Profile string

const (
	Excluded Profile = "exclu"          // no autonomy
	Beginner Profile = "debutant"       // some bases
	Assisted Profile = "autonome_appui" // autonomous with support
)

// Profiles with their labels, lowest first.
var Profiles = []person.Choice{
	{Value: string(Excluded), Label: "Exclu·e du numérique"},
	{Value: string(Beginner), Label: "Débutant·e"},
	{Value: string(Assisted), Label: "Autonome avec appui"},
}

// ProfileOf turns a number of "yes" into a profile.
func ProfileOf(score int) Profile {
	switch {
	case score <= 2:
		return Excluded
	case score <= 5:
		return Beginner
	}
	return Assisted
}

// Equipment the person has.
var Equipment = []person.Choice{
	{Value: "smartphone", Label: "Un smartphone"},
	{Value: "ordinateur", Label: "Un ordinateur"},
	{Value: "internet", Label: "Internet à la maison"},
	{Value: "email", Label: "Une adresse e-mail qu'il ou elle sait ouvrir"},
	{Value: "identifiants", Label: "Connaît ses identifiants (CAF, impôts, Ameli…)"},
}

// NextStep is what Parcours suggests after the evaluation.
type NextStep string

const (
	StepReferral   NextStep = "orientation"    // to a service of another place
	StepIndividual NextStep = "accompagnement" // an individual accompaniment (waiting list)
	StepWorkshop   NextStep = "atelier"        // a workshop of the right level
)

// NextSteps with their labels.
var NextSteps = []person.Choice{
	{Value: string(StepReferral), Label: "Orienter vers un service"},
	{Value: string(StepIndividual), Label: "Accompagnement individuel"},
	{Value: string(StepWorkshop), Label: "Atelier collectif"},
}

// Evaluation is one evaluation of one person.
type Evaluation struct {
	ID          int64
	StructureID int64
	PersonID    int64
	Themes      []string // CRA themes: what brings the person
	Procedures  []string // démarche categories, with the démarches theme
	Deadline    string   // YYYY-MM-DD, "dossier à rendre avant le …"
	Equipment   []string
	Answers     []bool // one per question
	Version     string
	Score       int
	Profile     Profile
	NextStep    NextStep
	CreatedBy   int64
	CreatorName string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Compute fills the score, the profile and the suggested next step.
func (e *Evaluation) Compute(now time.Time) {
	e.Version = QuestionsVersion
	e.Score = 0
	for _, a := range e.Answers {
		if a {
			e.Score++
		}
	}
	e.Profile = ProfileOf(e.Score)
	e.NextStep = Suggest(e, now)
}

// Suggest picks the next step: a procedure with a deadline or for someone
// who cannot learn it in time goes to a service that does it; someone who
// wants to learn and lacks the bases gets an individual accompaniment; the
// others a workshop of their level.
func Suggest(e *Evaluation, now time.Time) NextStep {
	procedure := has(e.Themes, activity.ThemeProcedures)
	urgent := false
	if d, err := time.Parse(activity.DateLayout, e.Deadline); err == nil && d.Sub(now) < 30*24*time.Hour {
		urgent = true
	}
	learning := false
	for _, t := range e.Themes {
		if t != activity.ThemeProcedures {
			learning = true
		}
	}
	switch {
	case procedure && (urgent || e.Profile == Excluded || !learning):
		return StepReferral
	case e.Profile == Assisted:
		return StepWorkshop
	}
	return StepIndividual
}

// Service is the place service (schema v1.0.2) that answers the evaluation's need.
func (e Evaluation) Service() string { return ServiceFor(e.Themes) }

// ServiceFor maps the CRA themes of a need to a place service.
func ServiceFor(themes []string) string {
	for _, t := range themes {
		if t == activity.ThemeProcedures {
			return "Aide aux démarches administratives"
		}
	}
	for _, t := range themes {
		switch t {
		case "insertion_professionnelle":
			return "Insertion professionnelle via le numérique"
		case "securite_numerique":
			return "Utilisation sécurisée du numérique"
		case "parentalite", "scolarite_et_numerique":
			return "Parentalité et éducation avec le numérique"
		case "creer_avec_le_numerique":
			return "Loisirs et créations numériques"
		case "culture_numerique", "intelligence_artificielle", "reseaux_sociaux":
			return "Compréhension du monde numérique"
		}
	}
	return "Maîtrise des outils numériques du quotidien"
}

// Normalize drops what does not apply.
func (e *Evaluation) Normalize() {
	if !has(e.Themes, activity.ThemeProcedures) {
		e.Procedures = nil
	}
	e.Deadline = strings.TrimSpace(e.Deadline)
}

// Validate returns every field error, named as the API names its fields. A
// deadline already passed is not one of them: see DeadlinePassed.
func (e *Evaluation) Validate(now time.Time) error {
	var v apperr.Validation
	if len(e.Themes) == 0 {
		v.Add("thematiques", "Choisissez au moins un besoin : ce qui amène la personne.")
	}
	for _, t := range e.Themes {
		if !person.Allowed(activity.Themes, t) {
			v.Add("thematiques", "Besoin inconnu : "+t+".")
		}
	}
	for _, p := range e.Procedures {
		if !person.Allowed(activity.Procedures, p) {
			v.Add("demarches", "Démarche inconnue : "+p+".")
		}
	}
	if e.Deadline != "" {
		if _, err := time.Parse(activity.DateLayout, e.Deadline); err != nil {
			v.Add("echeance", "Date illisible : écrivez-la comme "+now.AddDate(0, 0, 14).Format("02/01/2006")+".")
		}
	}
	for _, q := range e.Equipment {
		if !person.Allowed(Equipment, q) {
			v.Add("equipement", "Équipement inconnu : "+q+".")
		}
	}
	if len(e.Answers) != len(Questions) {
		v.Add("reponses", "Répondez aux "+strconv.Itoa(len(Questions))+" questions, par oui ou par non.")
	}
	return v.Err()
}

func has(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ProfileLabel, NextStepLabel… for templates.
func (e Evaluation) ProfileLabel() string  { return person.Label(Profiles, string(e.Profile)) }
func (e Evaluation) NextStepLabel() string { return person.Label(NextSteps, string(e.NextStep)) }
func (e Evaluation) ThemeLabels() string   { return activity.Labels(activity.Themes, e.Themes) }
func (e Evaluation) ProcedureLabels() string {
	return activity.Labels(activity.Procedures, e.Procedures)
}
func (e Evaluation) EquipmentLabels() string { return activity.Labels(Equipment, e.Equipment) }

// AnswersString stores the answers as "1"/"0", one per question.
func (e Evaluation) AnswersString() string {
	b := make([]byte, len(e.Answers))
	for i, a := range e.Answers {
		b[i] = '0'
		if a {
			b[i] = '1'
		}
	}
	return string(b)
}

// ParseAnswers reads AnswersString back.
func ParseAnswers(s string) []bool {
	out := make([]bool, len(s))
	for i := range s {
		out[i] = s[i] == '1'
	}
	return out
}

// DeadlineDate parses the deadline for display.
func (e Evaluation) DeadlineDate() time.Time {
	d, _ := time.Parse(activity.DateLayout, e.Deadline)
	return d
}

// WorkshopLevel is the workshop level (activity.Levels) that suits a profile:
// beginners' workshops until the person is autonomous with support.
func WorkshopLevel(p Profile) string {
	if p == Assisted {
		return "intermediaire"
	}
	return "debutant"
}

// PastDeadlineMessage says that a deadline has passed.
const PastDeadlineMessage = "La date limite est déjà passée : vérifiez-la."

// DeadlinePassed reports whether the deadline is a day before today (in
// Paris): a new evaluation refuses it, the correction of an existing one
// only warns.
func (e Evaluation) DeadlinePassed(now time.Time) bool {
	return e.Deadline != "" && e.Deadline < now.In(frtime.Paris).Format(activity.DateLayout) && !e.DeadlineDate().IsZero()
}

// FollowStatusAfter is the follow-up status an evaluation leads to: a person
// it sends to an individual accompaniment waits for one, unless their
// accompaniment has already started (en cours, with an activity recorded).
// Any other step leaves the status as it was.
func FollowStatusAfter(current person.FollowStatus, step NextStep, accompanied bool) person.FollowStatus {
	if step != StepIndividual || (current == person.InProgress && accompanied) {
		return current
	}
	return person.Waiting
}
