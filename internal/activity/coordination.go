package activity

import (
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// A coordination activity is a coordinator's own work for the network
// (La Coop's "activités de coordination"): an animation, an event or a
// partnership, with La Coop's codes.
const (
	CoordAnimation   = "animation"
	CoordEvent       = "evenement"
	CoordPartnership = "partenariat"
)

// CoordTypes are the kinds of coordination activity.
var CoordTypes = []Choice{{Value: CoordAnimation, Label: "Animation"}, {Value: CoordEvent, Label: "Événement"}, {Value: CoordPartnership, Label: "Partenariat"}}

// AnimationTypes (type d'animation).
var AnimationTypes = []Choice{
	{Value: "assemblee", Label: "Assemblée"}, {Value: "comite", Label: "Comité"}, {Value: "groupe_de_travail", Label: "Groupe de travail"},
	{Value: "echange", Label: "Échange"}, {Value: "reunion_coordination", Label: "Réunion de coordination"}, {Value: "webinaire", Label: "Webinaire"},
	{Value: "autre", Label: "Autre"},
}

// Initiatives of an animation: the coordinator's own, or on request.
var Initiatives = []Choice{{Value: "initiative", Label: "À mon initiative"}, {Value: "demande", Label: "À la demande d'un acteur"}}

// AnimationThemes (thématique d'animation).
var AnimationThemes = []Choice{
	{Value: "partage", Label: "Partage de pratiques"}, {Value: "reseau", Label: "Animation de réseau"}, {Value: "soutien", Label: "Soutien aux acteurs"},
	{Value: "professionnel", Label: "Professionnalisation"}, {Value: "rh", Label: "Ressources humaines"}, {Value: "autre", Label: "Autre"},
}

// EventTypes (type d'événement).
var EventTypes = []Choice{
	{Value: "grand_public", Label: "Grand public"}, {Value: "national", Label: "National"}, {Value: "inclusion_numerique", Label: "Inclusion numérique"},
	{Value: "nec_local", Label: "NEC local"}, {Value: "autre", Label: "Autre"},
}

// Organizers of an event (organisateur).
var Organizers = []Choice{
	{Value: "ma_structure", Label: "Ma structure"}, {Value: "commune", Label: "Commune"}, {Value: "epci", Label: "EPCI"},
	{Value: "departement", Label: "Département"}, {Value: "region", Label: "Région"}, {Value: "association", Label: "Association"},
	{Value: "entreprise", Label: "Entreprise"}, {Value: "hub", Label: "Hub"}, {Value: "etat", Label: "État"},
	{Value: "groupement", Label: "Groupement"}, {Value: "autre", Label: "Autre"},
}

// Scales (échelon territorial) of an event or a partnership.
var Scales = []Choice{
	{Value: "communal", Label: "Communal"}, {Value: "intercommunal", Label: "Intercommunal"}, {Value: "departemental", Label: "Départemental"},
	{Value: "regional", Label: "Régional"}, {Value: "national", Label: "National"},
}

// PartnershipNatures (nature du partenariat).
var PartnershipNatures = []Choice{
	{Value: "parcours_usager", Label: "Parcours usager"}, {Value: "subvention", Label: "Subvention"},
	{Value: "coordination_departementale", Label: "Coordination départementale"}, {Value: "rdv_elu", Label: "Rendez-vous avec un élu"},
	{Value: "autre", Label: "Autre"},
}

// Coordination is a coordinator's own activity.
type Coordination struct {
	ID           int64
	StructureID  int64
	AuthorID     int64
	AuthorName   string
	Type         string // CoordAnimation, CoordEvent or CoordPartnership
	Date         string // YYYY-MM-DD
	Duration     int    // minutes
	Title        string // intitulé
	Participants int    // how many took part (0: not counted)
	// Animation.
	AnimationType string
	Initiative    string
	Themes        []string // AnimationThemes, at least one
	// Event.
	EventType  string
	Organizers []string
	// Event or partnership.
	Scale string
	// Partnership.
	Natures   []string
	Notes     string
	CreatedAt time.Time
}

// TypeLabel is the kind's label.
func (c Coordination) TypeLabel() string { return vocab.List(CoordTypes).Label(c.Type) }

// Detail is the kind's codes in words ("Comité · Partage de pratiques").
func (c Coordination) Detail() string {
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	switch c.Type {
	case CoordAnimation:
		add(vocab.List(AnimationTypes).Label(c.AnimationType))
		add(vocab.List(Initiatives).Label(c.Initiative))
		add(Labels(AnimationThemes, c.Themes))
	case CoordEvent:
		add(vocab.List(EventTypes).Label(c.EventType))
		add(Labels(Organizers, c.Organizers))
		add(vocab.List(Scales).Label(c.Scale))
	case CoordPartnership:
		add(Labels(PartnershipNatures, c.Natures))
		add(vocab.List(Scales).Label(c.Scale))
	}
	return strings.Join(parts, " · ")
}

// Normalize trims the texts and drops the codes of the other kinds, so that
// nothing of another kind is stored.
func (c *Coordination) Normalize() {
	c.Title = strings.Join(strings.Fields(c.Title), " ")
	c.Notes = strings.TrimSpace(c.Notes)
	if c.Type != CoordAnimation {
		c.AnimationType, c.Initiative, c.Themes = "", "", nil
	}
	if c.Type != CoordEvent {
		c.EventType, c.Organizers = "", nil
	}
	if c.Type != CoordPartnership {
		c.Natures = nil
	}
	if c.Type == CoordAnimation {
		c.Scale = ""
	}
}

// Validate checks a coordination activity; field names are the API's.
func (c Coordination) Validate(now time.Time) error {
	var v apperr.Validation
	if !vocab.List(CoordTypes).Has(c.Type) {
		v.Add("type", "Choisissez : animation, événement ou partenariat.")
	}
	checkDate(&v, c.Date, now)
	if c.Duration < 1 || c.Duration > 24*60 {
		v.Add("duree", "Saisissez la durée en minutes, entre 1 et 1 440.")
	}
	if c.Title == "" {
		v.Add("intitule", "Saisissez l'intitulé, par exemple « Comité des acteurs de mars ».")
	} else if len([]rune(c.Title)) > 150 {
		v.Add("intitule", "L'intitulé ne doit pas dépasser 150 caractères.")
	}
	if c.Participants < 0 || c.Participants > 100_000 {
		v.Add("participants", "Le nombre de participants doit être entre 0 et 100 000.")
	}
	if len([]rune(c.Notes)) > 5000 {
		v.Add("notes", "Les notes ne doivent pas dépasser 5 000 caractères.")
	}
	one := func(field string, list []Choice, value, missing string) {
		if !vocab.List(list).Has(value) {
			v.Add(field, missing)
		}
	}
	many := func(field string, list []Choice, values []string, missing string) {
		if len(values) == 0 {
			v.Add(field, missing)
		}
		for _, x := range values {
			if !vocab.List(list).Has(x) {
				v.Add(field, "Code inconnu : "+x+".")
				return
			}
		}
	}
	switch c.Type {
	case CoordAnimation:
		one("type_animation", AnimationTypes, c.AnimationType, "Choisissez le type d'animation.")
		one("initiative", Initiatives, c.Initiative, "Dites si l'animation est à votre initiative ou à la demande d'un acteur.")
		many("thematiques_animation", AnimationThemes, c.Themes, "Choisissez au moins une thématique.")
	case CoordEvent:
		one("type_evenement", EventTypes, c.EventType, "Choisissez le type d'événement.")
		many("organisateurs", Organizers, c.Organizers, "Choisissez au moins un organisateur.")
		one("echelon", Scales, c.Scale, "Choisissez l'échelon territorial.")
	case CoordPartnership:
		many("natures_partenariat", PartnershipNatures, c.Natures, "Choisissez au moins une nature de partenariat.")
		one("echelon", Scales, c.Scale, "Choisissez l'échelon territorial.")
	}
	return v.Err()
}
