package itinerant_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Monday 7 December 2026, 10 h in Paris.
var now = time.Date(2026, 12, 7, 10, 0, 0, 0, frtime.Paris)

func actor(t *testing.T, st *store.Store, name string, role account.Role) *account.Actor {
	t.Helper()
	ctx := context.Background()
	s := structure.Structure{Name: name, Typology: "CCAS", CommuneCode: "17299"}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, now); err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateUser(ctx, account.NewUser{Email: string(role) + "@" + strings.ReplaceAll(strings.ToLower(name), " ", "") + ".fr", Name: "Agent", StructureID: s.ID, Role: role}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ActorForMembership(ctx, id, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestItinerantService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := itinerantsvc.New(itinerantstore.New(st), func() time.Time { return now })
		mediator := actor(t, st, "CCAS de Rochefort", account.RoleMediation)
		partner := actor(t, st, "Association", account.RolePartner)

		if _, err := svc.CreateService(ctx, mediator, itinerant.Service{}); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("a service without a name is accepted: %v", err)
		}
		if _, err := svc.CreateService(ctx, partner, itinerant.Service{Name: "Bus"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a partner creates a service: %v", err)
		}
		bus, err := svc.CreateService(ctx, mediator, itinerant.Service{Name: "Bus numérique"})
		if err != nil {
			t.Fatal(err)
		}

		in := itinerantsvc.NewStop{Address: "Place de l'église", InseeCode: "17299", Weekday: time.Tuesday, Start: "14:00", End: "17 h",
			Recurrence: itinerant.Weekly, From: "01/12/2026"}
		bad := in
		bad.Start, bad.From, bad.PermanenceID = "quatorze", "hier", 4
		_, err = svc.CreateStop(ctx, mediator, bus.ID, bad)
		if e, ok := apperr.As(err); !ok || e.FieldMap()["debut"] == "" || e.FieldMap()["du"] == "" || e.FieldMap()["permanence"] == "" {
			t.Fatalf("bad stop: %v", err)
		}
		stop, err := svc.CreateStop(ctx, mediator, bus.ID, in)
		if err != nil {
			t.Fatal(err)
		}

		// A cancellation needs a day of passage and a reason residents read.
		for _, c := range []struct{ date, reason, field string }{
			{"09/12/2026", "Panne", "date"},
			{"08/12/2026", "", "raison"},
			{"", "Panne", "date"},
		} {
			_, err := svc.CancelStopDate(ctx, mediator, stop.ID, c.date, c.reason, false)
			if e, ok := apperr.As(err); !ok || e.FieldMap()[c.field] == "" {
				t.Errorf("cancel %q %q: %v, want an error on %s", c.date, c.reason, err, c.field)
			}
		}
		if _, err := svc.CancelStopDate(ctx, mediator, stop.ID, "08/12/2026", "Le bus est en réparation", false); err != nil {
			t.Fatal(err)
		}

		next, err := svc.NextInCommune(ctx, "17299")
		if err != nil || len(next) != 1 {
			t.Fatalf("next in commune = %v, %v", next, err)
		}
		if got := next[0].Next.Sentence(); got != "Le bus numérique passe ici mardi 15 décembre de 14 h à 17 h." {
			t.Errorf("sentence = %q", got)
		}
		if len(next[0].Cancelled) != 1 || next[0].Cancelled[0].Reason != "Le bus est en réparation" {
			t.Errorf("cancelled before = %+v", next[0].Cancelled)
		}
		if other, _ := svc.NextInCommune(ctx, "17300"); len(other) != 0 {
			t.Errorf("another commune sees the bus: %v", other)
		}

		tt, err := svc.PublicTimetable(ctx, bus.ID)
		if err != nil || len(tt.Upcoming) != 6 || !tt.Upcoming[0].Cancelled || tt.Upcoming[1].Cancelled {
			t.Fatalf("public timetable = %d passages, %v", len(tt.Upcoming), err)
		}
	})
}
