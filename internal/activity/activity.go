// Package activity holds the activity reports (CRA) of conseillers
// numériques: one individual accompaniment or one workshop session, with the
// fields and values of La Coop de la médiation numérique (REFERENCE §1), and
// their exports, one row per accompaniment.
package activity

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// DateLayout is how the day of an activity is written.
const DateLayout = "2006-01-02"

// Activity is one accompaniment session or one workshop session.
type Activity struct {
	ID            int64
	StructureID   int64
	StructureName string
	AuthorID      int64
	AuthorName    string
	Type          string // TypeIndividual or TypeWorkshop
	Date          string // YYYY-MM-DD
	Duration      int    // duree, minutes
	Canal         string
	PlaceID       int64
	PlaceName     string
	CommuneCode   string // where it happened, for canal "autre" or "domicile"
	Equipment     []string
	Themes        []string
	Procedures    []string
	Details       string // précisions, only with the démarches theme
	// Individual only.
	Autonomy        string
	Oriented        bool
	OrientationKind string
	PersonID        int64 // followed person, or 0 with anonymous attributes
	PersonName      string
	FirstTime       bool // the person's first accompaniment
	AnonGender      string
	AnonAgeBand     string
	AnonStatus      string
	AnonCommune     string
	// Workshop only.
	Title          string
	Level          string
	Participants   []Participant // followed persons
	AnonTotal      int           // anonymous participants
	AnonReturning  int           // of whom already accompanied
	AnonCounts     map[string]int
	Notes          string // visible only to the author
	CreatedAt      time.Time
	UpdatedAt      time.Time
	NotesRedacted  bool // notes exist but the reader is not the author
	participantIDs []int64
}

// Participant is a followed person in a workshop.
type Participant struct {
	PersonID  int64
	Name      string
	FirstTime bool
}

// AnonKey builds a key of AnonCounts: "genre:feminin", "age:vingt_cinq_trente_neuf", "statut:retraite".
func AnonKey(dimension, value string) string { return dimension + ":" + value }

// Count is how many accompaniments the activity counts for the statistics:
// a workshop with 8 participants counts 8.
func (a Activity) Count() int {
	if a.Type == TypeIndividual {
		return 1
	}
	return len(a.Participants) + a.AnonTotal
}

// SetParticipantIDs records the followed persons of a workshop before saving.
func (a *Activity) SetParticipantIDs(ids []int64) { a.participantIDs = ids }

// ParticipantIDs are the followed persons named in the form.
func (a Activity) ParticipantIDs() []int64 {
	if a.participantIDs != nil {
		return a.participantIDs
	}
	out := make([]int64, len(a.Participants))
	for i, p := range a.Participants {
		out[i] = p.PersonID
	}
	return out
}

// Normalize trims and applies the rules that are not choices.
func (a *Activity) Normalize() {
	a.Details = strings.TrimSpace(a.Details)
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	a.Notes = strings.TrimSpace(a.Notes)
	a.CommuneCode = strings.ToUpper(strings.TrimSpace(a.CommuneCode))
	a.AnonCommune = strings.ToUpper(strings.TrimSpace(a.AnonCommune))
	if a.Type == TypeIndividual {
		a.Title, a.Level, a.AnonTotal, a.AnonReturning, a.AnonCounts, a.participantIDs = "", "", 0, 0, nil, nil
		if !a.Oriented {
			a.OrientationKind = ""
		}
		if a.PersonID != 0 {
			a.AnonGender, a.AnonAgeBand, a.AnonStatus, a.AnonCommune = "", "", "", ""
		} else {
			if a.AnonGender == "" {
				a.AnonGender = "non_communique"
			}
			if a.AnonAgeBand == "" {
				a.AnonAgeBand = person.AgeBandUnknown
			}
			if a.AnonStatus == "" {
				a.AnonStatus = "non_communique"
			}
		}
	} else if a.Type == TypeWorkshop {
		a.Autonomy, a.Oriented, a.OrientationKind, a.PersonID = "", false, "", 0
		a.AnonGender, a.AnonAgeBand, a.AnonStatus, a.AnonCommune = "", "", "", ""
	}
}

// Validate returns every field error, named as the API names its fields.
func (a *Activity) Validate(now time.Time) error {
	var v apperr.Validation
	if !person.Allowed(Types, a.Type) {
		v.Add("type", "Choisissez : accompagnement individuel ou atelier collectif.")
	}
	checkDate(&v, a.Date, now)
	if a.Duration <= 0 || a.Duration > 600 {
		v.Add("duree", "Saisissez la durée en minutes, entre 1 et 600.")
	}
	if !person.Allowed(Canals, a.Canal) {
		v.Add("canal", "Choisissez où l'accompagnement a eu lieu.")
	}
	if (a.Canal == "autre" || a.Canal == "domicile") && a.CommuneCode != "" && !commune.ValidCode(a.CommuneCode) {
		v.Add("commune_insee", "Commune inconnue : saisissez son nom ou son code INSEE.")
	}
	if a.Canal == "autre" && a.CommuneCode == "" {
		v.Add("commune_insee", "Saisissez la commune où l'accompagnement a eu lieu.")
	}
	for _, m := range a.Equipment {
		if !person.Allowed(Equipment, m) {
			v.Add("materiel", "Matériel inconnu : "+m+".")
		}
	}
	if contains(a.Equipment, "aucun") && len(a.Equipment) > 1 {
		v.Add("materiel", "« Aucun » ne va pas avec un autre matériel.")
	}
	if len(a.Themes) == 0 {
		v.Add("thematiques", "Choisissez au moins une thématique.")
	}
	for _, t := range a.Themes {
		if !person.Allowed(Themes, t) {
			v.Add("thematiques", "Thématique inconnue : "+t+".")
		}
	}
	for _, p := range a.Procedures {
		if !person.Allowed(Procedures, p) {
			v.Add("demarches", "Démarche inconnue : "+p+".")
		}
	}
	// Démarches and their précisions belong to the démarches theme: refused
	// without it, never dropped.
	if !contains(a.Themes, ThemeProcedures) {
		if len(a.Procedures) > 0 {
			v.Add("demarches", "Les démarches vont avec la thématique « Aide aux démarches administratives » : cochez-la, ou retirez les démarches.")
		}
		if a.Details != "" {
			v.Add("precisions", "Les précisions portent sur une démarche : cochez la thématique « Aide aux démarches administratives », ou retirez les précisions.")
		}
	}
	if utf8.RuneCountInString(a.Details) > 500 {
		v.Add("precisions", "Les précisions ne doivent pas dépasser 500 caractères.")
	}
	if utf8.RuneCountInString(a.Notes) > 5000 {
		v.Add("notes", "Les notes ne doivent pas dépasser 5 000 caractères.")
	}
	switch a.Type {
	case TypeIndividual:
		if a.Autonomy != "" && !person.Allowed(Autonomy, a.Autonomy) {
			v.Add("autonomie", "Niveau d'autonomie inconnu.")
		}
		if a.Autonomy == "" {
			v.Add("autonomie", "Choisissez le niveau d'autonomie atteint.")
		}
		if a.Oriented && !person.Allowed(OrientationKinds, a.OrientationKind) {
			v.Add("orientation_vers", "Choisissez vers quel type de structure la personne est orientée.")
		}
		if a.PersonID == 0 {
			if !person.Allowed(person.Genders, a.AnonGender) {
				v.Add("genre", "Choisissez le genre, ou « Non communiqué ».")
			}
			if !person.Allowed(person.AgeBands, a.AnonAgeBand) {
				v.Add("tranche_age", "Choisissez la tranche d'âge, ou « Non communiqué ».")
			}
			if !person.Allowed(person.SocialStatuses, a.AnonStatus) {
				v.Add("statut", "Choisissez la situation, ou « Non communiqué ».")
			}
			if a.AnonCommune != "" && !commune.ValidCode(a.AnonCommune) {
				v.Add("commune_residence_insee", "Commune inconnue : saisissez son nom ou son code INSEE.")
			}
		}
	case TypeWorkshop:
		if a.Title == "" {
			v.Add("titre", "Saisissez le titre de l'atelier, par exemple « Premiers pas sur la tablette ».")
		} else if utf8.RuneCountInString(a.Title) > 150 {
			v.Add("titre", "Le titre ne doit pas dépasser 150 caractères.")
		}
		if !person.Allowed(Levels, a.Level) {
			v.Add("niveau", "Choisissez le niveau de l'atelier.")
		}
		if a.AnonTotal < 0 || a.AnonTotal > 500 {
			v.Add("anonymes_total", "Le nombre de participants anonymes doit être entre 0 et 500.")
		}
		if a.AnonReturning < 0 || a.AnonReturning > a.AnonTotal {
			v.Add("anonymes_deja_accompagnes", "Les participants déjà accompagnés ne peuvent pas dépasser le nombre de participants anonymes.")
		}
		sums := map[string]int{}
		for k, n := range a.AnonCounts {
			dim, _, _ := strings.Cut(k, ":")
			if n < 0 {
				v.Add("anonymes_repartition", "Un nombre de participants ne peut pas être négatif.")
			}
			sums[dim] += n
		}
		for dim, n := range sums {
			if n > a.AnonTotal {
				v.Add("anonymes_repartition", "La répartition ("+dim+") compte plus de personnes que le nombre de participants anonymes.")
			}
		}
		if len(a.ParticipantIDs())+a.AnonTotal == 0 {
			v.Add("participants", "Indiquez au moins un participant : une personne suivie ou un nombre de participants anonymes.")
		}
	}
	return v.Err()
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Labels returns the labels of values of a vocabulary, joined.
func Labels(list []Choice, values []string) string { return vocab.List(list).Labels(values) }

// ThemeLabels, EquipmentLabels… make templates short.
func (a Activity) ThemeLabels() string     { return Labels(Themes, a.Themes) }
func (a Activity) EquipmentLabels() string { return Labels(Equipment, a.Equipment) }
func (a Activity) ProcedureLabels() string { return Labels(Procedures, a.Procedures) }
func (a Activity) TypeLabel() string       { return person.Label(Types, a.Type) }
func (a Activity) CanalLabel() string      { return person.Label(Canals, a.Canal) }
func (a Activity) AutonomyLabel() string   { return person.Label(Autonomy, a.Autonomy) }
func (a Activity) LevelLabel() string      { return person.Label(Levels, a.Level) }
func (a Activity) OrientationKindLabel() string {
	return person.Label(OrientationKinds, a.OrientationKind)
}

// Day parses the date for display.
func (a Activity) Day() time.Time {
	d, _ := time.Parse(DateLayout, a.Date)
	return d
}

// Who describes the person or participants in one line.
func (a Activity) Who() string {
	if a.Type == TypeWorkshop {
		n := a.Count()
		return strconv.Itoa(n) + " participant" + map[bool]string{true: "s", false: ""}[n > 1]
	}
	if a.PersonID != 0 {
		return a.PersonName
	}
	return "Personne anonyme"
}

// HideIdentities keeps an activity for a reader outside its structure: no
// person's name, no notes.
func (a *Activity) HideIdentities() {
	if a.PersonID != 0 {
		a.PersonName = "Personne suivie"
	}
	for i := range a.Participants {
		a.Participants[i].Name = ""
	}
	if a.Notes != "" {
		a.Notes, a.NotesRedacted = "", true
	}
}

// RedactNotesFor keeps the notes for their author only: anyone else sees
// that notes exist, not what they say.
func (a *Activity) RedactNotesFor(userID int64) {
	if a.AuthorID != userID && a.Notes != "" {
		a.Notes, a.NotesRedacted = "", true
	}
}

// checkDate checks a session's date: read, not in the future, not older
// than two years.
func checkDate(v *apperr.Validation, date string, now time.Time) {
	d, err := time.Parse(DateLayout, date)
	switch {
	case date == "":
		v.Add("date", "Saisissez la date, par exemple "+now.Format("02/01/2006")+".")
	case err != nil:
		v.Add("date", "Date illisible : écrivez-la comme "+now.Format("02/01/2006")+".")
	case d.After(now.AddDate(0, 0, 1)):
		v.Add("date", "La date ne peut pas être dans le futur.")
	case d.Before(now.AddDate(-2, 0, 0)):
		v.Add("date", "La date a plus de deux ans : vérifiez l'année.")
	}
}
