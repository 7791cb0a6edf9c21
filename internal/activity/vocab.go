package activity

import "github.com/parcours-numerique/parcours/internal/person"

// Choice is one value of a CRA vocabulary and its label.
type Choice = person.Choice

// Types of activity.
var Types = []Choice{{Value: TypeIndividual, Label: "Accompagnement individuel"}, {Value: TypeWorkshop, Label: "Atelier collectif"}}

const (
	TypeIndividual = "individuel"
	TypeWorkshop   = "collectif"
)

// Durations are the quick picks, in minutes.
var Durations = []int{15, 30, 45, 60, 90, 120}

// Canals (place type) of an activity.
var Canals = []Choice{
	{Value: "lieu_activite", Label: "Dans un lieu de la structure"}, {Value: "domicile", Label: "À domicile"},
	{Value: "a_distance", Label: "À distance"}, {Value: "autre", Label: "Autre lieu"},
}

// Equipment used (materiel).
var Equipment = []Choice{
	{Value: "ordinateur", Label: "Ordinateur"}, {Value: "telephone", Label: "Téléphone"}, {Value: "tablette", Label: "Tablette"},
	{Value: "autre", Label: "Autre"}, {Value: "aucun", Label: "Aucun"},
}

// ThemeProcedures is the theme that opens the démarche sub-themes.
const ThemeProcedures = "aide_aux_demarches_administratives"

// Themes (thematiques), at least one per activity. Every code of this file
// is La Coop de la médiation numérique's, spelt as it stores it.
var Themes = []Choice{
	{Value: "diagnostic_numerique", Label: "Diagnostic numérique"},
	{Value: "prendre_en_main_du_materiel", Label: "Prendre en main du matériel"},
	{Value: "maintenance_de_materiel", Label: "Maintenance de matériel"},
	{Value: "gere_ses_contenus_numeriques", Label: "Gérer ses contenus numériques"},
	{Value: "navigation_sur_internet", Label: "Navigation sur internet"},
	{Value: "email", Label: "E-mail"},
	{Value: "bureautique", Label: "Bureautique"},
	{Value: "reseaux_sociaux", Label: "Réseaux sociaux"},
	{Value: "sante", Label: "Santé (Ameli, Mon Espace Santé, Doctolib)"},
	{Value: "banque_et_achats_en_ligne", Label: "Banque et achats en ligne"},
	{Value: "entrepreneuriat", Label: "Entrepreneuriat, accompagner un professionnel"},
	{Value: "insertion_professionnelle", Label: "Insertion professionnelle"},
	{Value: "securite_numerique", Label: "Prévention en sécurité numérique"},
	{Value: "parentalite", Label: "Parentalité"},
	{Value: "scolarite_et_numerique", Label: "Scolarité et numérique"},
	{Value: "creer_avec_le_numerique", Label: "Créer avec le numérique"},
	{Value: "culture_numerique", Label: "Culture numérique"},
	{Value: "intelligence_artificielle", Label: "Intelligence artificielle"},
	{Value: ThemeProcedures, Label: "Aide aux démarches administratives"},
}

// Procedures are the démarche sub-themes (same families as Aidants Connect).
var Procedures = []Choice{
	{Value: "papiers_elections_citoyennete", Label: "Papiers, élections, citoyenneté"},
	{Value: "famille_scolarite", Label: "Famille, scolarité"},
	{Value: "social_sante", Label: "Social, santé"},
	{Value: "travail_formation", Label: "Travail, formation, entreprise"},
	{Value: "logement", Label: "Logement"},
	{Value: "transports_mobilite", Label: "Transports, mobilité"},
	{Value: "argent_impots", Label: "Argent, impôts"},
	{Value: "justice", Label: "Justice"},
	{Value: "etrangers_europe", Label: "Étrangers, Europe"},
	{Value: "loisirs_sports_culture", Label: "Loisirs, sports, culture"},
	{Value: "associations", Label: "Associations"},
}

// Autonomy levels reached (individual only).
var Autonomy = []Choice{
	{Value: "entierement_accompagne", Label: "Entièrement accompagné·e"},
	{Value: "partiellement_autonome", Label: "Partiellement autonome (aide si besoin)"},
	{Value: "autonome", Label: "Autonome"},
}

// OrientationKinds: where an individual accompaniment oriented the person.
var OrientationKinds = []Choice{
	{Value: "administration", Label: "Administration"},
	{Value: "mediation_numerique", Label: "Médiation numérique"},
	{Value: "operateur_ou_organisme_en_charge", Label: "Opérateur ou organisme en charge de la démarche"},
	{Value: "aide_sociale", Label: "Aide sociale"},
	{Value: "insertion_professionnelle", Label: "Insertion professionnelle"},
	{Value: "aide_aux_demarches_administratives", Label: "Aide aux démarches administratives (France Services…)"},
	{Value: "autre", Label: "Autre"},
}

// Levels of a workshop.
var Levels = []Choice{{Value: "debutant", Label: "Débutant"}, {Value: "intermediaire", Label: "Intermédiaire"}, {Value: "avance", Label: "Avancé"}}

// DurationBucket groups durations as the national statistics do.
func DurationBucket(minutes int) string {
	switch {
	case minutes < 30:
		return "<30 min"
	case minutes < 60:
		return "30–60 min"
	case minutes < 120:
		return "60–120 min"
	}
	return "≥120 min"
}

// Breakdowns are the dashboard's breakdowns of sessions whose rows the
// activity list can show (the sessions counted in one bar), with their names
// in words.
var Breakdowns = map[string]string{
	"type": "type", "canal": "canal", "duree": "durée", "thematique": "thématique", "demarche": "démarche",
	"materiel": "matériel", "lieu": "lieu", "commune": "commune", "structure": "structure",
	"autonomie": "autonomie atteinte", "orientation": "orientation", "autonomie_seances": "rang de la séance et autonomie atteinte",
	"genre": "genre", "age": "tranche d'âge", "statut": "situation", "personnes": "personnes accompagnées",
}

// PersonBreakdowns are the breakdowns of Breakdowns that count
// accompaniments (one per person accompanied in a session, a workshop's
// participants each) rather than sessions.
var PersonBreakdowns = map[string]bool{"genre": true, "age": true, "statut": true, "personnes": true}
