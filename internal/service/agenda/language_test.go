package agenda_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"
	"github.com/parcours-numerique/parcours/internal/notify"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestAppointmentMessagesInTheResidentsLanguage: a resident booking on the
// Arabic pages gets the confirmation and the cancellation in Arabic, one
// booking in easy French gets them in easy French.
func TestAppointmentMessagesInTheResidentsLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		svc, _ := services(st, clk, agendasvc.OutboxConfig{BaseURL: "https://parcours.test"}, 0)
		free, err := svc.PublicSlots(ctx, f.motive.ID, 0, agendasvc.Range{To: clk.Now().AddDate(0, 0, 14)})
		if err != nil || len(free.Slots) < 2 {
			t.Fatalf("%v %d", err, len(free.Slots))
		}
		for i, c := range []struct{ lang, name, confirm, cancel string }{
			{"ar", "Amina", "تم تأكيد موعدك يوم", "تم إلغاء موعدك يوم"},
			{"fr-x-falc", "Bernard", "Votre rendez-vous est le ", " est annulé. Il n'a pas lieu."},
		} {
			a, token, err := svc.BookPublic(ctx, f.motive.ID, agendasvc.PublicBooking{Slot: free.Slots[i].Value(), Agreed: true, Language: c.lang,
				Contact: agenda.Contact{Name: c.name, Phone: "06 12 34 56 7" + string(rune('0'+i))}})
			if err != nil || a.Language != c.lang {
				t.Fatalf("%s: %v %q", c.lang, err, a.Language)
			}
			if _, err := svc.CancelByLink(ctx, token); err != nil {
				t.Fatal(err)
			}
			msgs, _, err := st.ListMessages(ctx, f.sc, store.MessageFilter{AppointmentID: a.ID})
			if err != nil {
				t.Fatal(err)
			}
			got := map[notify.Kind]string{}
			for _, m := range msgs {
				got[m.Kind] = m.Body
			}
			if !strings.Contains(got[notify.Confirmation], c.confirm) || !strings.Contains(got[notify.Cancellation], c.cancel) {
				t.Errorf("%s: %q", c.lang, got)
			}
			if c.lang == "ar" && strings.Contains(got[notify.Confirmation], "confirmé") {
				t.Errorf("French in the Arabic SMS: %q", got[notify.Confirmation])
			}
		}
	})
}
