package web_test

// Agenda: permanences, appointments, workshops, notifications.

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// agendaMatrix lists this capability's staff routes for the authorization matrix.
// Placeholders (agendaMatrixSetup): {ownmotive} {othermotive} {ownperm} (with an
// appointment to come) {otherperm} {ownabsence} {otherabsence} {ownappt}
// {owncancelled} (an appointment already cancelled) {otherappt} {ownworkshop}
// {otherworkshop} {ownsession} (attendance recorded) {othersession} {ownreg}
// {owncancelledreg} {otherreg} {partnermotive} (another structure's of the
// territory, open to partners) {ownreservation} (booked by the role's
// structure elsewhere, cancelled) {otherreservation}.
var agendaMatrix = []matrixCase{
	{pattern: "GET /espace/agenda", own: "/espace/agenda", other: "/espace/agenda", ok: 200},
	{pattern: "GET /espace/agenda/permanences", own: "/espace/agenda/permanences", other: "/espace/agenda/permanences", ok: 200},
	{pattern: "GET /espace/agenda/permanences/nouvelle", own: "/espace/agenda/permanences/nouvelle", other: "/espace/agenda/permanences/nouvelle", ok: 200},
	{pattern: "POST /espace/agenda/permanences", own: "/espace/agenda/permanences", other: "/espace/agenda/permanences", form: url.Values{}, ok: 422},
	{pattern: "GET /espace/agenda/permanences/{id}", own: "/espace/agenda/permanences/{ownperm}", other: "/espace/agenda/permanences/{otherperm}", ok: 200, scoped: true},
	{pattern: "POST /espace/agenda/permanences/{id}", own: "/espace/agenda/permanences/{ownperm}", other: "/espace/agenda/permanences/{otherperm}", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/agenda/permanences/{id}/annulations", own: "/espace/agenda/permanences/{ownperm}/annulations", other: "/espace/agenda/permanences/{otherperm}/annulations", form: url.Values{}, ok: 422, scoped: true},
	// A permanence with an appointment to come is not deleted.
	{pattern: "POST /espace/agenda/permanences/{id}/suppression", own: "/espace/agenda/permanences/{ownperm}/suppression", other: "/espace/agenda/permanences/{otherperm}/suppression", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/agenda/motifs", own: "/espace/agenda/motifs", other: "/espace/agenda/motifs", ok: 200},
	{pattern: "GET /espace/agenda/motifs/nouveau", own: "/espace/agenda/motifs/nouveau", other: "/espace/agenda/motifs/nouveau", ok: 200},
	{pattern: "POST /espace/agenda/motifs", own: "/espace/agenda/motifs", other: "/espace/agenda/motifs", form: url.Values{}, ok: 422},
	{pattern: "GET /espace/agenda/motifs/{id}", own: "/espace/agenda/motifs/{ownmotive}", other: "/espace/agenda/motifs/{othermotive}", ok: 200, scoped: true},
	{pattern: "POST /espace/agenda/motifs/{id}", own: "/espace/agenda/motifs/{ownmotive}", other: "/espace/agenda/motifs/{othermotive}", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/agenda/absences", own: "/espace/agenda/absences", other: "/espace/agenda/absences", ok: 200},
	{pattern: "POST /espace/agenda/absences", own: "/espace/agenda/absences", other: "/espace/agenda/absences", form: url.Values{}, ok: 422},
	{pattern: "POST /espace/agenda/absences/{id}/suppression", own: "/espace/agenda/absences/{ownabsence}/suppression", other: "/espace/agenda/absences/{otherabsence}/suppression", form: url.Values{}, ok: 303, scoped: true},

	{pattern: "GET /espace/agenda/rendez-vous", own: "/espace/agenda/rendez-vous?du=2020-01-01&au=2030-12-31", other: "/espace/agenda/rendez-vous?du=2020-01-01&au=2030-12-31&statut=present", ok: 200},
	{pattern: "GET /espace/agenda/rendez-vous/nouveau", own: "/espace/agenda/rendez-vous/nouveau?motif={ownmotive}", other: "/espace/agenda/rendez-vous/nouveau?deplacer={otherappt}", ok: 200, scoped: true},
	{pattern: "POST /espace/agenda/rendez-vous", own: "/espace/agenda/rendez-vous", other: "/espace/agenda/rendez-vous", form: url.Values{"motif": {"{ownmotive}"}}, ok: 422},
	{pattern: "GET /espace/agenda/rendez-vous/{id}", own: "/espace/agenda/rendez-vous/{ownappt}", other: "/espace/agenda/rendez-vous/{otherappt}", ok: 200, scoped: true},
	{pattern: "POST /espace/agenda/rendez-vous/{id}/statut", own: "/espace/agenda/rendez-vous/{ownappt}/statut", other: "/espace/agenda/rendez-vous/{otherappt}/statut", form: url.Values{"statut": {"nope"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/agenda/rendez-vous/{id}/annulation", own: "/espace/agenda/rendez-vous/{owncancelled}/annulation", other: "/espace/agenda/rendez-vous/{otherappt}/annulation", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/agenda/rendez-vous/{id}/deplacement", own: "/espace/agenda/rendez-vous/{ownappt}/deplacement", other: "/espace/agenda/rendez-vous/{otherappt}/deplacement", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/agenda/rendez-vous/{id}/arret-messages", own: "/espace/agenda/rendez-vous/{ownappt}/arret-messages", other: "/espace/agenda/rendez-vous/{otherappt}/arret-messages", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "GET /espace/agenda/rendez-vous/{id}/rendez-vous.ics", own: "/espace/agenda/rendez-vous/{ownappt}/rendez-vous.ics", other: "/espace/agenda/rendez-vous/{otherappt}/rendez-vous.ics", ok: 200, scoped: true},

	{pattern: "GET /espace/agenda/orienter", own: "/espace/agenda/orienter", other: "/espace/agenda/orienter", ok: 200},
	{pattern: "GET /espace/agenda/orienter/{id}", own: "/espace/agenda/orienter/{partnermotive}", other: "/espace/agenda/orienter/{othermotive}", ok: 200, scoped: true},
	{pattern: "POST /espace/agenda/orienter/{id}", own: "/espace/agenda/orienter/{partnermotive}", other: "/espace/agenda/orienter/{othermotive}", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/agenda/reservations", own: "/espace/agenda/reservations", other: "/espace/agenda/reservations", ok: 200},
	{pattern: "POST /espace/agenda/reservations/{id}/annulation", own: "/espace/agenda/reservations/{ownreservation}/annulation", other: "/espace/agenda/reservations/{otherreservation}/annulation", form: url.Values{}, ok: 422, scoped: true},

	{pattern: "GET /espace/agenda/envois", own: "/espace/agenda/envois", other: "/espace/agenda/envois", ok: 200},
	{pattern: "POST /espace/agenda/envois/arret", own: "/espace/agenda/envois/arret", other: "/espace/agenda/envois/arret", form: url.Values{"contact": {"nope"}}, ok: 422},
	{pattern: "GET /espace/agenda/calendriers", own: "/espace/agenda/calendriers", other: "/espace/agenda/calendriers", ok: 200},
	{pattern: "POST /espace/agenda/calendriers", own: "/espace/agenda/calendriers", other: "/espace/agenda/calendriers", form: url.Values{}, ok: 200},

	{pattern: "GET /espace/ateliers", own: "/espace/ateliers", other: "/espace/ateliers", ok: 200},
	{pattern: "GET /espace/ateliers/nouveau", own: "/espace/ateliers/nouveau", other: "/espace/ateliers/nouveau", ok: 200},
	{pattern: "POST /espace/ateliers", own: "/espace/ateliers", other: "/espace/ateliers", form: url.Values{}, ok: 422},
	{pattern: "GET /espace/ateliers/{id}", own: "/espace/ateliers/{ownworkshop}", other: "/espace/ateliers/{otherworkshop}", ok: 200, scoped: true},
	{pattern: "GET /espace/ateliers/{id}/modifier", own: "/espace/ateliers/{ownworkshop}/modifier", other: "/espace/ateliers/{otherworkshop}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/ateliers/{id}", own: "/espace/ateliers/{ownworkshop}", other: "/espace/ateliers/{otherworkshop}", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/seances", own: "/espace/ateliers/{ownworkshop}/seances", other: "/espace/ateliers/{otherworkshop}/seances", form: url.Values{}, ok: 422, scoped: true},
	// A session whose attendance is recorded is not deleted.
	{pattern: "POST /espace/ateliers/{id}/seances/{session}/suppression", own: "/espace/ateliers/{ownworkshop}/seances/{ownsession}/suppression", other: "/espace/ateliers/{otherworkshop}/seances/{othersession}/suppression", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/ateliers/{id}/seances/{session}", own: "/espace/ateliers/{ownworkshop}/seances/{ownsession}", other: "/espace/ateliers/{otherworkshop}/seances/{othersession}", ok: 200, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/seances/{session}", own: "/espace/ateliers/{ownworkshop}/seances/{ownsession}", other: "/espace/ateliers/{otherworkshop}/seances/{othersession}", form: url.Values{"sans_inscription": {"-1"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/ateliers/{id}/seances/{session}/compte-rendu", own: "/espace/ateliers/{ownworkshop}/seances/{ownsession}/compte-rendu", other: "/espace/ateliers/{otherworkshop}/seances/{othersession}/compte-rendu", ok: 200, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/seances/{session}/compte-rendu", own: "/espace/ateliers/{ownworkshop}/seances/{ownsession}/compte-rendu", other: "/espace/ateliers/{otherworkshop}/seances/{othersession}/compte-rendu", form: url.Values{"duree": {"x"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/inscriptions", own: "/espace/ateliers/{ownworkshop}/inscriptions", other: "/espace/ateliers/{otherworkshop}/inscriptions", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/inscriptions/{reg}/annulation", own: "/espace/ateliers/{ownworkshop}/inscriptions/{owncancelledreg}/annulation", other: "/espace/ateliers/{otherworkshop}/inscriptions/{otherreg}/annulation", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/ateliers/{id}/inscriptions/{reg}/confirmation", own: "/espace/ateliers/{ownworkshop}/inscriptions/{ownreg}/confirmation", other: "/espace/ateliers/{otherworkshop}/inscriptions/{otherreg}/confirmation", form: url.Values{}, ok: 422, scoped: true},

	// The JSON API, with the session cookie. An empty body fails the document
	// before any object is read (422 for every object); the GETs check the scope.
	{pattern: "GET /api/v1/permanences", own: "/api/v1/permanences", other: "/api/v1/permanences", ok: 200},
	{pattern: "POST /api/v1/permanences", own: "/api/v1/permanences", other: "/api/v1/permanences", ok: 422},
	{pattern: "GET /api/v1/permanences/{id}", own: "/api/v1/permanences/{ownperm}", other: "/api/v1/permanences/{otherperm}", ok: 200, scoped: true},
	{pattern: "GET /api/v1/creneaux", own: "/api/v1/creneaux?motif={ownmotive}", other: "/api/v1/creneaux?motif={othermotive}", ok: 200, scoped: true},
	{pattern: "GET /api/v1/rendez-vous", own: "/api/v1/rendez-vous", other: "/api/v1/rendez-vous", ok: 200},
	{pattern: "POST /api/v1/rendez-vous", own: "/api/v1/rendez-vous", other: "/api/v1/rendez-vous", ok: 422},
	{pattern: "GET /api/v1/rendez-vous/{id}", own: "/api/v1/rendez-vous/{ownappt}", other: "/api/v1/rendez-vous/{otherappt}", ok: 200, scoped: true},
	{pattern: "POST /api/v1/rendez-vous/{id}/annulation", own: "/api/v1/rendez-vous/{owncancelled}/annulation", other: "/api/v1/rendez-vous/{otherappt}/annulation", ok: 422, scoped: true},
	{pattern: "POST /api/v1/ateliers", own: "/api/v1/ateliers", other: "/api/v1/ateliers", ok: 422},
	{pattern: "GET /api/v1/ateliers", own: "/api/v1/ateliers", other: "/api/v1/ateliers", ok: 200},
	{pattern: "GET /api/v1/ateliers/{id}", own: "/api/v1/ateliers/{ownworkshop}", other: "/api/v1/ateliers/{otherworkshop}", ok: 200, scoped: true},
	{pattern: "POST /api/v1/ateliers/{id}/inscriptions", own: "/api/v1/ateliers/{ownworkshop}/inscriptions", other: "/api/v1/ateliers/{otherworkshop}/inscriptions", ok: 422},
	{pattern: "GET /api/v1/inscriptions", own: "/api/v1/inscriptions?atelier={ownworkshop}", other: "/api/v1/inscriptions?atelier={otherworkshop}", ok: 200, scoped: true},
	{pattern: "GET /api/v1/inscriptions/{id}", own: "/api/v1/inscriptions/{ownreg}", other: "/api/v1/inscriptions/{otherreg}", ok: 200, scoped: true},
	{pattern: "POST /api/v1/inscriptions/{id}/annulation", own: "/api/v1/inscriptions/{owncancelledreg}/annulation", other: "/api/v1/inscriptions/{otherreg}/annulation", ok: 422, scoped: true},
	{pattern: "POST /api/v1/seances/{id}/presences", own: "/api/v1/seances/{ownsession}/presences", other: "/api/v1/seances/{othersession}/presences", ok: 422},
}

// agendaObjects creates, in a structure, a site, a motive open to partners, a
// permanence with an appointment to come, an appointment cancelled, an
// absence, a workshop whose session has its attendance recorded, one live
// registration and one cancelled.
type agendaObjects struct {
	place, motive, perm, appt, cancelled, absence, workshop, session, reg, cancelledReg int64
}

func agendaObjectsIn(t *testing.T, s *site, structureID, staffID int64, tag string) agendaObjects {
	t.Helper()
	ctx := context.Background()
	st, now, sc := s.store, s.clock.Now(), scope.OfStructure(structureID)
	p := &place.Place{StructureID: structureID, Source: place.SourceParcours, Pivot: "21170299700017", Name: "Salle de l'agenda " + tag, Commune: "Rochefort",
		PostalCode: "17300", InseeCode: "17299", Address: "3 rue du Test", UpdatedOn: now}
	p.Normalize()
	if err := placestore.New(st).CreatePlace(ctx, p, now); err != nil {
		t.Fatal(err)
	}
	o := agendaObjects{place: p.ID}
	m := agenda.Motive{StructureID: structureID, Name: "Motif du test " + tag, BookableBy: agenda.BookPartners}
	m.Normalize()
	if err := agendastore.New(st).CreateMotive(ctx, sc, &m, now); err != nil {
		t.Fatal(err)
	}
	o.motive = m.ID
	perm := agenda.Permanence{StructureID: structureID, PlaceID: p.ID, StaffIDs: []int64{staffID}, Weekday: time.Saturday, Start: 9 * 60, End: 12 * 60,
		From: now.Format(agenda.DateLayout), SkipHolidays: true, MotiveIDs: []int64{m.ID}, Mode: agenda.ModeAppointment}
	perm.Normalize()
	if err := agendastore.New(st).CreatePermanence(ctx, sc, &perm, now); err != nil {
		t.Fatal(err)
	}
	o.perm = perm.ID
	at := time.Date(now.Year()+1, 1, 9, 9, 0, 0, 0, time.UTC)
	for i, ptr := range []*int64{&o.appt, &o.cancelled} {
		a := agenda.Appointment{StructureID: structureID, PlaceID: p.ID, PermanenceID: perm.ID, MotiveID: m.ID, MotiveName: m.Name, Location: agenda.LocationOnSite,
			StaffID: staffID, Start: at.Add(time.Duration(i) * time.Hour), End: at.Add(time.Duration(i)*time.Hour + 30*time.Minute), Name: "Personne Test " + tag,
			Phone: "+33612345678", BookedVia: agenda.ViaStaff}
		if err := agendastore.New(st).BookAppointment(ctx, sc, &a, nil, journal.Entry{}, now); err != nil {
			t.Fatal(err)
		}
		*ptr = a.ID
	}
	if _, err := agendastore.New(st).CancelAppointment(ctx, sc, o.cancelled, agenda.StatusCancelled, "", nil, now); err != nil {
		t.Fatal(err)
	}
	abs := agenda.Absence{StructureID: structureID, UserID: staffID, Start: at.AddDate(0, 1, 0), End: at.AddDate(0, 1, 1)}
	if err := agendastore.New(st).CreateAbsence(ctx, sc, &abs, staffID, now); err != nil {
		t.Fatal(err)
	}
	o.absence = abs.ID
	w := workshop.Workshop{StructureID: structureID, PlaceID: p.ID, Title: "Atelier du test " + tag, Themes: []string{"email"}, Level: "debutant", Audience: workshop.AudienceResidents,
		Capacity: 5, Sessions: []workshop.Session{{Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour)}, {Start: now.AddDate(0, 0, 7), End: now.AddDate(0, 0, 7).Add(time.Hour)}}}
	if err := workshopstore.New(st).CreateWorkshop(ctx, sc, &w, now); err != nil {
		t.Fatal(err)
	}
	o.workshop, o.session = w.ID, w.Sessions[0].ID
	for i, ptr := range []*int64{&o.reg, &o.cancelledReg} {
		r := &workshop.Registration{WorkshopID: w.ID, StructureID: structureID, Name: []string{"Inscrite Test ", "Annulée Test "}[i] + tag, BookedVia: agenda.ViaStaff}
		if err := workshopstore.New(st).Register(ctx, sc, r, false, nil, journal.Entry{}, now); err != nil {
			t.Fatal(err)
		}
		*ptr = r.ID
	}
	if _, _, err := workshopstore.New(st).CancelRegistration(ctx, sc, o.cancelledReg, time.Hour, nil, nil, now); err != nil {
		t.Fatal(err)
	}
	if err := workshopstore.New(st).SetAttendance(ctx, sc, w.ID, o.session, []int64{o.reg}, 2, now); err != nil {
		t.Fatal(err)
	}
	return o
}

// bookedFor records a cancelled appointment that booker booked in holder's agenda.
func bookedFor(t *testing.T, s *site, o agendaObjects, holder, staffID, booker int64, hour int) int64 {
	t.Helper()
	ctx, now := context.Background(), s.clock.Now()
	at := time.Date(now.Year()+1, 1, 16, hour, 0, 0, 0, time.UTC)
	a := agenda.Appointment{StructureID: holder, PlaceID: o.place, PermanenceID: o.perm, MotiveID: o.motive, MotiveName: "Motif du test", Location: agenda.LocationOnSite,
		StaffID: staffID, Start: at, End: at.Add(30 * time.Minute), Name: "Orientée Test", Phone: "+33612345678", BookedVia: agenda.ViaPartner, BookedByStructureID: booker}
	if err := agendastore.New(s.store).BookAppointment(ctx, scope.OfStructure(holder), &a, nil, journal.Entry{}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := agendastore.New(s.store).CancelAppointment(ctx, scope.OfStructure(holder), a.ID, agenda.StatusExcused, "", nil, now); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// agendaMatrixSetup creates the objects of the demo's CCAS, of France
// Services and of the outside structure, and returns each role's placeholders.
func agendaMatrixSetup(t *testing.T, s *site, outside, otherUser int64) func(account.Role) []string {
	t.Helper()
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	mediator, partner := s.demo.Users[account.RoleMediation], s.demo.Users[account.RolePartner]
	own := agendaObjectsIn(t, s, ccas, mediator, "CCAS")
	other := agendaObjectsIn(t, s, outside, otherUser, "Dehors")
	atFS := agendaObjectsIn(t, s, fs, partner, "FS")
	ccasBookedAtFS := bookedFor(t, s, atFS, fs, partner, ccas, 9)
	fsBookedAtCCAS := bookedFor(t, s, own, ccas, mediator, fs, 10)
	outsideBookedAtCCAS := bookedFor(t, s, own, ccas, mediator, outside, 11)
	return func(role account.Role) []string {
		partnerMotive, reservation := atFS.motive, ccasBookedAtFS
		if role == account.RolePartner {
			partnerMotive, reservation = own.motive, fsBookedAtCCAS
		}
		return []string{
			"{ownmotive}", itoa(own.motive), "{othermotive}", itoa(other.motive), "{ownperm}", itoa(own.perm), "{otherperm}", itoa(other.perm),
			"{ownabsence}", itoa(own.absence), "{otherabsence}", itoa(other.absence), "{ownappt}", itoa(own.appt), "{owncancelled}", itoa(own.cancelled),
			"{otherappt}", itoa(other.appt), "{ownworkshop}", itoa(own.workshop), "{otherworkshop}", itoa(other.workshop),
			"{ownsession}", itoa(own.session), "{othersession}", itoa(other.session), "{ownreg}", itoa(own.reg), "{owncancelledreg}", itoa(own.cancelledReg),
			"{otherreg}", itoa(other.reg), "{partnermotive}", itoa(partnerMotive), "{ownreservation}", itoa(reservation), "{otherreservation}", itoa(outsideBookedAtCCAS),
		}
	}
}

// TestAgendaListsShowOnlyOwnRows: the agenda's lists, pages and API, show
// the rows of the actor's structure and never another structure's, on both
// databases (a status code alone would not see a leak).
func TestAgendaListsShowOnlyOwnRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		outside := structure.Structure{Name: "Association Hors Territoire", Typology: "ASSO", RNA: "W759999999", CommuneCode: "75056"}
		if err := st.CreateStructure(ctx, &outside, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		otherUser, err := st.CreateUser(ctx, account.NewUser{Email: "autre@hors-territoire.fr", Name: "Autre Personne", StructureID: outside.ID, Role: account.RoleMediation}, "", s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		own := agendaObjectsIn(t, s, s.demo.Structures[demo.CCAS], s.demo.Users[account.RoleMediation], "CCAS")
		agendaObjectsIn(t, s, outside.ID, otherUser, "Dehors")
		week := "/espace/agenda?semaine=" + itoa(int64(s.clock.Now().Year()+1)) + "-01-09"
		med, token := s.login(account.RoleMediation), s.agendaToken(account.RoleMediation)
		pages := map[string]string{
			"/espace/agenda/motifs": "Motif du test CCAS", "/espace/agenda/permanences": "Salle de l'agenda CCAS", "/espace/ateliers": "Atelier du test CCAS",
			week: "Personne Test CCAS", "/espace/agenda/absences": "Mehdi", "/espace/ateliers/" + itoa(own.workshop): "Inscrite Test CCAS",
		}
		for path, want := range pages {
			r := s.do(med, "GET", path, nil)
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Errorf("%s: %d, %q missing", path, r.status, want)
			}
			if strings.Contains(r.body, "Dehors") || strings.Contains(r.body, "Autre Personne") {
				t.Errorf("%s shows another structure's rows", path)
			}
		}
		for path, want := range map[string]string{"/api/v1/permanences": "Salle de l'agenda CCAS", "/api/v1/rendez-vous": "Personne Test CCAS",
			"/api/v1/ateliers?passes=true": "Atelier du test CCAS", "/api/v1/inscriptions": "Inscrite Test CCAS"} {
			r := s.agendaAPI(token, "GET", path, "")
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Errorf("%s: %d, %q missing", path, r.status, want)
			}
			if strings.Contains(r.body, "Dehors") {
				t.Errorf("%s shows another structure's rows", path)
			}
		}
	})
}

// agendaBrowserPages lists this capability's pages checked in Chromium; the
// resident's own pages (signed links) are checked by TestAgendaResidentPagesInChromium.
var agendaBrowserPages = []browserPage{
	{path: "/rendez-vous", want: "Accompagnement numérique"},
	{path: "/rendez-vous/motifs/1", want: "Choisissez un jour et une heure"},
	{path: "/ateliers", want: "Premiers pas sur la tablette"},
	{path: "/ateliers?niveau=debutant&public=seniors", want: "Premiers pas sur la tablette"},
	{path: "/ateliers/1", want: "liste d'attente"},
	{path: "/ateliers/2", want: "S'inscrire"},
	{path: "/ateliers/programme", want: "Ateliers numériques"},
	{path: "/espace/agenda", role: account.RoleMediation, want: "Semaine du"},
	{path: "/espace/agenda/permanences", role: account.RoleMediation, want: "Nouvelle permanence"},
	{path: "/espace/agenda/permanences/nouvelle", role: account.RoleMediation, want: "Avec ou sans rendez-vous"},
	{path: "/espace/agenda/permanences/1", role: account.RoleMediation, want: "Annuler une date"},
	{path: "/espace/agenda/motifs", role: account.RoleMediation, want: "Aide aux démarches en ligne"},
	{path: "/espace/agenda/motifs/nouveau", role: account.RoleMediation, want: "Qui peut réserver"},
	{path: "/espace/agenda/absences", role: account.RoleMediation, want: "Ajouter une absence"},
	{path: "/espace/agenda/rendez-vous/nouveau?motif=1", role: account.RoleReception, want: "Créneaux libres"},
	{path: "/espace/agenda/rendez-vous/1", role: account.RoleMediation, want: "Rendez-vous n° 1"},
	{path: "/espace/agenda/rendez-vous?du=2020-01-01&au=2030-12-31&prise=permanence", role: account.RoleMediation, want: "Voir l'agenda de la semaine"},
	{path: "/espace/agenda/envois", role: account.RoleMediation, want: "Messages aux personnes"},
	{path: "/espace/agenda/calendriers", role: account.RoleMediation, want: "Votre agenda personnel"},
	{path: "/espace/agenda/orienter", role: account.RolePartner, want: "Aide aux démarches en ligne"},
	{path: "/espace/agenda/orienter/2", role: account.RolePartner, want: "Créneaux libres"},
	{path: "/espace/agenda/reservations", role: account.RolePartner, want: "Rendez-vous pris chez les partenaires"},
	{path: "/espace/ateliers", role: account.RoleMediation, want: "Premiers pas sur la tablette"},
	{path: "/espace/ateliers/nouveau", role: account.RoleMediation, want: "Nombre de places"},
	{path: "/espace/ateliers/1", role: account.RoleMediation, want: "Liste d'attente"},
	{path: "/espace/ateliers/1/modifier", role: account.RoleMediation, want: "Nombre de places"},
	{path: "/espace/ateliers/6/seances/17", role: account.RoleMediation, want: "Qui est venu"},
}
