package activity

import (
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// CoopColumns are the columns of La Coop de la médiation numérique's
// activity export (sheet "Activités"), in its order and with its headers,
// as a team exports them: the mediator's name, no beneficiary's name, no
// notes. One row per accompaniment; "Participants" is 1, or k/n for the k-th
// participant of a workshop of n.
var CoopColumns = []string{
	"Date", "Enregistré le", "Dernière modification le",
	"Prénom du médiateur", "Nom du médiateur", "Rôle", "ID - Conum",
	"Type", "Participants",
	"Canaux d’accompagnement", "Nom du lieu", "Adresse", "Commune", "Code postal", "Code Insee",
	"Durée (min)", "Nom de l’atelier", "Matériel numérique utilisé", "Thématique(s) d’accompagnement", "Tags",
	"Nom de la démarche administrative", "Niveau d’autonomie (ou de l’atelier)", "Bénéficiaire réorienté",
	"Structure de redirection", "Commune du bénéficiaire", "Code postal du bénéficiaire", "Code Insee du bénéficiaire",
	"Genre du bénéficiaire", "Tranche d’âge du bénéficiaire", "Statut du bénéficiaire",
}

// coopLabels are the labels La Coop writes in its export cells, by code.
var coopLabels = map[string]map[string]string{
	"type":     {TypeIndividual: "Accompagnement individuel", TypeWorkshop: "Atelier collectif"},
	"canal":    {"lieu_activite": "Lieu d’activité", "autre": "Autre lieu", "domicile": "À domicile", "a_distance": "À distance"},
	"materiel": {"ordinateur": "Ordinateur", "telephone": "Téléphone", "tablette": "Tablette", "autre": "Autre", "aucun": "Pas de matériel"},
	"thematique": {
		"diagnostic_numerique": "Diagnostic numérique", "prendre_en_main_du_materiel": "Prendre en main du matériel",
		"maintenance_de_materiel": "Maintenance de matériel", "gere_ses_contenus_numeriques": "Gérer ses contenus numériques",
		"navigation_sur_internet": "Navigation sur internet", "email": "E-mail", "bureautique": "Bureautique",
		"reseaux_sociaux": "Réseaux sociaux communication", "sante": "Santé", "banque_et_achats_en_ligne": "Banque et achats en ligne",
		"entrepreneuriat": "Accompagner un professionnel", "insertion_professionnelle": "Insertion professionnelle",
		"securite_numerique": "Prévention en sécurité numérique", "parentalite": "Parentalité", "scolarite_et_numerique": "Scolarité et numérique",
		"creer_avec_le_numerique": "Créer avec le numérique", "culture_numerique": "Culture numérique",
		"intelligence_artificielle": "Intelligence artificielle (IA)", ThemeProcedures: "Aide aux démarches administratives",
	},
	"demarche": {
		"papiers_elections_citoyennete": "Papiers - Élections - Citoyenneté", "famille_scolarite": "Famille - Scolarité",
		"social_sante": "Social - Santé", "travail_formation": "Travail - Formation - Entreprise", "logement": "Logement",
		"transports_mobilite": "Transports - Mobilité", "argent_impots": "Argent - Impôts", "justice": "Justice",
		"etrangers_europe": "Étrangers - Europe", "loisirs_sports_culture": "Loisirs - Sports - Culture", "associations": "Associations",
	},
	"redirection": {
		"administration": "Administration (mairie, préfecture…)", "mediation_numerique": "Autre structure de médiation numérique",
		"operateur_ou_organisme_en_charge":   "Opérateur ou organisme en charge de la démarche administrative",
		"aide_sociale":                       "Structure d’aide sociale (maison des solidarités, centre social…)",
		"insertion_professionnelle":          "Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)",
		"aide_aux_demarches_administratives": "Structure d’aide aux démarches administratives (France Services…)", "autre": "Autre",
	},
	"genre": {"masculin": "Masculin", "feminin": "Féminin", "non_communique": "Non communiqué"},
	"age": {
		"soixante_dix_plus": "70 ans et plus", "soixante_soixante_neuf": "60 - 69 ans", "quarante_cinquante_neuf": "40 - 59 ans",
		"vingt_cinq_trente_neuf": "25 - 39 ans", "dix_huit_vingt_quatre": "18 - 24 ans", "douze_dix_huit": "12 - 17 ans",
		"moins_de_douze": "Moins de 12 ans", person.AgeBandUnknown: "Non communiqué",
	},
	"statut": {"retraite": "Retraité", "sans_emploi": "Sans emploi", "en_emploi": "En emploi", "scolarise": "Scolarisé", "non_communique": "Non communiqué ou hétérogène"},
}

// coopSynonyms are other spellings La Coop used in older exports.
var coopSynonyms = map[string]map[string]string{
	"age":    {"70 ans ou plus": "soixante_dix_plus", "Mineur(e)": "douze_dix_huit"},
	"statut": {"Retraité(e)": "retraite", "Scolarisé(e)": "scolarise", "Non communiqué": "non_communique"},
	"thematique": {
		"Réseaux sociaux": "reseaux_sociaux", "Intelligence artificielle": "intelligence_artificielle",
		"Santé (Ameli, Mon Espace Santé, Doctolib)": "sante", "Entrepreneuriat": "entrepreneuriat",
	},
}

// coopCodes reads a cell back to a code: La Coop's label, an older
// spelling, or the code itself, ignoring case, accents and punctuation.
var coopCodes = func() map[string]map[string]string {
	out := map[string]map[string]string{}
	for dim, labels := range coopLabels {
		m := map[string]string{}
		for code, label := range labels {
			m[textfold.Key(label)] = code
			m[textfold.Key(code)] = code
		}
		for label, code := range coopSynonyms[dim] {
			m[textfold.Key(label)] = code
		}
		out[dim] = m
	}
	return out
}()

// CoopCode returns the code of a cell of a dimension ("type", "canal",
// "materiel", "thematique", "demarche", "redirection", "genre", "age",
// "statut"), ok false when the cell is not one of its values.
func CoopCode(dim, cell string) (string, bool) {
	c, ok := coopCodes[dim][textfold.Key(cell)]
	return c, ok
}

func coopLabel(dim, code string) string { return coopLabels[dim][code] }

func coopList(dim string, codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, coopLabel(dim, c))
	}
	return out
}

// stars writes a level as La Coop does: "2/3".
func stars(codes []Choice, code string) string {
	for i, c := range codes {
		if c.Value == code {
			return strconv.Itoa(i+1) + "/" + strconv.Itoa(len(codes))
		}
	}
	return ""
}

// coopTime writes a moment as La Coop does: "05/03/2026 à 14:07" (Paris).
func coopTime(t time.Time, paris *time.Location) string {
	return t.In(paris).Format("02/01/2006 à 15:04")
}

// CoopRows turns activities into rows of La Coop's export (CoopColumns):
// one per accompaniment, without names. paris is the time zone of the
// recording times.
func CoopRows(acts []Activity, attrs map[int64]Attributes, paris *time.Location) [][]string {
	var out [][]string
	for i := range acts {
		a := &acts[i]
		modified := ""
		if !a.UpdatedAt.Equal(a.CreatedAt) {
			modified = coopTime(a.UpdatedAt, paris)
		}
		first, last, _ := strings.Cut(a.AuthorName, " ")
		placeCommune, placeCP := "", ""
		if c, ok := commune.Lookup(a.CommuneCode); ok {
			placeCommune = c.Name
			if len(c.PostalCodes) > 0 {
				placeCP = c.PostalCodes[0]
			}
		}
		themes := append(coopList("thematique", a.Themes), coopList("demarche", a.Procedures)...)
		level := stars(Autonomy, a.Autonomy)
		if a.Type == TypeWorkshop {
			level = stars(Levels, a.Level)
		}
		oriented, redirection := "", ""
		if a.Type == TypeIndividual {
			oriented, redirection = yesNo(a.Oriented), coopLabel("redirection", a.OrientationKind)
		}
		head := []string{a.Date, coopTime(a.CreatedAt, paris), modified, first, last, "Médiateur", "", coopLabel("type", a.Type)}
		mid := []string{coopLabel("canal", a.Canal), a.PlaceName, "", placeCommune, placeCP, a.CommuneCode,
			strconv.Itoa(a.Duration), a.Title, strings.Join(coopList("materiel", a.Equipment), "\n"), strings.Join(themes, "\n"), "",
			a.Details, level, oriented, redirection}
		line := func(participants, gender, band, status, communeCode string) []string {
			name, cp := "", ""
			if c, ok := commune.Lookup(communeCode); ok {
				name = c.Name
				if len(c.PostalCodes) > 0 {
					cp = c.PostalCodes[0]
				}
			}
			row := append(append(append(make([]string, 0, len(CoopColumns)), head...), participants), mid...)
			return append(row, name, cp, communeCode, coopLabel("genre", gender), coopLabel("age", band), coopLabel("statut", status))
		}
		day := a.Day()
		if a.Type == TypeIndividual {
			if a.PersonID != 0 {
				at := attrs[a.PersonID]
				out = append(out, line("1", at.Gender, person.AgeBandOf(at.BirthYear, day), at.Status, at.CommuneCode))
			} else {
				out = append(out, line("1", a.AnonGender, a.AnonAgeBand, a.AnonStatus, a.AnonCommune))
			}
			continue
		}
		n := a.Count()
		k := 0
		next := func() string {
			k++
			if n == 1 {
				return "1"
			}
			return strconv.Itoa(k) + "/" + strconv.Itoa(n)
		}
		for _, p := range a.Participants {
			at := attrs[p.PersonID]
			out = append(out, line(next(), at.Gender, person.AgeBandOf(at.BirthYear, day), at.Status, at.CommuneCode))
		}
		genders := spread(a.AnonCounts, "genre", person.Genders, a.AnonTotal, "non_communique")
		bands := spread(a.AnonCounts, "age", person.AgeBands, a.AnonTotal, person.AgeBandUnknown)
		statuses := spread(a.AnonCounts, "statut", person.SocialStatuses, a.AnonTotal, "non_communique")
		for j := 0; j < a.AnonTotal; j++ {
			out = append(out, line(next(), genders[j], bands[j], statuses[j], ""))
		}
	}
	return out
}
