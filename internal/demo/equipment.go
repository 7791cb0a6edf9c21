package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/service/passes"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

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
	_, err = eq.HandOver(ctx, reception, list[0].Request.ID, true)
	return err
}
