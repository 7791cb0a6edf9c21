package agendastore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

var agendaNow = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // Monday 2 March 2026, 9 h in Paris

// agendaFixture is a structure with two staff members, a site, a motive
// and a permanence; another structure has its own site.
type agendaFixture struct {
	structure, other int64
	staff            []int64
	place, otherSite int64
	motive           agenda.Motive
	perm             agenda.Permanence
}

func agendaPlace(t *testing.T, st *agendastore.Store, structureID int64, name string) int64 {
	t.Helper()
	p := &place.Place{StructureID: structureID, Source: place.SourceParcours, Pivot: "21170299700017", Name: name, Commune: "Rochefort",
		PostalCode: "17300", InseeCode: "17299", Address: "25 rue de la République", Hours: "Mo-Fr 09:00-12:00", UpdatedOn: agendaNow}
	p.Normalize()
	if err := placestore.New(st.Store).CreatePlace(context.Background(), p, agendaNow); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func newAgendaFixture(t *testing.T, st *agendastore.Store) agendaFixture {
	t.Helper()
	ctx := context.Background()
	f := agendaFixture{structure: newStructure(t, st, "CCAS", 0).ID, other: newStructure(t, st, "Autre", 0).ID}
	for i := range 2 {
		id, err := st.CreateUser(ctx, account.NewUser{Email: fmt.Sprintf("cnfs%d@exemple.fr", i), Name: fmt.Sprintf("Conseiller %d", i), StructureID: f.structure, Role: account.RoleMediation}, "", agendaNow)
		if err != nil {
			t.Fatal(err)
		}
		f.staff = append(f.staff, id)
	}
	f.place = agendaPlace(t, st, f.structure, "Espace numérique")
	f.otherSite = agendaPlace(t, st, f.other, "Ailleurs")
	f.motive = agenda.Motive{StructureID: f.structure, Name: "Accompagnement numérique", BookableBy: agenda.BookAnyone}
	f.motive.Normalize()
	if err := st.CreateMotive(ctx, scope.OfStructure(f.structure), &f.motive, agendaNow); err != nil {
		t.Fatal(err)
	}
	f.perm = agenda.Permanence{StructureID: f.structure, PlaceID: f.place, StaffIDs: []int64{f.staff[0]}, Weekday: time.Tuesday,
		Start: 9 * 60, End: 12 * 60, From: "2026-03-03", SkipHolidays: true, MotiveIDs: []int64{f.motive.ID}, Mode: agenda.ModeAppointment}
	f.perm.Normalize()
	if err := st.CreatePermanence(ctx, scope.OfStructure(f.structure), &f.perm, agendaNow); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f agendaFixture) sc() scope.Structure      { return scope.OfStructure(f.structure) }
func (f agendaFixture) otherSc() scope.Structure { return scope.OfStructure(f.other) }

func (f agendaFixture) appointment(start time.Time, minutes int, name string) *agenda.Appointment {
	return &agenda.Appointment{StructureID: f.structure, PlaceID: f.place, PermanenceID: f.perm.ID, MotiveID: f.motive.ID, MotiveName: f.motive.Name,
		Location: agenda.LocationOnSite, StaffID: f.staff[0], Start: start, End: start.Add(time.Duration(minutes) * time.Minute),
		Name: name, Phone: "+33612345678", BookedVia: agenda.ViaOnline}
}

func paris(s string) time.Time { return frtimetest.Paris(s) }

func TestMotivesAndPermanences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		f := newAgendaFixture(t, st)
		got, err := st.Permanence(ctx, f.sc(), f.perm.ID)
		if err != nil || got.PlaceName != "Espace numérique" || len(got.StaffIDs) != 1 || got.StaffNames[0] != "Conseiller 0" ||
			len(got.MotiveIDs) != 1 || got.MotiveNames[0] != f.motive.Name || got.Weekday != time.Tuesday || !got.SkipHolidays {
			t.Fatalf("%v %+v", err, got)
		}
		if _, err := st.Permanence(ctx, f.otherSc(), f.perm.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads the permanence: %v", err)
		}
		bad := f.perm
		bad.ID, bad.PlaceID = 0, f.otherSite
		if err := st.CreatePermanence(ctx, f.sc(), &bad, agendaNow); err == nil || apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("a permanence at another structure's site: %v", err)
		}
		if err := st.CancelPermanenceDate(ctx, f.sc(), f.perm.ID, "2026-03-10", "Formation", false, agendaNow); err != nil {
			t.Fatal(err)
		}
		if err := st.CancelPermanenceDate(ctx, f.otherSc(), f.perm.ID, "2026-03-17", "", false, agendaNow); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure cancels a date: %v", err)
		}
		list, err := st.ListPermanences(ctx, f.sc(), agendastore.PermanenceFilter{})
		if err != nil || len(list) != 1 || len(list[0].Cancelled) != 1 || list[0].Cancelled[0] != "2026-03-10" {
			t.Fatalf("%v %+v", err, list)
		}
		got.Until, got.StaffIDs = "2026-06-30", f.staff
		if err := st.UpdatePermanence(ctx, f.sc(), &got, agendaNow); err != nil {
			t.Fatal(err)
		}
		if got, _ = st.Permanence(ctx, f.sc(), f.perm.ID); got.Until != "2026-06-30" || len(got.StaffIDs) != 2 {
			t.Fatalf("%+v", got)
		}
		online, err := st.MotivesOnline(ctx)
		if err != nil || len(online) != 1 || online[0].StructureName != "CCAS" {
			t.Fatalf("%v %+v", err, online)
		}
		if err := st.DeletePermanence(ctx, f.sc(), f.perm.ID, agendaNow); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAppointmentsHoldTheirSlot(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		f := newAgendaFixture(t, st)
		msgs := func(a agenda.Appointment) []notify.Message {
			return []notify.Message{{StructureID: a.StructureID, Kind: notify.Confirmation, Channel: notify.SMS, To: a.Phone, Body: "ok",
				Key: fmt.Sprintf("confirmation:rdv:%d:sms", a.ID), AppointmentID: a.ID}}
		}
		a := f.appointment(paris("2026-03-03 09:30"), 30, "Marie Dupont")
		if err := st.BookAppointment(ctx, f.sc(), a, msgs, journal.Entry{}, agendaNow); err != nil {
			t.Fatal(err)
		}
		t.Run("OverlappingLongerAppointmentRefused", func(t *testing.T) {
			b := f.appointment(paris("2026-03-03 09:15"), 60, "Karim Benali")
			if err := st.BookAppointment(ctx, f.sc(), b, nil, journal.Entry{}, agendaNow); err != agendastore.ErrSlotTaken {
				t.Fatalf("overlap: %v", err)
			}
			if list, _ := st.ListAppointments(ctx, f.sc(), agendastore.AppointmentFilter{}); len(list) != 1 {
				t.Fatalf("the refused booking left a row: %d", len(list))
			}
		})
		t.Run("OtherStaffFree", func(t *testing.T) {
			b := f.appointment(paris("2026-03-03 09:30"), 30, "Karim Benali")
			b.StaffID = f.staff[1]
			if err := st.BookAppointment(ctx, f.sc(), b, nil, journal.Entry{}, agendaNow); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("BusyIncludesAppointmentsAndAbsences", func(t *testing.T) {
			abs := agenda.Absence{StructureID: f.structure, UserID: f.staff[0], Start: paris("2026-03-10 00:00"), End: paris("2026-03-11 00:00"), Reason: "Formation"}
			if err := st.CreateAbsence(ctx, f.sc(), &abs, f.staff[1], agendaNow); err != nil {
				t.Fatal(err)
			}
			busy, err := st.Busy(ctx, []int64{f.staff[0]}, paris("2026-03-01 00:00"), paris("2026-03-31 00:00"))
			if err != nil || len(busy[f.staff[0]]) != 2 {
				t.Fatalf("%v %v", err, busy)
			}
			slots := agenda.FreeSlots(agenda.SlotQuery{Motive: f.motive, Permanences: []agenda.Permanence{f.perm}, Busy: busy,
				From: paris("2026-03-03 00:00"), To: paris("2026-03-11 00:00"), Now: agendaNow})
			if len(slots) != 5 { // 6 slots on the 3rd minus the booked one; the 10th is an absence
				t.Fatalf("%d slots", len(slots))
			}
		})
		t.Run("CancelFreesAndSendsOnce", func(t *testing.T) {
			cancelMsgs := func(a agenda.Appointment) []notify.Message {
				return []notify.Message{{StructureID: a.StructureID, Kind: notify.Cancellation, Channel: notify.SMS, To: a.Phone, Body: "annulé",
					Key: fmt.Sprintf("annulation:rdv:%d:sms", a.ID), AppointmentID: a.ID}}
			}
			if _, err := st.CancelAppointment(ctx, f.otherSc(), a.ID, agenda.StatusExcused, "", cancelMsgs, agendaNow); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure cancels: %v", err)
			}
			got, err := st.CancelAppointment(ctx, f.sc(), a.ID, agenda.StatusExcused, "Empêchement", cancelMsgs, agendaNow)
			if err != nil || got.Status != agenda.StatusExcused || got.CancelledAt.IsZero() {
				t.Fatalf("%v %+v", err, got)
			}
			if _, err := st.CancelAppointment(ctx, f.sc(), a.ID, agenda.StatusExcused, "", cancelMsgs, agendaNow); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("cancelled twice: %v", err)
			}
			again := f.appointment(paris("2026-03-03 09:30"), 30, "Lucienne Girard")
			if err := st.BookAppointment(ctx, f.sc(), again, nil, journal.Entry{}, agendaNow); err != nil {
				t.Fatalf("the freed slot cannot be booked: %v", err)
			}
			list, total, err := st.ListMessages(ctx, f.sc(), store.MessageFilter{AppointmentID: a.ID})
			if err != nil || total != 2 || len(list) != 2 || list[0].Kind != notify.Cancellation {
				t.Fatalf("%v %d %+v", err, total, list)
			}
		})
		t.Run("MoveToTakenSlotChangesNothing", func(t *testing.T) {
			c := f.appointment(paris("2026-03-03 11:00"), 30, "Sofia Petit")
			if err := st.BookAppointment(ctx, f.sc(), c, nil, journal.Entry{}, agendaNow); err != nil {
				t.Fatal(err)
			}
			moved := *c
			moved.Start, moved.End = paris("2026-03-03 09:30"), paris("2026-03-03 10:00")
			if _, err := st.MoveAppointment(ctx, f.sc(), moved, nil, agendaNow); err != agendastore.ErrSlotTaken {
				t.Fatalf("move onto a taken slot: %v", err)
			}
			if got, _ := st.Appointment(ctx, f.sc(), c.ID); !got.Start.Equal(c.Start) {
				t.Fatalf("the failed move changed the appointment: %v", got.Start)
			}
			moved.Start, moved.End = paris("2026-03-03 10:30"), paris("2026-03-03 11:00")
			got, err := st.MoveAppointment(ctx, f.sc(), moved, nil, agendaNow)
			if err != nil || !got.Start.Equal(moved.Start) {
				t.Fatalf("%v %v", err, got.Start)
			}
			// The old slot is free again.
			if err := st.BookAppointment(ctx, f.sc(), f.appointment(paris("2026-03-03 11:00"), 30, "Bernard Leroy"), nil, journal.Entry{}, agendaNow); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("Statuses", func(t *testing.T) {
			list, _ := st.ListAppointments(ctx, f.sc(), agendastore.AppointmentFilter{ActiveOnly: true, StaffID: f.staff[0]})
			id := list[0].ID
			if got, err := st.SetAppointmentStatus(ctx, f.sc(), id, agenda.StatusPresent, agendaNow); err != nil || got.Status != agenda.StatusPresent {
				t.Fatalf("%v %+v", err, got)
			}
			if _, err := st.CancelAppointment(ctx, f.sc(), id, agenda.StatusCancelled, "", nil, agendaNow); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("a past appointment cancelled: %v", err)
			}
			if _, err := st.SetAppointmentStatus(ctx, f.sc(), id, agenda.StatusCancelled, agendaNow); err != nil {
				t.Fatal(err)
			}
			if _, err := st.SetAppointmentStatus(ctx, f.sc(), id, agenda.StatusPresent, agendaNow); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("a freed appointment came back: %v", err)
			}
		})
		t.Run("PermanenceWithAppointmentsKept", func(t *testing.T) {
			if err := st.DeletePermanence(ctx, f.sc(), f.perm.ID, agendaNow); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("deleted with appointments to come: %v", err)
			}
		})
	})
}

// twoProcesses opens the same database twice, as two Parcours processes
// sharing it: two SQLite handles on one file, or two PostgreSQL pools on
// one schema.
func twoProcesses(t *testing.T, dialect string) (*store.Store, *store.Store) {
	t.Helper()
	ctx := context.Background()
	var cfg store.Config
	if dialect == "postgres" {
		cfg.DatabaseURL = storetest.PostgresURL(t)
	} else {
		cfg.DataDir = t.TempDir()
	}
	a, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	b, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

// TestLastSeatRaces books the same slot, and registers for the last seat of
// a workshop, from 40 goroutines split over two processes: exactly one
// wins; the others hear "complet" (and are offered the waiting list).
func TestLastSeatRaces(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			p1, p2 := twoProcesses(t, dialect)
			ctx := context.Background()
			f := newAgendaFixture(t, agendastore.New(p1))
			const n = 40
			procs := []*store.Store{p1, p2}

			t.Run("Appointment", func(t *testing.T) {
				var wg sync.WaitGroup
				errs := make([]error, n)
				start := make(chan struct{})
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						a := f.appointment(paris("2026-03-03 10:00"), 30, fmt.Sprintf("Personne %d", i))
						errs[i] = agendastore.New(procs[i%2]).BookAppointment(ctx, f.sc(), a, nil, journal.Entry{}, agendaNow)
					}()
				}
				close(start)
				wg.Wait()
				won := 0
				for _, err := range errs {
					switch {
					case err == nil:
						won++
					case err == agendastore.ErrSlotTaken:
						if e, _ := apperr.As(err); e.Code != apperr.Conflict || e.Message[:7] != "Complet" {
							t.Fatalf("unclear refusal: %v", err)
						}
					default:
						t.Fatalf("unexpected error: %v", err)
					}
				}
				list, _ := agendastore.New(p2).ListAppointments(ctx, f.sc(), agendastore.AppointmentFilter{ActiveOnly: true})
				if won != 1 || len(list) != 1 {
					t.Fatalf("%d bookings won, %d stored: one slot was given %d times", won, len(list), won)
				}
			})

			t.Run("Workshop", func(t *testing.T) {
				w := workshop.Workshop{StructureID: f.structure, PlaceID: f.place, Title: "Premiers pas sur la tablette", Themes: []string{"prendre_en_main_du_materiel"},
					Level: "debutant", Audience: workshop.AudienceSeniors, Capacity: 3,
					Sessions: []workshop.Session{{Start: paris("2026-03-05 14:00"), End: paris("2026-03-05 16:00")}}}
				if err := workshopstore.New(p1).CreateWorkshop(ctx, f.sc(), &w, agendaNow); err != nil {
					t.Fatal(err)
				}
				for i := range 2 { // two seats already taken: one left
					r := &workshop.Registration{WorkshopID: w.ID, StructureID: f.structure, Name: fmt.Sprintf("Déjà %d", i), BookedVia: agenda.ViaStaff}
					if err := workshopstore.New(p1).Register(ctx, f.sc(), r, false, nil, journal.Entry{}, agendaNow); err != nil || r.Status != workshop.Registered {
						t.Fatal(err)
					}
				}
				var wg sync.WaitGroup
				errs := make([]error, n)
				start := make(chan struct{})
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						r := &workshop.Registration{WorkshopID: w.ID, StructureID: f.structure, Name: fmt.Sprintf("Personne %d", i), Phone: "+33612345678", BookedVia: agenda.ViaOnline}
						errs[i] = workshopstore.New(procs[i%2]).Register(ctx, f.sc(), r, false, nil, journal.Entry{}, agendaNow)
					}()
				}
				close(start)
				wg.Wait()
				won := 0
				for _, err := range errs {
					switch {
					case err == nil:
						won++
					case err == workshop.ErrFull:
						if e, _ := apperr.As(err); e.Message[:7] != "Complet" || !contains(e.Message, "liste d'attente") {
							t.Fatalf("unclear refusal: %v", err)
						}
					default:
						t.Fatalf("unexpected error: %v", err)
					}
				}
				counter, held, err := workshopstore.New(p2).SeatCount(ctx, f.sc(), w.ID)
				if err != nil || won != 1 || counter != 3 || held != 3 {
					t.Fatalf("%d won; counter %d, seats held %d (capacity 3): %v", won, counter, held, err)
				}
				// The losers join the waiting list, again from both processes at once.
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						r := &workshop.Registration{WorkshopID: w.ID, StructureID: f.structure, Name: fmt.Sprintf("Attente %d", i), BookedVia: agenda.ViaOnline}
						errs[i] = workshopstore.New(procs[i%2]).Register(ctx, f.sc(), r, true, nil, journal.Entry{}, agendaNow)
					}()
				}
				wg.Wait()
				for _, err := range errs {
					if err != nil {
						t.Fatal(err)
					}
				}
				regs, _ := workshopstore.New(p1).Registrations(ctx, f.sc(), w.ID)
				ranks := map[int]bool{}
				for _, r := range regs {
					if r.Status == workshop.Waiting {
						ranks[r.Rank] = true
					}
				}
				if len(ranks) != n || !ranks[1] || !ranks[n] {
					t.Fatalf("waiting list ranks: %v", ranks)
				}
			})
		})
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestWaitingListOffersAndExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		f := newAgendaFixture(t, st)
		w := workshop.Workshop{StructureID: f.structure, PlaceID: f.place, Title: "Messagerie", Themes: []string{"email"}, Level: "intermediaire",
			Audience: workshop.AudienceResidents, Capacity: 2, Sessions: []workshop.Session{{Start: paris("2026-03-12 14:00"), End: paris("2026-03-12 16:00")}}}
		if err := workshopstore.New(st.Store).CreateWorkshop(ctx, f.sc(), &w, agendaNow); err != nil {
			t.Fatal(err)
		}
		reg := func(name string, wait bool) (*workshop.Registration, error) {
			r := &workshop.Registration{WorkshopID: w.ID, StructureID: f.structure, Name: name, Email: name + "@exemple.fr", BookedVia: agenda.ViaStaff}
			return r, workshopstore.New(st.Store).Register(ctx, f.sc(), r, wait, nil, journal.Entry{}, agendaNow)
		}
		a, _ := reg("alice", false)
		b, _ := reg("bruno", false)
		if _, err := reg("chloe", false); err != workshop.ErrFull {
			t.Fatalf("full: %v", err)
		}
		c, err := reg("chloe", true)
		if err != nil || c.Status != workshop.Waiting || c.Rank != 1 {
			t.Fatalf("%v %+v", err, c)
		}
		if _, err := reg("chloe", true); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("registered twice: %v", err)
		}
		d, _ := reg("david", true)
		offers := 0
		offerMsgs := func(_ workshop.Workshop, r workshop.Registration) []notify.Message {
			offers++
			return []notify.Message{{StructureID: r.StructureID, Kind: notify.Offer, Channel: notify.Email, To: r.Email, Body: "place",
				Key: fmt.Sprintf("offre:%d:email", r.ID), RegistrationID: r.ID}}
		}
		// Alice cancels: Chloé is offered her seat, which stays held.
		_, offered, err := workshopstore.New(st.Store).CancelRegistration(ctx, f.sc(), a.ID, 24*time.Hour, nil, offerMsgs, agendaNow)
		if err != nil || offered == nil || offered.ID != c.ID || !offered.OfferExpiresAt.Equal(agendaNow.Add(24*time.Hour)) || offers != 1 {
			t.Fatalf("%v %+v", err, offered)
		}
		if counter, held, _ := workshopstore.New(st.Store).SeatCount(ctx, f.sc(), w.ID); counter != 2 || held != 2 {
			t.Fatalf("seats %d/%d", counter, held)
		}
		// Chloé does not confirm in time: David is offered the seat.
		later := agendaNow.Add(25 * time.Hour)
		if _, err := workshopstore.New(st.Store).ConfirmOffer(ctx, f.sc(), c.ID, nil, later); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("confirmed after the deadline: %v", err)
		}
		next, expired, err := workshopstore.New(st.Store).ExpireOffers(ctx, later, 24*time.Hour, offerMsgs)
		if err != nil || expired != 1 || len(next) != 1 || next[0].ID != d.ID || offers != 2 {
			t.Fatalf("%v %d %+v", err, expired, next)
		}
		if again, n, _ := workshopstore.New(st.Store).ExpireOffers(ctx, later, 24*time.Hour, offerMsgs); len(again) != 0 || n != 0 {
			t.Fatal("expired twice")
		}
		// David confirms in time.
		got, err := workshopstore.New(st.Store).ConfirmOffer(ctx, f.sc(), d.ID, nil, later.Add(time.Hour))
		if err != nil || got.Status != workshop.Registered {
			t.Fatalf("%v %+v", err, got)
		}
		// Bruno cancels with nobody waiting: the seat is free again.
		if _, offered, err := workshopstore.New(st.Store).CancelRegistration(ctx, f.sc(), b.ID, 24*time.Hour, nil, offerMsgs, later); err != nil || offered != nil {
			t.Fatalf("%v %v", err, offered)
		}
		if counter, held, _ := workshopstore.New(st.Store).SeatCount(ctx, f.sc(), w.ID); counter != 1 || held != 1 {
			t.Fatalf("seats %d/%d", counter, held)
		}
		// More capacity with people waiting: the new seats are offered.
		e, _ := reg("emma", false)
		f2, _ := reg("fanny", true)
		w.Capacity = 3
		ws, err := workshopstore.New(st.Store).Workshop(ctx, f.sc(), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		ws.Capacity = 3
		news, err := workshopstore.New(st.Store).UpdateWorkshop(ctx, f.sc(), &ws, 24*time.Hour, offerMsgs, later)
		if err != nil || len(news) != 1 || news[0].ID != f2.ID || e.Status != workshop.Registered {
			t.Fatalf("%v %+v", err, news)
		}
		ws.Capacity = 1
		if _, err := workshopstore.New(st.Store).UpdateWorkshop(ctx, f.sc(), &ws, 24*time.Hour, offerMsgs, later); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("capacity under the seats taken: %v", err)
		}
		msgs, total, _ := st.ListMessages(ctx, f.sc(), store.MessageFilter{})
		if total != 3 || len(msgs) != 3 {
			t.Fatalf("%d offer messages", total)
		}
	})
}

func TestAttendance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		f := newAgendaFixture(t, st)
		w := workshop.Workshop{StructureID: f.structure, PlaceID: f.place, Title: "Sécurité", Themes: []string{"securite_numerique"}, Level: "debutant",
			Audience: workshop.AudienceResidents, Capacity: 5, Sessions: []workshop.Session{{Start: paris("2026-03-12 14:00"), End: paris("2026-03-12 16:00")}}}
		if err := workshopstore.New(st.Store).CreateWorkshop(ctx, f.sc(), &w, agendaNow); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, name := range []string{"a", "b", "c"} {
			r := &workshop.Registration{WorkshopID: w.ID, StructureID: f.structure, Name: name, BookedVia: agenda.ViaStaff}
			if err := workshopstore.New(st.Store).Register(ctx, f.sc(), r, false, nil, journal.Entry{}, agendaNow); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, r.ID)
		}
		se := w.Sessions[0]
		if err := workshopstore.New(st.Store).SetAttendance(ctx, f.otherSc(), w.ID, se.ID, ids[:1], 0, agendaNow); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure records attendance: %v", err)
		}
		if err := workshopstore.New(st.Store).SetAttendance(ctx, f.sc(), w.ID, se.ID, []int64{ids[0], ids[2]}, 3, agendaNow); err != nil {
			t.Fatal(err)
		}
		att, _ := workshopstore.New(st.Store).Attendance(ctx, f.sc(), se.ID)
		if len(att) != 3 || !att[ids[0]] || att[ids[1]] || !att[ids[2]] {
			t.Fatalf("%v", att)
		}
		got, _ := workshopstore.New(st.Store).Session(ctx, f.sc(), w.ID, se.ID)
		if got.WalkIns != 3 || got.AttendanceAt.IsZero() {
			t.Fatalf("%+v", got)
		}
		if err := workshopstore.New(st.Store).DeleteSession(ctx, f.sc(), w.ID, se.ID, agendaNow); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a session with attendance deleted: %v", err)
		}
	})
}

func TestMessagesOnceClaimsAndLeases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		f := newAgendaFixture(t, st)
		m := notify.Message{StructureID: f.structure, Kind: notify.Reminder, Channel: notify.SMS, To: "+33612345678", Body: "rappel", Key: "rappel:test:sms"}
		for range 3 {
			if err := st.EnqueueMessages(ctx, f.sc(), []notify.Message{m}, agendaNow); err != nil {
				t.Fatal(err)
			}
		}
		due, _ := st.DeliverableMessages(ctx, agendaNow, 10)
		if len(due) != 1 {
			t.Fatalf("the same key recorded %d times", len(due))
		}
		id := due[0].ID
		ok1, _ := st.ClaimMessage(ctx, id, "instance-1", agendaNow.Add(time.Minute), agendaNow)
		ok2, _ := st.ClaimMessage(ctx, id, "instance-2", agendaNow.Add(time.Minute), agendaNow)
		if !ok1 || ok2 {
			t.Fatalf("claims %v %v", ok1, ok2)
		}
		// instance-1 stops without an answer: after its claim, instance-2 takes over.
		if ok, _ := st.ClaimMessage(ctx, id, "instance-2", agendaNow.Add(3*time.Minute), agendaNow.Add(2*time.Minute)); !ok {
			t.Fatal("a stale claim is not taken over")
		}
		if err := st.FinishMessage(ctx, id, "instance-1", notify.Sent, notify.Receipt{Channel: notify.SMS, Result: notify.Sent}, agendaNow); err != nil {
			t.Fatal(err)
		}
		if err := st.FinishMessage(ctx, id, "instance-2", notify.Sent, notify.Receipt{Channel: notify.SMS, Result: notify.Sent, ProviderID: "brevo:1"}, agendaNow.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		list, _, _ := st.ListMessages(ctx, f.sc(), store.MessageFilter{})
		if len(list) != 1 || list[0].Status != notify.Sent || len(list[0].Receipts) != 1 || list[0].Receipts[0].ProviderID != "brevo:1" || list[0].Attempts != 2 {
			t.Fatalf("%+v", list)
		}
		// Opt-out: later messages are recorded, not sent, with a receipt.
		if err := st.OptOut(ctx, f.sc(), "+33612345678", "lien", agendaNow); err != nil {
			t.Fatal(err)
		}
		m.Key = "rappel:test2:sms"
		if err := st.EnqueueMessages(ctx, f.sc(), []notify.Message{m}, agendaNow); err != nil {
			t.Fatal(err)
		}
		list, _, _ = st.ListMessages(ctx, f.sc(), store.MessageFilter{Status: notify.OptedOut})
		if len(list) != 1 || len(list[0].Receipts) != 1 || list[0].Receipts[0].Result != notify.OptedOut {
			t.Fatalf("%+v", list)
		}
		if due, _ := st.DeliverableMessages(ctx, agendaNow, 10); len(due) != 0 {
			t.Fatalf("an opted-out message is deliverable: %+v", due)
		}

		got1, _ := st.TakeLease(ctx, "agenda", "instance-1", agendaNow.Add(time.Minute), agendaNow)
		got2, _ := st.TakeLease(ctx, "agenda", "instance-2", agendaNow.Add(time.Minute), agendaNow)
		again, _ := st.TakeLease(ctx, "agenda", "instance-1", agendaNow.Add(2*time.Minute), agendaNow.Add(30*time.Second))
		later, _ := st.TakeLease(ctx, "agenda", "instance-2", agendaNow.Add(5*time.Minute), agendaNow.Add(3*time.Minute))
		if !got1 || got2 || !again || !later {
			t.Fatalf("leases %v %v %v %v", got1, got2, again, later)
		}
	})
}
