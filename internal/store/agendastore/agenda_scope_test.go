package agendastore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// agendaOf is one structure's agenda objects.
type agendaOf struct {
	sc           scope.Structure
	staff, place int64
	motive       agenda.Motive
	perm         agenda.Permanence
	appt         agenda.Appointment
	absence      agenda.Absence
	workshop     workshop.Workshop
	reg          workshop.Registration
	contact      string // opted out
	messageKey   string
}

// fillAgenda gives a structure a member, a site, a motive open to partners
// and online, a permanence, an appointment, an absence, a published
// workshop with a registration, a message and an opt-out.
func fillAgenda(t *testing.T, st *agendastore.Store, structureID int64, tag string) agendaOf {
	t.Helper()
	ctx := context.Background()
	o := agendaOf{sc: scope.OfStructure(structureID), contact: "+3361234567" + tag[:1]}
	var err error
	if o.staff, err = st.CreateUser(ctx, account.NewUser{Email: "agent-" + tag + "@exemple.fr", Name: "Agent " + tag, StructureID: structureID, Role: account.RoleMediation}, "", agendaNow); err != nil {
		t.Fatal(err)
	}
	o.place = agendaPlace(t, st, structureID, "Site "+tag)
	o.motive = agenda.Motive{Name: "Motif " + tag, BookableBy: agenda.BookAnyone}
	o.motive.Normalize()
	if err := st.CreateMotive(ctx, o.sc, &o.motive, agendaNow); err != nil {
		t.Fatal(err)
	}
	o.perm = agenda.Permanence{PlaceID: o.place, StaffIDs: []int64{o.staff}, Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60, From: "2026-03-03",
		SkipHolidays: true, MotiveIDs: []int64{o.motive.ID}, Mode: agenda.ModeAppointment}
	o.perm.Normalize()
	if err := st.CreatePermanence(ctx, o.sc, &o.perm, agendaNow); err != nil {
		t.Fatal(err)
	}
	o.appt = agenda.Appointment{PlaceID: o.place, PermanenceID: o.perm.ID, MotiveID: o.motive.ID, MotiveName: o.motive.Name, Location: agenda.LocationOnSite,
		StaffID: o.staff, Start: paris("2026-03-03 09:00"), End: paris("2026-03-03 09:30"), Name: "Personne " + tag, Phone: o.contact, BookedVia: agenda.ViaStaff}
	if err := st.BookAppointment(ctx, o.sc, &o.appt, nil, journal.Entry{}, agendaNow); err != nil {
		t.Fatal(err)
	}
	o.absence = agenda.Absence{UserID: o.staff, Start: paris("2026-03-10 08:00"), End: paris("2026-03-10 19:00")}
	if err := st.CreateAbsence(ctx, o.sc, &o.absence, o.staff, agendaNow); err != nil {
		t.Fatal(err)
	}
	o.workshop = workshop.Workshop{PlaceID: o.place, Title: "Atelier " + tag, Themes: []string{"email"}, Level: "debutant", Audience: workshop.AudienceResidents,
		Capacity: 4, Published: true, Sessions: []workshop.Session{{Start: paris("2026-03-12 14:00"), End: paris("2026-03-12 16:00")}}}
	if err := workshopstore.New(st.Store).CreateWorkshop(ctx, o.sc, &o.workshop, agendaNow); err != nil {
		t.Fatal(err)
	}
	o.reg = workshop.Registration{WorkshopID: o.workshop.ID, Name: "Inscrite " + tag, BookedVia: agenda.ViaStaff}
	if err := workshopstore.New(st.Store).Register(ctx, o.sc, &o.reg, false, nil, journal.Entry{}, agendaNow); err != nil {
		t.Fatal(err)
	}
	o.messageKey = "test:" + tag
	if err := st.EnqueueMessages(ctx, o.sc, []notify.Message{{Kind: notify.Reminder, Channel: notify.SMS, To: o.contact, Body: "x", Key: o.messageKey}}, agendaNow); err != nil {
		t.Fatal(err)
	}
	if err := st.OptOut(ctx, o.sc, o.contact, "agent", agendaNow); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestAgendaListsKeepToTheirStructure: every structure-owned read and
// write sees its own structure's rows only, and refuses a zero scope.
func TestAgendaListsKeepToTheirStructure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		a := fillAgenda(t, st, newStructure(t, st, "Structure A", 0).ID, "a")
		b := fillAgenda(t, st, newStructure(t, st, "Structure B", 0).ID, "b")

		motives, err := st.ListMotives(ctx, a.sc, true)
		if err != nil || len(motives) != 1 || motives[0].ID != a.motive.ID {
			t.Errorf("motives: %v %+v", err, motives)
		}
		perms, err := st.ListPermanences(ctx, a.sc, agendastore.PermanenceFilter{})
		if err != nil || len(perms) != 1 || perms[0].ID != a.perm.ID {
			t.Errorf("permanences: %v %+v", err, perms)
		}
		if perms, _ := st.ListPermanences(ctx, a.sc, agendastore.PermanenceFilter{PlaceID: b.place}); len(perms) != 0 {
			t.Errorf("another structure's site: %+v", perms)
		}
		abs, err := st.ListAbsences(ctx, a.sc, agendaNow)
		if err != nil || len(abs) != 1 || abs[0].ID != a.absence.ID {
			t.Errorf("absences: %v %+v", err, abs)
		}
		appts, err := st.ListAppointments(ctx, a.sc, agendastore.AppointmentFilter{})
		if err != nil || len(appts) != 1 || appts[0].ID != a.appt.ID {
			t.Errorf("appointments: %v %+v", err, appts)
		}
		ws, err := workshopstore.New(st.Store).ListWorkshops(ctx, a.sc, workshopstore.WorkshopFilter{})
		if err != nil || len(ws) != 1 || ws[0].ID != a.workshop.ID {
			t.Errorf("workshops: %v %+v", err, ws)
		}
		if regs, err := workshopstore.New(st.Store).Registrations(ctx, a.sc, b.workshop.ID); err != nil || len(regs) != 0 {
			t.Errorf("another structure's registrations: %v %+v", err, regs)
		}
		if regs, err := workshopstore.New(st.Store).ChangedRegistrations(ctx, a.sc, 0, store.SyncPage{}); err != nil || len(regs) != 1 || regs[0].ID != a.reg.ID {
			t.Errorf("registrations: %v %+v", err, regs)
		}
		msgs, total, err := st.ListMessages(ctx, a.sc, store.MessageFilter{})
		if err != nil || total != 1 || msgs[0].Key != a.messageKey {
			t.Errorf("messages: %v %d %+v", err, total, msgs)
		}
		optouts, err := st.ListOptOuts(ctx, a.sc)
		if err != nil || len(optouts) != 1 || optouts[0].Contact != a.contact {
			t.Errorf("opt-outs: %v %+v", err, optouts)
		}
		if out, _ := st.OptedOut(ctx, a.sc, b.contact); out {
			t.Error("another structure's opt-out applies")
		}
		if err := workshopstore.New(st.Store).SetAttendance(ctx, b.sc, b.workshop.ID, b.workshop.Sessions[0].ID, []int64{b.reg.ID}, 1, agendaNow); err != nil {
			t.Fatal(err)
		}
		if att, err := workshopstore.New(st.Store).Attendance(ctx, a.sc, b.workshop.Sessions[0].ID); err != nil || len(att) != 0 {
			t.Errorf("another structure's attendance: %v %v", err, att)
		}
		if att, _ := workshopstore.New(st.Store).Attendance(ctx, b.sc, b.workshop.Sessions[0].ID); !att[b.reg.ID] {
			t.Errorf("attendance: %v", att)
		}

		notFound := map[string]error{}
		_, notFound["Motive"] = st.Motive(ctx, a.sc, b.motive.ID)
		_, notFound["Permanence"] = st.Permanence(ctx, a.sc, b.perm.ID)
		_, notFound["Appointment"] = st.Appointment(ctx, a.sc, b.appt.ID)
		_, notFound["Workshop"] = workshopstore.New(st.Store).Workshop(ctx, a.sc, b.workshop.ID)
		_, notFound["Registration"] = workshopstore.New(st.Store).Registration(ctx, a.sc, b.reg.ID)
		_, notFound["Session"] = workshopstore.New(st.Store).Session(ctx, a.sc, b.workshop.ID, b.workshop.Sessions[0].ID)
		_, notFound["SessionWorkshop"] = workshopstore.New(st.Store).SessionWorkshop(ctx, a.sc, b.workshop.Sessions[0].ID)
		_, _, notFound["SeatCount"] = workshopstore.New(st.Store).SeatCount(ctx, a.sc, b.workshop.ID)
		notFound["DeleteAbsence"] = st.DeleteAbsence(ctx, a.sc, b.absence.ID)
		notFound["DeletePermanence"] = st.DeletePermanence(ctx, a.sc, b.perm.ID, agendaNow)
		notFound["AddSession"] = workshopstore.New(st.Store).AddSession(ctx, a.sc, b.workshop.ID, &workshop.Session{Start: paris("2026-03-19 14:00"), End: paris("2026-03-19 16:00")}, agendaNow)
		_, notFound["SetAppointmentStatus"] = st.SetAppointmentStatus(ctx, a.sc, b.appt.ID, agenda.StatusPresent, agendaNow)
		_, _, notFound["CancelRegistration"] = workshopstore.New(st.Store).CancelRegistration(ctx, a.sc, b.reg.ID, time.Hour, nil, nil, agendaNow)
		for name, err := range notFound {
			if !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s on another structure's row: %v", name, err)
			}
		}
		if ok, err := workshopstore.New(st.Store).LinkSessionActivity(ctx, a.sc, b.workshop.ID, b.workshop.Sessions[0].ID, 1, agendaNow); ok || err != nil {
			t.Errorf("a session of another structure linked: %v %v", ok, err)
		}

		zero := scope.Structure{}
		missing := map[string]error{}
		_, missing["ListMotives"] = st.ListMotives(ctx, zero, true)
		_, missing["ListPermanences"] = st.ListPermanences(ctx, zero, agendastore.PermanenceFilter{})
		_, missing["ListAbsences"] = st.ListAbsences(ctx, zero, agendaNow)
		_, missing["ListAppointments"] = st.ListAppointments(ctx, zero, agendastore.AppointmentFilter{})
		_, missing["ListWorkshops"] = workshopstore.New(st.Store).ListWorkshops(ctx, zero, workshopstore.WorkshopFilter{})
		_, missing["Registrations"] = workshopstore.New(st.Store).Registrations(ctx, zero, a.workshop.ID)
		_, _, missing["ListMessages"] = st.ListMessages(ctx, zero, store.MessageFilter{})
		_, missing["ListOptOuts"] = st.ListOptOuts(ctx, zero)
		_, missing["Attendance"] = workshopstore.New(st.Store).Attendance(ctx, zero, a.workshop.Sessions[0].ID)
		_, _, missing["SeatCount"] = workshopstore.New(st.Store).SeatCount(ctx, zero, a.workshop.ID)
		missing["EnqueueMessages"] = st.EnqueueMessages(ctx, zero, []notify.Message{{Kind: notify.Reminder, Channel: notify.SMS, To: "+33600000000", Body: "x", Key: "zero"}}, agendaNow)
		missing["CreateMotive"] = st.CreateMotive(ctx, zero, &agenda.Motive{Name: "x"}, agendaNow)
		for name, err := range missing {
			if !errors.Is(err, scope.ErrMissing) {
				t.Errorf("%s with a zero scope: %v", name, err)
			}
		}
	})
}

// TestPublicAndPartnerMotives: the public page lists every structure's
// motives open online; a partner lists those of the other structures of its
// territory open to partners, never its own nor another territory's.
func TestPublicAndPartnerMotives(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		terr := structure.Territory{Name: "Rochefort Océan"}
		if err := st.CreateTerritory(ctx, &terr, agendaNow); err != nil {
			t.Fatal(err)
		}
		a := scope.OfStructure(newStructure(t, st, "A", terr.ID).ID)
		b := scope.OfStructure(newStructure(t, st, "B", terr.ID).ID)
		c := scope.OfStructure(newStructure(t, st, "C", 0).ID)
		motive := func(sc scope.Structure, name, by string, archived bool) int64 {
			m := agenda.Motive{Name: name, BookableBy: by, Archived: archived}
			m.Normalize()
			if err := st.CreateMotive(ctx, sc, &m, agendaNow); err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		aStaff := motive(a, "A agents", agenda.BookStaff, false)
		aOnline := motive(a, "A en ligne", agenda.BookAnyone, false)
		motive(a, "A archivé", agenda.BookAnyone, true)
		bPartners := motive(b, "B partenaires", agenda.BookPartners, false)
		cPartners := motive(c, "C partenaires", agenda.BookPartners, false)

		online, err := st.MotivesOnline(ctx)
		if err != nil || len(online) != 1 || online[0].ID != aOnline {
			t.Fatalf("online: %v %+v", err, online)
		}
		if _, err := st.MotiveOnline(ctx, aOnline); err != nil {
			t.Fatal(err)
		}
		if _, err := st.MotiveOnline(ctx, aStaff); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a staff-only motive online: %v", err)
		}
		t1 := scope.OfTerritory(terr.ID)
		partners, err := st.MotivesOpenToPartners(ctx, t1, a)
		if err != nil || len(partners) != 1 || partners[0].ID != bPartners {
			t.Fatalf("partners of A: %v %+v", err, partners)
		}
		if _, err := st.MotiveOpenToPartners(ctx, t1, a, bPartners); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{aOnline, cPartners, aStaff} {
			if _, err := st.MotiveOpenToPartners(ctx, t1, a, id); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("motive %d booked as a partner: %v", id, err)
			}
		}
		if _, err := st.MotivesOpenToPartners(ctx, scope.Territory{}, a); !errors.Is(err, scope.ErrMissing) {
			t.Fatalf("no territory: %v", err)
		}
	})
}

// TestReservationsLinksAndProgramme: a partner's reservations, the
// residents' links, and the public programme's filters.
func TestReservationsLinksAndProgramme(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		terr := structure.Territory{Name: "Rochefort Océan"}
		if err := st.CreateTerritory(ctx, &terr, agendaNow); err != nil {
			t.Fatal(err)
		}
		hid := newStructure(t, st, "Holder", terr.ID).ID
		holder := fillAgenda(t, st, hid, "h")
		booker := scope.OfStructure(newStructure(t, st, "Booker", 0).ID)
		bid, _ := booker.ID()
		r := holder.appt
		r.ID, r.Start, r.End, r.BookedVia, r.BookedByStructureID = 0, paris("2026-03-03 10:00"), paris("2026-03-03 10:30"), agenda.ViaPartner, bid
		if err := st.BookAppointment(ctx, holder.sc, &r, nil, journal.Entry{}, agendaNow); err != nil {
			t.Fatal(err)
		}
		list, err := st.Reservations(ctx, booker, agendaNow)
		if err != nil || len(list) != 1 || list[0].ID != r.ID {
			t.Fatalf("%v %+v", err, list)
		}
		if _, err := st.Reservation(ctx, holder.sc, r.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("the holder's own appointment as a reservation: %v", err)
		}
		if _, err := st.CancelReservation(ctx, holder.sc, r.ID, "", nil, agendaNow); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("the holder cancels as a booker: %v", err)
		}
		got, err := st.CancelReservation(ctx, booker, r.ID, "Empêchement", nil, agendaNow)
		if err != nil || got.Status != agenda.StatusExcused {
			t.Fatalf("%v %+v", err, got)
		}
		if got, err := st.Reservation(ctx, booker, r.ID); err != nil || got.Status != agenda.StatusExcused {
			t.Fatalf("%v %+v", err, got)
		}
		if got, err := st.AppointmentForLink(ctx, r.ID); err != nil || got.StructureID != hid {
			t.Fatalf("%v %+v", err, got)
		}
		if got, err := workshopstore.New(st.Store).RegistrationForLink(ctx, holder.reg.ID); err != nil || got.WorkshopID != holder.workshop.ID {
			t.Fatalf("%v %+v", err, got)
		}
		if got, err := workshopstore.New(st.Store).WorkshopForLink(ctx, holder.workshop.ID); err != nil || len(got.Sessions) != 1 {
			t.Fatalf("%v %+v", err, got)
		}

		hidden := workshop.Workshop{PlaceID: holder.place, Title: "Caché", Themes: []string{"sante"}, Level: "avance", Audience: workshop.AudienceSeniors, Capacity: 3,
			Sessions: []workshop.Session{{Start: paris("2026-03-13 14:00"), End: paris("2026-03-13 16:00")}}}
		if err := workshopstore.New(st.Store).CreateWorkshop(ctx, holder.sc, &hidden, agendaNow); err != nil {
			t.Fatal(err)
		}
		if _, err := workshopstore.New(st.Store).PublishedWorkshop(ctx, hidden.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an unpublished workshop in public: %v", err)
		}
		if _, err := workshopstore.New(st.Store).PublishedWorkshop(ctx, holder.workshop.ID); err != nil {
			t.Fatal(err)
		}
		for name, f := range map[string]workshopstore.PublishedFilter{
			"all": {}, "structure": {StructureID: hid}, "territory": {TerritoryID: terr.ID},
			"level":    {WorkshopFilter: workshopstore.WorkshopFilter{Level: "debutant"}},
			"theme":    {WorkshopFilter: workshopstore.WorkshopFilter{Theme: "email"}},
			"audience": {WorkshopFilter: workshopstore.WorkshopFilter{Audience: workshop.AudienceResidents}},
			"place":    {WorkshopFilter: workshopstore.WorkshopFilter{PlaceID: holder.place, EndsAfter: agendaNow, StartsBefore: paris("2026-04-01 00:00")}},
		} {
			list, err := workshopstore.New(st.Store).PublishedWorkshops(ctx, f)
			if err != nil || len(list) != 1 || list[0].ID != holder.workshop.ID {
				t.Errorf("%s: %v %d workshops", name, err, len(list))
			}
		}
		if list, _ := workshopstore.New(st.Store).PublishedWorkshops(ctx, workshopstore.PublishedFilter{TerritoryID: terr.ID + 1}); len(list) != 0 {
			t.Error("another territory's programme")
		}
	})
}

// TestAgendaSyncPages: lists by id from a cursor, of rows changed since a
// time, a page at a time.
func TestAgendaSyncPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		f := newAgendaFixture(t, st)
		var perms []int64
		for i := range 3 {
			p := f.perm
			p.ID, p.Weekday = 0, time.Weekday(1+i)
			if err := st.CreatePermanence(ctx, f.sc(), &p, agendaNow.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
			perms = append(perms, p.ID)
		}
		first, err := st.ListPermanences(ctx, f.sc(), agendastore.PermanenceFilter{Page: &store.SyncPage{Limit: 2}})
		if err != nil || len(first) != 2 || first[0].ID != f.perm.ID || first[1].ID != perms[0] {
			t.Fatalf("%v %+v", err, first)
		}
		next, _ := st.ListPermanences(ctx, f.sc(), agendastore.PermanenceFilter{Page: &store.SyncPage{AfterID: first[1].ID, Limit: 2}})
		if len(next) != 2 || next[0].ID != perms[1] {
			t.Fatalf("%+v", next)
		}
		since := agendaNow.Add(90 * time.Minute)
		changed, _ := st.ListPermanences(ctx, f.sc(), agendastore.PermanenceFilter{Page: &store.SyncPage{Since: since}})
		if len(changed) != 1 || changed[0].ID != perms[2] {
			t.Fatalf("since: %+v", changed)
		}
		// Cancelling a date changes the permanence.
		if err := st.CancelPermanenceDate(ctx, f.sc(), perms[0], "2026-03-16", "", false, since.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if changed, _ := st.ListPermanences(ctx, f.sc(), agendastore.PermanenceFilter{Page: &store.SyncPage{Since: since}}); len(changed) != 2 {
			t.Fatalf("since, after a cancelled date: %d", len(changed))
		}

		for i := range 3 {
			a := f.appointment(paris("2026-03-03 09:00").Add(time.Duration(30*i)*time.Minute), 30, "P")
			if err := st.BookAppointment(ctx, f.sc(), a, nil, journal.Entry{}, agendaNow.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		appts, _ := st.ListAppointments(ctx, f.sc(), agendastore.AppointmentFilter{Page: &store.SyncPage{Since: since, Limit: 10}})
		if len(appts) != 1 {
			t.Fatalf("appointments since: %d", len(appts))
		}

		w := workshop.Workshop{PlaceID: f.place, Title: "Cycle", Themes: []string{"email"}, Level: "debutant", Audience: workshop.AudienceResidents, Capacity: 2,
			Sessions: []workshop.Session{{Start: paris("2026-03-12 14:00"), End: paris("2026-03-12 16:00")}}}
		if err := workshopstore.New(st.Store).CreateWorkshop(ctx, f.sc(), &w, agendaNow); err != nil {
			t.Fatal(err)
		}
		if list, _ := workshopstore.New(st.Store).ListWorkshops(ctx, f.sc(), workshopstore.WorkshopFilter{Page: &store.SyncPage{Since: since}}); len(list) != 0 {
			t.Fatalf("a workshop unchanged since: %d", len(list))
		}
		for i, name := range []string{"Une", "Deux", "Trois", "Quatre"} {
			r := workshop.Registration{WorkshopID: w.ID, Name: name, BookedVia: agenda.ViaStaff}
			if err := workshopstore.New(st.Store).Register(ctx, f.sc(), &r, true, nil, journal.Entry{}, since.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		// Registering changes the workshop (its seats).
		if list, _ := workshopstore.New(st.Store).ListWorkshops(ctx, f.sc(), workshopstore.WorkshopFilter{Page: &store.SyncPage{Since: since}}); len(list) != 1 {
			t.Fatalf("a workshop whose seats changed: %d", len(list))
		}
		regs, err := workshopstore.New(st.Store).ChangedRegistrations(ctx, f.sc(), w.ID, store.SyncPage{Since: since.Add(time.Minute), Limit: 10})
		if err != nil || len(regs) != 3 || regs[1].Status != workshop.Waiting || regs[1].Rank != 1 || regs[2].Rank != 2 {
			t.Fatalf("%v %+v", err, regs)
		}
	})
}

// TestAgendaTokensRemindersAndRetention covers the feeds' tokens, the
// reminders recorded once, the sessions kept on a holiday, the report link
// and the retention.
func TestAgendaTokensRemindersAndRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := agendastore.New(db)
		ctx := context.Background()
		f := newAgendaFixture(t, st)
		if err := st.SetCalendarToken(ctx, f.sc(), f.staff[0], "hash-1", agendaNow); err != nil {
			t.Fatal(err)
		}
		if uid, sid, err := st.CalendarTokenOwner(ctx, "hash-1"); err != nil || uid != f.staff[0] || sid != f.structure {
			t.Fatalf("%v %d %d", err, uid, sid)
		}
		if at, _ := st.CalendarTokenCreated(ctx, f.sc(), f.staff[0]); !at.Equal(agendaNow) {
			t.Fatalf("created %v", at)
		}
		if at, _ := st.CalendarTokenCreated(ctx, f.otherSc(), f.staff[0]); !at.IsZero() {
			t.Fatal("another structure's token")
		}
		if err := st.SetCalendarToken(ctx, f.sc(), f.staff[0], "hash-2", agendaNow); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.CalendarTokenOwner(ctx, "hash-1"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an old token still works: %v", err)
		}
		if perms, err := st.PlacePermanences(ctx, f.place); err != nil || len(perms) != 1 {
			t.Fatalf("%v %d", err, len(perms))
		}

		soon := f.appointment(paris("2026-03-03 09:00"), 30, "Rappel")
		if err := st.BookAppointment(ctx, f.sc(), soon, nil, journal.Entry{}, agendaNow.Add(-72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if mine, err := st.AppointmentsOfStaff(ctx, f.sc(), f.staff[0], agendaNow, agendaNow.AddDate(0, 0, 7)); err != nil || len(mine) != 1 {
			t.Fatalf("%v %d", err, len(mine))
		}
		due, err := st.DueAppointmentReminders(ctx, agendaNow, 48*time.Hour, 10)
		if err != nil || len(due) != 1 {
			t.Fatalf("%v %d", err, len(due))
		}
		msg := []notify.Message{{StructureID: f.structure, Kind: notify.Reminder, Channel: notify.SMS, To: soon.Phone, Body: "rappel", Key: "rappel:1"}}
		if done, err := st.MarkAppointmentReminded(ctx, due[0], msg, agendaNow); !done || err != nil {
			t.Fatalf("%v %v", done, err)
		}
		if done, _ := st.MarkAppointmentReminded(ctx, due[0], msg, agendaNow); done {
			t.Fatal("reminded twice")
		}

		w := workshop.Workshop{PlaceID: f.place, Title: "Fêtes", Themes: []string{"email"}, Level: "debutant", Audience: workshop.AudienceResidents, Capacity: 3,
			Sessions: []workshop.Session{{Start: paris("2026-03-03 14:00"), End: paris("2026-03-03 16:00")}}}
		if err := workshopstore.New(st.Store).CreateWorkshop(ctx, f.sc(), &w, agendaNow.Add(-72*time.Hour)); err != nil {
			t.Fatal(err)
		}
		kept := workshop.Session{Start: paris("2026-12-25 14:00"), End: paris("2026-12-25 16:00"), HolidayKept: true}
		if err := workshopstore.New(st.Store).AddSession(ctx, f.sc(), w.ID, &kept, agendaNow); err != nil {
			t.Fatal(err)
		}
		if got, err := workshopstore.New(st.Store).Session(ctx, f.sc(), w.ID, kept.ID); err != nil || !got.HolidayKept || !got.UpdatedAt.Equal(agendaNow) {
			t.Fatalf("%v %+v", err, got)
		}
		if id, err := workshopstore.New(st.Store).SessionWorkshop(ctx, f.sc(), kept.ID); err != nil || id != w.ID {
			t.Fatalf("%v %d", err, id)
		}
		r := workshop.Registration{WorkshopID: w.ID, Name: "Rappelée", Phone: "+33612345678", BookedVia: agenda.ViaStaff}
		if err := workshopstore.New(st.Store).Register(ctx, f.sc(), &r, false, nil, journal.Entry{}, agendaNow); err != nil {
			t.Fatal(err)
		}
		sessions, err := workshopstore.New(st.Store).DueSessionReminders(ctx, agendaNow, 48*time.Hour, 10)
		if err != nil || len(sessions) != 1 || sessions[0].Workshop.ID != w.ID {
			t.Fatalf("%v %+v", err, sessions)
		}
		calls := 0
		remind := func(regs []workshop.Registration) []notify.Message {
			calls++
			if len(regs) != 1 {
				t.Errorf("%d registrations reminded", len(regs))
			}
			return nil
		}
		if done, err := workshopstore.New(st.Store).MarkSessionReminded(ctx, sessions[0].Session.ID, remind, agendaNow); !done || err != nil {
			t.Fatalf("%v %v", done, err)
		}
		if done, _ := workshopstore.New(st.Store).MarkSessionReminded(ctx, sessions[0].Session.ID, remind, agendaNow); done || calls != 1 {
			t.Fatal("a session reminded twice")
		}

		act := activity.Activity{Type: activity.TypeWorkshop, Date: "2026-03-03", Duration: 120, Canal: "lieu_activite", StructureID: f.structure, AnonTotal: 3,
			Themes: []string{"email"}, Title: "Fêtes", Level: "debutant"}
		if err := activitystore.New(st.Store).CreateActivity(ctx, scope.OfStructure(f.structure), &act, journal.Entry{Who: "Test", Action: journal.Create, What: "test"}, agendaNow); err != nil {
			t.Fatal(err)
		}
		if ok, err := workshopstore.New(st.Store).LinkSessionActivity(ctx, f.sc(), w.ID, w.Sessions[0].ID, act.ID, agendaNow); !ok || err != nil {
			t.Fatalf("%v %v", ok, err)
		}
		if ok, _ := workshopstore.New(st.Store).LinkSessionActivity(ctx, f.sc(), w.ID, w.Sessions[0].ID, act.ID, agendaNow); ok {
			t.Fatal("a session reported twice")
		}

		if err := st.OptOut(ctx, f.sc(), "+33612345678", "lien", agendaNow); err != nil {
			t.Fatal(err)
		}
		if out, err := st.OptedOut(ctx, f.sc(), "+33612345678"); !out || err != nil {
			t.Fatalf("%v %v", out, err)
		}
		if err := st.OptIn(ctx, f.sc(), "+33612345678"); err != nil {
			t.Fatal(err)
		}
		if out, _ := st.OptedOut(ctx, f.sc(), "+33612345678"); out {
			t.Fatal("still opted out")
		}

		secret, err := st.AgendaSecret(ctx)
		if again, _ := st.AgendaSecret(ctx); err != nil || len(secret) != 32 || string(again) != string(secret) {
			t.Fatalf("%v: the secret changed", err)
		}
		c := retention.Default().At(agendaNow)
		c.Appointments, c.Messages = paris("2026-03-04 00:00"), agendaNow.Add(time.Hour)
		lines, err := st.ApplyRetention(ctx, c, false, agendaNow)
		purged := map[string]int64{}
		for _, l := range lines {
			purged[l.Table] = l.Rows
		}
		// the reminder and the appointment; the workshop has a session to come
		if err != nil || purged["notifications"] != 1 || purged["appointments"] != 1 || purged["workshop_registrations"] != 0 {
			t.Fatalf("%v: %v purged", err, purged)
		}
		if list, _ := st.ListAppointments(ctx, f.sc(), agendastore.AppointmentFilter{}); len(list) != 0 {
			t.Fatalf("%d appointments kept", len(list))
		}
	})
}
