package scheduling_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/icalendar/icaltest"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// clock is the injected time of the service.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

func paris(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, agenda.Paris)
	if err != nil {
		panic(err)
	}
	return t
}

type fixture struct {
	structure int64
	staff     int64
	place     int64
	motive    agenda.Motive
	perm      agenda.Permanence
	workshop  workshop.Workshop
}

func newFixture(t testing.TB, st *store.Store, now time.Time) fixture {
	t.Helper()
	ctx := context.Background()
	s := structure.Structure{Name: "CCAS de Rochefort", Typology: "CCAS", SIRET: "21170299700017", CommuneCode: "17299"}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, now); err != nil {
		t.Fatal(err)
	}
	f := fixture{structure: s.ID}
	var err error
	if f.staff, err = st.CreateUser(ctx, account.NewUser{Email: "cnfs@ccas.fr", Name: "Mehdi", StructureID: s.ID, Role: account.RoleMediation}, "", now); err != nil {
		t.Fatal(err)
	}
	p := &place.Place{StructureID: s.ID, Source: place.SourceParcours, Pivot: "21170299700017", Name: "Espace numérique du CCAS", Commune: "Rochefort",
		PostalCode: "17300", InseeCode: "17299", Address: "25 rue de la République", Hours: "Mo-Fr 09:00-12:00,13:30-17:00", UpdatedOn: now}
	p.Normalize()
	if err := st.CreatePlace(ctx, p, now); err != nil {
		t.Fatal(err)
	}
	f.place = p.ID
	f.motive = agenda.Motive{StructureID: s.ID, Name: "Dossier RSA", BookableBy: agenda.BookAnyone, MinDelayHours: 2, InstructionsBefore: "Apportez votre téléphone."}
	f.motive.Normalize()
	if err := st.CreateMotive(ctx, &f.motive, now); err != nil {
		t.Fatal(err)
	}
	f.perm = agenda.Permanence{StructureID: s.ID, PlaceID: p.ID, StaffIDs: []int64{f.staff}, Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60,
		From: "2026-03-03", SkipHolidays: true, MotiveIDs: []int64{f.motive.ID}, Mode: agenda.ModeAppointment}
	f.perm.Normalize()
	if err := st.CreatePermanence(ctx, &f.perm, now); err != nil {
		t.Fatal(err)
	}
	f.workshop = workshop.Workshop{StructureID: s.ID, PlaceID: p.ID, Title: "Premiers pas sur la tablette", Themes: []string{"prendre_en_main_du_materiel"},
		Level: "debutant", Audience: workshop.AudienceSeniors, Capacity: 1, Published: true, OnlineRegistration: true,
		Sessions: []workshop.Session{{Start: paris("2026-03-12 14:00"), End: paris("2026-03-12 16:00")}, {Start: paris("2026-03-19 14:00"), End: paris("2026-03-19 16:00")}}}
	if err := st.CreateWorkshop(ctx, &f.workshop, now); err != nil {
		t.Fatal(err)
	}
	if f.workshop, err = st.Workshop(ctx, s.ID, f.workshop.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

func fieldErrors(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return nil
}

func TestBookingEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := &clock{now: paris("2026-03-02 10:00")}
		f := newFixture(t, st, clk.Now())
		svc := scheduling.New(st, scheduling.Config{Now: clk.Now, BaseURL: "https://parcours.test"})
		req := scheduling.SlotRequest{StructureID: f.structure, MotiveID: f.motive.ID, From: clk.Now(), To: clk.Now().AddDate(0, 0, 14), Booker: scheduling.ByResident}
		_, slots, err := svc.Slots(ctx, req)
		if err != nil || len(slots) != 12 {
			t.Fatalf("%v: %d slots", err, len(slots))
		}
		book := scheduling.BookRequest{StructureID: f.structure, MotiveID: f.motive.ID, PermanenceID: f.perm.ID, Start: slots[0].Start, Booker: scheduling.ByResident,
			Reachable: true, Via: agenda.ViaOnline, Consent: agenda.ConsentWording("CCAS de Rochefort"),
			Contact: agenda.Contact{Name: "Marie Dupont", Phone: "06 12 34 56 78", Email: "Marie@Exemple.fr", Need: "Renouveler mon RSA"}}

		t.Run("Invalid", func(t *testing.T) {
			bad := book
			bad.Contact = agenda.Contact{}
			bad.Start = slots[0].Start.Add(10 * time.Minute)
			e := fieldErrors(func() error { _, err := svc.Book(ctx, bad); return err }())
			if e["nom"] == "" || e["telephone"] == "" || e["creneau"] == "" {
				t.Fatalf("%v", e)
			}
		})
		var a agenda.Appointment
		t.Run("Book", func(t *testing.T) {
			if a, err = svc.Book(ctx, book); err != nil {
				t.Fatal(err)
			}
			if a.Phone != "+33612345678" || a.Email != "marie@exemple.fr" || a.StaffID != f.staff || a.Status != agenda.StatusPending || a.ConsentWording == "" {
				t.Fatalf("%+v", a)
			}
			if _, err := svc.Book(ctx, book); err != store.ErrSlotTaken {
				t.Fatalf("same slot twice: %v", err)
			}
			_, after, _ := svc.Slots(ctx, req)
			if len(after) != 11 {
				t.Fatalf("%d slots after booking", len(after))
			}
		})
		t.Run("MessagesInTheOutbox", func(t *testing.T) {
			msgs, total, err := st.ListMessages(ctx, f.structure, store.MessageFilter{AppointmentID: a.ID})
			if err != nil || total != 2 {
				t.Fatalf("%v %d", err, total)
			}
			for _, m := range msgs {
				if m.Status != notify.Outbox || len(m.Receipts) != 1 || m.Receipts[0].Result != notify.Outbox {
					t.Fatalf("not kept in the outbox: %+v", m)
				}
				switch m.Channel {
				case notify.SMS:
					if strings.Contains(m.Body, "RSA") || !strings.Contains(m.Body, "https://parcours.test/mon-rendez-vous/") {
						t.Fatalf("SMS: %s", m.Body)
					}
				case notify.Email:
					if !strings.Contains(m.Body, "Pour : Dossier RSA.") || !strings.Contains(m.Body, "Apportez votre téléphone.") || strings.Contains(m.Body, "Renouveler") {
						t.Fatalf("e-mail: %s", m.Body)
					}
					p := icaltest.Parse(t, []byte(m.ICS))
					if len(p.Events) != 1 || p.Events[0].Start != a.Start.UTC().Format("2006-01-02T15:04:05.000Z") || !strings.Contains(p.Events[0].Location, "25 rue de la République") {
						t.Fatalf("attachment: %+v", p)
					}
				}
			}
		})
		t.Run("ResidentLinks", func(t *testing.T) {
			link, _ := svc.AppointmentLink(ctx, a.ID)
			token := strings.TrimPrefix(link, "https://parcours.test"+scheduling.AppointmentPath)
			if id, ok, err := svc.AppointmentFromToken(ctx, token); err != nil || !ok || id != a.ID {
				t.Fatalf("%v %v %d", err, ok, id)
			}
			if _, ok, _ := svc.AppointmentFromToken(ctx, token+"x"); ok {
				t.Fatal("a forged token is accepted")
			}
			if _, ok, _ := svc.RegistrationFromToken(ctx, token); ok {
				t.Fatal("an appointment token opens a registration")
			}
		})
		t.Run("MoveAndCancel", func(t *testing.T) {
			moved, err := svc.Move(ctx, f.structure, a.ID, f.perm.ID, slots[3].Start)
			if err != nil || !moved.Start.Equal(slots[3].Start) || moved.Sequence != 1 {
				t.Fatalf("%v %+v", err, moved)
			}
			if _, err := svc.Cancel(ctx, f.structure, a.ID, true, false, "Empêchement"); err != nil {
				t.Fatal(err)
			}
			msgs, total, _ := st.ListMessages(ctx, f.structure, store.MessageFilter{AppointmentID: a.ID})
			if total != 6 || msgs[0].Kind != notify.Cancellation || msgs[2].Kind != notify.Change {
				t.Fatalf("%d messages: %v", total, msgs)
			}
		})
		t.Run("StaffOnlyMotiveHiddenFromResidents", func(t *testing.T) {
			m := f.motive
			m.BookableBy = agenda.BookStaff
			if err := st.UpdateMotive(ctx, &m, clk.Now()); err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Slots(ctx, req); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a staff-only motive is offered online: %v", err)
			}
			staff := req
			staff.Booker = scheduling.ByStaff
			if _, s, err := svc.Slots(ctx, staff); err != nil || len(s) == 0 {
				t.Fatalf("%v %d", err, len(s))
			}
		})
	})
}

func TestWaitingListPromotionWithClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := &clock{now: paris("2026-03-02 10:00")}
		f := newFixture(t, st, clk.Now())
		svc := scheduling.New(st, scheduling.Config{Now: clk.Now, BaseURL: "https://parcours.test"})
		reg := func(name string, wait bool) (workshop.Registration, error) {
			return svc.Register(ctx, scheduling.RegisterRequest{StructureID: f.structure, WorkshopID: f.workshop.ID, Online: true, Reachable: true, WaitIfFull: wait,
				Via: agenda.ViaOnline, Consent: workshop.ConsentWording("CCAS"), Contact: agenda.Contact{Name: name, Email: name + "@exemple.fr"}})
		}
		first, err := reg("alice", false)
		if err != nil || first.Status != workshop.Registered {
			t.Fatalf("%v %+v", err, first)
		}
		if _, err := reg("bruno", false); err != workshop.ErrFull {
			t.Fatalf("full: %v", err)
		}
		bruno, _ := reg("bruno", true)
		chloe, _ := reg("chloe", true)
		if bruno.Status != workshop.Waiting || bruno.Rank != 1 || chloe.Rank != 2 {
			t.Fatalf("%+v %+v", bruno, chloe)
		}
		// Alice cancels at 10 h: Bruno is offered the seat until 10 h the next day.
		_, offered, err := svc.CancelRegistration(ctx, f.structure, first.ID)
		if err != nil || offered == nil || offered.ID != bruno.ID || !offered.OfferExpiresAt.Equal(clk.Now().Add(24*time.Hour)) {
			t.Fatalf("%v %+v", err, offered)
		}
		offers := func() []notify.Message {
			msgs, _, _ := st.ListMessages(ctx, f.structure, store.MessageFilter{Status: notify.Outbox})
			var out []notify.Message
			for _, m := range msgs {
				if m.Kind == notify.Offer {
					out = append(out, m)
				}
			}
			return out
		}
		if o := offers(); len(o) != 1 || o[0].To != "bruno@exemple.fr" || !strings.Contains(o[0].Body, "Confirmez avant le mardi 3 mars 2026 à 10 h") {
			t.Fatalf("offer: %+v", o)
		}
		// 23 hours later nothing expires; 25 hours later the offer goes to Chloé.
		clk.Set(paris("2026-03-03 09:00"))
		if rep, err := svc.RunChores(ctx); err != nil || rep.Expired != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		clk.Set(paris("2026-03-03 11:00"))
		rep, err := svc.RunChores(ctx)
		if err != nil || !rep.Leader || rep.Expired != 1 || rep.Offered != 1 {
			t.Fatalf("%v %+v", err, rep)
		}
		if rep, _ := svc.RunChores(ctx); rep.Expired != 0 || rep.Offered != 0 {
			t.Fatalf("second pass: %+v", rep)
		}
		if _, err := svc.ConfirmOffer(ctx, f.structure, bruno.ID); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("Bruno confirms too late: %v", err)
		}
		if o := offers(); len(o) != 2 || o[0].To != "chloe@exemple.fr" {
			t.Fatalf("offers: %+v", o)
		}
		got, err := svc.ConfirmOffer(ctx, f.structure, chloe.ID)
		if err != nil || got.Status != workshop.Registered {
			t.Fatalf("%v %+v", err, got)
		}
		if counter, held, _ := st.SeatCount(ctx, f.workshop.ID); counter != 1 || held != 1 {
			t.Fatalf("seats %d/%d", counter, held)
		}
	})
}

// brevoServer stands for Brevo's API: it counts the SMS each number gets.
func brevoServer(t *testing.T) (*httptest.Server, func(string) int, *atomic.Int64) {
	t.Helper()
	var mu sync.Mutex
	got := map[string]int{}
	var total atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Recipient string `json:"recipient"`
		}
		if r.Header.Get("api-key") != "key" || json.NewDecoder(r.Body).Decode(&body) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		mu.Lock()
		got[body.Recipient]++
		mu.Unlock()
		n := total.Add(1)
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"messageId":%d}`, n)
	}))
	t.Cleanup(srv.Close)
	return srv, func(to string) int { mu.Lock(); defer mu.Unlock(); return got[to] }, &total
}

// TestRemindersSentOnce runs the background pass twice, then from two
// instances (two handles on one database) at once: each reminder is
// recorded once and each SMS reaches the provider once.
func TestRemindersSentOnce(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			var cfg store.Config
			if dialect == "postgres" {
				cfg.DatabaseURL = storetest.PostgresURL(t)
			} else {
				cfg.DataDir = t.TempDir()
			}
			open := func() *store.Store {
				st, err := store.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				if err := st.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return st
			}
			st1, st2 := open(), open()
			clk := &clock{now: paris("2026-03-02 10:00")}
			f := newFixture(t, st1, clk.Now())
			srv, received, total := brevoServer(t)
			sms := func() notify.SMSSender { return &notify.Brevo{APIKey: "key", Sender: "CCAS", Endpoint: srv.URL} }
			one := scheduling.New(st1, scheduling.Config{Now: clk.Now, SMS: sms(), Holder: "instance-1"})
			two := scheduling.New(st2, scheduling.Config{Now: clk.Now, SMS: sms(), Holder: "instance-2"})

			// Three appointments next week and a workshop registration.
			phones := []string{"+33611111111", "+33622222222", "+33633333333"}
			for i, phone := range phones {
				_, err := one.Book(ctx, scheduling.BookRequest{StructureID: f.structure, MotiveID: f.motive.ID, PermanenceID: f.perm.ID,
					Start: paris("2026-03-10 09:00").Add(time.Duration(30*i) * time.Minute), Booker: scheduling.ByStaff, Via: agenda.ViaStaff,
					Contact: agenda.Contact{Name: fmt.Sprintf("Personne %d", i), Phone: phone}})
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, err := one.Register(ctx, scheduling.RegisterRequest{StructureID: f.structure, WorkshopID: f.workshop.ID, Via: agenda.ViaStaff,
				Contact: agenda.Contact{Name: "Atelier", Phone: "+33644444444"}}); err != nil {
				t.Fatal(err)
			}
			if _, err := one.RunChores(ctx); err != nil { // sends the four confirmations
				t.Fatal(err)
			}
			if total.Load() != 4 {
				t.Fatalf("%d confirmations sent", total.Load())
			}
			// Within 48 hours of the three appointments, not yet of the workshop.
			clk.Set(paris("2026-03-08 10:05"))
			for range 2 {
				if _, err := one.RunChores(ctx); err != nil {
					t.Fatal(err)
				}
			}
			for _, p := range phones {
				if n := received(strings.TrimPrefix(p, "+")); n != 2 {
					t.Fatalf("%s got %d SMS (confirmation and reminder expected)", p, n)
				}
			}
			// The workshop's reminder: two instances at once, several passes each.
			clk.Set(paris("2026-03-10 15:00"))
			var wg sync.WaitGroup
			for _, svc := range []*scheduling.Service{one, two, one, two} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := svc.RunChores(ctx); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			for _, svc := range []*scheduling.Service{one, two} {
				if _, err := svc.RunChores(ctx); err != nil {
					t.Fatal(err)
				}
			}
			if n := received("33644444444"); n != 2 {
				t.Fatalf("the workshop reminder reached the provider %d times (confirmation + reminder = 2 expected)", n)
			}
			if total.Load() != 8 {
				t.Fatalf("%d SMS sent in all, 8 expected", total.Load())
			}
			// A restart: a third process opens the database afresh, an hour
			// later, and runs its passes: nothing is sent again.
			clk.Set(paris("2026-03-10 16:00"))
			three := scheduling.New(open(), scheduling.Config{Now: clk.Now, SMS: sms(), Holder: "instance-3"})
			for range 2 {
				if rep, err := three.RunChores(ctx); err != nil || rep.Reminders != 0 || rep.Sent != 0 {
					t.Fatalf("after a restart: %v %+v", err, rep)
				}
			}
			if total.Load() != 8 {
				t.Fatalf("%d SMS sent after a restart, still 8 expected", total.Load())
			}
			msgs, count, _ := st2.ListMessages(ctx, f.structure, store.MessageFilter{})
			if count != 8 {
				t.Fatalf("%d messages recorded", count)
			}
			for _, m := range msgs {
				if m.Status != notify.Sent || len(m.Receipts) != 1 || !strings.HasPrefix(m.Receipts[0].ProviderID, "brevo:") {
					t.Fatalf("%+v", m)
				}
			}
		})
	}
}

func TestDeliveryFailureRetriesThenFails(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := &clock{now: paris("2026-03-02 10:00")}
		f := newFixture(t, st, clk.Now())
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusPaymentRequired)
			fmt.Fprint(w, `{"code":"not_enough_credits","message":"Not enough credits"}`)
		}))
		defer srv.Close()
		svc := scheduling.New(st, scheduling.Config{Now: clk.Now, SMS: &notify.Brevo{APIKey: "k", Sender: "CCAS", Endpoint: srv.URL}})
		if _, err := svc.Book(ctx, scheduling.BookRequest{StructureID: f.structure, MotiveID: f.motive.ID, PermanenceID: f.perm.ID, Start: paris("2026-03-10 09:00"),
			Booker: scheduling.ByStaff, Via: agenda.ViaStaff, Contact: agenda.Contact{Name: "Marie", Phone: "0612345678"}}); err != nil {
			t.Fatal(err)
		}
		for i := range notify.MaxAttempts + 1 {
			clk.Set(clk.Now().Add(time.Minute))
			if _, err := svc.Deliver(ctx); err != nil {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		msgs, _, _ := st.ListMessages(ctx, f.structure, store.MessageFilter{})
		if len(msgs) != 1 || msgs[0].Status != notify.Failed || len(msgs[0].Receipts) != notify.MaxAttempts || !strings.Contains(msgs[0].Receipts[0].Detail, "402") {
			t.Fatalf("%+v", msgs)
		}
	})
}
