package workshops_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type clock = frtimetest.Clock

func paris(s string) time.Time { return frtimetest.Paris(s) }

// world is a structure with a mediator, a receptionist and a site, and the
// services on one outbox.
type world struct {
	st        *store.Store
	clk       *clock
	sc        scope.Structure
	mediator  *account.Actor
	reception *account.Actor
	place     int64
	ws        *workshops.Service
	agenda    *agendasvc.Service
}

func newWorld(t *testing.T, st *store.Store, offerDelay time.Duration) world {
	t.Helper()
	ctx := context.Background()
	w := world{st: st, clk: frtimetest.NewClock(paris("2026-03-02 10:00"))}
	s := structure.Structure{Name: "CCAS de Rochefort", Typology: "CCAS", SIRET: "21170299700017", CommuneCode: "17299"}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, w.clk.Now()); err != nil {
		t.Fatal(err)
	}
	w.sc = scope.OfStructure(s.ID)
	for _, m := range []struct {
		email string
		role  account.Role
		into  **account.Actor
	}{{"cnfs@ccas.fr", account.RoleMediation, &w.mediator}, {"accueil@ccas.fr", account.RoleReception, &w.reception}} {
		id, err := st.CreateUser(ctx, account.NewUser{Email: m.email, Name: string(m.role), StructureID: s.ID, Role: m.role}, "", w.clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if *m.into, err = st.ActorForMembership(ctx, id, s.ID); err != nil {
			t.Fatal(err)
		}
	}
	p := &place.Place{StructureID: s.ID, Source: place.SourceParcours, Pivot: "21170299700017", Name: "Salle des fêtes", Commune: "Rochefort",
		PostalCode: "17300", InseeCode: "17299", Address: "1 place Colbert", UpdatedOn: w.clk.Now()}
	p.Normalize()
	if err := placestore.New(st).CreatePlace(ctx, p, w.clk.Now()); err != nil {
		t.Fatal(err)
	}
	w.place = p.ID
	out := agendasvc.NewOutbox(st, agendasvc.OutboxConfig{Now: w.clk.Now, BaseURL: "https://parcours.test"})
	w.ws = workshops.New(workshopstore.New(st), out, workshops.Config{Now: w.clk.Now, OfferDelay: offerDelay})
	w.agenda = agendasvc.New(agendastore.New(st), out, w.ws, agendasvc.Config{Now: w.clk.Now})
	return w
}

func (w world) tablet(published bool, capacity int) workshop.Workshop {
	return workshop.Workshop{PlaceID: w.place, Title: "Premiers pas sur la tablette", Themes: []string{"prendre_en_main_du_materiel"}, Level: "debutant",
		Audience: workshop.AudienceSeniors, Capacity: capacity, Published: published, OnlineRegistration: published}
}

func fieldErrors(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return nil
}

// TestCycleSkipsPublicHolidays: a weekly cycle over Christmas and New
// Year's Day skips both and keeps its number of sessions; a session kept on
// a holiday on purpose is held that day; a single session on a holiday
// needs the same choice.
func TestCycleSkipsPublicHolidays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, 0)
		cycle := &workshops.Cycle{First: paris("2026-12-18 14:00"), Minutes: 120, Count: 4}
		got, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(true, 8), Cycle: cycle})
		if err != nil {
			t.Fatal(err)
		}
		var days []string
		for _, se := range got.Workshop.Sessions {
			days = append(days, se.Start.In(frtime.Paris).Format("2006-01-02"))
			if se.HolidayKept {
				t.Errorf("%v kept on a holiday", se.Start)
			}
		}
		if strings.Join(days, " ") != "2026-12-18 2027-01-08 2027-01-15 2027-01-22" {
			t.Fatalf("sessions on %v", days)
		}
		if len(got.Skipped) != 2 || got.Skipped[0].Day() != 25 || got.Skipped[1].Day() != 1 {
			t.Fatalf("skipped %v", got.Skipped)
		}
		// The organiser keeps Christmas on purpose.
		cycle.KeepHolidays = []string{"2026-12-25"}
		kept, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(true, 8), Cycle: cycle})
		if err != nil {
			t.Fatal(err)
		}
		if s := kept.Workshop.Sessions[1]; s.Start.In(frtime.Paris).Day() != 25 || !s.HolidayKept || len(kept.Skipped) != 1 {
			t.Fatalf("%+v, skipped %v", s, kept.Skipped)
		}
		// A single session on 1 January: refused, unless kept on purpose.
		newYear := workshops.NewSession{Start: paris("2027-01-01 10:00"), Minutes: 90}
		if _, err := w.ws.AddSession(ctx, w.mediator, got.Workshop.ID, newYear); !strings.Contains(fieldErrors(err)["seance_debut"], "jour férié (Jour de l'an)") {
			t.Fatalf("a session on New Year's Day: %v", err)
		}
		newYear.HolidayKept = true
		if se, err := w.ws.AddSession(ctx, w.mediator, got.Workshop.ID, newYear); err != nil || !se.HolidayKept {
			t.Fatalf("%v %+v", err, se)
		}
		// Explicit sessions (the API) name the field "seances".
		_, err = w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(false, 8),
			Sessions: []workshop.Session{{Start: paris("2026-12-25 14:00"), End: paris("2026-12-25 16:00")}}})
		if !strings.Contains(fieldErrors(err)["seances"], "jour férié") {
			t.Fatalf("an explicit session on Christmas: %v", err)
		}
		if _, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(false, 8),
			Sessions: []workshop.Session{{Start: paris("2026-12-25 14:00"), End: paris("2026-12-25 16:00"), HolidayKept: true}}}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCreateChecksOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, 0)
		bad := w.tablet(false, 0)
		bad.OnlineRegistration = true
		_, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: bad, Cycle: &workshops.Cycle{First: paris("2026-03-10 14:00"), Minutes: 5, Count: 30}})
		e := fieldErrors(err)
		for _, f := range []string{"places", "inscription_en_ligne", "seance_duree", "seances"} {
			if e[f] == "" {
				t.Errorf("no error on %s: %v", f, e)
			}
		}
		if _, err := w.ws.Create(ctx, w.reception, workshops.NewWorkshop{Workshop: w.tablet(true, 8)}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("reception organises: %v", err)
		}
		got, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(true, 1), Cycle: &workshops.Cycle{First: paris("2026-03-10 14:00"), Minutes: 120, Count: 1}})
		if err != nil {
			t.Fatal(err)
		}
		up := got.Workshop
		up.Capacity = 2
		if upd, err := w.ws.Update(ctx, w.mediator, up.ID, up); err != nil || upd.Capacity != 2 {
			t.Fatalf("%v %+v", err, upd)
		}
		if list, err := w.ws.List(ctx, w.reception, workshops.ListFilter{}); err != nil || len(list) != 1 {
			t.Fatalf("%v %d", err, len(list))
		}
		if list, _ := w.ws.List(ctx, w.reception, workshops.ListFilter{Past: true}); len(list) != 0 {
			t.Fatalf("%d past", len(list))
		}
		page, err := w.ws.Changed(ctx, w.reception, workshops.Sync{Ended: true})
		if err != nil || len(page.Items) != 1 || page.Next != 0 {
			t.Fatalf("%v %+v", err, page)
		}
		if _, err := w.ws.Changed(ctx, w.reception, workshops.Sync{Limit: 501}); fieldErrors(err)["limite"] == "" {
			t.Fatalf("%v", err)
		}
	})
}

// TestWaitingListWithClock: a cancellation offers the seat for the offer
// delay; past it, the background work offers it to the next person.
func TestWaitingListWithClock(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, 36*time.Hour)
		created, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(true, 1), Cycle: &workshops.Cycle{First: paris("2026-03-12 14:00"), Minutes: 120, Count: 2}})
		if err != nil {
			t.Fatal(err)
		}
		id := created.Workshop.ID
		reg := func(name string, wait bool) (workshop.Registration, string, error) {
			return w.ws.RegisterPublic(ctx, id, workshops.NewPublicRegistration{WaitIfFull: wait, Agreed: true, Contact: agenda.Contact{Name: name, Email: name + "@exemple.fr"}})
		}
		first, firstToken, err := reg("alice", false)
		if err != nil || first.Status != workshop.Registered {
			t.Fatalf("%v %+v", err, first)
		}
		if _, _, err := reg("bruno", false); err != workshop.ErrFull {
			t.Fatalf("full: %v", err)
		}
		bruno, brunoToken, _ := reg("bruno", true)
		chloe, _, _ := reg("chloe", true)
		if bruno.Status != workshop.Waiting || bruno.Rank != 1 || chloe.Rank != 2 {
			t.Fatalf("%+v %+v", bruno, chloe)
		}
		// Alice cancels from her link at 10 h: Bruno is offered the seat for 36 hours.
		c, err := w.ws.CancelByLink(ctx, firstToken)
		if err != nil || c.Offered == nil || c.Offered.ID != bruno.ID || !c.Offered.OfferExpiresAt.Equal(w.clk.Now().Add(36*time.Hour)) {
			t.Fatalf("%v %+v", err, c)
		}
		offers := func() []notify.Message {
			msgs, _, _ := st.ListMessages(ctx, w.sc, store.MessageFilter{Status: notify.Outbox})
			var out []notify.Message
			for _, m := range msgs {
				if m.Kind == notify.Offer {
					out = append(out, m)
				}
			}
			return out
		}
		if o := offers(); len(o) != 1 || o[0].To != "bruno@exemple.fr" || !strings.Contains(o[0].Body, "Confirmez avant le mardi 3 mars 2026 à 22 h") {
			t.Fatalf("offer: %+v", o)
		}
		w.clk.Set(paris("2026-03-03 21:00"))
		if rep, err := w.agenda.RunChores(ctx); err != nil || rep.Expired != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
		w.clk.Set(paris("2026-03-03 23:00"))
		rep, err := w.agenda.RunChores(ctx)
		if err != nil || !rep.Leader || rep.Expired != 1 || rep.Offered != 1 {
			t.Fatalf("%v %+v", err, rep)
		}
		if _, err := w.ws.ConfirmByLink(ctx, brunoToken); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("Bruno confirms too late: %v", err)
		}
		if o := offers(); len(o) != 2 || o[0].To != "chloe@exemple.fr" {
			t.Fatalf("offers: %+v", o)
		}
		got, err := w.ws.ConfirmOffer(ctx, w.reception, workshops.RegistrationRef{WorkshopID: id, ID: chloe.ID})
		if err != nil || got.Status != workshop.Registered {
			t.Fatalf("%v %+v", err, got)
		}
		if _, err := w.ws.ConfirmOffer(ctx, w.reception, workshops.RegistrationRef{WorkshopID: id + 1, ID: chloe.ID}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a registration through another workshop's address: %v", err)
		}
		if counter, held, _ := workshopstore.New(st).SeatCount(ctx, w.sc, id); counter != 1 || held != 1 {
			t.Fatalf("seats %d/%d", counter, held)
		}
		mine, err := w.ws.ByLink(ctx, brunoToken)
		if err != nil || mine.Registration.Status != workshop.Expired || mine.Workshop.ID != id {
			t.Fatalf("%v %+v", err, mine)
		}
		if b, err := w.ws.FileByLink(ctx, brunoToken); err != nil || !strings.Contains(string(b), "séance 2 sur 2") {
			t.Fatalf("%v", err)
		}
	})
}

// TestStaffRegistrationAndAttendance: a person's file is registered with
// its contact and journaled; the attendance of a session makes the
// collective report, once.
func TestStaffRegistrationAndAttendance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, 0)
		p := person.Person{Kind: person.Followed, FirstName: "Jeannine", LastName: "Moreau", Email: "jeannine@exemple.fr", Status: person.InProgress}
		if err := st.CreatePerson(ctx, w.sc, &p, nil, journal.By(w.reception, journal.Create, "test"), w.clk.Now()); err != nil {
			t.Fatal(err)
		}
		created, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(false, 5),
			Sessions: []workshop.Session{{Start: paris("2026-03-02 09:00"), End: paris("2026-03-02 11:00")}, {Start: paris("2026-03-09 09:00"), End: paris("2026-03-09 11:00")}}})
		if err != nil {
			t.Fatal(err)
		}
		wk := created.Workshop
		if _, err := w.ws.Register(ctx, w.reception, wk.ID, workshops.NewRegistration{PersonID: p.ID}); fieldErrors(err)["accord"] == "" {
			t.Fatalf("the file's e-mail without agreement: %v", err)
		}
		r, err := w.ws.Register(ctx, w.reception, wk.ID, workshops.NewRegistration{PersonID: p.ID, Agreed: true})
		if err != nil || r.Name != "Jeannine Moreau" || r.Email != "jeannine@exemple.fr" || r.ConsentWording == "" {
			t.Fatalf("%v %+v", err, r)
		}
		if entries, _, _ := st.ListJournal(ctx, w.sc, store.JournalFilter{PersonID: p.ID}); len(entries) != 2 || !strings.Contains(entries[0].What, "Inscription à l'atelier") {
			t.Fatalf("journal: %+v", entries)
		}
		anon, err := w.ws.Register(ctx, w.reception, wk.ID, workshops.NewRegistration{Contact: agenda.Contact{Name: "Sans Dossier"}})
		if err != nil {
			t.Fatal(err)
		}
		ref := workshops.SessionRef{WorkshopID: wk.ID, SessionID: wk.Sessions[1].ID}
		if _, err := w.ws.RecordAttendance(ctx, w.mediator, ref, workshops.NewAttendance{Present: []int64{r.ID}}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("attendance before the session: %v", err)
		}
		if _, err := w.ws.RecordAttendance(ctx, w.reception, ref, workshops.NewAttendance{}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("reception records attendance: %v", err)
		}
		ref.SessionID = wk.Sessions[0].ID
		_, err = w.ws.RecordAttendance(ctx, w.mediator, ref, workshops.NewAttendance{Present: []int64{r.ID, 999999}, WalkIns: 501})
		if e := fieldErrors(err); e["presents"] == "" || e["sans_inscription"] == "" {
			t.Fatalf("%v", e)
		}
		if _, err := w.ws.ReportDraft(ctx, w.mediator, ref); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a report before the attendance: %v", err)
		}
		// The API names the session only.
		sheet, err := w.ws.RecordAttendance(ctx, w.mediator, workshops.SessionRef{SessionID: ref.SessionID}, workshops.NewAttendance{Present: []int64{r.ID, anon.ID}, WalkIns: 2})
		if err != nil || !sheet.Recorded() || len(sheet.PresentIDs()) != 2 || sheet.Session.WalkIns != 2 {
			t.Fatalf("%v %+v", err, sheet)
		}
		draft, err := w.ws.ReportDraft(ctx, w.mediator, ref)
		if err != nil || len(draft.Participants) != 1 || draft.Anonymous != 3 {
			t.Fatalf("%v %+v", err, draft)
		}
		in := workshops.NewReport{Minutes: 120, AnonTotal: 3, AnonReturning: 1, Themes: []string{"prendre_en_main_du_materiel"}}
		act, err := w.ws.RecordReport(ctx, w.mediator, ref, in)
		if err != nil || act.ID == 0 || act.Count() != 4 {
			t.Fatalf("%v %+v", err, act)
		}
		if again, err := w.ws.RecordReport(ctx, w.mediator, ref, in); err != nil || again.ID != act.ID {
			t.Fatalf("a second report: %v %+v", err, again)
		}
		if err := w.ws.DeleteSession(ctx, w.mediator, wk.ID, ref.SessionID); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a session with attendance deleted: %v", err)
		}
		c, err := w.ws.CancelRegistration(ctx, w.reception, workshops.RegistrationRef{WorkshopID: wk.ID, ID: anon.ID})
		if err != nil || c.Registration.Status != workshop.Cancelled {
			t.Fatalf("%v %+v", err, c)
		}
		regs, err := w.ws.Registrations(ctx, w.reception, wk.ID)
		if err != nil || len(regs) != 2 || regs[1].Status != workshop.Cancelled {
			t.Fatalf("%v %+v", err, regs)
		}
		if page, err := w.ws.ChangedRegistrations(ctx, w.reception, wk.ID, workshops.Sync{Limit: 1}); err != nil || len(page.Items) != 1 || page.Next == 0 {
			t.Fatalf("%v %+v", err, page)
		}
		if got, err := w.ws.Registration(ctx, w.reception, r.ID); err != nil || got.PersonID != p.ID {
			t.Fatalf("%v %+v", err, got)
		}
	})
}

// TestProgramme: the public programme, its publishers, a month and the
// suggestions after an evaluation.
func TestProgramme(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, 0)
		for _, published := range []bool{true, false} {
			if _, err := w.ws.Create(ctx, w.mediator, workshops.NewWorkshop{Workshop: w.tablet(published, 5), Cycle: &workshops.Cycle{First: paris("2026-03-10 14:00"), Minutes: 120, Count: 3}}); err != nil {
				t.Fatal(err)
			}
		}
		list, err := w.ws.Programme(ctx, workshops.ProgrammeFilter{Level: "debutant", Theme: "inconnu"})
		if err != nil || len(list) != 1 {
			t.Fatalf("%v %d", err, len(list))
		}
		if list, _ := w.ws.Programme(ctx, workshops.ProgrammeFilter{Level: "avance"}); len(list) != 0 {
			t.Fatalf("%d advanced", len(list))
		}
		if pubs, err := w.ws.Publishers(ctx); err != nil || len(pubs) != 1 || pubs[0].Name != "CCAS de Rochefort" {
			t.Fatalf("%v %+v", err, pubs)
		}
		if _, err := w.ws.Published(ctx, list[0].ID); err != nil {
			t.Fatal(err)
		}
		sid, _ := w.sc.ID()
		m, err := w.ws.MonthProgramme(ctx, paris("2026-03-15 12:00"), sid)
		if err != nil || m.StructureName != "CCAS de Rochefort" || len(m.Sessions) != 3 || m.Sessions[2].Number != 3 {
			t.Fatalf("%v %+v", err, m)
		}
		sug, err := w.ws.Suggest(ctx, w.reception, "debutant", 3)
		if err != nil || len(sug) != 2 || !sug[0].Own {
			t.Fatalf("%v %+v", err, sug)
		}
	})
}
