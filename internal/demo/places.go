package demo

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Shorthands for the schema's values in the table below.
const (
	svcProcedures = "Aide aux démarches administratives"
	svcEveryday   = "Maîtrise des outils numériques du quotidien"
	svcJobs       = "Insertion professionnelle via le numérique"
	svcSafety     = "Utilisation sécurisée du numérique"
	svcParents    = "Parentalité et éducation avec le numérique"
	svcCreate     = "Loisirs et créations numériques"
	svcUnderstand = "Compréhension du monde numérique"
	svcAccess     = "Accès internet et matériel informatique"
	svcEquipment  = "Acquisition de matériel informatique à prix solidaire"

	accWalkIn  = "Se présenter"
	accPhone   = "Téléphoner"
	accMail    = "Contacter par mail"
	accBooking = "Prendre un RDV en ligne"
	accReferee = "Envoyer un mail avec une fiche de prescription"

	supAlone  = "En autonomie"
	supOne    = "Accompagnement individuel"
	supGroup  = "Dans un atelier collectif"
	supRemote = "À distance"
)

// demoPlace is one fictitious place. owner is a structure key, "" for a
// place of the national data that no structure of the demo claims.
type demoPlace struct {
	owner      string
	source     string // national source when owner is ""
	name       string
	commune    string // INSEE code, one of the territory's communes
	address    string
	typology   string
	phone      string
	email      string
	hours      string
	summary    string
	services   []string
	publics    []string
	support    []string // prise_en_charge_specifique
	fees       []string
	programs   []string
	labels     []string // autres_formations_labels, such as the Pass numérique
	access     []string
	modes      []string
	monthsOld  int  // date_maj this many months before the demo's "now"
	centreOnly bool // coordinates unknown: the commune's centre
	closed     bool
	itinerant  bool
	booking    bool
	accesLibre bool
	website    bool
}

// demoPlaces: the first one is the CCAS's main place (id 1 in a fresh
// database, which the browser tests open). Each demo structure has at least
// one place in Rochefort (17299); the France Services one offers help with
// administrative procedures, for orientation.
var demoPlaces = []demoPlace{
	// CCAS de Rochefort.
	{owner: CCAS, name: "Espace numérique du CCAS (démo)", commune: CentreCode, address: "25 rue de la République", typology: "CCAS",
		phone: "05 36 49 00 01", email: "numerique@ccas.demo.parcours.test", hours: "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
		summary:  "Le CCAS vous aide à faire vos démarches en ligne et à utiliser votre téléphone ou votre ordinateur, avec ou sans rendez-vous.",
		services: []string{svcProcedures, svcEveryday, svcAccess}, publics: []string{"Seniors"}, fees: []string{"Gratuit"},
		programs: []string{"Conseillers numériques", "Aidants Connect"}, access: []string{accWalkIn, accPhone, accMail}, modes: []string{supOne, supAlone},
		monthsOld: 2, website: true, accesLibre: true},
	{owner: CCAS, name: "Permanence numérique du Petit-Marseille (démo)", commune: CentreCode, address: "4 rue Jean Jaurès", typology: "CCAS",
		hours: "Tu 14:00-17:00; Th 09:00-12:00; PH off", services: []string{svcProcedures, svcEveryday}, fees: []string{"Gratuit"},
		access: []string{accWalkIn}, modes: []string{supOne}, monthsOld: 14},
	{owner: CCAS, name: "Point numérique de Vergeroux (démo)", commune: "17463", address: "3 place de la Mairie", typology: "MUNI",
		phone: "05 36 49 00 02", hours: "We 09:00-12:00", services: []string{svcEveryday, svcSafety}, publics: []string{"Seniors"},
		fees: []string{"Gratuit"}, access: []string{accPhone}, modes: []string{supGroup}, monthsOld: 5},

	// France Services.
	{owner: FranceServices, name: "France Services Rochefort Océan (démo)", commune: CentreCode, address: "2 avenue Maurice Chupin", typology: "RFS",
		phone: "05 36 49 00 10", email: "france-services@demo.parcours.test", hours: "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off",
		summary:  "Un seul lieu pour vos démarches : CAF, Assurance maladie, France Travail, impôts, carte grise, retraite. Des agents vous accompagnent.",
		services: []string{svcProcedures, svcAccess}, fees: []string{"Gratuit"}, programs: []string{"France Services", "Aidants Connect"}, labels: []string{"Pass numérique"},
		access: []string{accWalkIn, accPhone, accBooking}, modes: []string{supOne, supAlone}, support: []string{"Surdité", "Handicaps moteurs"},
		monthsOld: 1, booking: true, website: true, accesLibre: true},
	{owner: FranceServices, name: "France Services itinérante à Tonnay-Charente (démo)", commune: "17449", address: "Place Gambetta", typology: "RFS",
		phone: "05 36 49 00 11", hours: `Mo 14:00-17:00; Th 09:00-12:00 "sur rendez-vous"`, services: []string{svcProcedures},
		fees: []string{"Gratuit"}, programs: []string{"France Services"}, access: []string{accPhone, accBooking}, modes: []string{supOne},
		monthsOld: 3, itinerant: true, booking: true},

	// Centre social.
	{owner: SocialCentre, name: "Atelier numérique du centre social Les Pertuis (démo)", commune: CentreCode, address: "10 rue des Pertuis", typology: "CSC",
		phone: "05 36 49 00 20", email: "accueil@pertuis.demo.parcours.test", hours: "Mo,Tu,Th 14:00-18:00; We 09:00-12:00,14:00-18:00; PH off",
		summary:  "Ateliers en petit groupe pour suivre la scolarité des enfants en ligne, faire son CV ou apprendre les bases de l'ordinateur.",
		services: []string{svcParents, svcEveryday, svcJobs}, publics: []string{"Familles et/ou enfants", "Jeunes"}, fees: []string{"Gratuit sous condition"},
		access: []string{accWalkIn, accPhone}, modes: []string{supGroup, supOne}, monthsOld: 4},
	{owner: SocialCentre, name: "Antenne d'Échillais du centre social (démo)", commune: "17146", address: "12 rue du Pont Transbordeur", typology: "CSC",
		hours: "Fr 14:00-17:00", services: []string{svcEveryday}, publics: []string{"Familles et/ou enfants"}, fees: []string{"Gratuit"},
		access: []string{accWalkIn}, modes: []string{supGroup}, monthsOld: 16},

	// Médiathèque.
	{owner: Library, name: "Espace multimédia de la médiathèque des Remparts (démo)", commune: CentreCode, address: "1 place des Remparts", typology: "BIB",
		phone: "05 36 49 00 30", email: "multimedia@remparts.demo.parcours.test", hours: "Tu,Th,Fr 13:00-18:00; We,Sa 10:00-18:00; PH off",
		summary:  "Ordinateurs, wifi et imprimante en libre accès. Ateliers photo, vidéo et découverte de l'intelligence artificielle le samedi.",
		services: []string{svcAccess, svcCreate, svcUnderstand}, fees: []string{"Gratuit"}, programs: []string{"Bibliothèques numérique de référence"},
		access: []string{accWalkIn}, modes: []string{supAlone, supGroup}, support: []string{"Déficience visuelle"}, monthsOld: 2, website: true, accesLibre: true},
	{owner: Library, name: "Point lecture numérique de Breuil-Magné (démo)", commune: "17065", address: "5 rue de l'Église", typology: "BIB",
		hours: "We 14:00-18:00; Sa 10:00-12:00", services: []string{svcAccess, svcCreate}, publics: []string{"Jeunes"}, fees: []string{"Gratuit"},
		access: []string{accWalkIn}, modes: []string{supAlone}, monthsOld: 6},

	// Association.
	{owner: Association, name: "Atelier du Port de Clic Solidaire (démo)", commune: CentreCode, address: "8 rue du Port", typology: "ASSO",
		phone: "05 36 49 00 40", email: "bonjour@clic-solidaire.demo.parcours.test", hours: "We 14:00-17:00; Sa[1] 09:00-12:00",
		summary:  "Ordinateurs reconditionnés à petit prix pour les personnes aux revenus modestes, et ateliers pour se protéger des arnaques.",
		services: []string{svcEquipment, svcSafety}, publics: []string{"Seniors"}, fees: []string{"Payant", "Gratuit sous condition"},
		programs: []string{"Certification PIX"}, access: []string{accWalkIn, accMail}, modes: []string{supGroup}, monthsOld: 3},
	{owner: Association, name: "Ressourcerie numérique de Tonnay-Charente (démo)", commune: "17449", address: "22 rue de la Résistance", typology: "RESSOURCERIE",
		hours: "Sa 10:00-12:00", services: []string{svcEquipment}, fees: []string{"Payant"}, access: []string{accWalkIn}, modes: []string{supAlone},
		monthsOld: 8, closed: true},

	// National data: places nobody in the demo claims yet.
	{source: "conseiller-numerique", name: "Point numérique de la mairie de Tonnay-Charente (démo)", commune: "17449", address: "1 rue de la Mairie", typology: "MUNI",
		phone: "05 36 49 00 50", hours: "Mo-Fr 09:00-12:00; PH off", services: []string{svcProcedures, svcEveryday}, fees: []string{"Gratuit"},
		programs: []string{"Conseillers numériques"}, access: []string{accWalkIn, accPhone}, modes: []string{supOne}, monthsOld: 7},
	{source: "conseiller-numerique", name: "Espace public numérique de Soubise (démo)", commune: "17429", address: "7 rue de l'Amiral Meyer", typology: "EPN",
		phone: "05 36 49 00 51", hours: "Tu,Th 09:00-12:00,14:00-17:00; Sa 09:00-12:00", services: []string{svcEveryday, svcAccess, svcUnderstand},
		fees: []string{"Gratuit"}, access: []string{accWalkIn}, modes: []string{supAlone, supGroup}, monthsOld: 9},
	{source: "france-services", name: "Maison des services d'Échillais (démo)", commune: "17146", address: "2 rue de la Gare", typology: "MSAP",
		phone: "05 36 49 00 52", hours: "Mo,We,Fr 09:00-12:30", services: []string{svcProcedures}, fees: []string{"Gratuit"},
		access: []string{accPhone, accWalkIn}, modes: []string{supOne}, monthsOld: 10},
	{source: "conseiller-numerique", name: "Tiers-lieu La Corderie numérique (démo)", commune: CentreCode, address: "18 rue Toufaire", typology: "TIERS_LIEUX",
		email: "corderie@demo.parcours.test", hours: "Mo-Fr 10:00-19:00; Sa 14:00-18:00", services: []string{svcCreate, svcUnderstand, svcAccess},
		publics: []string{"Étudiants", "Jeunes"}, fees: []string{"Gratuit sous condition"}, access: []string{accWalkIn, accMail},
		modes: []string{supAlone, supGroup}, monthsOld: 2, website: true},
	{source: "conseiller-numerique", name: "Point d'accès numérique CAF de Rochefort (démo)", commune: CentreCode, address: "30 avenue Lafayette", typology: "CAF",
		phone: "05 36 49 00 53", hours: "Mo-Th 08:30-12:00; PH off", services: []string{svcProcedures, svcAccess}, fees: []string{"Gratuit"},
		programs: []string{"Point d'accès numérique CAF"}, access: []string{accWalkIn}, modes: []string{supAlone}, monthsOld: 15},
	{source: "conseiller-numerique", name: "Espace numérique de Fouras (démo)", commune: "17168", address: "9 rue de la Halle", typology: "EPN",
		phone: "05 36 49 00 54", hours: "Mo-Fr 14:00-17:30; Sa 09:30-12:00", services: []string{svcEveryday, svcSafety, svcCreate},
		publics: []string{"Seniors"}, fees: []string{"Gratuit"}, access: []string{accWalkIn, accPhone}, modes: []string{supGroup, supOne}, monthsOld: 4},
	{source: "dora", name: "Permanence numérique de la Mission locale (démo)", commune: CentreCode, address: "15 rue Audry de Puyravault", typology: "ML",
		phone: "05 36 49 00 55", hours: "We 13:30-17:00", services: []string{svcJobs}, publics: []string{"Jeunes"}, fees: []string{"Gratuit"},
		access: []string{accPhone, accReferee}, modes: []string{supOne}, monthsOld: 6},
	{source: "conseiller-numerique", name: "Bibliothèque de Port-des-Barques (démo)", commune: "17484", address: "4 avenue de l'Île Madame", typology: "BIB",
		hours: "We 10:00-12:00,14:00-18:00; Sa 10:00-12:00", services: []string{svcAccess, svcCreate}, fees: []string{"Gratuit"},
		access: []string{accWalkIn}, modes: []string{supAlone}, monthsOld: 11},
	{source: "conseiller-numerique", name: "Foyer rural de Saint-Agnant (démo)", commune: "17308", address: "6 place de l'Église", typology: "ASSO",
		phone: "05 36 49 00 56", hours: "Sa 09:00-12:00", services: []string{svcEveryday}, publics: []string{"Seniors"}, fees: []string{"Payant"},
		access: []string{accPhone}, modes: []string{supGroup}, monthsOld: 5},
	{source: "aidants-connect", name: "Aidants Connect à la mairie de Breuil-Magné (démo)", commune: "17065", address: "1 place de la Mairie", typology: "MUNI",
		phone: "05 36 49 00 57", hours: "Tu,Fr 09:00-12:00; PH off", services: []string{svcProcedures}, fees: []string{"Gratuit"},
		programs: []string{"Aidants Connect"}, access: []string{accPhone, accWalkIn}, modes: []string{supOne}, monthsOld: 3},
	{source: "conseiller-numerique", name: "Espace de vie sociale de Saint-Laurent-de-la-Prée (démo)", commune: "17353", address: "11 rue des Écoles", typology: "EVS",
		phone: "05 36 49 00 58", hours: "Mo,Th 14:00-17:00", services: []string{svcEveryday, svcParents}, publics: []string{"Familles et/ou enfants"},
		fees: []string{"Gratuit"}, access: []string{accWalkIn}, modes: []string{supGroup}, monthsOld: 18},
	{source: "conseiller-numerique", name: "Atelier tablette de la résidence Les Tamaris (démo)", commune: CentreCode, address: "40 rue Émile Zola", typology: "Autre",
		phone: "05 36 49 00 59", hours: "Fr 10:00-11:30", services: []string{svcEveryday}, publics: []string{"Seniors"}, fees: []string{"Gratuit"},
		access: []string{accPhone}, modes: []string{supGroup}, support: []string{"Handicaps moteurs", "Surdité"}, monthsOld: 2},
	{source: "dora", name: "Repair café numérique de Saint-Nazaire-sur-Charente (démo)", commune: "17375", address: "Salle des fêtes, rue du Bac", typology: "ASSO",
		hours: "Sa[-1] 14:00-17:00", services: []string{svcEquipment, svcEveryday}, fees: []string{"Payant"}, access: []string{accWalkIn},
		modes: []string{supOne}, monthsOld: 7},
	{source: "conseiller-numerique", name: "Point numérique de Trizay (démo)", commune: "17453", address: "2 rue de l'Abbaye", typology: "MUNI",
		hours: "Th 09:00-12:00", services: []string{svcProcedures, svcEveryday}, fees: []string{"Gratuit"}, access: []string{accWalkIn},
		modes: []string{supOne}, monthsOld: 20, centreOnly: true},
	{source: "conseiller-numerique", name: "Espace numérique de Moëze (démo)", commune: "17237", address: "3 rue de la Citadelle", typology: "MUNI",
		phone: "05 36 49 00 60", hours: "We 14:00-17:00; PH off", services: []string{svcEveryday}, fees: []string{"Gratuit"},
		access: []string{accPhone}, modes: []string{supOne, supRemote}, monthsOld: 6},
	{source: "dora", name: "Atelier numérique de la maison de quartier Libération (démo)", commune: CentreCode, address: "1 avenue de la Libération", typology: "MQ",
		phone: "05 36 49 00 61", hours: "Mo,We 09:00-11:30", services: []string{svcEveryday, svcProcedures}, publics: []string{"Femmes"},
		support: []string{"Illettrisme", "Langues étrangères (autres)"}, fees: []string{"Gratuit"}, access: []string{accWalkIn, accReferee},
		modes: []string{supGroup, supOne}, monthsOld: 1},
	{source: "conseiller-numerique", name: "Point numérique de Cabariot (démo)", commune: "17075", address: "8 rue de la Charente", typology: "MUNI",
		phone: "05 36 49 00 62", hours: "Tu 09:00-12:00", services: []string{svcEveryday, svcSafety}, fees: []string{"Gratuit"},
		access: []string{accPhone}, modes: []string{supOne, supRemote}, support: []string{"Surdité"}, monthsOld: 8},
	{source: "conseiller-numerique", name: "Café numérique de Muron (démo)", commune: "17253", address: "Place du Marché", typology: "ASSO",
		hours: "Sa[2] 10:00-12:00", services: []string{svcUnderstand, svcSafety}, fees: []string{"Gratuit"}, access: []string{accWalkIn},
		modes: []string{supGroup, supRemote}, monthsOld: 4},
}

// demoReports are open "Signaler une erreur" reports: one on the CCAS's main
// place (seen by the CCAS and the coordinator), one on a national place
// nobody owns (seen by the coordinator only).
var demoReports = []struct {
	place      string
	section    placereport.Section
	correction string
	contact    string
	daysAgo    int
}{
	{"Espace numérique du CCAS (démo)", placereport.SectionHours,
		"Le vendredi après-midi c'est fermé depuis la rentrée, j'ai trouvé porte close deux fois.", "06 12 34 56 78", 3},
	{"Point d'accès numérique CAF de Rochefort (démo)", placereport.SectionGone,
		"L'ordinateur en libre accès a été retiré, l'accueil dit d'aller à la France Services.", "", 10},
}

// loadPlaces adds about thirty fictitious places around the centre commune
// , each checked with the same validator as an import.
func loadPlaces(ctx context.Context, core *store.Store, t *Territory) error {
	st := placestore.New(core)
	inTerritory := map[string]commune.Commune{}
	for _, c := range t.Communes {
		inTerritory[c.Code] = c
	}
	pivots := map[string]string{}
	for _, d := range demoStructures {
		pivots[d.key] = d.siret
		if d.siret == "" {
			pivots[d.key] = d.rna
		}
	}
	ids := map[string]int64{}
	for i, d := range demoPlaces {
		c, ok := inTerritory[d.commune]
		if !ok {
			return fmt.Errorf("lieu « %s » : la commune %s n'est pas dans le territoire de démonstration", d.name, d.commune)
		}
		p := buildDemoPlace(i, d, c, t, pivots)
		p.Normalize()
		if err := p.Validate(); err != nil {
			return fmt.Errorf("lieu « %s » : %w", d.name, err)
		}
		if err := st.CreatePlace(ctx, p, t.Now); err != nil {
			return fmt.Errorf("lieu « %s » : %w", d.name, err)
		}
		ids[d.name] = p.ID
	}
	for _, r := range demoReports {
		rep := placereport.Report{PlaceID: ids[r.place], Section: r.section, Correction: r.correction, Contact: r.contact}
		rep.Normalize()
		if err := rep.Validate(); err != nil {
			return fmt.Errorf("signalement sur « %s » : %w", r.place, err)
		}
		if err := st.CreatePlaceReport(ctx, &rep, "", t.Now.Add(-time.Duration(r.daysAgo)*24*time.Hour)); err != nil {
			return err
		}
	}
	return loadPlaceTranslations(ctx, st, t, ids["Espace numérique du CCAS (démo)"])
}

// loadPlaceTranslations names the CCAS's mediator and reception agent its
// translators and gives its main place's summary in English, reviewed by
// the second, and in Arabic, still to review.
func loadPlaceTranslations(ctx context.Context, st *placestore.Store, t *Territory, placeID int64) error {
	ccas := scope.OfStructure(t.Structures[CCAS])
	mediator, reception := t.Users[account.RoleMediation], t.Users[account.RoleReception]
	for _, id := range []int64{mediator, reception} {
		if err := st.GrantTranslator(ctx, ccas, id, mediator, t.Now); err != nil {
			return err
		}
	}
	for _, tr := range []place.Translation{
		{PlaceID: placeID, Lang: "en", TranslatorID: mediator,
			Summary: "The CCAS helps you do your paperwork online and use your phone or computer, with or without an appointment."},
		{PlaceID: placeID, Lang: "ar", TranslatorID: mediator,
			Summary: "يساعدك المركز البلدي للعمل الاجتماعي على القيام بإجراءاتك عبر الإنترنت واستخدام هاتفك أو حاسوبك، بموعد أو بدون موعد."},
	} {
		if err := st.SavePlaceTranslation(ctx, ccas, &tr, t.Now); err != nil {
			return err
		}
	}
	return st.ReviewPlaceTranslation(ctx, ccas, placeID, "en", reception, t.Now)
}

func buildDemoPlace(i int, d demoPlace, c commune.Commune, t *Territory, pivots map[string]string) *place.Place {
	p := &place.Place{
		Source: place.SourceParcours, Status: place.StatusOpen, Name: d.name, Commune: c.Name, PostalCode: c.PostalCodes[0],
		InseeCode: c.Code, Address: d.address, Typologies: []string{d.typology}, Phone: d.phone, Hours: d.hours, Summary: d.summary,
		Services: d.services, Publics: d.publics, SpecificSupport: d.support, Fees: d.fees, NationalPrograms: d.programs,
		AccessModes: d.access, SupportModes: d.modes, Itinerance: []string{"Fixe"}, OtherLabels: d.labels,
	}
	if d.email != "" {
		p.Emails = []string{d.email}
	}
	slug := demoSlug(d.name)
	if d.website {
		p.Websites = []string{"https://demo.parcours.test/" + slug}
	}
	if d.booking {
		p.BookingURL = "https://rdv.demo.parcours.test/" + slug
	}
	if d.accesLibre {
		p.AccessibilityURL = "https://acceslibre.demo.parcours.test/" + slug
	}
	if d.itinerant {
		p.Itinerance = []string{"Itinérant"}
	}
	if d.closed {
		p.Status = place.StatusClosed
	}
	if d.owner != "" {
		p.StructureID = t.Structures[d.owner]
		p.Pivot = pivots[d.owner]
		p.Collector = "Parcours (démo)"
	} else {
		p.Source = d.source
		p.SourceID = fmt.Sprintf("%s-demo-%04d", d.source, i+1)
		p.Pivot = siretWithKey(fmt.Sprintf("99999010%05d", i+1))
		p.Collector = map[string]string{"conseiller-numerique": "Conseiller Numérique", "dora": "Dora", "france-services": "France Services",
			"aidants-connect": "Aidants Connect"}[d.source]
		p.ParentStructure = "Réseau national (démo)"
	}
	// Coordinates near the commune's centre: fixed pseudo-random offsets of
	// a few hundred metres, the same at every load.
	p.Latitude, p.Longitude, p.HasCoords = c.Lat, c.Lon, true
	if d.centreOnly {
		p.CoordsFrom = place.CoordsFromCommune
	} else {
		p.CoordsFrom = place.CoordsFromSource
		dy, dx := demoOffset(i)
		p.Latitude = math.Round((p.Latitude+dy*0.006)*1e6) / 1e6 // six decimals: about 10 cm
		p.Longitude = math.Round((p.Longitude+dx*0.009)*1e6) / 1e6
	}
	// date_maj: a date, months before now, minus a few days so that dates vary.
	y, m, day := t.Now.AddDate(0, -d.monthsOld, -(i % 9)).Date()
	p.UpdatedOn = time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
	return p
}

// demoOffset returns two numbers in [-1, 1) that depend only on i.
func demoOffset(i int) (float64, float64) {
	x := uint32(i)*2654435761 + 12345
	x ^= x >> 13
	x *= 0x5bd1e995
	y := x*1103515245 + 12345
	return float64(x%2000)/1000 - 1, float64(y%2000)/1000 - 1
}

// demoSlug turns a name into a path segment for the fictitious web addresses.
func demoSlug(name string) string {
	name = strings.ToLower(strings.TrimSuffix(name, " (démo)"))
	r := strings.NewReplacer("é", "e", "è", "e", "ê", "e", "à", "a", "ç", "c", "ô", "o", "ë", "e", "'", "-", " ", "-")
	return strings.Trim(r.Replace(name), "-")
}
