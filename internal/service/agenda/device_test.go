package agenda_test

import (
	"context"
	"testing"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPublicDeviceBookedThroughTheAgenda: a tablet put at the public's
// disposal at the structure's place is a "Poste en libre accès" motive of
// the agenda; residents book its slots online; a slot booked holds the
// tablet, not the mediator, whose other motive stays bookable then; the
// tablet out of service offers no slot; a device not at the public's
// disposal cannot be a motive's.
func TestPublicDeviceBookedThroughTheAgenda(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		svc, _ := services(st, clk, agendasvc.OutboxConfig{BaseURL: "https://parcours.test"}, 0)
		eq := equipmentsvc.New(equipmentstore.New(st), nil, clk.Now)
		tab, err := eq.AddDevice(ctx, f.staff, equipment.Device{Kind: "tablette", Model: "Samsung Galaxy Tab A8", Origin: "achat", Condition: "bon"})
		if err != nil {
			t.Fatal(err)
		}
		motive := agenda.Motive{Name: "Tablette en libre accès", BookableBy: agenda.BookAnyone, Duration: 60, DeviceID: tab.ID}
		if _, err := svc.CreateMotive(ctx, f.staff, motive); fieldErrors(err)["appareil"] == "" {
			t.Fatalf("a device not at the public's disposal is no motive's: %v", err)
		}
		if _, err := eq.UpdateDevice(ctx, f.staff, tab.ID, equipmentsvc.DeviceChange{PublicPlaceID: &f.place}); err != nil {
			t.Fatal(err)
		}
		if devices, _ := svc.PublicDevices(ctx, f.staff); len(devices) != 1 || devices[0].PlaceName != "Espace numérique du CCAS" {
			t.Fatalf("public devices %+v", devices)
		}
		m, err := svc.CreateMotive(ctx, f.staff, motive)
		if err != nil {
			t.Fatal(err)
		}
		f.perm.MotiveIDs = append(f.perm.MotiveIDs, m.ID)
		if err := agendastore.New(st).UpdatePermanence(ctx, f.sc, &f.perm, clk.Now()); err != nil {
			t.Fatal(err)
		}
		rg := agendasvc.Range{From: paris("2026-03-03 00:00"), To: paris("2026-03-04 00:00")}
		free, err := svc.PublicSlots(ctx, m.ID, 0, rg)
		if err != nil || len(free.Slots) != 3 || !free.Slots[0].Start.Equal(paris("2026-03-03 09:00")) {
			t.Fatalf("the tablet's slots on Tuesday 9:00-12:00: %+v %v", free.Slots, err)
		}
		in := agendasvc.PublicBooking{Slot: free.Slots[0].Value(), Contact: agenda.Contact{Name: "Jeanne Roux", Phone: "06 12 34 56 78"}, Agreed: true}
		ap, _, err := svc.BookPublic(ctx, m.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if ap.DeviceID != tab.ID || ap.MotiveName != "Tablette en libre accès" {
			t.Fatalf("appointment %+v", ap)
		}
		if _, _, err := svc.BookPublic(ctx, m.ID, in); err != agendastore.ErrSlotTaken {
			t.Fatalf("the tablet is not booked twice at once: %v", err)
		}
		if free, _ = svc.PublicSlots(ctx, m.ID, 0, rg); len(free.Slots) != 2 {
			t.Fatalf("the booked hour is gone: %+v", free.Slots)
		}
		// The mediator is free at 9:00 for the other motive.
		other, _ := svc.PublicSlots(ctx, f.motive.ID, 0, rg)
		if _, ok := agenda.FindSlot(other.Slots, f.perm.ID, paris("2026-03-03 09:00")); !ok {
			t.Fatalf("the tablet's booking does not hold the mediator: %+v", other.Slots)
		}
		// Out of service, the tablet offers no slot.
		out := "hors_service"
		if _, err := eq.UpdateDevice(ctx, f.staff, tab.ID, equipmentsvc.DeviceChange{Disposition: &out}); err != nil {
			t.Fatal(err)
		}
		if free, err = svc.PublicSlots(ctx, m.ID, 0, rg); err != nil || len(free.Slots) != 0 {
			t.Fatalf("no slot out of service: %+v %v", free.Slots, err)
		}
		in.Slot = agenda.Slot{PermanenceID: f.perm.ID, Start: paris("2026-03-03 10:00"), End: paris("2026-03-03 11:00")}.Value()
		if _, _, err := svc.BookPublic(ctx, m.ID, in); fieldErrors(err)["creneau"] == "" {
			t.Fatalf("a slot of a device out of service is refused: %v", err)
		}
		back := equipment.Available
		if _, err := eq.UpdateDevice(ctx, f.staff, tab.ID, equipmentsvc.DeviceChange{Disposition: &back}); err != nil {
			t.Fatal(err)
		}
		if free, _ = svc.PublicSlots(ctx, m.ID, 0, rg); len(free.Slots) != 2 {
			t.Fatalf("back in service: %+v", free.Slots)
		}
		// Taken back from the public, the tablet offers no slot; its motive
		// stays editable and keeps it.
		none := int64(0)
		if _, err := eq.UpdateDevice(ctx, f.staff, tab.ID, equipmentsvc.DeviceChange{PublicPlaceID: &none}); err != nil {
			t.Fatal(err)
		}
		if free, _ = svc.PublicSlots(ctx, m.ID, 0, rg); len(free.Slots) != 0 {
			t.Fatalf("no slot once taken back: %+v", free.Slots)
		}
		m.Name = "Tablette (bientôt de retour)"
		if got, err := svc.UpdateMotive(ctx, f.staff, m.ID, m); err != nil || got.DeviceID != tab.ID {
			t.Fatalf("the motive stays editable: %+v %v", got, err)
		}
		m.Location = agenda.LocationPhone
		if _, err := svc.UpdateMotive(ctx, f.staff, m.ID, m); fieldErrors(err)["lieu_type"] == "" {
			t.Fatalf("a device is booked on site: %v", err)
		}
	})
}
