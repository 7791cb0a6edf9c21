package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// Fictitious mobile numbers: ARCEP keeps 06 39 98 xx xx for fiction.
func demoMobile(n int) string { return fmt.Sprintf("06 39 98 %02d %02d", n/100, n%100) }

// loadAgenda adds permanences on three sites and workshops, one full with a waiting list.
func loadAgenda(ctx context.Context, st *store.Store, t *Territory) error {
	ccas, fs := t.Structures[CCAS], t.Structures[FranceServices]
	mediator, reception, partner := t.Users[account.RoleMediation], t.Users[account.RoleReception], t.Users[account.RolePartner]
	places, err := placestore.New(st).ListPlaces(ctx, placestore.PlaceFilter{StructureID: ccas})
	if err != nil {
		return err
	}
	if len(places) < 3 {
		return fmt.Errorf("le CCAS de démonstration a %d lieux, 3 attendus", len(places))
	}
	main, district, village := places[0].ID, places[1].ID, places[2].ID
	now := t.Now
	clock := func() time.Time { return now }
	ag := agendastore.New(st)
	out := agendasvc.NewOutbox(st, agendasvc.OutboxConfig{Now: clock})
	ws := workshops.New(workshopstore.New(st), out, workshops.Config{Now: clock})
	svc := agendasvc.New(ag, out, ws, agendasvc.Config{Now: clock})
	actors := map[int64]*account.Actor{}
	for _, m := range []struct{ user, structure int64 }{{reception, ccas}, {partner, fs}, {mediator, ccas}} {
		if actors[m.user], err = st.ActorForMembership(ctx, m.user, m.structure); err != nil {
			return err
		}
	}
	sc := scope.OfStructure(ccas)

	// Motives.
	motives := []agenda.Motive{
		{Name: "Accompagnement numérique", Duration: 30, Location: agenda.LocationOnSite, BookableBy: agenda.BookAnyone, MinDelayHours: 2, MaxDelayDays: 60,
			InstructionsBefore: "Apportez votre téléphone ou votre ordinateur portable, et vos mots de passe si vous les avez.",
			InstructionsAfter:  "Si vous avez un empêchement, annulez : la place servira à quelqu'un d'autre."},
		{Name: "Aide aux démarches en ligne", Duration: 45, Location: agenda.LocationOnSite, BookableBy: agenda.BookPartners, MinDelayHours: 24, MaxDelayDays: 45,
			InstructionsBefore: "Apportez vos papiers : carte d'identité, numéro d'allocataire ou de sécurité sociale, courriers reçus."},
		{Name: "Premier entretien : faire le point", Duration: 60, Location: agenda.LocationOnSite, BookableBy: agenda.BookStaff, MaxDelayDays: 90},
		{Name: "Rendez-vous par téléphone", Duration: 30, Location: agenda.LocationPhone, BookableBy: agenda.BookAnyone, MinDelayHours: 4, MaxDelayDays: 30},
	}
	for i := range motives {
		if motives[i], err = svc.CreateMotive(ctx, actors[mediator], motives[i]); err != nil {
			return err
		}
	}
	ids := func(idx ...int) []int64 {
		var out []int64
		for _, i := range idx {
			out = append(out, motives[i].ID)
		}
		return out
	}

	// Permanences on three sites, held by the conseiller numérique, since a
	// fortnight; the site's own opening hours.
	monday := agenda.WeekStart(now).AddDate(0, 0, -14)
	from := monday.Format(agenda.DateLayout)
	perms := []agenda.Permanence{
		{PlaceID: main, Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60, EveryWeeks: 1, Mode: agenda.ModeAppointment, MotiveIDs: ids(0, 1, 2, 3),
			Note: "Salle du fond, à droite de l'accueil."},
		{PlaceID: main, Weekday: time.Thursday, Start: 14 * 60, End: 17 * 60, EveryWeeks: 1, Mode: agenda.ModeBoth, MotiveIDs: ids(0, 1)},
		{PlaceID: district, Weekday: time.Thursday, Start: 9 * 60, End: 12 * 60, EveryWeeks: 2, Mode: agenda.ModeAppointment, MotiveIDs: ids(0, 1)},
		{PlaceID: village, Weekday: time.Wednesday, Start: 9 * 60, End: 12 * 60, EveryWeeks: 1, Mode: agenda.ModeBoth, MotiveIDs: ids(0, 3)},
	}
	for i := range perms {
		p := &perms[i]
		p.StaffIDs, p.From, p.SkipHolidays = []int64{mediator}, from, true
		p.Normalize()
		if err := p.Validate(); err != nil {
			return err
		}
		if err := ag.CreatePermanence(ctx, sc, p, now); err != nil {
			return err
		}
	}

	persons, _, err := st.ListPersons(ctx, sc, store.PersonFilter{Limit: 100})
	if err != nil {
		return err
	}
	personID := func(first, last string) int64 {
		for _, p := range persons {
			if p.FirstName == first && p.LastName == last {
				return p.ID
			}
		}
		return 0
	}

	// Appointments: slots of the Tuesday permanence, past and to come.
	book := func(p agenda.Permanence, week, slot int, m agenda.Motive, status string, c agenda.Contact, personID int64, via string, by, byStructure int64) error {
		occ := p.Occurrences(monday.AddDate(0, 0, 7*week), monday.AddDate(0, 0, 7*week+7))
		if len(occ) == 0 || occ[0].Skipped {
			return nil // a public holiday: no appointment that week
		}
		start := occ[0].Start.Add(time.Duration(slot*m.Duration) * time.Minute)
		slotValue := agenda.Slot{PermanenceID: p.ID, Start: start}.Value()
		switch {
		case start.After(now) && via == agenda.ViaOnline:
			if start.Before(now.Add(time.Duration(m.MinDelayHours) * time.Hour)) {
				return nil // too close to the start: no resident could have booked it online
			}
			_, _, err := svc.BookPublic(ctx, m.ID, agendasvc.PublicBooking{Slot: slotValue, Contact: c, Agreed: true})
			return err
		case start.After(now):
			_, err := svc.Book(ctx, actors[by], agendasvc.Booking{MotiveID: m.ID, Slot: slotValue, Contact: c, PersonID: personID, Agreed: true})
			return err
		}
		c.Normalize()
		a := agenda.Appointment{PlaceID: p.PlaceID, PermanenceID: p.ID, MotiveID: m.ID, MotiveName: m.Name, Location: m.Location,
			StaffID: mediator, Start: start, End: start.Add(time.Duration(m.Duration) * time.Minute), Status: status, PersonID: personID,
			Name: c.Name, Phone: c.Phone, Email: c.Email, Need: c.Need, ConsentWording: agenda.ConsentWording("CCAS de Rochefort (démo)"),
			BookedVia: via, BookedByUserID: by, BookedByStructureID: byStructure, CreatedAt: now}
		return ag.BookAppointment(ctx, sc, &a, nil, journal.Entry{ActorStructureID: ccas, UserID: by, Who: "Agnès Accueil (Accueil)", Action: journal.Create, What: "Démonstration"}, start.AddDate(0, 0, -5))
	}
	tuesday := perms[0]
	for _, b := range []struct {
		week, slot int
		motive     int
		status     string
		first      string
		last       string
		contact    agenda.Contact
		via        string
	}{
		{0, 0, 0, agenda.StatusPresent, "Jeannine", "Moreau", agenda.Contact{Name: "Jeannine Moreau", Need: "Envoyer des photos à ses petits-enfants"}, agenda.ViaStaff},
		{0, 2, 0, agenda.StatusAbsent, "Karim", "Benali", agenda.Contact{Name: "Karim Benali", Need: "Actualisation France Travail"}, agenda.ViaStaff},
		{1, 1, 0, agenda.StatusPresent, "Marie", "Dupont", agenda.Contact{Name: "Marie Dupont", Need: "Créer une adresse e-mail"}, agenda.ViaStaff},
		{1, 3, 0, agenda.StatusExcused, "", "", agenda.Contact{Name: "Odile Martin", Phone: demoMobile(101)}, agenda.ViaOnline},
		{2, 0, 0, agenda.StatusPending, "", "", agenda.Contact{Name: "Odile Martin", Phone: demoMobile(101), Need: "Utiliser WhatsApp"}, agenda.ViaOnline},
		{2, 1, 1, agenda.StatusPending, "Sofia", "Petit", agenda.Contact{Name: "Sofia Petit", Email: "sofia.petit@demo.parcours.test", Need: "Dossier de bourse"}, agenda.ViaStaff},
		{3, 0, 0, agenda.StatusPending, "", "", agenda.Contact{Name: "Hervé Lambert", Phone: demoMobile(102), Email: "herve.lambert@demo.parcours.test"}, agenda.ViaOnline},
	} {
		who := reception
		if b.via == agenda.ViaOnline {
			who = 0
		}
		if err := book(tuesday, b.week, b.slot, motives[b.motive], b.status, b.contact, personID(b.first, b.last), b.via, who, ccas); err != nil {
			return fmt.Errorf("rendez-vous de %s : %w", b.contact.Name, err)
		}
	}
	// France Services books for the person it orients to the CCAS.
	refs, err := st.ListReferrals(ctx, scope.OfStructure(fs), store.ReferralFilter{Box: store.BoxSent})
	if err != nil {
		return err
	}
	for _, r := range refs {
		if r.ReceiverStructureID == ccas && r.State == referral.Open {
			thursday := perms[1]
			occ := thursday.Occurrences(now.AddDate(0, 0, 3), now.AddDate(0, 0, 17))
			for _, o := range occ {
				if o.Skipped {
					continue
				}
				_, err := svc.BookAsPartner(ctx, actors[partner], motives[1].ID, agendasvc.PartnerBooking{Slot: agenda.Slot{PermanenceID: thursday.ID, Start: o.Start}.Value(),
					Contact: agenda.Contact{Name: r.PersonName, Phone: demoMobile(103), Need: r.Service}, ReferralID: r.ID, Agreed: true})
				if err != nil {
					return fmt.Errorf("rendez-vous pris par France Services : %w", err)
				}
				break
			}
			break
		}
	}
	// An absence of the conseiller numérique, in three weeks.
	abs := agenda.Absence{UserID: mediator, Start: monday.AddDate(0, 0, 35).Add(8 * time.Hour), End: monday.AddDate(0, 0, 37).Add(19 * time.Hour), Reason: "Formation des conseillers numériques"}
	if _, err := svc.CreateAbsence(ctx, actors[mediator], abs); err != nil {
		return err
	}

	return loadWorkshops(ctx, st, ws, actors[mediator], t, []int64{main, district, village}, personID)
}

func loadWorkshops(ctx context.Context, st *store.Store, ws *workshops.Service, mediator *account.Actor, t *Territory, sites []int64, personID func(string, string) int64) error {
	wst := workshopstore.New(st)
	now := t.Now
	sc := mediator.Scope()
	day := func(daysFromNow int, hour int) time.Time {
		p := now.In(frtime.Paris).AddDate(0, 0, daysFromNow)
		return time.Date(p.Year(), p.Month(), p.Day(), hour, 0, 0, 0, frtime.Paris)
	}
	cycle := func(first time.Time, n int, minutes int) []workshop.Session {
		var out []workshop.Session
		for i := range n {
			s := first.AddDate(0, 0, 7*i)
			out = append(out, workshop.Session{Start: s, End: s.Add(time.Duration(minutes) * time.Minute)})
		}
		return out
	}
	list := []workshop.Workshop{
		{Title: "Premiers pas sur la tablette", Themes: []string{"prendre_en_main_du_materiel", "navigation_sur_internet"}, Level: "debutant", Audience: workshop.AudienceSeniors,
			Description: "Vous n'avez jamais utilisé de tablette ? On commence ensemble : l'allumer, écrire, prendre une photo, envoyer un message. Une tablette vous est prêtée.",
			PlaceID:     sites[0], Capacity: 6, PassNumerique: true, Sessions: cycle(day(5, 14), 8, 120)},
		{Title: "Bien utiliser sa messagerie", Themes: []string{"email"}, Level: "intermediaire", Audience: workshop.AudienceResidents,
			Description: "Vous avez une adresse e-mail ? Apprenez à trier vos messages, envoyer une pièce jointe et reconnaître un message douteux. Apportez votre téléphone ou votre ordinateur.",
			PlaceID:     sites[0], Capacity: 8, Sessions: cycle(day(8, 10), 4, 90)},
		{Title: "Mon compte Ameli et Mon Espace Santé", Themes: []string{"sante", "aide_aux_demarches_administratives"}, Level: "debutant", Audience: workshop.AudienceResidents,
			Description: "Créer son compte Ameli, télécharger une attestation, ouvrir Mon Espace Santé. Apportez votre carte Vitale et votre téléphone.",
			PlaceID:     sites[1], Capacity: 10, PassNumerique: true, Sessions: cycle(day(12, 14), 1, 120)},
		{Title: "Repérer les arnaques en ligne", Themes: []string{"securite_numerique"}, Level: "intermediaire", Audience: workshop.AudienceSeniors,
			Description: "Faux messages de la banque, faux colis, faux conseillers : comment les reconnaître, et que faire si on s'est fait avoir.",
			PlaceID:     sites[2], Capacity: 12, Sessions: cycle(day(20, 10), 1, 120)},
		{Title: "Accompagner les usagers vers les services en ligne", Themes: []string{"entrepreneuriat", "aide_aux_demarches_administratives"}, Level: "avance",
			Audience: workshop.AudienceProfessionals, Description: "Pour les travailleurs sociaux et les agents d'accueil : repérer les difficultés, orienter, accompagner sans faire à la place.",
			PlaceID: sites[0], Capacity: 15, Sessions: cycle(day(15, 9), 2, 180)},
		{Title: "Découvrir internet", Themes: []string{"navigation_sur_internet"}, Level: "debutant", Audience: workshop.AudienceResidents,
			Description: "Chercher une information, reconnaître un site officiel, remplir un formulaire simple.",
			PlaceID:     sites[0], Capacity: 8, Sessions: cycle(day(-6, 14), 1, 120)},
	}
	for i := range list {
		w := &list[i]
		w.StaffID, w.Published, w.OnlineRegistration = mediator.User.ID, true, true
		w.Normalize()
		if err := w.Validate(); err != nil {
			return err
		}
		if err := wst.CreateWorkshop(ctx, sc, w, now.AddDate(0, 0, -10)); err != nil {
			return err
		}
	}
	consent := workshop.ConsentWording("CCAS de Rochefort (démo)")
	register := func(w workshop.Workshop, name string, person int64, phone string, wait bool) (workshop.Registration, error) {
		c := agenda.Contact{Name: name, Phone: phone}
		c.Normalize()
		r := workshop.Registration{WorkshopID: w.ID, PersonID: person, Name: c.Name, Phone: c.Phone, BookedVia: agenda.ViaStaff, ConsentWording: consent}
		if phone == "" {
			r.ConsentWording = ""
		}
		err := wst.Register(ctx, sc, &r, wait, nil, journal.By(mediator, journal.Create, "Démonstration"), now.AddDate(0, 0, -7))
		return r, err
	}
	// The tablet cycle is full, with people waiting (Argelès had 70), and one
	// seat freed: it is offered to the first person waiting.
	tablet := list[0]
	var first workshop.Registration
	for i, n := range []struct {
		first, last string
	}{{"Jeannine", "Moreau"}, {"Lucienne", "Girard"}, {"Bernard", "Leroy"}, {"Gérard", "Fontaine"}, {"Simone", "Roux"}, {"Claude", "Bertin"}} {
		r, err := register(tablet, n.first+" "+n.last, personID(n.first, n.last), demoMobile(200+i), false)
		if err != nil {
			return fmt.Errorf("atelier tablette : %w", err)
		}
		if i == 4 {
			first = r
		}
	}
	for i, name := range []string{"Paulette Garnier", "Henri Masson", "Monique Chevalier", "Roger Perrin"} {
		if _, err := register(tablet, name, 0, demoMobile(300+i), true); err != nil {
			return fmt.Errorf("liste d'attente : %w", err)
		}
	}
	if _, err := ws.CancelRegistration(ctx, mediator, workshops.RegistrationRef{ID: first.ID}); err != nil {
		return fmt.Errorf("place libérée : %w", err)
	}
	for i, name := range []string{"Karim Benali", "Marie Dupont", "Nadia Cherif"} {
		parts := map[int][2]string{0: {"Karim", "Benali"}, 1: {"Marie", "Dupont"}}
		pid := int64(0)
		if p, ok := parts[i]; ok {
			pid = personID(p[0], p[1])
		}
		if _, err := register(list[1], name, pid, demoMobile(400+i), false); err != nil {
			return err
		}
	}
	past := list[5]
	for i, name := range []string{"Jeannine Moreau", "Marie Dupont", "Yvette Morel", "Jacques Bernard"} {
		pid := int64(0)
		if i < 2 {
			first, last, _ := cut(name)
			pid = personID(first, last)
		}
		if _, err := register(past, name, pid, "", false); err != nil {
			return err
		}
	}
	return nil
}

func cut(name string) (string, string, bool) {
	for i := range name {
		if name[i] == ' ' {
			return name[:i], name[i+1:], true
		}
	}
	return name, "", false
}
