package survey

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Benchmark is a dated national figure a local share is read against, with
// what makes it comparable: its source, fieldwork year, population (ages),
// wording and breakdown. Series change wording and method over time: an
// undated "national figure" misleads.
type Benchmark struct {
	ID          int64
	StructureID int64
	Indicator   string  // what is measured, in French
	Value       float64 // share, 0..1
	Source      string  // short name used in sentences: "Credoc", "Insee TIC"
	Publication string  // full reference
	Year        int     // year of fieldwork
	Population  string  // as the source defines it
	AgeMin      int     // youngest age covered
	AgeMax      int     // oldest age covered; 0: no upper bound
	Wording     string  // the question the source asked, when known
	Breakdown   string  // "ensemble", or the subgroup: "75 ans et plus", "sans diplôme ou CEP"
	// The local share compared: respondents answering QuestionKey with one of
	// ChoiceValues, among those who answered it. Empty: shown in the sources only.
	QuestionKey  string
	ChoiceValues []string
	// A breakdown other than age: respondents whose answer to the question of
	// SubgroupRole is one of SubgroupValues.
	SubgroupRole   Role
	SubgroupValues []string
	UpdatedAt      time.Time
}

// Linked reports whether the benchmark is compared with a question.
func (b *Benchmark) Linked() bool { return b.QuestionKey != "" && len(b.ChoiceValues) > 0 }

// AgeLabel writes the ages the benchmark covers.
func (b *Benchmark) AgeLabel() string { return AgeLabel(b.AgeMin, b.AgeMax) }

// Validate checks a benchmark; field names are the API's.
func (b *Benchmark) Validate() error {
	var v apperr.Validation
	text := func(field, s string, required bool, max int, what string) {
		switch {
		case required && strings.TrimSpace(s) == "":
			v.Add(field, "Saisissez "+what+".")
		case utf8.RuneCountInString(s) > max:
			v.Add(field, upperFirst(what)+" : trop long.")
		}
	}
	text("indicateur", b.Indicator, true, 300, "l'indicateur")
	text("source", b.Source, true, 100, "la source")
	text("publication", b.Publication, true, 300, "la publication")
	text("population", b.Population, true, 200, "la population")
	text("libelle_source", b.Wording, false, 500, "la question de la source")
	text("declinaison", b.Breakdown, true, 200, "la déclinaison (« ensemble » ou le sous-groupe)")
	if math.IsNaN(b.Value) || b.Value < 0 || b.Value > 1 {
		v.Add("valeur", "La valeur est une part entre 0 et 1 (0,81 pour 81 %).")
	}
	if b.Year < 1990 || b.Year > 2100 {
		v.Add("annee", "Indiquez l'année du terrain de l'enquête (par exemple 2024).")
	}
	if b.AgeMin < 0 || b.AgeMin > 120 || b.AgeMax < 0 || b.AgeMax > 120 || (b.AgeMax != 0 && b.AgeMax < b.AgeMin) {
		v.Add("age_min", "Les âges couverts vont de 0 à 120 ans (âge maximum 0 : sans limite).")
	}
	if b.QuestionKey != "" && !ValidKey(b.QuestionKey) {
		v.Add("question", "Clé de question invalide.")
	}
	if b.QuestionKey != "" && len(b.ChoiceValues) == 0 {
		v.Add("choix", "Indiquez les choix de la question qui correspondent à l'indicateur.")
	}
	if len(b.ChoiceValues) > MaxChoices {
		v.Add("choix", "Trop de choix.")
	}
	for _, c := range b.ChoiceValues {
		if !ValidValue(c) {
			v.Add("choix", "Valeur de choix invalide : « "+short(c)+" ».")
		}
	}
	if b.SubgroupRole != "" && !slices.Contains(Roles, b.SubgroupRole) {
		v.Add("sous_groupe_role", "Rôle inconnu. Valeurs permises : age, sexe, csp, diplome, quartier, menage.")
	}
	if b.SubgroupRole == RoleAge {
		v.Add("sous_groupe_role", "Une déclinaison par âge s'indique avec les âges couverts (age_min, age_max).")
	}
	if (b.SubgroupRole == "") != (len(b.SubgroupValues) == 0) {
		v.Add("sous_groupe_valeurs", "Un sous-groupe a un rôle et au moins une valeur.")
	}
	for _, c := range b.SubgroupValues {
		if !ValidValue(c) {
			v.Add("sous_groupe_valeurs", "Valeur invalide : « "+short(c)+" ».")
		}
	}
	return v.Err()
}

// Populations of the national series, as each source defines them.
const (
	popCredoc = "Personnes de 12 ans et plus, France métropolitaine"
	popTIC    = "Personnes de 15 ans et plus, France hors Mayotte"
	popSRCV   = "Personnes de 18 ans et plus, France métropolitaine"
	popInsee  = "Personnes de 15 ans et plus, France"
)

// SeedBenchmarks are the national figures of shared/data/benchmarks-numerique.md,
// linked to the questions of the ABS template where the template asks the
// same thing. A structure starts with them and edits its own copy.
func SeedBenchmarks() []Benchmark {
	credoc := func(ind string, v float64, year int, pub string, age0, age1 int, breakdown, q string, choices ...string) Benchmark {
		pop := popCredoc
		if age0 != 12 {
			pop = "Personnes de " + AgeLabel(age0, age1) + ", France métropolitaine"
		}
		return Benchmark{Indicator: ind, Value: v, Source: "Credoc", Publication: pub, Year: year, Population: pop,
			AgeMin: age0, AgeMax: age1, Breakdown: breakdown, QuestionKey: q, ChoiceValues: choices}
	}
	tic := func(ind string, v float64, age0, age1 int, breakdown string) Benchmark {
		pop := popTIC
		if age0 != 15 || age1 != 0 {
			pop = "Personnes de " + AgeLabel(age0, age1) + ", France hors Mayotte"
		}
		return Benchmark{Indicator: ind, Value: v, Source: "Insee TIC", Publication: "Insee, enquête TIC ménages 2024", Year: 2024,
			Population: pop, AgeMin: age0, AgeMax: age1, Breakdown: breakdown,
			Wording:     "Au cours des trois derniers mois, avez-vous utilisé internet ?",
			QuestionKey: "usage_internet", ChoiceValues: []string{"quotidien", "hebdomadaire", "trimestre"}}
	}
	insee := func(ind string, v float64, year int, pub string, age0, age1 int, breakdown string) Benchmark {
		pop := popInsee
		if age0 != 15 || age1 != 0 {
			pop = "Personnes de " + AgeLabel(age0, age1) + ", France"
		}
		return Benchmark{Indicator: ind, Value: v, Source: "Insee", Publication: pub, Year: year, Population: pop, AgeMin: age0, AgeMax: age1, Breakdown: breakdown}
	}
	srcv := func(ind string, v float64, q string, choices ...string) Benchmark {
		return Benchmark{Indicator: ind, Value: v, Source: "Insee SRCV", Publication: "Insee Focus n° 267 (enquête SRCV 2021)", Year: 2021,
			Population: popSRCV, AgeMin: 18, Breakdown: "ensemble", QuestionKey: q, ChoiceValues: choices}
	}
	link := func(b Benchmark, q string, choices ...string) Benchmark {
		b.QuestionKey, b.ChoiceValues = q, choices
		return b
	}
	sub := func(b Benchmark, role Role, values ...string) Benchmark {
		b.SubgroupRole, b.SubgroupValues = role, values
		return b
	}
	const (
		b2017 = "Credoc, Baromètre du numérique 2017"
		b2021 = "Credoc, Baromètre du numérique, édition 2021"
		b2022 = "Credoc, Baromètre du numérique 2022"
		b2024 = "Credoc, Baromètre du numérique, édition 2024"
		b2025 = "Credoc, Baromètre du numérique, édition 2025"
		ip17  = "Insee Première n° 1780 (2019)"
		ip19  = "Insee Première n° 1953 (2021)"
	)
	noHome := "n'a pas d'accès à internet à domicile"
	illect := "illectronisme (pas d'usage d'internet en 3 mois ou pas de compétence de base)"
	return []Benchmark{
		credoc("possède un ordinateur", 0.81, 2017, b2017, 12, 0, "ensemble", "equip_appareils", "ordinateur"),
		credoc("possède un smartphone", 0.73, 2017, b2017, 12, 0, "ensemble", "equip_appareils", "smartphone"),
		credoc("possède un smartphone", 0.87, 2023, b2024, 12, 0, "ensemble", "equip_appareils", "smartphone"),
		credoc("possède un smartphone", 0.62, 2023, b2024, 70, 0, "70 ans et plus", "equip_appareils", "smartphone"),
		credoc("possède un ordinateur", 0.69, 2023, b2024, 70, 0, "70 ans et plus", "equip_appareils", "ordinateur"),
		credoc("possède un smartphone", 0.91, 2024, b2025, 12, 0, "ensemble", "equip_appareils", "smartphone"),
		credoc("internaute", 0.94, 2024, b2025, 12, 0, "ensemble", "usage_internet", "quotidien", "hebdomadaire", "trimestre", "rarement"),
		tic("a utilisé internet au cours des 3 derniers mois", 0.89, 15, 0, "ensemble"),
		tic("a utilisé internet au cours des 3 derniers mois", 0.48, 75, 0, "75 ans et plus"),
		tic("a utilisé internet au cours des 3 derniers mois", 0.86, 60, 74, "60–74 ans"),
		link(insee(noHome, 0.12, 2019, ip17, 15, 0, "ensemble"), "connexion_domicile", "non"),
		link(insee(noHome, 0.53, 2019, ip17, 75, 0, "75 ans et plus"), "connexion_domicile", "non"),
		sub(link(insee(noHome, 0.34, 2019, ip17, 15, 0, "sans diplôme ou CEP"), "connexion_domicile", "non"), RoleDiploma, "aucun_cep"),
		insee(illect, 0.165, 2019, ip17, 15, 0, "ensemble"),
		insee(illect, 0.154, 2021, ip19, 15, 0, "ensemble"),
		insee(illect, 0.02, 2021, ip19, 15, 24, "15–24 ans"),
		insee(illect, 0.04, 2021, ip19, 25, 39, "25–39 ans"),
		insee(illect, 0.24, 2021, ip19, 60, 74, "60–74 ans"),
		insee(illect, 0.62, 2021, ip19, 75, 0, "75 ans et plus"),
		sub(insee(illect, 0.42, 2021, ip19, 15, 0, "CEP ou sans diplôme"), RoleDiploma, "aucun_cep"),
		sub(insee(illect, 0.03, 2021, ip19, 15, 0, "bac + 3 ou plus"), RoleDiploma, "bac3plus"),
		sub(insee(illect, 0.36, 2021, ip19, 15, 0, "retraités"), RoleCategory, "retraite"),
		srcv("a fait au moins une démarche en ligne dans l'année", 0.67, "demarche_en_ligne", "seul", "aide"),
		srcv("a renoncé au moins une fois à une démarche en ligne", 0.32, "demarche_abandon", "oui"),
		srcv("a renoncé définitivement au moins une fois à une démarche en ligne", 0.08, ""),
		credoc("a fait au moins une démarche en ligne", 0.71, 2020, b2021, 12, 0, "ensemble", "demarche_en_ligne", "seul", "aide"),
		credoc("a des difficultés avec les démarches en ligne, au moins parfois", 0.54, 2022, b2022, 12, 0, "ensemble", "difficulte_demarches", "souvent", "parfois"),
		credoc("a des difficultés avec les démarches en ligne", 0.44, 2024, b2025, 12, 0, "ensemble", "difficulte_demarches", "souvent", "parfois"),
		credoc("difficulté : peur de se tromper", 0.18, 2024, b2025, 12, 0, "ensemble", "difficultes", "peur_erreur"),
		credoc("difficulté : site mal conçu", 0.16, 2024, b2025, 12, 0, "ensemble", "difficultes", "site_mal_fait"),
		credoc("difficulté : langage administratif incompréhensible", 0.13, 2024, b2025, 12, 0, "ensemble", "difficultes", "langage"),
		credoc("manque de maîtrise des outils informatiques", 0.25, 2023, b2024, 12, 0, "ensemble", ""),
		credoc("cherche de l'aide à la mairie ou à l'intercommunalité", 0.33, 2024, b2025, 12, 0, "ensemble", "aide_lieux", "mairie"),
		credoc("cherche de l'aide en bibliothèque", 0.32, 2024, b2025, 12, 0, "ensemble", "aide_lieux", "mediatheque"),
		credoc("cherche de l'aide dans un espace France Services", 0.19, 2024, b2025, 12, 0, "ensemble", "aide_lieux", "france_services"),
		credoc("cherche de l'aide auprès d'une association locale", 0.17, 2024, b2025, 12, 0, "ensemble", "aide_lieux", "association"),
		credoc("cherche de l'aide dans un espace public numérique", 0.15, 2024, b2025, 12, 0, "ensemble", "aide_lieux", "epn"),
	}
}
