package structure

// Typology is a structure type of the data·inclusion vocabulary, which the
// schéma des lieux de médiation numérique uses for its `typologie` field.
type Typology struct {
	Code  string
	Label string
}

// Typologies lists the data·inclusion structure typologies, code and label.
var Typologies = []Typology{
	{"ACI", "Structures porteuses d'ateliers et chantiers d'insertion (ACI)"},
	{"ACIPHC", "SIAE — Atelier chantier d'insertion premières heures en chantier"},
	{"AFPA", "Agence nationale pour la formation professionnelle des adultes (AFPA)"},
	{"AI", "Associations intermédiaires (AI)"},
	{"ASE", "Aide sociale à l'enfance (ASE)"},
	{"ASSO", "Associations"},
	{"ASSO_CHOMEUR", "Associations de chômeurs"},
	{"AVIP", "Crèche à vocation d'insertion professionnelle (AVIP)"},
	{"Autre", "Autre"},
	{"BIB", "Bibliothèque / Médiathèque"},
	{"CAARUD", "Centre d'accueil et d'accompagnement à la réduction de risques pour usagers de drogues (CAARUD)"},
	{"CADA", "Centres d'accueil de demandeurs d'asile (CADA)"},
	{"CAF", "Caisses d'allocations familiales (CAF)"},
	{"CAP_EMPLOI", "Cap Emploi"},
	{"CAVA", "Centres d'adaptation à la vie active (CAVA)"},
	{"CC", "Communautés de communes"},
	{"CCAS", "Centres communaux d'action sociale (CCAS)"},
	{"CCONS", "Chambres consulaires (CCI, CMA, CA)"},
	{"CD", "Conseils départementaux (CD)"},
	{"CDAS", "Centre départemental d'action sociale (CDAS)"},
	{"CFP", "Centre des finances publiques (CFP)"},
	{"CHRS", "Centres d'hébergement et de réinsertion sociale (CHRS)"},
	{"CHU", "Centres d'hébergement d'urgence (CHU)"},
	{"CIAS", "Centres intercommunaux d'action sociale (CIAS)"},
	{"CIDFF", "Centres d'information sur les droits des femmes et des familles (CIDFF)"},
	{"CITMET", "Cité des métiers"},
	{"CMP", "Centre médico-psychologique (CMP)"},
	{"CMS", "Centre médico-social (CMS)"},
	{"CPAM", "Caisse primaire d'assurance maladie (CPAM)"},
	{"CPH", "Centres provisoires d'hébergement (CPH)"},
	{"CS", "Centre social"},
	{"CSAPA", "Centre de soins, d'accompagnement et de prévention en addictologie (CSAPA)"},
	{"CSC", "Centre socio-culturel (CSC)"},
	{"DEETS", "Directions de l'économie, de l'emploi, du travail et des solidarités (DEETS)"},
	{"DEPT", "Services sociaux du conseil départemental"},
	{"DIPLP", "Délégation interministérielle à la prévention et à la lutte contre la pauvreté"},
	{"E2C", "École de la 2e chance (E2C)"},
	{"EA", "Entreprise adaptée (EA)"},
	{"EATT", "Entreprise adaptée de travail temporaire (EATT)"},
	{"EI", "Entreprises d'insertion (EI)"},
	{"EITI", "Entreprises d'insertion par le travail indépendant (EITI)"},
	{"ENM", "Espace numérique mobile (ENM)"},
	{"EPCI", "Intercommunalité (EPCI)"},
	{"EPI", "Espace public internet (EPI)"},
	{"EPIDE", "Établissement pour l'insertion dans l'emploi (EPIDE)"},
	{"EPN", "Espace public numérique (EPN)"},
	{"ES", "Épicerie solidaire"},
	{"ESS", "Entreprise de l'économie sociale et solidaire"},
	{"ETABL_PRI", "Établissement privé"},
	{"ETABL_PUB", "Établissement public"},
	{"ETAT", "Service de l'État"},
	{"ETTI", "Entreprises de travail temporaire d'insertion (ETTI)"},
	{"EVS", "Espace de vie sociale (EVS)"},
	{"FABLAB", "Fablab / Atelier partagé"},
	{"FAIS", "Fédérations d'acteurs de l'insertion et de la solidarité"},
	{"FT", "France Travail"},
	{"GEIQ", "Groupements d'employeurs pour l'insertion et la qualification (GEIQ)"},
	{"HUDA", "Hébergement d'urgence pour demandeurs d'asile (HUDA)"},
	{"LA_POSTE", "Bureau de poste / Agence postale"},
	{"MDE", "Maison de l'emploi"},
	{"MDEF", "Maison de l'emploi et de la formation"},
	{"MDPH", "Maison départementale des personnes handicapées"},
	{"MDS", "Maison départementale des solidarités"},
	{"MJC", "Maison des jeunes et de la culture"},
	{"ML", "Mission locale"},
	{"MQ", "Maison de quartier"},
	{"MSA", "Mutualité sociale agricole"},
	{"MSAP", "Maison de services au public (MSAP)"},
	{"MUNI", "Municipalités"},
	{"OACAS", "Organisme d'accueil communautaire et d'activité solidaire (OACAS)"},
	{"ODC", "Organisation délégataire d'un CD"},
	{"OF", "Organisme de formation"},
	{"OIL", "Opérateur d'intermédiation locative"},
	{"OPCS", "Organisation porteuse de la clause sociale"},
	{"PAD", "Point d'accès au droit"},
	{"PENSION", "Pension de famille / résidence accueil"},
	{"PI", "Point information (PI)"},
	{"PIJ_BIJ", "Points et bureaux information jeunesse (PIJ/BIJ)"},
	{"PIMMS", "Point information médiation multi services (PIMMS)"},
	{"PJJ", "Protection judiciaire de la jeunesse (PJJ)"},
	{"PLIE", "Plans locaux pour l'insertion et l'emploi (PLIE)"},
	{"PREF", "Préfecture, sous-préfecture"},
	{"PREVENTION", "Service ou club de prévention"},
	{"REG", "Région"},
	{"RESSOURCERIE", "Ressourcerie"},
	{"RFS", "Réseau France Services"},
	{"RS_FJT", "Résidence sociale / Foyer de jeunes travailleurs (FJT)"},
	{"SCP", "Services et clubs de prévention"},
	{"SPIP", "Services pénitentiaires d'insertion et de probation (SPIP)"},
	{"TIERS_LIEUX", "Tiers-lieu et coworking"},
	{"UDAF", "Union départementale des associations familiales (UDAF)"},
}

var typologyLabels = func() map[string]string {
	m := make(map[string]string, len(Typologies))
	for _, t := range Typologies {
		m[t.Code] = t.Label
	}
	return m
}()

// TypologyLabel returns the label of a typology code, and whether it is known.
func TypologyLabel(code string) (string, bool) {
	l, ok := typologyLabels[code]
	return l, ok
}
