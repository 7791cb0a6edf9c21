package place

import "github.com/parcours-numerique/parcours/internal/vocab"

// Enumerations of the schéma des lieux de médiation numérique v1.0.2, spelt
// exactly as the schema's patterns spell them.

// Services of a place, with the plain words a resident recognises.
var Services = []Choice{
	{Value: "Aide aux démarches administratives", Label: "Faire une démarche en ligne : CAF, Assurance maladie, France Travail, impôts, carte grise…"},
	{Value: "Maîtrise des outils numériques du quotidien", Label: "Apprendre à utiliser un téléphone, une tablette, un ordinateur, ses e-mails"},
	{Value: "Insertion professionnelle via le numérique", Label: "Chercher un emploi ou une formation en ligne, faire un CV"},
	{Value: "Utilisation sécurisée du numérique", Label: "Se protéger des arnaques, gérer ses mots de passe"},
	{Value: "Parentalité et éducation avec le numérique", Label: "Suivre la scolarité des enfants en ligne, accompagner leurs écrans"},
	{Value: "Loisirs et créations numériques", Label: "Photo, vidéo, jeux, créer avec le numérique"},
	{Value: "Compréhension du monde numérique", Label: "Comprendre internet, les réseaux sociaux, l'intelligence artificielle"},
	{Value: "Accès internet et matériel informatique", Label: "Utiliser un ordinateur, une imprimante ou le wifi sur place"},
	{Value: "Acquisition de matériel informatique à prix solidaire", Label: "Acheter un ordinateur ou un téléphone à petit prix"},
}

// Publics the place especially welcomes (publics_specifiquement_adresses).
var Publics = []Choice{
	{Value: "Jeunes", Label: "Jeunes"}, {Value: "Étudiants", Label: "Étudiants"}, {Value: "Familles et/ou enfants", Label: "Familles et enfants"},
	{Value: "Seniors", Label: "Personnes âgées"}, {Value: "Femmes", Label: "Femmes"},
}

// SpecificSupport lists prise_en_charge_specifique values.
var SpecificSupport = []Choice{
	{Value: "Surdité", Label: "Personnes sourdes ou malentendantes"},
	{Value: "Handicaps moteurs", Label: "Handicap moteur"},
	{Value: "Handicaps mentaux", Label: "Handicap mental"},
	{Value: "Illettrisme", Label: "Difficultés à lire et à écrire"},
	{Value: "Langues étrangères (anglais)", Label: "Accueil en anglais"},
	{Value: "Langues étrangères (autres)", Label: "Accueil dans d'autres langues"},
	{Value: "Déficience visuelle", Label: "Personnes aveugles ou malvoyantes"},
}

// Fees lists frais_a_charge values.
var Fees = []Choice{
	{Value: "Gratuit", Label: "Gratuit"}, {Value: "Gratuit sous condition", Label: "Gratuit sous conditions"}, {Value: "Payant", Label: "Payant"},
}

// NationalPrograms lists dispositif_programmes_nationaux values.
var NationalPrograms = []Choice{
	{Value: "Aidants Connect", Label: "Aidants Connect"},
	{Value: "Bibliothèques numérique de référence", Label: "Bibliothèques numérique de référence"},
	{Value: "Certification PIX", Label: "Certification Pix"},
	{Value: "Conseillers numériques", Label: "Conseillers numériques"},
	{Value: "Emmaüs Connect", Label: "Emmaüs Connect"},
	{Value: "France Services", Label: "France Services"},
	{Value: "Grande école du numérique", Label: "Grande école du numérique"},
	{Value: "La Croix Rouge", Label: "La Croix-Rouge"},
	{Value: "Point d'accès numérique CAF", Label: "Point d'accès numérique CAF"},
	{Value: "Promeneurs du net", Label: "Promeneurs du net"},
	{Value: "Relais numérique (Emmaüs Connect)", Label: "Relais numérique (Emmaüs Connect)"},
}

// EtapesNumeriques is written with its space on export; the schema's
// pattern lacks the space, and import accepts both (data README, pitfall 3).
const EtapesNumeriques = "Étapes numériques (La Poste)"

// EtapesNumeriquesUnspaced is the spelling of the schema's pattern.
const EtapesNumeriquesUnspaced = "Étapes numériques(La Poste)"

// TrainingLabels lists formations_labels values.
var TrainingLabels = []Choice{
	{Value: "Formé à « Mon Espace Santé »", Label: "Formé à « Mon Espace Santé »"},
	{Value: "Formé à « DUPLEX » (illettrisme)", Label: "Formé à « DUPLEX » (illettrisme)"},
	{Value: "Arnia/MedNum BFC (Bourgogne-Franche-Comté)", Label: "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"},
	{Value: "Collectif ressources et acteurs réemploi (Normandie)", Label: "Collectif ressources et acteurs réemploi (Normandie)"},
	{Value: EtapesNumeriques, Label: EtapesNumeriques},
	{Value: "Fabriques de Territoire", Label: "Fabriques de Territoire"},
	{Value: "Les Éclaireurs du numérique (Drôme)", Label: "Les Éclaireurs du numérique (Drôme)"},
	{Value: "Mes Papiers (Métropole de Lyon)", Label: "Mes Papiers (Métropole de Lyon)"},
	{Value: "ORDI 3.0", Label: "ORDI 3.0"},
	{Value: "SUD LABS (PACA)", Label: "SUD LABS (PACA)"},
}

// AccessModes lists modalites_acces values.
var AccessModes = []Choice{
	{Value: "Se présenter", Label: "Venir sur place"},
	{Value: "Téléphoner", Label: "Téléphoner"},
	{Value: "Contacter par mail", Label: "Écrire un e-mail"},
	{Value: "Prendre un RDV en ligne", Label: "Prendre rendez-vous en ligne"},
	{Value: "Ce lieu n'accueille pas de public", Label: "Ce lieu n'accueille pas de public"},
	{Value: "Envoyer un mail avec une fiche de prescription", Label: "Un professionnel envoie une fiche de prescription"},
}

// SupportModes lists modalites_accompagnement values.
var SupportModes = []Choice{
	{Value: "En autonomie", Label: "Seul, avec du matériel sur place"},
	{Value: "Accompagnement individuel", Label: "Avec une personne, seul à seul"},
	{Value: "Dans un atelier collectif", Label: "En atelier, en groupe"},
	{Value: "À distance", Label: "À distance (téléphone, visio)"},
}

// Itinerance lists itinerance values.
var Itinerance = []Choice{{Value: "Itinérant", Label: "Itinérant"}, {Value: "Fixe", Label: "Fixe"}}

// Choice is one value of an enumeration and its plain-language label.
type Choice = vocab.Choice

// Field names of the schema, in the schema's column order.
var SchemaFields = []string{
	"id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
	"latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
	"presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente",
	"date_maj", "services", "publics_specifiquement_adresses", "prise_en_charge_specifique",
	"frais_a_charge", "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels",
	"modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
}

// enumerations maps each enumerated field to its allowed values.
var enumerations = map[string][]Choice{
	"itinerance":                      Itinerance,
	"services":                        Services,
	"publics_specifiquement_adresses": Publics,
	"prise_en_charge_specifique":      SpecificSupport,
	"frais_a_charge":                  Fees,
	"dispositif_programmes_nationaux": NationalPrograms,
	"formations_labels":               TrainingLabels,
	"modalites_acces":                 AccessModes,
	"modalites_accompagnement":        SupportModes,
}

// Allowed reports whether v is an allowed value of an enumerated field.
func Allowed(field, v string) bool {
	for _, c := range enumerations[field] {
		if c.Value == v {
			return true
		}
	}
	return false
}

// LabelOf returns the plain-language label of an enumerated value.
func LabelOf(field, v string) string {
	for _, c := range enumerations[field] {
		if c.Value == v {
			return c.Label
		}
	}
	return v
}
