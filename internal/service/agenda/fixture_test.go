package agenda_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type clock = frtimetest.Clock

func paris(s string) time.Time { return frtimetest.Paris(s) }

// fixture is a structure of a territory with a mediator, a site, a motive
// open online, a Tuesday permanence and a workshop of one seat; a partner
// structure of the same territory has its own member.
type fixture struct {
	structure int64
	sc        scope.Structure
	staff     *account.Actor
	partner   *account.Actor
	place     int64
	motive    agenda.Motive
	perm      agenda.Permanence
	workshop  workshop.Workshop
}

func newFixture(t testing.TB, st *store.Store, now time.Time) fixture {
	t.Helper()
	ctx := context.Background()
	terr := structure.Territory{Name: "Rochefort Océan"}
	if err := st.CreateTerritory(ctx, &terr, now); err != nil {
		t.Fatal(err)
	}
	s := structure.Structure{Name: "CCAS de Rochefort", Typology: "CCAS", SIRET: "21170299700017", CommuneCode: "17299", TerritoryID: terr.ID}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, now); err != nil {
		t.Fatal(err)
	}
	f := fixture{structure: s.ID, sc: scope.OfStructure(s.ID)}
	f.staff = actor(t, st, "cnfs@ccas.fr", "Mehdi", s.ID, account.RoleMediation, now)
	fs := structure.Structure{Name: "France Services", Typology: "FS", SIRET: "21170299700018", CommuneCode: "17299", TerritoryID: terr.ID}
	fs.Normalize()
	if err := st.CreateStructure(ctx, &fs, now); err != nil {
		t.Fatal(err)
	}
	f.partner = actor(t, st, "fs@fs.fr", "Paul", fs.ID, account.RolePartner, now)
	p := &place.Place{StructureID: s.ID, Source: place.SourceParcours, Pivot: "21170299700017", Name: "Espace numérique du CCAS", Commune: "Rochefort",
		PostalCode: "17300", InseeCode: "17299", Address: "25 rue de la République", Hours: "Mo-Fr 09:00-12:00,13:30-17:00", UpdatedOn: now}
	p.Normalize()
	if err := placestore.New(st).CreatePlace(ctx, p, now); err != nil {
		t.Fatal(err)
	}
	f.place = p.ID
	f.motive = agenda.Motive{Name: "Dossier RSA", BookableBy: agenda.BookAnyone, MinDelayHours: 2, InstructionsBefore: "Apportez votre téléphone."}
	f.motive.Normalize()
	if err := agendastore.New(st).CreateMotive(ctx, f.sc, &f.motive, now); err != nil {
		t.Fatal(err)
	}
	f.perm = agenda.Permanence{PlaceID: p.ID, StaffIDs: []int64{f.staff.User.ID}, Weekday: time.Tuesday, Start: 9 * 60, End: 12 * 60,
		From: "2026-03-03", SkipHolidays: true, MotiveIDs: []int64{f.motive.ID}, Mode: agenda.ModeAppointment}
	f.perm.Normalize()
	if err := agendastore.New(st).CreatePermanence(ctx, f.sc, &f.perm, now); err != nil {
		t.Fatal(err)
	}
	f.workshop = workshop.Workshop{PlaceID: p.ID, Title: "Premiers pas sur la tablette", Themes: []string{"prendre_en_main_du_materiel"},
		Level: "debutant", Audience: workshop.AudienceSeniors, Capacity: 1, Published: true, OnlineRegistration: true,
		Sessions: []workshop.Session{{Start: paris("2026-03-12 14:00"), End: paris("2026-03-12 16:00")}, {Start: paris("2026-03-19 14:00"), End: paris("2026-03-19 16:00")}}}
	if err := workshopstore.New(st).CreateWorkshop(ctx, f.sc, &f.workshop, now); err != nil {
		t.Fatal(err)
	}
	return f
}

// actor creates a member of a structure and returns them signed in.
func actor(t testing.TB, st *store.Store, email, name string, structureID int64, role account.Role, now time.Time) *account.Actor {
	t.Helper()
	ctx := context.Background()
	id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: name, StructureID: structureID, Role: role}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ActorForMembership(ctx, id, structureID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// services builds the agenda and the workshops on one outbox, as the application does.
func services(st *store.Store, clk *clock, out agendasvc.OutboxConfig, offerDelay time.Duration) (*agendasvc.Service, *workshops.Service) {
	out.Now = clk.Now
	o := agendasvc.NewOutbox(st, out)
	ws := workshops.New(workshopstore.New(st), o, workshops.Config{Now: clk.Now, OfferDelay: offerDelay})
	return agendasvc.New(agendastore.New(st), o, ws, agendasvc.Config{Now: clk.Now}), ws
}

func fieldErrors(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return nil
}
