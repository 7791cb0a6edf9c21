package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	"github.com/parcours-numerique/parcours/internal/scope"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// BusName is the demo's itinerant service.
const BusName = "Bus numérique du Pays rochefortais"

// loadItinerant adds the CCAS's bus numérique: a weekly stop at the
// Vergeroux place where residents book a slot (or a visit at home), two
// weekly stops at addresses in Échillais and Tonnay-Charente, and one
// cancelled passage with its reason.
func loadItinerant(ctx context.Context, st *store.Store, t *Territory) error {
	ccas, mediator := t.Structures[CCAS], t.Users[account.RoleMediation]
	a, err := st.ActorForMembership(ctx, mediator, ccas)
	if err != nil {
		return err
	}
	sc := scope.OfStructure(ccas)
	now := t.Now
	var village int64
	places, err := placestore.New(st).ListPlaces(ctx, placestore.PlaceFilter{StructureID: ccas})
	if err != nil {
		return err
	}
	for _, p := range places {
		if p.InseeCode == "17463" {
			village = p.ID
		}
	}
	if village == 0 {
		return fmt.Errorf("le CCAS de démonstration n'a pas de lieu à Vergeroux")
	}

	// The bus's permanence at Vergeroux: the on-site motive open online,
	// and a visit at home for those who cannot come to the bus.
	ag := agendastore.New(st)
	motives, err := ag.ListMotives(ctx, sc, false)
	if err != nil {
		return err
	}
	var onSite int64
	for _, m := range motives {
		if m.Name == "Accompagnement numérique" {
			onSite = m.ID
		}
	}
	home := agenda.Motive{Name: "Visite à domicile du conseiller numérique", Duration: 60, Location: agenda.LocationHome, BookableBy: agenda.BookAnyone,
		MinDelayHours: 24, MaxDelayDays: 45, InstructionsBefore: "Le conseiller vient chez vous. Préparez votre téléphone ou votre ordinateur, et vos courriers."}
	home.Normalize()
	if err := ag.CreateMotive(ctx, sc, &home, now); err != nil {
		return err
	}
	from := agenda.WeekStart(now).AddDate(0, 0, -14).Format(agenda.DateLayout)
	perm := agenda.Permanence{PlaceID: village, StaffIDs: []int64{mediator}, Weekday: time.Tuesday, Start: 14 * 60, End: 17 * 60, EveryWeeks: 1, From: from,
		SkipHolidays: true, Mode: agenda.ModeBoth, MotiveIDs: []int64{onSite, home.ID}, Note: "Dans le bus numérique, garé place de la Mairie."}
	perm.Normalize()
	if err := perm.Validate(); err != nil {
		return err
	}
	if err := ag.CreatePermanence(ctx, sc, &perm, now); err != nil {
		return err
	}

	svc := itinerantsvc.New(itinerantstore.New(st), func() time.Time { return now })
	bus, err := svc.CreateService(ctx, a, itinerant.Service{Name: BusName, Phone: "05 36 49 00 03",
		Description: "Un bus équipé d'ordinateurs et d'une connexion internet. Un conseiller numérique vous aide à faire vos démarches, à utiliser votre téléphone ou à imprimer un document. C'est gratuit."})
	if err != nil {
		return err
	}
	stops := []itinerantsvc.NewStop{
		{PlaceID: village, Weekday: time.Tuesday, Start: "14:00", End: "17:00", PermanenceID: perm.ID},
		{Address: "Parking de la salle des fêtes", InseeCode: "17146", Weekday: time.Thursday, Start: "09:00", End: "12:00"},
		{Address: "Place de l'Église", InseeCode: "17449", Weekday: time.Friday, Start: "14:00", End: "17:00"},
	}
	var first itinerant.Stop
	for i, in := range stops {
		in.Recurrence, in.From = itinerant.Weekly, from
		s, err := svc.CreateStop(ctx, a, bus.ID, in)
		if err != nil {
			return err
		}
		if i == 0 {
			first = s
		}
	}
	// The passage after next at Vergeroux is cancelled: the bus is at the garage.
	next := first.Passages(now.AddDate(0, 0, 1), now.AddDate(0, 0, 30))
	if len(next) < 2 {
		return fmt.Errorf("le bus de démonstration n'a pas deux passages à venir")
	}
	_, err = svc.CancelStopDate(ctx, a, first.ID, next[1].Date, "Le bus passe au contrôle technique.", false)
	return err
}
