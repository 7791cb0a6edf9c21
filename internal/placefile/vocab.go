package placefile

import (
	"strings"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// enumFields are the schema's enumerated fields, with their allowed values.
var enumFields = map[string][]place.Choice{
	"itinerance":                      place.Itinerance,
	"services":                        place.Services,
	"publics_specifiquement_adresses": place.Publics,
	"prise_en_charge_specifique":      place.SpecificSupport,
	"frais_a_charge":                  place.Fees,
	"dispositif_programmes_nationaux": place.NationalPrograms,
	"formations_labels":               place.TrainingLabels,
	"modalites_acces":                 place.AccessModes,
	"modalites_accompagnement":        place.SupportModes,
}

// enumByKey finds an allowed value from a spelling that differs only in case,
// accents, spacing or punctuation ("Comprehension du monde numérique",
// "Étapes numériques(La Poste)", "gratuit").
var enumByKey = func() map[string]map[string]string {
	m := make(map[string]map[string]string, len(enumFields))
	for field, choices := range enumFields {
		m[field] = make(map[string]string, len(choices))
		for _, c := range choices {
			m[field][compactKey(c.Value)] = c.Value
		}
	}
	return m
}()

// compactKey is textfold.Key without any space: "SUD LABS (PACA)" and
// "Sud-Labs PACA" compare equal.
func compactKey(s string) string {
	return strings.ReplaceAll(textfold.Key(s), " ", "")
}

// enumValue returns the schema's spelling of v in field, if v is one of its
// values (possibly spelt differently).
func enumValue(field, v string) (string, bool) {
	if place.Allowed(field, v) {
		return v, true
	}
	if v == place.EtapesNumeriquesUnspaced && field == "formations_labels" {
		return place.EtapesNumeriques, true
	}
	s, ok := enumByKey[field][compactKey(v)]
	return s, ok
}

// typologies are the structure types the schema's typologie field accepts:
// the data·inclusion vocabulary as the national library
// @gouvfr-anct/lieux-de-mediation-numerique 2.3 knows it (a file with another
// value fails that library's check).
var typologies = func() map[string]string {
	codes := []string{"ACI", "ACIPHC", "AFPA", "AI", "ASE", "ASSO", "ASSO_CHOMEUR", "Autre", "AVIP", "BIB", "CAARUD",
		"CADA", "CAF", "CAP_EMPLOI", "CAVA", "CC", "CCAS", "CCONS", "CD", "CDAS", "CFP", "CHRS", "CHU", "CIAS", "CIDFF",
		"CITMET", "CMP", "CMS", "CPAM", "CPH", "CS", "CSAPA", "CSC", "DEETS", "DEPT", "DIPLP", "E2C", "EA", "EATT", "EI",
		"EITI", "ENM", "EPCI", "EPI", "EPIDE", "EPN", "ES", "ESAT", "ESS", "ETTI", "EVS", "FABLAB", "FABRIQUE", "FAIS",
		"FT", "GEIQ", "HUDA", "LA_POSTE", "MDE", "MDH", "MDEF", "MDPH", "MDS", "MJC", "ML", "MQ", "MSA", "MSAP", "MUNI",
		"OACAS", "ODC", "OF", "OIL", "OPCS", "PAD", "PENSION", "PI", "PIJ_BIJ", "PIMMS", "PJJ", "PLIE", "PREF",
		"PREVENTION", "REG", "RELAIS_LECTURE", "RESSOURCERIE", "RFS", "RS_FJT", "SCP", "SPIP", "TIERS_LIEUX", "UDAF"}
	m := make(map[string]string, len(codes)+1)
	for _, c := range codes {
		m[strings.ToUpper(c)] = c
	}
	m["PE"] = "FT" // Pôle emploi became France Travail in the vocabulary
	return m
}()

// typologyValue returns the vocabulary's spelling of a typology code.
func typologyValue(v string) (string, bool) {
	c, ok := typologies[strings.ToUpper(strings.TrimSpace(v))]
	return c, ok
}

// v0.1 → v1 conversions, from ../shared/data/README.md and the v0.1 schema.

// v01Services maps each v0.1 service to its v1 service.
var v01Services = map[string]string{
	"Réaliser des démarches administratives avec un accompagnement": "Aide aux démarches administratives",
	"Devenir autonome dans les démarches administratives":           "Aide aux démarches administratives",
	"Accompagner les démarches de santé":                            "Aide aux démarches administratives",
	"Prendre en main un smartphone ou une tablette":                 "Maîtrise des outils numériques du quotidien",
	"Prendre en main un ordinateur":                                 "Maîtrise des outils numériques du quotidien",
	"Utiliser le numérique au quotidien":                            "Maîtrise des outils numériques du quotidien",
	"Favoriser mon insertion professionnelle":                       "Insertion professionnelle via le numérique",
	"Créer et développer mon entreprise":                            "Insertion professionnelle via le numérique",
	"Soutenir la parentalité et l'éducation avec le numérique":      "Parentalité et éducation avec le numérique",
	"Créer avec le numérique":                                       "Loisirs et créations numériques",
	"Approfondir ma culture numérique":                              "Compréhension du monde numérique",
	"Promouvoir la citoyenneté numérique":                           "Compréhension du monde numérique",
	"Accéder à une connexion internet":                              "Accès internet et matériel informatique",
	"Accéder à du matériel":                                         "Accès internet et matériel informatique",
	"S'équiper en matériel informatique":                            "Acquisition de matériel informatique à prix solidaire",
}

var v01ServicesByKey = keyed(v01Services)

func keyed(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[compactKey(k)] = v
	}
	return out
}

// v01Target is where one v0.1 value lands in v1: a field and a value, or
// nothing (Field == "") when the value means "everyone", the v1 default.
type v01Target struct {
	Field, Value string
}

// v01Publics maps publics_accueillis values (keyed by the part before " : ").
// "Public langues étrangères" (English or other languages?) and "Handicaps
// psychiques" (v1 only knows motor and mental disabilities) have no faithful
// v1 value: they are kept aside and reported.
var v01Publics = map[string]v01Target{
	"Seniors (+ 65 ans)":                   {"publics_specifiquement_adresses", "Seniors"},
	"Familles/enfants":                     {"publics_specifiquement_adresses", "Familles et/ou enfants"},
	"Jeunes (16-26 ans)":                   {"publics_specifiquement_adresses", "Jeunes"},
	"Uniquement femmes":                    {"publics_specifiquement_adresses", "Femmes"},
	"Adultes":                              {}, // all adults: no specific public, the v1 default
	"Déficience visuelle":                  {"prise_en_charge_specifique", "Déficience visuelle"},
	"Surdité":                              {"prise_en_charge_specifique", "Surdité"},
	"Handicaps mentaux":                    {"prise_en_charge_specifique", "Handicaps mentaux"},
	"Personnes en situation d'illettrisme": {"prise_en_charge_specifique", "Illettrisme"},
}

// v01Access maps conditions_acces values (keyed by the part before " : ").
// "Adhésion" (membership, free or not) has no v1 equivalent: kept aside.
var v01Access = map[string]v01Target{
	"Gratuit":                   {"frais_a_charge", "Gratuit"},
	"Gratuit sous condition":    {"frais_a_charge", "Gratuit sous condition"},
	"Payant":                    {"frais_a_charge", "Payant"},
	"Accepte le Pass numérique": {"autres_formations_labels", "Accepte le Pass numérique"},
}

// v01Support maps modalites_accompagnement values (keyed by the part before
// " : "). "A ma place" (someone authorised does the procedure for me) is the
// v1 service "Aide aux démarches administratives".
var v01Support = map[string]v01Target{
	"Seul":            {"modalites_accompagnement", "En autonomie"},
	"Avec de l'aide":  {"modalites_accompagnement", "Accompagnement individuel"},
	"Dans un atelier": {"modalites_accompagnement", "Dans un atelier collectif"},
	"A ma place":      {"services", "Aide aux démarches administratives"},
	"À distance":      {"modalites_accompagnement", "À distance"},
}

// v01Labels maps labels_nationaux values; the others (APTIC, Point relais
// CAF, Relais pôle emploi, French Tech, Campus connecté…) are labels the v1
// enumerations lack and go to the free-text autres_formations_labels.
var v01Labels = map[string]v01Target{
	"CNFS":                        {"dispositif_programmes_nationaux", "Conseillers numériques"},
	"France Services":             {"dispositif_programmes_nationaux", "France Services"},
	"Aidants Connect":             {"dispositif_programmes_nationaux", "Aidants Connect"},
	"Point numérique CAF":         {"dispositif_programmes_nationaux", "Point d'accès numérique CAF"},
	"Grandes écoles du numérique": {"dispositif_programmes_nationaux", "Grande école du numérique"},
	"Fabriques de Territoire":     {"formations_labels", "Fabriques de Territoire"},
}

// v01Table finds the target of a v0.1 value: as the v0.1 schema spells it
// (with its explanation after " : ") at once, else by its search key.
type v01Table struct {
	exact, byKey map[string]v01Target
}

func newV01Table(m map[string]v01Target) v01Table {
	t := v01Table{exact: map[string]v01Target{}, byKey: map[string]v01Target{}}
	for k, v := range m {
		t.exact[k] = v
		t.byKey[compactKey(k)] = v
	}
	for _, full := range v01Spellings {
		head, _, _ := strings.Cut(full, " : ")
		if v, ok := m[head]; ok {
			t.exact[full] = v
		}
	}
	return t
}

// v01Spellings are the v0.1 values that carry an explanation.
var v01Spellings = []string{
	"Handicaps mentaux : déficiences limitant les activités d'une personne",
	"Gratuit : Je peux accéder gratuitement au lieu et à ses services",
	"Gratuit sous condition : La gratuité est conditionnée à des critères (situation familiale, convention avec un organisme social...)",
	"Payant : L'accès au lieu et/ou à ses services est payant",
	"Accepte le Pass numérique : Il est possible d'utiliser un Pass numérique pour accéder au lieu",
	"Seul : j'ai accès à du matériel et une connexion",
	"Avec de l'aide : je suis accompagné seul dans l'usage du numérique",
	"Dans un atelier : j'apprends collectivement à utiliser le numérique",
	"A ma place : une personne habilitée fait les démarches à ma place",
}

var (
	v01PublicsTable = newV01Table(v01Publics)
	v01AccessTable  = newV01Table(v01Access)
	v01SupportTable = newV01Table(v01Support)
	v01LabelsTable  = newV01Table(v01Labels)
)

// v01Lookup finds the target of a v0.1 value: the whole value, or the part
// before " : " (the v0.1 values carry an explanation after the colon).
func v01Lookup(t v01Table, v string) (v01Target, bool) {
	if x, ok := t.exact[v]; ok {
		return x, true
	}
	if x, ok := t.byKey[compactKey(v)]; ok {
		return x, true
	}
	for _, sep := range []string{" : ", ":"} {
		if head, _, found := strings.Cut(v, sep); found {
			x, ok := t.byKey[compactKey(head)]
			return x, ok
		}
	}
	return v01Target{}, false
}

// trainingByKey matches free-text labels to formations_labels values, with
// or without the region in parentheses ("SudLabs" → "SUD LABS (PACA)").
var trainingByKey = func() map[string]string {
	m := map[string]string{}
	for _, c := range place.TrainingLabels {
		m[compactKey(c.Value)] = c.Value
		if head, _, ok := strings.Cut(c.Value, " ("); ok {
			m[compactKey(head)] = c.Value
		}
	}
	m[compactKey(place.EtapesNumeriquesUnspaced)] = place.EtapesNumeriques
	return m
}()

// Columns only v0.1 files have, and columns only v1 files have.
var (
	v01Only = []string{"courriel", "publics_accueillis", "conditions_acces", "labels_nationaux", "labels_autres", "accessibilite", "cle_ban"}
	v1Only  = []string{"courriels", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
		"dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
		"fiche_acces_libre", "itinerance"}
)

// v01Columns are every column of the v0.1 schema.
var v01Columns = []string{"id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
	"latitude", "longitude", "cle_ban", "typologie", "telephone", "courriel", "site_web", "horaires", "presentation_resume",
	"presentation_detail", "source", "structure_parente", "date_maj", "services", "publics_accueillis", "conditions_acces",
	"labels_nationaux", "labels_autres", "modalites_accompagnement", "accessibilite", "prise_rdv"}

// requiredColumns must be present in any file: without them no row can make a place.
var requiredColumns = []string{"id", "nom", "commune", "code_postal", "adresse", "date_maj"}
