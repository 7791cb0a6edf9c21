package itinerantstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

var now = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func newPlace(t *testing.T, st *store.Store, structureID int64, name, insee string) int64 {
	t.Helper()
	p := &place.Place{StructureID: structureID, Source: place.SourceParcours, Pivot: "21170299700017", Name: name, Commune: "Tonnay-Charente",
		PostalCode: "17430", InseeCode: insee, Address: "Place de la mairie", UpdatedOn: now}
	p.Normalize()
	if err := placestore.New(st).CreatePlace(context.Background(), p, now); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func TestItinerantStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, core *store.Store) {
		ctx := context.Background()
		st := itinerantstore.New(core)
		mine := storetest.Structure(t, core, "CCAS de Rochefort", 0, now)
		other := storetest.Structure(t, core, "Autre", 0, now)
		sc, otherSc := scope.OfStructure(mine.ID), scope.OfStructure(other.ID)

		bus := itinerant.Service{Name: "Bus numérique", Phone: "0546000000"}
		bus.Normalize()
		if err := st.CreateService(ctx, sc, &bus, now); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Service(ctx, otherSc, bus.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure reads the service: %v", err)
		}
		if got, err := st.PublicService(ctx, bus.ID); err != nil || got.StructureName != "CCAS de Rochefort" || got.Phone != "+33546000000" {
			t.Fatalf("public service = %+v, %v", got, err)
		}

		// A stop at a place takes the place's commune; a stop at an address keeps its own.
		hall := newPlace(t, core, mine.ID, "Salle des fêtes", "17449")
		atPlace := itinerant.Stop{ServiceID: bus.ID, PlaceID: hall, Weekday: time.Tuesday, Start: 840, End: 1020, Recurrence: itinerant.Weekly, From: "2026-12-01", SkipHolidays: true}
		if err := st.CreateStop(ctx, sc, &atPlace, now); err != nil {
			t.Fatal(err)
		}
		atAddress := itinerant.Stop{ServiceID: bus.ID, Address: "Parking de l'église", InseeCode: "17299", Weekday: time.Monday, Start: 540, End: 720,
			Recurrence: itinerant.Monthly, Nth: 1, From: "2026-12-01", Until: "2026-12-31"}
		if err := st.CreateStop(ctx, sc, &atAddress, now); err != nil {
			t.Fatal(err)
		}
		if err := st.CreateStop(ctx, otherSc, &itinerant.Stop{ServiceID: bus.ID, Address: "x", InseeCode: "17299", Recurrence: itinerant.Weekly, From: "2026-12-01", End: 60}, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure adds a stop to the service: %v", err)
		}

		// A permanence of the structure at the stop's place takes the stop's appointments.
		ag := agendastore.New(core)
		staff, err := core.CreateUser(ctx, account.NewUser{Email: "cnfs@exemple.fr", Name: "Conseillère", StructureID: mine.ID, Role: account.RoleMediation}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		perm := agenda.Permanence{PlaceID: hall, StaffIDs: []int64{staff}, Weekday: time.Tuesday, Start: 840, End: 1020, From: "2026-12-01", SkipHolidays: true, Mode: agenda.ModeAppointment}
		perm.Normalize()
		if err := ag.CreatePermanence(ctx, sc, &perm, now); err != nil {
			t.Fatal(err)
		}
		atAddress.PermanenceID = perm.ID
		if err := st.UpdateStop(ctx, sc, &atAddress, now); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("a permanence held elsewhere than the stop is accepted: %v", err)
		}
		atPlace.PermanenceID = perm.ID
		if err := st.UpdateStop(ctx, sc, &atPlace, now); err != nil {
			t.Fatal(err)
		}

		// Cancelling a date cancels the permanence's too; restoring gives both back.
		if err := st.CancelStopDate(ctx, sc, atPlace.ID, "2026-12-08", "Le bus est au garage", false, now); err != nil {
			t.Fatal(err)
		}
		if err := st.CancelStopDate(ctx, otherSc, atPlace.ID, "2026-12-15", "x", false, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure cancels a stop: %v", err)
		}
		got, err := st.Stop(ctx, sc, atPlace.ID)
		if err != nil || got.InseeCode != "17449" || got.PlaceName != "Salle des fêtes" || got.ServiceName != "Bus numérique" || len(got.Cancelled) != 1 || got.Cancelled[0].Reason != "Le bus est au garage" {
			t.Fatalf("stop = %+v, %v", got, err)
		}
		p, err := ag.Permanence(ctx, sc, perm.ID)
		if err != nil || len(p.Cancelled) != 1 || p.Cancelled[0] != "2026-12-08" {
			t.Fatalf("permanence cancelled = %v, %v", p.Cancelled, err)
		}
		if err := st.CancelStopDate(ctx, sc, atPlace.ID, "2026-12-08", "", true, now); err != nil {
			t.Fatal(err)
		}
		if p, _ := ag.Permanence(ctx, sc, perm.ID); len(p.Cancelled) != 0 {
			t.Fatalf("restored date still cancelled in the permanence: %v", p.Cancelled)
		}

		// Residents find the stops of a commune, of a place, of a service; ended ones are gone.
		for _, c := range []struct {
			name  string
			f     itinerantstore.StopFilter
			today string
			want  int
		}{
			{"commune of the place", itinerantstore.StopFilter{InseeCode: "17449"}, "2026-12-07", 1},
			{"commune of the address", itinerantstore.StopFilter{InseeCode: "17299"}, "2026-12-07", 1},
			{"place", itinerantstore.StopFilter{PlaceID: hall}, "2026-12-07", 1},
			{"service", itinerantstore.StopFilter{ServiceID: bus.ID}, "2026-12-07", 2},
			{"ended stop left out", itinerantstore.StopFilter{ServiceID: bus.ID}, "2027-01-01", 1},
		} {
			list, err := st.PublicStops(ctx, c.f, c.today)
			if err != nil || len(list) != c.want {
				t.Errorf("%s: %d stops, %v; want %d", c.name, len(list), err, c.want)
			}
		}
		if _, err := st.PublicStops(ctx, itinerantstore.StopFilter{}, "2026-12-07"); err == nil {
			t.Error("an empty filter lists every stop")
		}
		if err := st.DeleteStop(ctx, otherSc, atAddress.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure deletes a stop: %v", err)
		}
		if err := st.DeleteStop(ctx, sc, atAddress.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := st.Stops(ctx, sc, bus.ID); len(list) != 1 {
			t.Fatalf("%d stops after deletion", len(list))
		}
	})
}
