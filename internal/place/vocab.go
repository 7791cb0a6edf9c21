package place

// Enumerations of the schéma des lieux de médiation numérique v1.0.2, spelt
// exactly as the schema's patterns spell them.

// Services of a place, with the plain words a resident recognises.
var Services = []Choice{
	{"Aide aux démarches administratives", "Faire une démarche en ligne : CAF, Assurance maladie, France Travail, impôts, carte grise…"},
	{"Maîtrise des outils numériques du quotidien", "Apprendre à utiliser un téléphone, une tablette, un ordinateur, ses e-mails"},
	{"Insertion professionnelle via le numérique", "Chercher un emploi ou une formation en ligne, faire un CV"},
	{"Utilisation sécurisée du numérique", "Se protéger des arnaques, gérer ses mots de passe"},
	{"Parentalité et éducation avec le numérique", "Suivre la scolarité des enfants en ligne, accompagner leurs écrans"},
	{"Loisirs et créations numériques", "Photo, vidéo, jeux, créer avec le numérique"},
	{"Compréhension du monde numérique", "Comprendre internet, les réseaux sociaux, l'intelligence artificielle"},
	{"Accès internet et matériel informatique", "Utiliser un ordinateur, une imprimante ou le wifi sur place"},
	{"Acquisition de matériel informatique à prix solidaire", "Acheter un ordinateur ou un téléphone à petit prix"},
}

// Publics the place especially welcomes (publics_specifiquement_adresses).
var Publics = []Choice{
	{"Jeunes", "Jeunes"}, {"Étudiants", "Étudiants"}, {"Familles et/ou enfants", "Familles et enfants"},
	{"Seniors", "Personnes âgées"}, {"Femmes", "Femmes"},
}

// SpecificSupport lists prise_en_charge_specifique values.
var SpecificSupport = []Choice{
	{"Surdité", "Personnes sourdes ou malentendantes"},
	{"Handicaps moteurs", "Handicap moteur"},
	{"Handicaps mentaux", "Handicap mental"},
	{"Illettrisme", "Difficultés à lire et à écrire"},
	{"Langues étrangères (anglais)", "Accueil en anglais"},
	{"Langues étrangères (autres)", "Accueil dans d'autres langues"},
	{"Déficience visuelle", "Personnes aveugles ou malvoyantes"},
}

// Fees lists frais_a_charge values.
var Fees = []Choice{
	{"Gratuit", "Gratuit"}, {"Gratuit sous condition", "Gratuit sous conditions"}, {"Payant", "Payant"},
}

// NationalPrograms lists dispositif_programmes_nationaux values.
var NationalPrograms = []Choice{
	{"Aidants Connect", "Aidants Connect"},
	{"Bibliothèques numérique de référence", "Bibliothèques numérique de référence"},
	{"Certification PIX", "Certification Pix"},
	{"Conseillers numériques", "Conseillers numériques"},
	{"Emmaüs Connect", "Emmaüs Connect"},
	{"France Services", "France Services"},
	{"Grande école du numérique", "Grande école du numérique"},
	{"La Croix Rouge", "La Croix-Rouge"},
	{"Point d'accès numérique CAF", "Point d'accès numérique CAF"},
	{"Promeneurs du net", "Promeneurs du net"},
	{"Relais numérique (Emmaüs Connect)", "Relais numérique (Emmaüs Connect)"},
}

// EtapesNumeriques is written with its space on export; the schema's
// pattern lacks the space, and import accepts both (data README, pitfall 3).
const EtapesNumeriques = "Étapes numériques (La Poste)"

// EtapesNumeriquesUnspaced is the spelling of the schema's pattern.
const EtapesNumeriquesUnspaced = "Étapes numériques(La Poste)"

// TrainingLabels lists formations_labels values.
var TrainingLabels = []Choice{
	{"Formé à « Mon Espace Santé »", "Formé à « Mon Espace Santé »"},
	{"Formé à « DUPLEX » (illettrisme)", "Formé à « DUPLEX » (illettrisme)"},
	{"Arnia/MedNum BFC (Bourgogne-Franche-Comté)", "Arnia/MedNum BFC (Bourgogne-Franche-Comté)"},
	{"Collectif ressources et acteurs réemploi (Normandie)", "Collectif ressources et acteurs réemploi (Normandie)"},
	{EtapesNumeriques, EtapesNumeriques},
	{"Fabriques de Territoire", "Fabriques de Territoire"},
	{"Les Éclaireurs du numérique (Drôme)", "Les Éclaireurs du numérique (Drôme)"},
	{"Mes Papiers (Métropole de Lyon)", "Mes Papiers (Métropole de Lyon)"},
	{"ORDI 3.0", "ORDI 3.0"},
	{"SUD LABS (PACA)", "SUD LABS (PACA)"},
}

// AccessModes lists modalites_acces values.
var AccessModes = []Choice{
	{"Se présenter", "Venir sur place"},
	{"Téléphoner", "Téléphoner"},
	{"Contacter par mail", "Écrire un e-mail"},
	{"Prendre un RDV en ligne", "Prendre rendez-vous en ligne"},
	{"Ce lieu n'accueille pas de public", "Ce lieu n'accueille pas de public"},
	{"Envoyer un mail avec une fiche de prescription", "Un professionnel envoie une fiche de prescription"},
}

// SupportModes lists modalites_accompagnement values.
var SupportModes = []Choice{
	{"En autonomie", "Seul, avec du matériel sur place"},
	{"Accompagnement individuel", "Avec une personne, seul à seul"},
	{"Dans un atelier collectif", "En atelier, en groupe"},
	{"À distance", "À distance (téléphone, visio)"},
}

// Itinerance lists itinerance values.
var Itinerance = []Choice{{"Itinérant", "Itinérant"}, {"Fixe", "Fixe"}}

// Choice is one value of an enumeration and its plain-language label.
type Choice struct {
	Value string // as the schema spells it
	Label string // as a resident reads it
}

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
