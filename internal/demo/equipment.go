package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/service/passes"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
)

// PublicDeviceMotive is the demo's "Poste en libre accès" motive: a tablet
// at the public's disposal in the CCAS's main place, booked online.
const PublicDeviceMotive = "Tablette en libre accès"

// PassPlaceName is the demo place that accepts the Pass numérique.
const PassPlaceName = "France Services Rochefort Océan (démo)"

// loadPassesAndEquipment: the CCAS funds two carnets and distributes one to
// a person, France Services' digital space redeems one of its passes; the
// CCAS lends a tablet and gives a refurbished phone to the first of an
// explained priority list.
func loadPassesAndEquipment(ctx context.Context, st *store.Store, t *Territory) error {
	ccas, fs := t.Structures[CCAS], t.Structures[FranceServices]
	actor := func(role account.Role, structureID int64) (*account.Actor, error) {
		return st.ActorForMembership(ctx, t.Users[role], structureID)
	}
	funder, err := actor(account.RoleCoordination, ccas)
	if err != nil {
		return err
	}
	reception, err := actor(account.RoleReception, ccas)
	if err != nil {
		return err
	}
	mediator, err := actor(account.RoleMediation, ccas)
	if err != nil {
		return err
	}
	partner, err := actor(account.RolePartner, fs)
	if err != nil {
		return err
	}
	clock := t.Now.AddDate(0, 0, -20)
	now := func() time.Time { return clock }
	tick := func(d time.Duration) { clock = clock.Add(d) }

	persons := map[string]int64{}
	for _, d := range []struct {
		first, last string
		year        int
		status      person.FollowStatus
	}{{"Odette", "Marchand", 1946, person.InProgress}, {"Yanis", "Belkacem", 1999, person.Waiting}, {"Sandrine", "Pottier", 1978, person.InProgress}} {
		p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: d.first, LastName: d.last, BirthYear: d.year, CommuneCode: CentreCode,
			SocialStatus: "retraite", Status: d.status, CreatedBy: reception.User.ID}
		if d.year > 1960 {
			p.SocialStatus = "sans_emploi"
		}
		p.Normalize()
		if err := st.CreatePerson(ctx, reception.Scope(), &p, nil, journal.By(reception, journal.Create, "Démonstration"), clock); err != nil {
			return err
		}
		persons[d.first] = p.ID
	}

	// Pass numérique.
	var pl place.Place
	fsPlaces, err := placestore.New(st).StructurePlaces(ctx, partner.Scope())
	if err != nil {
		return err
	}
	for _, p := range fsPlaces {
		if p.Name == PassPlaceName {
			pl = p
		}
	}
	if pl.ID == 0 {
		return fmt.Errorf("lieu %s absent", PassPlaceName)
	}
	ps := passes.New(passstore.New(st), now)
	valid := t.Now.AddDate(1, 0, 0).Format("2006-01-02")
	var first pass.Carnet
	for i, id := range []string{"DEMO-17-0001", "DEMO-17-0002"} {
		var numbers []string
		for k := 1; k <= 10; k++ {
			numbers = append(numbers, fmt.Sprintf("%s-%02d", id, k))
		}
		c, err := ps.RecordCarnet(ctx, funder, pass.NewCarnet{Identifier: id, ValidUntil: valid, Numbers: numbers})
		if err != nil {
			return err
		}
		if i == 0 {
			first = c
		}
	}
	if _, err := ps.Allocate(ctx, funder, []int64{first.ID}, ccas); err != nil {
		return err
	}
	tick(24 * time.Hour)
	if err := ps.Distribute(ctx, reception, passes.Handover{CarnetID: first.ID, PersonID: persons["Yanis"], Criteria: []string{"demandeur_emploi", "demarches_en_cours"}}); err != nil {
		return err
	}
	tick(48 * time.Hour)
	if _, err := ps.Redeem(ctx, partner, passes.Redeem{PlaceID: pl.ID, Number: first.Passes[0].Number, Theme: "insertion_professionnelle"}); err != nil {
		return err
	}

	// Equipment.
	eq := equipmentsvc.New(equipmentstore.New(st), nil, now)
	phone, err := eq.AddDevice(ctx, reception, equipment.Device{Kind: "telephone", Model: "Samsung Galaxy A12 reconditionné", Origin: "reconditionneur", OriginDetail: "Emmaüs Connect",
		IMEI: "356938035643809", Condition: "tres_bon", Grade: "B", Accessories: "chargeur, coque, carte SIM solidaire", Location: "Armoire de l'accueil"})
	if err != nil {
		return err
	}
	tablet, err := eq.AddDevice(ctx, reception, equipment.Device{Kind: "tablette", Model: "Lenovo Tab M10", Origin: "achat", Serial: "HA1DEMO01", Condition: "bon", Accessories: "chargeur", Location: "Salle numérique"})
	if err != nil {
		return err
	}
	if _, err := eq.Lend(ctx, reception, equipment.Loan{DeviceID: tablet.ID, PersonID: persons["Sandrine"], StartsOn: clock.Format("2006-01-02"),
		DueOn: t.Now.AddDate(0, 0, 10).Format("2006-01-02"), DepositCents: 3000}); err != nil {
		return err
	}
	for _, r := range []equipmentsvc.NewRequest{
		{PersonID: persons["Yanis"], Kind: "telephone", MinimumBenefits: true, HouseholdSize: 1},
		{PersonID: persons["Odette"], Kind: "telephone", NoDevice: true, HouseholdSize: 1},
		{PersonID: persons["Sandrine"], Kind: "telephone", MinimumBenefits: true, HouseholdSize: 4},
	} {
		tick(time.Hour)
		if _, err := eq.AddRequest(ctx, reception, r); err != nil {
			return err
		}
	}
	list, err := eq.PriorityList(ctx, mediator, "telephone")
	if err != nil || len(list) == 0 {
		return fmt.Errorf("liste de priorité : %v", err)
	}
	tick(24 * time.Hour)
	if _, err := eq.Decide(ctx, mediator, equipmentsvc.CommitteeDecision{RequestID: list[0].Request.ID, Granted: true, DeviceID: phone.ID,
		Reasons: "Première de la liste : aucun appareil, accompagnée pour ses démarches de retraite."}); err != nil {
		return err
	}
	tick(48 * time.Hour)
	if _, err = eq.HandOver(ctx, reception, list[0].Request.ID, true); err != nil {
		return err
	}
	return loadPublicDevice(ctx, st, t, eq, reception, mediator)
}

// loadPublicDevice puts a tablet at the public's disposal in the CCAS's
// main place, bookable online by the hour on Friday mornings.
func loadPublicDevice(ctx context.Context, st *store.Store, t *Territory, eq *equipmentsvc.Service, reception, mediator *account.Actor) error {
	places, err := placestore.New(st).ListPlaces(ctx, placestore.PlaceFilter{StructureID: t.Structures[CCAS]})
	if err != nil || len(places) == 0 {
		return fmt.Errorf("lieux du CCAS : %v", err)
	}
	main := places[0].ID
	tab, err := eq.AddDevice(ctx, reception, equipment.Device{Kind: "tablette", Model: "Samsung Galaxy Tab A8", Origin: "achat", Serial: "R9DEMO02",
		Condition: "tres_bon", Accessories: "coque, clavier", Location: "Espace numérique, table 2"})
	if err != nil {
		return err
	}
	if _, err := eq.UpdateDevice(ctx, reception, tab.ID, equipmentsvc.DeviceChange{PublicPlaceID: &main}); err != nil {
		return err
	}
	clock := func() time.Time { return t.Now }
	ag := agendastore.New(st)
	out := agendasvc.NewOutbox(st, agendasvc.OutboxConfig{Now: clock})
	svc := agendasvc.New(ag, out, workshops.New(workshopstore.New(st), out, workshops.Config{Now: clock}), agendasvc.Config{Now: clock})
	m, err := svc.CreateMotive(ctx, mediator, agenda.Motive{Name: PublicDeviceMotive, Duration: 60, Location: agenda.LocationOnSite, BookableBy: agenda.BookAnyone,
		MaxDelayDays: 30, DeviceID: tab.ID, InstructionsBefore: "La tablette a un clavier. Apportez vos codes si vous en avez : l'équipe vous aide si besoin."})
	if err != nil {
		return err
	}
	p := agenda.Permanence{PlaceID: main, Weekday: time.Friday, Start: 9 * 60, End: 12 * 60, EveryWeeks: 1, Mode: agenda.ModeAppointment,
		MotiveIDs: []int64{m.ID}, StaffIDs: []int64{mediator.User.ID}, From: agenda.WeekStart(t.Now).AddDate(0, 0, -14).Format(agenda.DateLayout), SkipHolidays: true,
		Note: "Tablette en libre accès : l'équipe est à l'accueil."}
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return ag.CreatePermanence(ctx, mediator.Scope(), &p, t.Now)
}
