package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// demoPersons are fictitious residents followed by the CCAS; phone numbers
// are in the range ARCEP keeps for fiction (01 99 00 xx xx).
var demoPersons = []struct {
	first, last string
	year        int
	gender      string
	status      string
	communeIdx  int // index in the territory's communes, nearest first
	phone       string
	language    string
	needs       []string
	follow      person.FollowStatus
	daysAgo     int
}{
	{"Jeannine", "Moreau", 1948, "feminin", "retraite", 0, "01 99 00 00 01", "", []string{"gros_caracteres"}, person.InProgress, 60},
	{"Karim", "Benali", 1985, "masculin", "sans_emploi", 0, "01 99 00 00 02", "", nil, person.InProgress, 40},
	{"Lucienne", "Girard", 1939, "feminin", "retraite", 1, "", "", []string{"malentendant"}, person.Waiting, 20},
	{"Sofia", "Petit", 2003, "feminin", "scolarise", 0, "01 99 00 00 04", "", nil, person.Waiting, 12},
	{"Bernard", "Leroy", 1956, "masculin", "retraite", 2, "01 99 00 00 05", "", nil, person.Autonomous, 120},
	{"Yasmina", "Haddad", 1977, "feminin", "en_emploi", 0, "01 99 00 00 06", "arabe", []string{"interprete"}, person.Waiting, 5},
	{"Gérard", "Fontaine", 1944, "masculin", "retraite", 3, "", "", nil, person.Lost, 200},
	{"Marie", "Dupont", 1962, "feminin", "sans_emploi", 0, "01 99 00 00 08", "", nil, person.InProgress, 30},
	{"Marie", "DUPONT", 1962, "feminin", "sans_emploi", 0, "", "", nil, person.Waiting, 2}, // a probable duplicate to merge
}

// loadReception adds followed persons with their history:
// evaluations, referrals to and from France Services, activities of the
// conseiller numérique, so the pages show something real.
func loadReception(ctx context.Context, st *store.Store, t *Territory) error {
	ccas, fs := t.Structures[CCAS], t.Structures[FranceServices]
	reception, mediator, partner := t.Users[account.RoleReception], t.Users[account.RoleMediation], t.Users[account.RolePartner]
	ccasName, fsName := "CCAS de Rochefort (démo)", "France Services Rochefort Océan (démo)"
	who := func(name, role string) journal.Entry {
		return journal.Entry{ActorStructureID: ccas, UserID: reception, Who: name + " (" + role + ")", Action: journal.Create, What: "Démonstration"}
	}
	day := func(daysAgo int) time.Time { return t.Now.AddDate(0, 0, -daysAgo) }
	var placeID int64
	var placeName string
	if ps, err := placestore.New(st).ListPlaces(ctx, placestore.PlaceFilter{StructureID: ccas, Limit: 1}); err == nil && len(ps) > 0 {
		placeID, placeName = ps[0].ID, ps[0].Name
	} else if err != nil {
		return err
	}
	ids := make([]int64, len(demoPersons))
	for i, d := range demoPersons {
		c := t.Communes[min(d.communeIdx, len(t.Communes)-1)]
		p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: d.first, LastName: d.last, BirthYear: d.year, Gender: d.gender,
			CommuneCode: c.Code, SocialStatus: d.status, Phone: d.phone, Language: d.language, Needs: d.needs, Status: person.Waiting, CreatedBy: reception}
		p.Normalize()
		if err := p.Validate(t.Now); err != nil {
			return fmt.Errorf("personne %s %s : %w", d.first, d.last, err)
		}
		var consents []person.Consent
		for _, purpose := range []string{person.ConsentFollow, person.ConsentShare} {
			cs, _ := person.NewConsent(purpose, ccasName)
			cs.CollectedBy = reception
			consents = append(consents, cs)
		}
		if err := st.CreatePerson(ctx, scope.OfStructure(p.StructureID), &p, consents, who("Agnès Accueil", "Accueil"), day(d.daysAgo)); err != nil {
			return err
		}
		ids[i] = p.ID
		// First evaluation at reception.
		yes := map[person.FollowStatus]int{person.Waiting: 2, person.InProgress: 3, person.Autonomous: 4, person.Lost: 1}[d.follow]
		e := evaluation.Evaluation{StructureID: ccas, PersonID: p.ID, Themes: []string{"email", "navigation_sur_internet"}, Equipment: []string{"smartphone"}, CreatedBy: reception}
		if i%3 == 1 {
			e.Themes = []string{activity.ThemeProcedures}
			e.Procedures = []string{"travail_formation"}
		}
		if d.follow == person.Waiting && i == 5 {
			e.Deadline = day(-10).Format("2006-01-02")
			e.Themes = append(e.Themes, activity.ThemeProcedures)
			e.Procedures = []string{"social_sante"}
		}
		for q := range evaluation.Questions {
			e.Answers = append(e.Answers, q < yes)
		}
		e.Compute(day(d.daysAgo))
		if d.follow == person.Waiting {
			e.NextStep = evaluation.StepIndividual
		}
		if err := st.CreateEvaluation(ctx, scope.OfStructure(e.StructureID), &e, who("Agnès Accueil", "Accueil"), day(d.daysAgo)); err != nil {
			return err
		}
		// Accompaniments of the conseiller numérique for those followed.
		if d.follow == person.InProgress || d.follow == person.Autonomous || d.follow == person.Lost {
			for k := 0; k < 2; k++ {
				a := activity.Activity{StructureID: ccas, AuthorID: mediator, Type: activity.TypeIndividual, Date: day(d.daysAgo - 3 - 7*k).Format(activity.DateLayout),
					Duration: 60, Canal: "lieu_activite", PlaceID: placeID, PlaceName: placeName, Equipment: []string{"telephone"},
					Themes: []string{"email"}, Autonomy: []string{"entierement_accompagne", "partiellement_autonome"}[k], PersonID: p.ID,
					Notes: "Note de démonstration : visible seulement par Mehdi Médiateur."}
				if placeID == 0 {
					a.Canal, a.CommuneCode = "autre", c.Code
				}
				a.Normalize()
				j := who("Mehdi Médiateur", "Médiation numérique")
				j.UserID, j.What = mediator, "Accompagnement (démonstration)"
				if err := activitystore.New(st).CreateActivity(ctx, scope.OfStructure(ccas), &a, j, day(d.daysAgo-3-7*k)); err != nil {
					return err
				}
			}
		}
		if d.follow != person.Waiting && d.follow != person.InProgress {
			if err := st.SetFollowStatus(ctx, scope.OfStructure(ccas), p.ID, d.follow, who("Mehdi Médiateur", "Médiation numérique"), day(d.daysAgo-20)); err != nil {
				return err
			}
		}
	}
	// A workshop with followed and anonymous participants.
	w := activity.Activity{StructureID: ccas, AuthorID: mediator, Type: activity.TypeWorkshop, Date: day(8).Format(activity.DateLayout), Duration: 120,
		Canal: "lieu_activite", PlaceID: placeID, PlaceName: placeName, Equipment: []string{"tablette"}, Themes: []string{"navigation_sur_internet", "securite_numerique"},
		Title: "Premiers pas sur internet", Level: "debutant", AnonTotal: 4, AnonReturning: 1,
		AnonCounts: map[string]int{activity.AnonKey("genre", "feminin"): 3, activity.AnonKey("genre", "masculin"): 1, activity.AnonKey("age", "soixante_dix_plus"): 2}}
	if placeID == 0 {
		w.Canal, w.CommuneCode = "autre", t.Centre.Code
	}
	w.SetParticipantIDs([]int64{ids[0], ids[7]})
	w.Normalize()
	j := who("Mehdi Médiateur", "Médiation numérique")
	j.UserID = mediator
	if err := activitystore.New(st).CreateActivity(ctx, scope.OfStructure(ccas), &w, j, day(8)); err != nil {
		return err
	}
	// Referrals: CCAS → France Services (validated, and one open), and the
	// other way, France Services → CCAS (open, in the CCAS's inbox).
	for k, idx := range []int{1, 5} {
		r := referral.Referral{SenderStructureID: ccas, ReceiverStructureID: fs, ReceiverName: fsName, PersonID: ids[idx],
			PersonName: demoPersons[idx].first + " " + demoPersons[idx].last, ContactMethod: "telephone", ContactValue: demoPersons[idx].phone,
			Service: "Aide aux démarches administratives", AvailableFrom: day(30 - 25*k).Format("2006-01-02"),
			Reason:   []string{"Actualisation France Travail bloquée.", "Dossier de complémentaire santé à envoyer avant la date limite."}[k],
			Informed: true, CreatedBy: reception}
		r.Normalize()
		if err := st.CreateReferral(ctx, scope.OfStructure(ccas), store.NewReferral{Referral: &r, Who: "Agnès Accueil (" + ccasName + ")", Journal: who("Agnès Accueil", "Accueil")}, day(30-25*k)); err != nil {
			return err
		}
		if k == 0 {
			if err := st.DecideReferral(ctx, scope.OfStructure(fs), r.ID, referral.Decision{Accept: true, Comment: "Rendez-vous pris."}, partner, "Paul Partenaire ("+fsName+")", day(28)); err != nil {
				return err
			}
		}
	}
	// A referral to a place of the map whose structure does not use
	// Parcours: it answers through a signed link valid 8 days.
	places, err := placestore.New(st).ListPlaces(ctx, placestore.PlaceFilter{Service: "Aide aux démarches administratives"})
	if err != nil {
		return err
	}
	// One with an e-mail address, when there is one: the link goes by e-mail.
	sort.SliceStable(places, func(i, j int) bool { return len(places[i].Emails) > len(places[j].Emails) })
	for _, pl := range places {
		if pl.StructureID != 0 || !pl.Open() {
			continue
		}
		idx := 3
		r := referral.Referral{SenderStructureID: ccas, ReceiverPlaceID: pl.ID, ReceiverName: pl.Name, PersonID: ids[idx],
			PersonName: demoPersons[idx].first + " " + demoPersons[idx].last, ContactMethod: "telephone", ContactValue: demoPersons[idx].phone,
			Service: "Aide aux démarches administratives", AvailableFrom: day(2).Format("2006-01-02"), Reason: "Première demande de bourse étudiante.",
			Informed: true, CreatedBy: reception, LinkExpiresAt: day(2).Add(referral.LinkValidity)}
		r.Normalize()
		if err := st.CreateReferral(ctx, scope.OfStructure(ccas), store.NewReferral{Referral: &r, Who: "Agnès Accueil (" + ccasName + ")", Journal: who("Agnès Accueil", "Accueil")}, day(2)); err != nil {
			return err
		}
		break
	}
	fsPerson := person.Person{StructureID: fs, Kind: person.Followed, FirstName: "André", LastName: "Marchand", BirthYear: 1952, Gender: "masculin",
		CommuneCode: t.Centre.Code, SocialStatus: "retraite", Phone: "01 99 00 00 20", Status: person.InProgress, CreatedBy: partner}
	fsPerson.Normalize()
	share, _ := person.NewConsent(person.ConsentShare, fsName)
	follow, _ := person.NewConsent(person.ConsentFollow, fsName)
	fj := journal.Entry{ActorStructureID: fs, UserID: partner, Who: "Paul Partenaire (Partenaire)", Action: journal.Create, What: "Démonstration"}
	if err := st.CreatePerson(ctx, scope.OfStructure(fsPerson.StructureID), &fsPerson, []person.Consent{follow, share}, fj, day(3)); err != nil {
		return err
	}
	back := referral.Referral{SenderStructureID: fs, ReceiverStructureID: ccas, ReceiverName: ccasName, PersonID: fsPerson.ID, PersonName: "André Marchand",
		ContactMethod: "telephone", ContactValue: "01 99 00 00 20", Service: "Maîtrise des outils numériques du quotidien",
		AvailableFrom: day(3).Format("2006-01-02"), Reason: "Veut apprendre à faire ses démarches seul sur son téléphone.", Informed: true, CreatedBy: partner}
	back.Normalize()
	return st.CreateReferral(ctx, scope.OfStructure(fs), store.NewReferral{Referral: &back, Who: "Paul Partenaire (" + fsName + ")", Journal: fj}, day(3))
}
