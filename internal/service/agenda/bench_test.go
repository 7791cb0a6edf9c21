package agenda_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/place"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// yearOfPermanences stores 20 sites, each with a weekly morning and
// afternoon permanence of two staff members for a whole year, 100
// appointments per site and two absences per site; it returns the service,
// the motive and the year's range.
func yearOfPermanences(tb testing.TB, st *store.Store) (*agendasvc.Service, agenda.Motive, time.Time, time.Time) {
	tb.Helper()
	ctx := context.Background()
	now := paris("2026-01-05 08:00")
	f := newFixture(tb, st, now)
	f.motive.MaxDelayDays = 365 // bookable a year ahead
	if err := agendastore.New(st).UpdateMotive(ctx, f.sc, &f.motive, now); err != nil {
		tb.Fatal(err)
	}
	svc, _ := services(st, frtimetest.NewClock(now), agendasvc.OutboxConfig{}, 0)
	for site := range 20 {
		p := &place.Place{StructureID: f.structure, Source: place.SourceParcours, Pivot: "21170299700017", Name: fmt.Sprintf("Site %d", site+1), Commune: "Rochefort",
			PostalCode: "17300", InseeCode: "17299", Address: "1 place Colbert", Hours: "Mo-Fr 09:00-17:00", UpdatedOn: now}
		p.Normalize()
		if err := placestore.New(st).CreatePlace(ctx, p, now); err != nil {
			tb.Fatal(err)
		}
		var staff []int64
		for k := range 2 {
			id, err := st.CreateUser(ctx, account.NewUser{Email: fmt.Sprintf("cnfs%d-%d@ccas.fr", site, k), Name: fmt.Sprintf("Conseiller %d-%d", site, k),
				StructureID: f.structure, Role: account.RoleMediation}, "", now)
			if err != nil {
				tb.Fatal(err)
			}
			staff = append(staff, id)
		}
		var perms []agenda.Permanence
		for _, hours := range [][2]int{{9 * 60, 12 * 60}, {14 * 60, 17 * 60}} {
			perm := agenda.Permanence{PlaceID: p.ID, StaffIDs: staff, Weekday: time.Weekday(site%5 + 1),
				Start: hours[0], End: hours[1], From: "2026-01-05", Until: "2027-01-04", SkipHolidays: true, MotiveIDs: []int64{f.motive.ID}, Mode: agenda.ModeAppointment}
			perm.Normalize()
			if err := agendastore.New(st).CreatePermanence(ctx, f.sc, &perm, now); err != nil {
				tb.Fatal(err)
			}
			perms = append(perms, perm)
		}
		first := now.AddDate(0, 0, site%5+1)
		for k := range 100 {
			day := first.AddDate(0, 0, 7*(k%52))
			start := time.Date(day.Year(), day.Month(), day.Day(), 9+k%3, 0, 0, 0, frtime.Paris)
			a := &agenda.Appointment{PlaceID: p.ID, PermanenceID: perms[0].ID, MotiveID: f.motive.ID, MotiveName: f.motive.Name,
				Location: agenda.LocationOnSite, StaffID: staff[k%2], Start: start, End: start.Add(30 * time.Minute), Name: "Personne", Phone: "+33612345678", BookedVia: agenda.ViaStaff}
			if err := agendastore.New(st).BookAppointment(ctx, f.sc, a, nil, journal.Entry{}, now); err != nil {
				tb.Fatal(err)
			}
		}
		for _, months := range []int{2, 7} {
			abs := agenda.Absence{UserID: staff[0], Start: now.AddDate(0, months, 0), End: now.AddDate(0, months, 7), Reason: "Congés"}
			if err := agendastore.New(st).CreateAbsence(ctx, f.sc, &abs, staff[1], now); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return svc, f.motive, now, now.AddDate(1, 0, 0)
}

// BenchmarkSlotsFromDatabase is the whole of a "free slots" computation,
// from the database to the sorted list: 20 sites × 1 year of weekly
// permanences.
func BenchmarkSlotsFromDatabase(b *testing.B) {
	dialects := []string{"sqlite"}
	if os.Getenv(storetest.PostgresEnv) != "" {
		dialects = append(dialects, "postgres")
	}
	for _, dialect := range dialects {
		b.Run(dialect, func(b *testing.B) {
			var st *store.Store
			if dialect == "postgres" {
				st = storetest.Postgres(b)
			} else {
				st = storetest.SQLite(b)
			}
			svc, m, from, to := yearOfPermanences(b, st)
			ctx := context.Background()
			var n int
			for b.Loop() {
				free, err := svc.FreeSlotsOnline(ctx, m, from, to)
				if err != nil {
					b.Fatal(err)
				}
				n = len(free.Slots)
			}
			b.ReportMetric(float64(n), "slots")
		})
	}
}

// TestSlotsFromDatabaseOverAYear checks the benchmark's data on both
// databases: a year of slots, minus holidays, appointments and absences.
func TestSlotsFromDatabaseOverAYear(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a year of agenda")
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		svc, m, from, to := yearOfPermanences(t, st)
		free, err := svc.FreeSlotsOnline(context.Background(), m, from, to)
		if err != nil {
			t.Fatal(err)
		}
		slots := free.Slots
		// 20 sites × 52 weeks × 2 half-days × 6 slots, minus public holidays,
		// the 2,000 appointments (two staff: a slot stays free while one of
		// them is) and the absences.
		if len(slots) < 10000 || len(slots) > 20*52*12 {
			t.Fatalf("%d slots", len(slots))
		}
		for i := 1; i < len(slots); i++ {
			if slots[i].Start.Before(slots[i-1].Start) {
				t.Fatalf("slots not sorted at %d", i)
			}
		}
		for _, s := range slots {
			if d := s.Start.In(frtime.Paris); d.Month() == time.July && d.Day() == 14 || d.Month() == time.December && d.Day() == 25 {
				t.Fatalf("a slot on a public holiday: %v", d)
			}
		}
	})
}
