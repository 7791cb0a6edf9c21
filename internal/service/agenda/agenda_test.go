package agenda_test

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
	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"
	"github.com/parcours-numerique/parcours/internal/icalendar/icaltest"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/residentlink"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
)

func TestPublicBookingEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		svc, _ := services(st, clk, agendasvc.OutboxConfig{BaseURL: "https://parcours.test"}, 0)
		two := agendasvc.Range{To: clk.Now().AddDate(0, 0, 14)}
		free, err := svc.PublicSlots(ctx, f.motive.ID, 0, two)
		if err != nil || len(free.Slots) != 12 || free.PlaceName(f.place) != "Espace numérique du CCAS" {
			t.Fatalf("%v: %d slots", err, len(free.Slots))
		}
		if _, err := svc.PublicSlots(ctx, f.motive.ID, 0, agendasvc.Range{To: clk.Now().AddDate(0, 3, 0)}); fieldErrors(err)["au"] == "" {
			t.Fatalf("three months at once: %v", err)
		}
		in := agendasvc.PublicBooking{Slot: free.Slots[0].Value(), Agreed: true,
			Contact: agenda.Contact{Name: "Marie Dupont", Phone: "06 12 34 56 78", Email: "Marie@Exemple.fr", Need: "Renouveler mon RSA"}}

		t.Run("EveryFieldAtOnce", func(t *testing.T) {
			bad := agendasvc.PublicBooking{Slot: free.Slots[0].Start.Add(10 * time.Minute).Format(time.RFC3339)}
			_, _, err := svc.BookPublic(ctx, f.motive.ID, bad)
			e := fieldErrors(err)
			if e["nom"] == "" || e["telephone"] == "" || e["creneau"] == "" || e["accord"] == "" {
				t.Fatalf("%v", e)
			}
			offset := in
			perm, start, _ := agenda.ParseSlotValue(in.Slot)
			offset.Slot = agenda.Slot{PermanenceID: perm, Start: start.Add(10 * time.Minute)}.Value()
			if _, _, err := svc.BookPublic(ctx, f.motive.ID, offset); fieldErrors(err)["creneau"] == "" {
				t.Fatalf("a slot off the grid: %v", err)
			}
		})
		var a agenda.Appointment
		var token string
		t.Run("Book", func(t *testing.T) {
			if a, token, err = svc.BookPublic(ctx, f.motive.ID, in); err != nil {
				t.Fatal(err)
			}
			if a.Phone != "+33612345678" || a.Email != "marie@exemple.fr" || a.StaffID != f.staff.User.ID || a.Status != agenda.StatusPending || a.ConsentWording == "" || a.BookedVia != agenda.ViaOnline {
				t.Fatalf("%+v", a)
			}
			if _, _, err := svc.BookPublic(ctx, f.motive.ID, in); err != agendastore.ErrSlotTaken {
				t.Fatalf("same slot twice: %v", err)
			}
			after, _ := svc.PublicSlots(ctx, f.motive.ID, 0, two)
			if len(after.Slots) != 11 {
				t.Fatalf("%d slots after booking", len(after.Slots))
			}
		})
		t.Run("MessagesInTheOutbox", func(t *testing.T) {
			msgs, total, err := st.ListMessages(ctx, f.sc, store.MessageFilter{AppointmentID: a.ID})
			if err != nil || total != 2 {
				t.Fatalf("%v %d", err, total)
			}
			for _, m := range msgs {
				if m.Status != notify.Outbox || len(m.Receipts) != 1 || m.Receipts[0].Result != notify.Outbox {
					t.Fatalf("not kept in the outbox: %+v", m)
				}
				switch m.Channel {
				case notify.SMS:
					if strings.Contains(m.Body, "RSA") || !strings.Contains(m.Body, "https://parcours.test"+residentlink.AppointmentPath+token) {
						t.Fatalf("SMS: %s", m.Body)
					}
				case notify.Email:
					if !strings.Contains(m.Body, "Pour : Dossier RSA.") || !strings.Contains(m.Body, "Apportez votre téléphone.") || strings.Contains(m.Body, "Renouveler") ||
						!strings.Contains(m.Body, "https://parcours.test"+residentlink.OptOutPath) {
						t.Fatalf("e-mail: %s", m.Body)
					}
					p := icaltest.Parse(t, []byte(m.ICS))
					if len(p.Events) != 1 || p.Events[0].Start != a.Start.UTC().Format("2006-01-02T15:04:05.000Z") || !strings.Contains(p.Events[0].Location, "25 rue de la République") {
						t.Fatalf("attachment: %+v", p)
					}
				}
			}
		})
		t.Run("ResidentLink", func(t *testing.T) {
			mine, err := svc.ByLink(ctx, token)
			if err != nil || mine.Appointment.ID != a.ID || !mine.Upcoming || mine.Instructions != "Apportez votre téléphone." || mine.Site.Name != "Espace numérique du CCAS" {
				t.Fatalf("%v %+v", err, mine)
			}
			if _, err := svc.ByLink(ctx, token+"x"); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a forged link: %v", err)
			}
			if b, err := svc.FileByLink(ctx, token); err != nil || len(icaltest.Parse(t, b).Events) != 1 {
				t.Fatal(err)
			}
		})
		t.Run("MoveThenCancelByLink", func(t *testing.T) {
			moved, err := svc.Move(ctx, f.staff, a.ID, free.Slots[3].Value())
			if err != nil || !moved.Start.Equal(free.Slots[3].Start) || moved.Sequence != 1 {
				t.Fatalf("%v %+v", err, moved)
			}
			if got, err := svc.CancelByLink(ctx, token); err != nil || got.Status != agenda.StatusExcused {
				t.Fatalf("%v %+v", err, got)
			}
			msgs, total, _ := st.ListMessages(ctx, f.sc, store.MessageFilter{AppointmentID: a.ID})
			if total != 6 || msgs[0].Kind != notify.Cancellation || msgs[2].Kind != notify.Change {
				t.Fatalf("%d messages: %v", total, msgs)
			}
		})
		t.Run("OptOutLink", func(t *testing.T) {
			msgs, _, _ := st.ListMessages(ctx, f.sc, store.MessageFilter{AppointmentID: a.ID})
			var link string
			for _, m := range msgs {
				if i := strings.Index(m.Body, residentlink.OptOutPath); i > 0 && link == "" {
					link = strings.Fields(m.Body[i+len(residentlink.OptOutPath):])[0]
				}
			}
			u, err := svc.OptOutByLink(ctx, link)
			if err != nil || u.StructureName != "CCAS de Rochefort" || u.Contact != "ma•••@exemple.fr" {
				t.Fatalf("%v %+v", err, u)
			}
			if _, err := svc.StopByLink(ctx, link); err != nil {
				t.Fatal(err)
			}
			if out, _ := st.OptedOut(ctx, f.sc, "marie@exemple.fr"); !out {
				t.Fatal("the opt-out link did not stop the messages")
			}
			if _, err := svc.OptOutByLink(ctx, token); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("an appointment's token stops messages: %v", err)
			}
		})
		t.Run("StaffOnlyMotiveHiddenFromResidents", func(t *testing.T) {
			m := f.motive
			m.BookableBy = agenda.BookStaff
			if _, err := svc.UpdateMotive(ctx, f.staff, m.ID, m); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.PublicSlots(ctx, f.motive.ID, 0, two); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a staff-only motive is offered online: %v", err)
			}
			if s, err := svc.Slots(ctx, f.staff, f.motive.ID, 0, two); err != nil || len(s.Slots) == 0 {
				t.Fatalf("%v %d", err, len(s.Slots))
			}
		})
	})
}

// TestStaffBooking: a booking for a person's file takes their contact and
// is journaled in the same transaction; a contact needs the person's
// agreement; a role without files may not name one; the API's bookings say so.
func TestStaffBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		svc, _ := services(st, clk, agendasvc.OutboxConfig{}, 0)
		p := person.Person{Kind: person.Followed, FirstName: "Jeannine", LastName: "Moreau", Phone: "+33612345678", Status: person.InProgress}
		if err := st.CreatePerson(ctx, f.sc, &p, nil, journal.By(f.staff, journal.Create, "test"), clk.Now()); err != nil {
			t.Fatal(err)
		}
		free, _ := svc.Slots(ctx, f.staff, f.motive.ID, 0, agendasvc.Range{})
		if _, err := svc.Book(ctx, f.staff, agendasvc.Booking{MotiveID: f.motive.ID, Slot: free.Slots[0].Value(), PersonID: p.ID}); fieldErrors(err)["accord"] == "" {
			t.Fatalf("a contact from the file without agreement: %v", err)
		}
		a, err := svc.Book(ctx, f.staff, agendasvc.Booking{MotiveID: f.motive.ID, Slot: free.Slots[0].Value(), PersonID: p.ID, Agreed: true})
		if err != nil || a.Name != "Jeannine Moreau" || a.Phone != "+33612345678" || a.PersonID != p.ID || a.BookedVia != agenda.ViaStaff {
			t.Fatalf("%v %+v", err, a)
		}
		entries, _, _ := st.ListJournal(ctx, f.sc, store.JournalFilter{PersonID: p.ID})
		if len(entries) != 2 || !strings.Contains(entries[0].What, "Rendez-vous du ") {
			t.Fatalf("journal: %+v", entries)
		}
		if _, err := svc.Book(ctx, f.partner, agendasvc.Booking{MotiveID: f.motive.ID, Slot: free.Slots[1].Value()}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a partner books in the structure's own agenda: %v", err)
		}
		api := *f.staff
		api.Via = account.ViaAPI
		b, err := svc.Book(ctx, &api, agendasvc.Booking{MotiveID: f.motive.ID, Slot: free.Slots[1].Value(), Contact: agenda.Contact{Name: "Jean API"}})
		if err != nil || b.BookedVia != agenda.ViaAPI {
			t.Fatalf("%v %+v", err, b)
		}
		if got, err := svc.SetStatus(ctx, f.staff, b.ID, "nope"); fieldErrors(err)["statut"] == "" {
			t.Fatalf("%v %+v", err, got)
		}
		if _, err := svc.Cancel(ctx, f.staff, b.ID, agendasvc.Cancellation{Reason: strings.Repeat("x", 301)}); fieldErrors(err)["raison"] == "" {
			t.Fatalf("a long reason: %v", err)
		}
		d, err := svc.AppointmentDetails(ctx, f.staff, a.ID)
		if err != nil || !d.Upcoming || !strings.HasPrefix(d.Link, residentlink.AppointmentPath) || len(d.Messages) != 1 {
			t.Fatalf("%v %+v", err, d)
		}
		page, err := svc.ChangedAppointments(ctx, f.staff, agendasvc.Sync{Limit: 1})
		if err != nil || len(page.Items) != 1 || page.Next != page.Items[0].ID {
			t.Fatalf("%v %+v", err, page)
		}
		if page, _ := svc.ChangedAppointments(ctx, f.staff, agendasvc.Sync{AfterID: page.Next}); len(page.Items) != 1 || page.Next != 0 {
			t.Fatalf("%+v", page)
		}
	})
}

// TestPartnerBooking: a partner of the territory books a motive open to
// partners, for a person who agreed, and cancels it.
func TestPartnerBooking(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		svc, _ := services(st, clk, agendasvc.OutboxConfig{}, 0)
		list, ok, err := svc.PartnerMotives(ctx, f.partner, 0)
		if err != nil || !ok || len(list) != 1 || list[0].ID != f.motive.ID {
			t.Fatalf("%v %v %+v", err, ok, list)
		}
		if _, ok, _ := svc.PartnerMotives(ctx, f.staff, 0); !ok {
			t.Fatal("the structure has a territory")
		}
		if own, _, _ := svc.PartnerMotives(ctx, f.staff, 0); len(own) != 0 {
			t.Fatalf("a structure books its own motives as a partner: %+v", own)
		}
		free, err := svc.PartnerSlots(ctx, f.partner, f.motive.ID, agendasvc.Range{})
		if err != nil || len(free.Slots) == 0 {
			t.Fatalf("%v %d", err, len(free.Slots))
		}
		in := agendasvc.PartnerBooking{Slot: free.Slots[0].Value(), Contact: agenda.Contact{Name: "André Marchand", Phone: "0712345678"}}
		if _, err := svc.BookAsPartner(ctx, f.partner, f.motive.ID, in); fieldErrors(err)["accord"] == "" {
			t.Fatalf("without the person's agreement: %v", err)
		}
		in.Agreed, in.ReferralID = true, 999999
		if _, err := svc.BookAsPartner(ctx, f.partner, f.motive.ID, in); fieldErrors(err)["orientation"] == "" {
			t.Fatalf("an orientation that is not the partner's: %v", err)
		}
		in.ReferralID = 0
		a, err := svc.BookAsPartner(ctx, f.partner, f.motive.ID, in)
		if err != nil || a.BookedVia != agenda.ViaPartner || a.BookedByStructureID != f.partner.StructureID() || !strings.Contains(a.ConsentWording, "France Services") {
			t.Fatalf("%v %+v", err, a)
		}
		mine, err := svc.Reservations(ctx, f.partner)
		if err != nil || len(mine) != 1 {
			t.Fatalf("%v %d", err, len(mine))
		}
		if _, err := svc.CancelReservation(ctx, f.staff, a.ID, ""); !apperr.Is(err, apperr.Forbidden) && !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("the holder cancels as a partner: %v", err)
		}
		if got, err := svc.CancelReservation(ctx, f.partner, a.ID, "Empêchement"); err != nil || got.Status != agenda.StatusExcused {
			t.Fatalf("%v %+v", err, got)
		}
	})
}

// TestOrganise: permanences, motives and absences are checked once, with
// the API's field names, and kept to the structure.
func TestOrganise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		svc, _ := services(st, clk, agendasvc.OutboxConfig{}, 0)
		in := agendasvc.NewPermanence{PlaceID: f.place, StaffIDs: []int64{f.staff.User.ID}, Weekday: time.Thursday, Start: "14:00", End: "13:00", From: "demain", Mode: agenda.ModeAppointment}
		_, err := svc.CreatePermanence(ctx, f.staff, in)
		if e := fieldErrors(err); e["fin"] == "" || e["du"] == "" || e["motifs"] == "" {
			t.Fatalf("%v", e)
		}
		in.End, in.From, in.MotiveIDs = "16:00", "05/03/2026", []int64{f.motive.ID}
		p, err := svc.CreatePermanence(ctx, f.staff, in)
		if err != nil || p.From != "2026-03-05" || p.PlaceName == "" || !p.SkipHolidays {
			t.Fatalf("%v %+v", err, p)
		}
		if _, err := svc.CreatePermanence(ctx, f.partner, in); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a partner organises: %v", err)
		}
		if d, err := svc.CancelPermanenceDate(ctx, f.staff, p.ID, "12/03/2026", "Formation", false); err != nil || d != "2026-03-12" {
			t.Fatalf("%v %q", err, d)
		}
		if _, err := svc.CancelPermanenceDate(ctx, f.staff, p.ID, "jeudi", "", false); fieldErrors(err)["date"] == "" {
			t.Fatalf("%v", err)
		}
		if got, _ := svc.Permanence(ctx, f.staff, p.ID); len(got.Cancelled) != 1 {
			t.Fatalf("%+v", got)
		}
		in.KeepHolidays = true
		if got, err := svc.UpdatePermanence(ctx, f.staff, p.ID, in); err != nil || got.SkipHolidays {
			t.Fatalf("%v %+v", err, got)
		}
		if err := svc.DeletePermanence(ctx, f.staff, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateMotive(ctx, f.staff, agenda.Motive{Duration: 7}); fieldErrors(err)["nom"] == "" || fieldErrors(err)["duree"] == "" {
			t.Fatalf("%v", err)
		}
		m, err := svc.CreateMotive(ctx, f.staff, agenda.Motive{Name: "  Atelier   individuel ", BookableBy: agenda.BookPartners})
		if err != nil || m.Name != "Atelier individuel" || m.Duration != agenda.DefaultDuration {
			t.Fatalf("%v %+v", err, m)
		}
		if list, _ := svc.Motives(ctx, f.staff, false); len(list) != 2 {
			t.Fatalf("%d motives", len(list))
		}
		ab, err := svc.CreateAbsence(ctx, f.staff, agenda.Absence{UserID: f.staff.User.ID, Start: paris("2026-03-10 08:00"), End: paris("2026-03-10 19:00")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CreateAbsence(ctx, f.staff, agenda.Absence{UserID: f.partner.User.ID, Start: paris("2026-03-10 08:00"), End: paris("2026-03-10 19:00")}); fieldErrors(err)["agent"] == "" {
			t.Fatalf("another structure's member absent: %v", err)
		}
		if free, _ := svc.Slots(ctx, f.staff, f.motive.ID, 0, agendasvc.Range{From: paris("2026-03-10 00:00"), To: paris("2026-03-11 00:00")}); len(free.Slots) != 0 {
			t.Fatalf("%d slots during the absence", len(free.Slots))
		}
		week, err := svc.Week(ctx, f.staff, paris("2026-03-11 12:00"), 0, 0)
		if err != nil || week.Monday.Format("2006-01-02") != "2026-03-09" || len(week.Permanences) != 1 || len(week.Absences) != 1 || len(week.Workshops) != 1 {
			t.Fatalf("%v %+v", err, week)
		}
		if err := svc.DeleteAbsence(ctx, f.staff, ab.ID); err != nil {
			t.Fatal(err)
		}
		team, err := svc.Team(ctx, f.staff)
		if err != nil || len(team.Places) != 1 || len(team.Members) != 1 {
			t.Fatalf("%v %+v", err, team)
		}
	})
}

// TestFeeds: a site's public calendar and a member's private one.
func TestFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		svc, _ := services(st, clk, agendasvc.OutboxConfig{}, 0)
		b, err := svc.SiteFeed(ctx, f.place, "https://parcours.test/rendez-vous")
		if err != nil {
			t.Fatal(err)
		}
		p := icaltest.Parse(t, b)
		if len(p.Events) < 20 || p.Name != "Agenda : Espace numérique du CCAS" {
			t.Fatalf("%d events", len(p.Events))
		}
		secret, err := svc.NewCalendarAddress(ctx, f.staff)
		if err != nil {
			t.Fatal(err)
		}
		if c, err := svc.Calendars(ctx, f.staff); err != nil || c.PersonalCreated.IsZero() || len(c.Places) != 1 {
			t.Fatalf("%v %+v", err, c)
		}
		if b, err := svc.StaffFeed(ctx, secret, "https://parcours.test"); err != nil || len(icaltest.Parse(t, b).Events) == 0 {
			t.Fatal(err)
		}
		if _, err := svc.StaffFeed(ctx, "forged", ""); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("%v", err)
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
			clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
			f := newFixture(t, st1, clk.Now())
			srv, received, total := brevoServer(t)
			sms := func() notify.SMSSender { return &notify.Brevo{APIKey: "key", Sender: "CCAS", Endpoint: srv.URL} }
			one, ws := services(st1, clk, agendasvc.OutboxConfig{SMS: sms(), Holder: "instance-1"}, 0)
			two, _ := services(st2, clk, agendasvc.OutboxConfig{SMS: sms(), Holder: "instance-2"}, 0)

			// Three appointments next week and a workshop registration.
			phones := []string{"+33611111111", "+33622222222", "+33633333333"}
			for i, phone := range phones {
				slot := agenda.Slot{PermanenceID: f.perm.ID, Start: paris("2026-03-10 09:00").Add(time.Duration(30*i) * time.Minute)}
				if _, err := one.Book(ctx, f.staff, agendasvc.Booking{MotiveID: f.motive.ID, Slot: slot.Value(), Agreed: true,
					Contact: agenda.Contact{Name: fmt.Sprintf("Personne %d", i), Phone: phone}}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := ws.Register(ctx, f.staff, f.workshop.ID, workshops.NewRegistration{Agreed: true, Contact: agenda.Contact{Name: "Atelier", Phone: "+33644444444"}}); err != nil {
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
			for _, svc := range []*agendasvc.Service{one, two, one, two} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if _, err := svc.RunChores(ctx); err != nil {
						t.Error(err)
					}
				}()
			}
			wg.Wait()
			for _, svc := range []*agendasvc.Service{one, two} {
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
			three, _ := services(open(), clk, agendasvc.OutboxConfig{SMS: sms(), Holder: "instance-3"}, 0)
			for range 2 {
				if rep, err := three.RunChores(ctx); err != nil || rep.Reminders != 0 || rep.Sent != 0 {
					t.Fatalf("after a restart: %v %+v", err, rep)
				}
			}
			if total.Load() != 8 {
				t.Fatalf("%d SMS sent after a restart, still 8 expected", total.Load())
			}
			msgs, count, _ := st2.ListMessages(ctx, f.sc, store.MessageFilter{})
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
		clk := frtimetest.NewClock(paris("2026-03-02 10:00"))
		f := newFixture(t, st, clk.Now())
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusPaymentRequired)
			fmt.Fprint(w, `{"code":"not_enough_credits","message":"Not enough credits"}`)
		}))
		defer srv.Close()
		out := agendasvc.NewOutbox(st, agendasvc.OutboxConfig{Now: clk.Now, SMS: &notify.Brevo{APIKey: "k", Sender: "CCAS", Endpoint: srv.URL}})
		svc := agendasvc.New(agendastore.New(st), out, workshops.New(workshopstore.New(st), out, workshops.Config{Now: clk.Now}), agendasvc.Config{Now: clk.Now})
		slot := agenda.Slot{PermanenceID: f.perm.ID, Start: paris("2026-03-10 09:00")}
		if _, err := svc.Book(ctx, f.staff, agendasvc.Booking{MotiveID: f.motive.ID, Slot: slot.Value(), Agreed: true, Contact: agenda.Contact{Name: "Marie", Phone: "0612345678"}}); err != nil {
			t.Fatal(err)
		}
		for i := range notify.MaxAttempts + 1 {
			clk.Set(clk.Now().Add(time.Minute))
			if _, err := out.Deliver(ctx); err != nil {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		page, err := svc.Messages(ctx, f.staff, "", 1)
		if err != nil || len(page.Messages) != 1 || page.Messages[0].Status != notify.Failed || len(page.Messages[0].Receipts) != notify.MaxAttempts ||
			!strings.Contains(page.Messages[0].Receipts[0].Detail, "402") || page.Email || !page.SMS {
			t.Fatalf("%v %+v", err, page)
		}
		if _, err := svc.StopMessages(ctx, f.staff, "pas un contact", true); fieldErrors(err)["contact"] == "" {
			t.Fatalf("%v", err)
		}
		if key, err := svc.StopMessages(ctx, f.staff, "06 12 34 56 78", true); err != nil || key != "+33612345678" {
			t.Fatalf("%v %q", err, key)
		}
		if page, _ := svc.Messages(ctx, f.staff, "", 1); len(page.OptOuts) != 1 {
			t.Fatalf("%+v", page.OptOuts)
		}
		if _, err := svc.StopMessages(ctx, f.staff, "06 12 34 56 78", false); err != nil {
			t.Fatal(err)
		}
	})
}
