package equipment_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/person"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func ptr(s string) *string { return &s }

// TestEditDevice: a device's description is edited and checked as at its
// creation; it goes out of service and back, then is sold; a device lent
// keeps its status; another structure cannot edit it; every edit is
// journaled with what changed.
func TestEditDevice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		ph, err := w.svc.AddDevice(ctx, w.reception, phone())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.UpdateDevice(ctx, w.reception, ph.ID, equipmentsvc.DeviceChange{IMEI: ptr("490154203237519")}); fields(err)["imei"] == "" {
			t.Fatalf("a wrong IMEI is refused as at creation: %v", err)
		}
		if _, err := w.svc.UpdateDevice(ctx, w.reception, ph.ID, equipmentsvc.DeviceChange{Disposition: ptr("perdu")}); fields(err)["statut"] == "" {
			t.Fatalf("an unknown status is refused: %v", err)
		}
		if _, err := w.svc.UpdateDevice(ctx, w.reception, ph.ID, equipmentsvc.DeviceChange{Status: ptr(equipment.Retired)}); fields(err)["motif_reforme"] == "" {
			t.Fatalf("retiring needs its reason: %v", err)
		}
		if _, err := w.svc.UpdateDevice(ctx, w.other, ph.ID, equipmentsvc.DeviceChange{Model: ptr("Autre")}); err == nil {
			t.Fatal("another structure cannot edit the device")
		}
		got, err := w.svc.UpdateDevice(ctx, w.reception, ph.ID, equipmentsvc.DeviceChange{Model: ptr("  Samsung  Galaxy A13 "), Condition: ptr("a_reparer"),
			Grade: ptr("C"), Accessories: ptr("chargeur"), Location: ptr("Atelier"), IMEI: ptr("35-209900-176148-1"), Disposition: ptr("hors_service")})
		if err != nil {
			t.Fatal(err)
		}
		if got.Model != "Samsung Galaxy A13" || got.Condition != "a_reparer" || got.Grade != "C" || got.Location != "Atelier" || got.IMEI != "352099001761481" ||
			got.Status != equipment.Retired || got.RetiredReason != "hors_service" || got.StatusLabel() != "Hors service" {
			t.Fatalf("edited %+v", got)
		}
		if _, err := w.svc.Lend(ctx, w.reception, equipment.Loan{DeviceID: ph.ID, PartnerStructureID: w.partnerID, StartsOn: "2026-03-10", DueOn: "2026-03-20"}); fields(err)["appareil"] == "" {
			t.Fatalf("a device out of service is not lent: %v", err)
		}
		back, err := w.svc.UpdateDevice(ctx, w.reception, ph.ID, equipmentsvc.DeviceChange{Disposition: ptr(equipment.Available), Condition: ptr("bon")})
		if err != nil || back.Status != equipment.Available || back.RetiredReason != "" {
			t.Fatalf("repaired: %+v %v", back, err)
		}
		karim := w.person(t, "Karim", 1950, person.InProgress, "")
		if _, err := w.svc.Lend(ctx, w.reception, equipment.Loan{DeviceID: ph.ID, PersonID: karim, StartsOn: "2026-03-10", DueOn: "2026-04-10"}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.UpdateDevice(ctx, w.reception, ph.ID, equipmentsvc.DeviceChange{Disposition: ptr("vendu")}); fields(err)["statut"] == "" {
			t.Fatalf("a device lent is not sold: %v", err)
		}
		if d, _ := w.svc.UpdateDevice(ctx, w.reception, ph.ID, equipmentsvc.DeviceChange{Location: ptr("Chez l'emprunteur")}); d.Status != equipment.Lent || d.Location != "Chez l'emprunteur" {
			t.Fatalf("a lent device is still described: %+v", d)
		}
		j, _, err := st.ListJournal(ctx, w.reception.Scope(), store.JournalFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var edits []string
		for _, e := range j {
			if strings.HasPrefix(e.What, "Appareil n° ") {
				edits = append(edits, e.What)
			}
		}
		want := []string{"modèle, IMEI, état, grade, accessoires, emplacement, statut « hors service »", "état, statut « disponible »", "emplacement"}
		if len(edits) != len(want) {
			t.Fatalf("journal %q", edits)
		}
		for _, wnt := range want {
			found := false
			for _, e := range edits {
				found = found || strings.HasSuffix(e, "modifié : "+wnt)
			}
			if !found {
				t.Errorf("journal lacks %q: %q", wnt, edits)
			}
		}
	})
}
