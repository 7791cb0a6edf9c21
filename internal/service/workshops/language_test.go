package workshops_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// TestMessagesInTheResidentsLanguage: the language of the pages a resident
// registered on is kept with the registration, and every message sent to
// them is written in it: confirmation, waiting list, offer, cancellation,
// reminder, by SMS and by e-mail; French stays the default.
func TestMessagesInTheResidentsLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, 24*time.Hour)
		created, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(true, 1), Cycle: &workshops.Cycle{First: paris("2026-03-12 14:00"), Minutes: 120, Count: 1}})
		if err != nil {
			t.Fatal(err)
		}
		id := created.Workshop.ID
		reg := func(name, phone, lang string) (workshop.Registration, string) {
			t.Helper()
			r, token, err := w.ws.RegisterPublic(ctx, id, workshops.NewPublicRegistration{WaitIfFull: true, Agreed: true, Language: lang,
				Contact: agenda.Contact{Name: name, Phone: phone, Email: strings.ToLower(name) + "@exemple.fr"}})
			if err != nil {
				t.Fatal(err)
			}
			return r, token
		}
		messages := func(to string) map[notify.Kind][]notify.Message {
			msgs, _, err := st.ListMessages(ctx, w.sc, store.MessageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			out := map[notify.Kind][]notify.Message{}
			for _, m := range msgs {
				if m.To == to {
					out[m.Kind] = append(out[m.Kind], m)
				}
			}
			return out
		}
		amina, aminaToken := reg("Amina", "0612345678", "ar")
		if amina.Language != "ar" {
			t.Fatalf("language kept: %q", amina.Language)
		}
		if mine, err := w.ws.ByLink(ctx, aminaToken); err != nil || mine.Registration.Language != "ar" {
			t.Fatalf("language read back: %v %q", err, mine.Registration.Language)
		}
		sms := messages("+33612345678")[notify.Confirmation]
		if len(sms) != 1 || sms[0].Body != "CCAS de Rochefort: تم تأكيد تسجيلك في ورشة «Premiers pas sur la tablette». الحصة الأولى: الخميس 12/03/2026 على الساعة 14:00. المكان: Salle des fêtes, 1 place Colbert, 17300 Rochefort. للاطلاع أو الإلغاء: "+sms[0].Body[strings.LastIndex(sms[0].Body, "https://"):] {
			t.Fatalf("Arabic SMS: %+v", sms)
		}
		mail := messages("amina@exemple.fr")[notify.Confirmation]
		if len(mail) != 1 || mail[0].Subject != "تم تأكيد التسجيل: Premiers pas sur la tablette" || !strings.HasPrefix(mail[0].Body, "مرحبا Amina،\n") ||
			!strings.Contains(mail[0].Body, "الملف المرفق يضيف التاريخ إلى مفكرتك.") || strings.Contains(mail[0].Body, "Bonjour") {
			t.Fatalf("Arabic e-mail: %+v", mail)
		}

		// Easy French for the second person, on the waiting list.
		reg("Bernard", "", "fr-x-falc")
		wait := messages("bernard@exemple.fr")[notify.WaitingList]
		if len(wait) != 1 || !strings.Contains(wait[0].Body, "L'atelier « Premiers pas sur la tablette » du jeudi 12 mars à 14 h est complet. Vous êtes sur la liste d'attente.") {
			t.Fatalf("easy-French waiting list: %+v", wait)
		}
		// French when nothing was chosen, or a language not offered.
		reg("Chantal", "", "")
		reg("Denis", "", "xx")
		for _, who := range []string{"chantal@exemple.fr", "denis@exemple.fr"} {
			if m := messages(who)[notify.WaitingList]; len(m) != 1 || !strings.Contains(m[0].Body, "Vous êtes sur la liste d'attente") || !strings.HasPrefix(m[0].Body, "Bonjour") {
				t.Fatalf("French by default for %s: %+v", who, m)
			}
		}

		// Amina cancels: her cancellation in Arabic, Bernard's offer in easy French.
		if _, err := w.ws.CancelByLink(ctx, aminaToken); err != nil {
			t.Fatal(err)
		}
		if c := messages("+33612345678")[notify.Cancellation]; len(c) != 1 || !strings.Contains(c[0].Body, "تم إلغاء تسجيلك في ورشة «Premiers pas sur la tablette»") {
			t.Fatalf("Arabic cancellation: %+v", c)
		}
		offer := messages("bernard@exemple.fr")[notify.Offer]
		if len(offer) != 1 || offer[0].Subject != "Une place pour vous : Premiers pas sur la tablette" ||
			!strings.Contains(offer[0].Body, "Bonne nouvelle : une place est libre à l'atelier « Premiers pas sur la tablette » (jeudi 12 mars à 14 h). Dites oui avant le mardi 3 mars à 10 h.") {
			t.Fatalf("easy-French offer: %+v", offer)
		}
	})
}
