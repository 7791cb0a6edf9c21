package survey

// The ABS digital-needs template asks what the field reports asked residents
// (equipment, connection, uses, procedures done and abandoned, difficulties,
// help wanted, where people go, profile), with wordings close to the national
// surveys it is read against (Credoc, Insee TIC and SRCV), and age bands that
// match Insee's (15–24, 25–39, 40–59, 60–74, 75 and over).

// TemplateTitle is the title a questionnaire made from the template starts with.
const TemplateTitle = "Vos besoins en numérique"

// DefaultDistricts are the districts the template proposes until the CCAS sets its own.
var DefaultDistricts = []Choice{
	{Value: "centre", Label: "Centre-ville"},
	{Value: "nord", Label: "Quartiers nord"},
	{Value: "sud", Label: "Quartiers sud"},
	{Value: "est", Label: "Quartiers est"},
	{Value: "ouest", Label: "Quartiers ouest"},
	{Value: "hors_commune", Label: "J'habite une autre commune", Easy: "Je n'habite pas ici"},
}

// TemplateCrosstabs are the cross-tabs a template questionnaire starts with.
var TemplateCrosstabs = []Crosstab{
	{Question: "connexion_domicile", By: RoleAge},
	{Question: "demarche_en_ligne", By: RoleAge},
	{Question: "demarche_en_ligne", By: RoleDiploma},
	{Question: "demarche_abandon", By: RoleCategory},
	{Question: "difficulte_demarches", By: RoleDistrict},
}

func yesNo(key, label, easy string, required bool) Question {
	return Question{Key: key, Kind: SingleChoice, Label: label, Easy: easy, Required: required,
		Choices: []Choice{{Value: "oui", Label: "Oui"}, {Value: "non", Label: "Non"}}}
}

var procedures = []Choice{
	{Value: "caf", Label: "CAF (allocations, prime d'activité)", Easy: "CAF"},
	{Value: "impots", Label: "Impôts", Easy: "Impôts"},
	{Value: "sante", Label: "Assurance maladie (Ameli), santé", Easy: "Santé, Ameli"},
	{Value: "emploi", Label: "France Travail (emploi)", Easy: "Travail, France Travail"},
	{Value: "retraite", Label: "Retraite", Easy: "Retraite"},
	{Value: "papiers", Label: "Papiers d'identité, permis, carte grise (ANTS)", Easy: "Carte d'identité, permis, carte grise"},
	{Value: "logement", Label: "Logement (demande de logement social, aides)", Easy: "Logement"},
	{Value: "mairie", Label: "Mairie (état civil, inscriptions scolaires)", Easy: "Mairie, école"},
	{Value: "autre", Label: "Autre démarche", Easy: "Autre chose"},
}

// Template returns the ABS digital-needs questionnaire, with the given
// districts (DefaultDistricts when empty).
func Template(districts []Choice) Definition {
	if len(districts) == 0 {
		districts = DefaultDistricts
	}
	atLeastOnce := &Condition{Question: "usage_internet", Values: []string{"quotidien", "hebdomadaire", "trimestre", "rarement"}}
	did := &Condition{Question: "demarche_en_ligne", Values: []string{"seul", "aide"}}
	return Definition{
		Intro: "Le CCAS prépare son analyse des besoins sociaux. Ce questionnaire nous aide à savoir comment vous utilisez le numérique " +
			"et de quelle aide vous avez besoin. Il est anonyme et prend environ 10 minutes. Vous pouvez vous arrêter et reprendre plus tard.",
		IntroEasy: "Le CCAS veut savoir comment vous utilisez internet. Nous voulons savoir de quelle aide vous avez besoin. " +
			"Vos réponses sont anonymes : on ne sait pas qui répond. Cela prend 10 minutes.",
		Consent: "J'accepte que mes réponses soient utilisées, sans mon nom, pour l'analyse des besoins sociaux du CCAS. " +
			"Elles sont conservées 3 ans puis effacées. Je peux ne pas répondre à une question.",
		Thanks: "Merci ! Vos réponses aideront le CCAS à proposer l'aide dont les habitants ont besoin.",
		Sections: []Section{
			{Key: "equipement", Title: "Votre équipement", Easy: "Vos appareils", Questions: []Question{
				{Key: "equip_appareils", Kind: MultipleChoice, Required: true,
					Label: "Quels appareils avez-vous chez vous, qui marchent ?", Easy: "Chez vous, quels appareils avez-vous ?",
					Hint: "Cochez toutes les réponses qui vous concernent.",
					Choices: []Choice{
						{Value: "smartphone", Label: "Un smartphone (téléphone avec internet)", Easy: "Un téléphone avec internet"},
						{Value: "ordinateur", Label: "Un ordinateur (fixe ou portable)", Easy: "Un ordinateur"},
						{Value: "tablette", Label: "Une tablette", Easy: "Une tablette"},
						{Value: "imprimante", Label: "Une imprimante", Easy: "Une imprimante"},
						{Value: "aucun", Label: "Aucun de ces appareils", Easy: "Aucun", Exclusive: true},
					}},
			}},
			{Key: "connexion", Title: "Votre connexion à internet", Easy: "Internet chez vous", Questions: []Question{
				{Key: "connexion_domicile", Kind: SingleChoice, Required: true,
					Label: "Avez-vous une connexion à internet chez vous ?", Easy: "Avez-vous internet chez vous ?",
					Choices: []Choice{
						{Value: "box", Label: "Oui, par une box (ADSL, fibre, câble)", Easy: "Oui, avec une box"},
						{Value: "mobile", Label: "Oui, seulement par le téléphone portable", Easy: "Oui, seulement avec mon téléphone"},
						{Value: "non", Label: "Non", Easy: "Non"},
					}},
				{Key: "connexion_qualite", Kind: SingleChoice,
					Label: "Votre connexion fonctionne-t-elle bien ?", Easy: "Internet marche bien chez vous ?",
					ShowIf: &Condition{Question: "connexion_domicile", Values: []string{"box", "mobile"}},
					Choices: []Choice{
						{Value: "bonne", Label: "Oui, elle est bonne", Easy: "Oui"},
						{Value: "moyenne", Label: "Elle est moyenne", Easy: "Moyen"},
						{Value: "aleatoire", Label: "Elle coupe souvent", Easy: "Non, ça coupe souvent"},
					}},
			}},
			{Key: "usages", Title: "Vos usages", Easy: "Ce que vous faites sur internet", Questions: []Question{
				{Key: "usage_internet", Kind: SingleChoice, Required: true,
					Label: "À quelle fréquence utilisez-vous internet ?", Easy: "Vous allez sur internet souvent ?",
					Choices: []Choice{
						{Value: "quotidien", Label: "Tous les jours ou presque", Easy: "Tous les jours"},
						{Value: "hebdomadaire", Label: "Au moins une fois par semaine", Easy: "Chaque semaine"},
						{Value: "trimestre", Label: "Au moins une fois ces 3 derniers mois", Easy: "Quelques fois en 3 mois"},
						{Value: "rarement", Label: "Pas depuis plus de 3 mois", Easy: "Pas depuis 3 mois"},
						{Value: "jamais", Label: "Jamais", Easy: "Jamais"},
					}},
				{Key: "usages", Kind: MultipleChoice, ShowIf: atLeastOnce,
					Label: "Que faites-vous sur internet ?", Easy: "Sur internet, vous faites quoi ?",
					Hint: "Cochez toutes les réponses qui vous concernent.",
					Choices: []Choice{
						{Value: "messagerie", Label: "Envoyer et lire des courriels", Easy: "Des mails"},
						{Value: "visio", Label: "Appeler en vidéo", Easy: "Des appels en vidéo"},
						{Value: "reseaux", Label: "Réseaux sociaux", Easy: "Facebook, WhatsApp…"},
						{Value: "achats", Label: "Faire des achats", Easy: "Acheter"},
						{Value: "banque", Label: "Consulter son compte en banque", Easy: "Voir mon compte en banque"},
						{Value: "sante", Label: "Prendre rendez-vous chez le médecin", Easy: "Prendre rendez-vous chez le médecin"},
						{Value: "emploi", Label: "Chercher un emploi ou une formation", Easy: "Chercher un travail"},
						{Value: "information", Label: "S'informer, lire les actualités", Easy: "Lire les informations"},
					}},
			}},
			{Key: "demarches", Title: "Vos démarches en ligne", Easy: "Vos papiers sur internet", Questions: []Question{
				{Key: "demarche_en_ligne", Kind: SingleChoice, Required: true,
					Label: "Ces 12 derniers mois, avez-vous fait une démarche administrative sur internet (CAF, impôts, Ameli…) ?",
					Easy:  "Cette année, avez-vous fait des papiers sur internet ? Par exemple pour la CAF ou les impôts.",
					Choices: []Choice{
						{Value: "seul", Label: "Oui, seul ou seule", Easy: "Oui, tout seul"},
						{Value: "aide", Label: "Oui, avec l'aide de quelqu'un", Easy: "Oui, avec de l'aide"},
						{Value: "non", Label: "Non", Easy: "Non"},
					}},
				{Key: "demarches_faites", Kind: MultipleChoice, ShowIf: did,
					Label: "Pour quels organismes ?", Easy: "Pour qui ?", Hint: "Cochez toutes les réponses qui vous concernent.",
					Choices: procedures},
				yesNo("demarche_abandon", "Avez-vous déjà renoncé à une démarche parce qu'elle se faisait sur internet ?",
					"Avez-vous déjà abandonné des papiers parce qu'il fallait internet ?", true),
				{Key: "demarches_abandonnees", Kind: MultipleChoice,
					ShowIf: &Condition{Question: "demarche_abandon", Values: []string{"oui"}},
					Label:  "Lesquelles ?", Easy: "Quels papiers ?", Hint: "Cochez toutes les réponses qui vous concernent.",
					Choices: procedures},
			}},
			{Key: "difficultes", Title: "Vos difficultés", Easy: "Ce qui est difficile", Questions: []Question{
				{Key: "difficulte_demarches", Kind: SingleChoice, Required: true,
					Label: "Avez-vous des difficultés pour faire vos démarches sur internet ?", Easy: "Les papiers sur internet, c'est difficile pour vous ?",
					Choices: []Choice{
						{Value: "souvent", Label: "Souvent", Easy: "Souvent"},
						{Value: "parfois", Label: "Parfois", Easy: "Parfois"},
						{Value: "jamais", Label: "Jamais", Easy: "Jamais"},
						{Value: "sans_objet", Label: "Je ne fais pas de démarches sur internet", Easy: "Je ne fais pas de papiers sur internet"},
					}},
				{Key: "difficultes", Kind: MultipleChoice,
					Label: "Qu'est-ce qui est difficile pour vous ?", Easy: "Qu'est-ce qui est difficile ?",
					Hint: "Cochez toutes les réponses qui vous concernent.",
					Choices: []Choice{
						{Value: "peur_erreur", Label: "J'ai peur de me tromper", Easy: "J'ai peur de faire une erreur"},
						{Value: "site_mal_fait", Label: "Les sites sont mal faits", Easy: "Les sites sont compliqués"},
						{Value: "langage", Label: "Je ne comprends pas le langage administratif", Easy: "Je ne comprends pas les mots"},
						{Value: "identifiants", Label: "Les identifiants et mots de passe", Easy: "Les mots de passe"},
						{Value: "materiel", Label: "Je n'ai pas le bon appareil", Easy: "Je n'ai pas d'appareil"},
						{Value: "connexion", Label: "Je n'ai pas de bonne connexion", Easy: "Internet ne marche pas bien"},
						{Value: "lecture", Label: "Lire et écrire est difficile pour moi", Easy: "Lire et écrire, c'est difficile"},
						{Value: "francais", Label: "Je parle mal le français", Easy: "Je parle mal français"},
						{Value: "aucune", Label: "Aucune difficulté", Easy: "Rien n'est difficile", Exclusive: true},
					}},
				{Key: "aisance", Kind: Scale, Min: 1, Max: 5, MinLabel: "pas du tout", MaxLabel: "tout à fait",
					Label: "Vous sentez-vous à l'aise avec le numérique ?", Easy: "Êtes-vous à l'aise avec internet ? 1 : pas du tout. 5 : très à l'aise."},
			}},
			{Key: "aide", Title: "L'aide dont vous avez besoin", Easy: "L'aide pour vous", Questions: []Question{
				{Key: "aide_souhaitee", Kind: MultipleChoice,
					Label: "De quelle aide auriez-vous besoin ?", Easy: "De quelle aide avez-vous besoin ?",
					Hint: "Cochez toutes les réponses qui vous concernent.",
					Choices: []Choice{
						{Value: "bases", Label: "Apprendre les bases (utiliser un ordinateur, un smartphone)", Easy: "Apprendre à utiliser un téléphone ou un ordinateur"},
						{Value: "accompagnement", Label: "Être accompagné pour mes démarches", Easy: "Qu'on m'aide pour mes papiers"},
						{Value: "a_ma_place", Label: "Que quelqu'un fasse les démarches à ma place", Easy: "Qu'on fasse mes papiers pour moi"},
						{Value: "materiel", Label: "Avoir un appareil à un prix solidaire", Easy: "Avoir un appareil pas cher"},
						{Value: "connexion", Label: "Avoir une connexion moins chère", Easy: "Avoir internet moins cher"},
						{Value: "ateliers", Label: "Des ateliers en groupe", Easy: "Des cours en groupe"},
						{Value: "rien", Label: "Je n'ai pas besoin d'aide", Easy: "Je n'ai pas besoin d'aide", Exclusive: true},
					}},
				{Key: "aide_lieux", Kind: MultipleChoice,
					Label: "Quand vous avez besoin d'aide avec le numérique, à qui vous adressez-vous ?", Easy: "Qui vous aide avec internet ?",
					Hint: "Cochez toutes les réponses qui vous concernent.",
					Choices: []Choice{
						{Value: "proches", Label: "Ma famille, mes amis, mes voisins", Easy: "Ma famille ou mes amis"},
						{Value: "mairie", Label: "La mairie ou l'intercommunalité", Easy: "La mairie"},
						{Value: "ccas", Label: "Le CCAS", Easy: "Le CCAS"},
						{Value: "france_services", Label: "Un espace France Services", Easy: "France Services"},
						{Value: "mediatheque", Label: "La médiathèque ou la bibliothèque", Easy: "La médiathèque"},
						{Value: "association", Label: "Une association", Easy: "Une association"},
						{Value: "epn", Label: "Un espace public numérique", Easy: "Un lieu avec des ordinateurs"},
						{Value: "personne", Label: "Personne", Easy: "Personne", Exclusive: true},
					}},
				{Key: "aide_forme", Kind: SingleChoice,
					Label: "Comment préférez-vous être aidé ?", Easy: "Comment voulez-vous être aidé ?",
					Choices: []Choice{
						{Value: "en_personne", Label: "En personne, dans un lieu près de chez moi", Easy: "En vrai, près de chez moi"},
						{Value: "domicile", Label: "À mon domicile", Easy: "Chez moi"},
						{Value: "telephone", Label: "Par téléphone", Easy: "Au téléphone"},
						{Value: "atelier", Label: "En atelier collectif", Easy: "En groupe"},
					}},
			}},
			{Key: "profil", Title: "Vous", Easy: "Qui êtes-vous ?", Questions: []Question{
				{Key: "age", Kind: SingleChoice, Role: RoleAge, Required: true, Label: "Quel âge avez-vous ?", Easy: "Quel âge avez-vous ?",
					Choices: []Choice{
						{Value: "15-24", Label: "15 à 24 ans", AgeMin: 15, AgeMax: 24},
						{Value: "25-39", Label: "25 à 39 ans", AgeMin: 25, AgeMax: 39},
						{Value: "40-59", Label: "40 à 59 ans", AgeMin: 40, AgeMax: 59},
						{Value: "60-74", Label: "60 à 74 ans", AgeMin: 60, AgeMax: 74},
						{Value: "75+", Label: "75 ans et plus", AgeMin: 75},
					}},
				{Key: "sexe", Kind: SingleChoice, Role: RoleSex, Label: "Vous êtes :", Easy: "Vous êtes :",
					Choices: []Choice{
						{Value: Female, Label: "Une femme"},
						{Value: Male, Label: "Un homme"},
						{Value: "autre", Label: "Autre, ou je préfère ne pas répondre", Easy: "Autre, ou je ne veux pas dire"},
					}},
				{Key: "csp", Kind: SingleChoice, Role: RoleCategory, Label: "Quelle est votre situation ?", Easy: "Quel est votre travail ?",
					Hint: "Si vous êtes retraité, cochez « Retraité ». Si vous cherchez un emploi, cochez « Sans activité professionnelle ».",
					Choices: []Choice{
						{Value: "agriculteur", Label: "Agriculteur exploitant", Easy: "Agriculteur"},
						{Value: "independant", Label: "Artisan, commerçant, chef d'entreprise", Easy: "Artisan ou commerçant"},
						{Value: "cadre", Label: "Cadre, profession intellectuelle supérieure", Easy: "Cadre"},
						{Value: "intermediaire", Label: "Profession intermédiaire (technicien, infirmier, enseignant du primaire…)", Easy: "Technicien, infirmier, professeur des écoles"},
						{Value: "employe", Label: "Employé", Easy: "Employé"},
						{Value: "ouvrier", Label: "Ouvrier", Easy: "Ouvrier"},
						{Value: "retraite", Label: "Retraité", Easy: "À la retraite"},
						{Value: "sans_activite", Label: "Sans activité professionnelle (demandeur d'emploi, étudiant, au foyer…)", Easy: "Sans travail, étudiant, à la maison"},
					}},
				{Key: "diplome", Kind: SingleChoice, Role: RoleDiploma, Label: "Quel est votre diplôme le plus élevé ?", Easy: "Quel est votre diplôme ?",
					Choices: []Choice{
						{Value: "aucun_cep", Label: "Aucun diplôme ou certificat d'études primaires", Easy: "Pas de diplôme"},
						{Value: "brevet_cap_bep", Label: "Brevet, CAP ou BEP", Easy: "Brevet, CAP ou BEP"},
						{Value: "bac", Label: "Baccalauréat", Easy: "Bac"},
						{Value: "bac2", Label: "Bac + 2", Easy: "Bac + 2"},
						{Value: "bac3plus", Label: "Bac + 3 ou plus", Easy: "Bac + 3 ou plus"},
					}},
				{Key: "quartier", Kind: District, Role: RoleDistrict, Label: "Dans quel quartier habitez-vous ?", Easy: "Où habitez-vous ?", Choices: districts},
				{Key: "commune", Kind: Commune, Label: "Dans quelle commune habitez-vous ?", Easy: "Dans quelle ville habitez-vous ?",
					Hint: "Le nom de la commune ou son code postal."},
				{Key: "menage", Kind: SingleChoice, Role: RoleHousehold, Label: "Avec qui vivez-vous ?", Easy: "Vous vivez avec qui ?",
					Choices: []Choice{
						{Value: "seul", Label: "Seul ou seule", Easy: "Seul"},
						{Value: "couple", Label: "En couple sans enfant", Easy: "En couple, sans enfant"},
						{Value: "couple_enfants", Label: "En couple avec enfant(s)", Easy: "En couple, avec des enfants"},
						{Value: "monoparental", Label: "Seul ou seule avec enfant(s)", Easy: "Seul avec mes enfants"},
						{Value: "autre", Label: "Autre (colocation, famille, foyer…)", Easy: "Autre"},
					}},
				{Key: "foyer_personnes", Kind: Number, Min: 1, Max: 20, Label: "Combien de personnes vivent dans votre logement, vous compris ?", Easy: "Combien de personnes vivent chez vous, avec vous ?"},
				{Key: "commentaire", Kind: ShortText, Length: 300, Label: "Voulez-vous ajouter quelque chose ?", Easy: "Vous voulez dire autre chose ?",
					Hint: "N'écrivez pas votre nom : les réponses sont anonymes."},
			}},
		},
	}
}
