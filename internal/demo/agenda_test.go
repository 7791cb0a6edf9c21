package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// TestAgendaDemo: permanences on three sites, appointments, workshops with
// one full and a waiting list (and a seat offered), messages in the outbox.
// The demo loads on any day of the year: several dates are tried.
func TestAgendaDemo(t *testing.T) {
	days := []time.Time{time.Now(), time.Date(2026, 4, 6, 9, 0, 0, 0, time.UTC), time.Date(2026, 12, 24, 18, 0, 0, 0, time.UTC), time.Date(2027, 7, 13, 23, 30, 0, 0, time.UTC)}
	for i, day := range days {
		if i > 0 && testing.Short() {
			break
		}
		t.Run(day.Format("2006-01-02"), func(t *testing.T) {
			st := storetest.SQLite(t)
			if i == 0 {
				storetest.Each(t, func(t *testing.T, st *store.Store) { checkAgendaDemo(t, st, day) })
				return
			}
			checkAgendaDemo(t, st, day)
		})
	}
}

func checkAgendaDemo(t *testing.T, st *store.Store, now time.Time) {
	ctx := context.Background()
	d, err := demo.Load(ctx, st, now)
	if err != nil {
		t.Fatal(err)
	}
	ccas := d.Structures[demo.CCAS]
	perms, err := agendastore.New(st).ListPermanences(ctx, scope.OfStructure(ccas), agendastore.PermanenceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sites := map[int64]bool{}
	for _, p := range perms {
		sites[p.PlaceID] = true
	}
	if len(sites) != 3 {
		t.Fatalf("permanences on %d sites", len(sites))
	}
	appts, err := agendastore.New(st).ListAppointments(ctx, scope.OfStructure(ccas), agendastore.AppointmentFilter{})
	if err != nil || len(appts) < 4 {
		t.Fatalf("%v: %d appointments", err, len(appts))
	}
	partner := false
	for _, a := range appts {
		partner = partner || (a.BookedByStructureID == d.Structures[demo.FranceServices] && a.ReferralID != 0)
	}
	if !partner {
		t.Error("no appointment booked by the partner with its orientation")
	}
	list, err := workshopstore.New(st).PublishedWorkshops(ctx, workshopstore.PublishedFilter{StructureID: ccas})
	if err != nil || len(list) < 5 {
		t.Fatalf("%v: %d workshops", err, len(list))
	}
	full := false
	for _, w := range list {
		if w.Full() && w.WaitingCount > 0 {
			full = true
			regs, _ := workshopstore.New(st).Registrations(ctx, scope.OfStructure(ccas), w.ID)
			offered := 0
			for _, r := range regs {
				if r.Status == workshop.Offered {
					offered++
				}
			}
			if offered != 1 {
				t.Errorf("the full workshop has %d offered seats", offered)
			}
		}
		if counter, held, _ := workshopstore.New(st).SeatCount(ctx, scope.OfStructure(ccas), w.ID); counter != held {
			t.Errorf("%s: counter %d, seats held %d", w.Title, counter, held)
		}
	}
	if !full {
		t.Error("no full workshop with a waiting list")
	}
	msgs, total, err := st.ListMessages(ctx, scope.OfStructure(ccas), store.MessageFilter{Status: notify.Outbox})
	if err != nil || total < 3 {
		t.Fatalf("%v: %d messages in the outbox", err, total)
	}
	for _, m := range msgs {
		if len(m.Receipts) == 0 {
			t.Errorf("message %d has no receipt", m.ID)
		}
	}
}
