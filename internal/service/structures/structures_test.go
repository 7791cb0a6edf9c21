package structures_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fixture is a territory coordinated by structure A, structure B in it and
// structure C outside it, each with one account.
type fixture struct {
	svc                        *structures.Service
	terr                       structure.Territory
	a, b, c                    structure.Structure
	admin, coord, inB, outside *account.Actor
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{svc: structures.New(st, func() time.Time { return now })}
	f.terr = structure.Territory{Name: "Rochefort Océan", CommuneCodes: []string{"17299", "17300"}}
	if err := st.CreateTerritory(ctx, &f.terr, now); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		st   *structure.Structure
		name string
		terr int64
	}{{&f.a, "CCAS de Rochefort", f.terr.ID}, {&f.b, "Médiathèque", f.terr.ID}, {&f.c, "Association d'ailleurs", 0}} {
		*s.st = structure.Structure{Name: s.name, Typology: "CCAS", RNA: "W179999999", CommuneCode: "17299", TerritoryID: s.terr}
		if err := st.CreateStructure(ctx, s.st, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SetTerritoryCoordinator(ctx, f.terr.ID, f.a.ID); err != nil {
		t.Fatal(err)
	}
	actor := func(email string, sid int64, role account.Role) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: email, StructureID: sid, Role: role}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := st.User(ctx, id)
		ms, _ := st.Memberships(ctx, id)
		return &account.Actor{User: u, Membership: ms[0], Memberships: ms}
	}
	f.admin = actor("admin@c.fr", f.c.ID, account.RoleAdmin)
	f.coord = actor("coord@a.fr", f.a.ID, account.RoleCoordination)
	f.inB = actor("agent@b.fr", f.b.ID, account.RoleMediation)
	f.outside = actor("agent@c.fr", f.c.ID, account.RoleReception)
	return f
}

func ids(list []structure.Structure) []int64 {
	out := []int64{}
	for _, s := range list {
		out = append(out, s.ID)
	}
	return out
}

func hasField(err error, field string) bool {
	return apperr.Is(err, apperr.Invalid) && hasFieldAnyCode(err, field)
}

func hasFieldAnyCode(err error, field string) bool {
	e, ok := apperr.As(err)
	return ok && e.FieldMap()[field] != ""
}

func TestStructuresAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for _, a := range []*account.Actor{f.coord, f.inB, nil} {
			if _, err := f.svc.List(ctx, a, ""); err == nil {
				t.Fatalf("%v lists the platform's structures", a)
			}
			if _, err := f.svc.Create(ctx, a, structures.Input{Name: "X"}); err == nil {
				t.Fatalf("%v creates a structure", a)
			}
			if _, err := f.svc.Update(ctx, a, f.b.ID, structures.Input{Name: "X"}); err == nil {
				t.Fatalf("%v changes a structure", a)
			}
		}
		list, err := f.svc.List(ctx, f.admin, " mediatheque ")
		if err != nil || !reflect.DeepEqual(ids(list), []int64{f.b.ID}) {
			t.Fatalf("search %v err %v", ids(list), err)
		}

		_, err = f.svc.Create(ctx, f.admin, structures.Input{Name: "Mairie de Fouras", Typology: "MUNI", SIRET: "123 456 789 00012", Commune: "Nulleville", TerritoryID: 999999})
		for _, field := range []string{"siret", "commune", "territory"} {
			if !hasField(err, field) {
				t.Errorf("field %s: %v", field, err)
			}
		}
		if e, _ := apperr.As(err); e != nil && e.FieldMap()["commune"] != "Commune introuvable : vérifiez l'orthographe ou saisissez son code INSEE (5 caractères)." {
			t.Errorf("the resolver's message must replace the generic one: %q", e.FieldMap()["commune"])
		}
		created, err := f.svc.Create(ctx, f.admin, structures.Input{Name: " Mairie  de Fouras ", Typology: "MUNI", SIRET: "211 701 687 00017", Commune: "Fouras (17450)", TerritoryID: f.terr.ID})
		if err != nil || created.ID == 0 || created.Name != "Mairie de Fouras" || created.CommuneCode != "17168" || created.SIRET != "21170168700017" {
			t.Fatalf("created %+v err %v", created, err)
		}
		got, err := f.svc.Get(ctx, f.admin, created.ID)
		if err != nil || got.Name != created.Name {
			t.Fatalf("get %+v err %v", got, err)
		}
		updated, err := f.svc.Update(ctx, f.admin, created.ID, structures.Input{Name: "Mairie", Typology: "MUNI", SIRET: "21170168700017", Commune: "17168"})
		if err != nil || updated.Name != "Mairie" || updated.TerritoryID != 0 {
			t.Fatalf("updated %+v err %v", updated, err)
		}
		if _, err := f.svc.Update(ctx, f.admin, 999999, structures.Input{}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing structure: %v", err)
		}
		if _, err := f.svc.Update(ctx, f.admin, created.ID, structures.Input{Name: ""}); !hasField(err, "name") {
			t.Fatalf("invalid update: %v", err)
		}
	})
}

func TestTerritoriesAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		if _, err := f.svc.Territories(ctx, f.coord); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("coordination does not administer territories: %v", err)
		}
		_, err := f.svc.CreateTerritory(ctx, f.admin, structures.TerritoryInput{Name: " ", Communes: []string{"", "17299", "Nulleville"}, CoordinatorID: 999999})
		for _, field := range []string{"name", "communes", "coordinator"} {
			if !hasField(err, field) {
				t.Errorf("field %s: %v", field, err)
			}
		}
		if e, _ := apperr.As(err); e != nil && !strings.HasPrefix(e.FieldMap()["communes"], "Ligne 3 (« Nulleville ») : Commune introuvable") {
			t.Errorf("the line at fault: %q", e.FieldMap()["communes"])
		}
		if _, err := f.svc.CreateTerritory(ctx, f.admin, structures.TerritoryInput{Name: "Vide", Communes: []string{" "}}); !hasField(err, "communes") {
			t.Fatalf("a territory has communes: %v", err)
		}
		aunis, err := f.svc.CreateTerritory(ctx, f.admin, structures.TerritoryInput{Name: "Aunis", Communes: []string{"Fouras (17450)", "17168", "17300"}, CoordinatorID: f.c.ID})
		if err != nil || !reflect.DeepEqual(aunis.CommuneCodes, []string{"17168", "17300"}) {
			t.Fatalf("territory %+v err %v", aunis, err)
		}
		if _, err := f.svc.CreateTerritory(ctx, f.admin, structures.TerritoryInput{Name: "Autre", Communes: []string{"17300"}, CoordinatorID: f.c.ID}); !apperr.Is(err, apperr.Conflict) || !hasFieldAnyCode(err, "coordinator") {
			t.Fatalf("a structure coordinates one territory: %v", err)
		}
		rows, err := f.svc.Territories(ctx, f.admin)
		if err != nil || len(rows) != 2 || rows[0].Territory.Name != "Aunis" || rows[0].Coordinator != f.c.Name || rows[1].Coordinator != f.a.Name {
			t.Fatalf("rows %+v err %v", rows, err)
		}
		updated, err := f.svc.UpdateTerritory(ctx, f.admin, aunis.ID, structures.TerritoryInput{Name: "Aunis sud", Communes: []string{"17168"}})
		if err != nil || updated.Name != "Aunis sud" || updated.CoordinatorStructureID != 0 {
			t.Fatalf("updated %+v err %v", updated, err)
		}
		if got, err := f.svc.Territory(ctx, f.admin, aunis.ID); err != nil || !reflect.DeepEqual(got.CommuneCodes, []string{"17168"}) {
			t.Fatalf("got %+v err %v", got, err)
		}
		if _, err := f.svc.UpdateTerritory(ctx, f.admin, 999999, structures.TerritoryInput{Name: "x", Communes: []string{"17168"}}); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("missing territory: %v", err)
		}
	})
}

func TestStructurePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for _, tc := range []struct {
			name      string
			actor     *account.Actor
			structure int64
			members   []int64 // nil: the page is not found
		}{
			{"own structure with its team", f.inB, f.b.ID, []int64{f.inB.User.ID}},
			{"another structure of the territory", f.inB, f.a.ID, nil},
			{"coordination: its territory, without the team", f.coord, f.b.ID, []int64{}},
			{"coordination: outside its territory", f.coord, f.c.ID, nil},
			{"administration: any structure with its team", f.admin, f.a.ID, []int64{f.coord.User.ID}},
			{"missing structure", f.admin, 999999, nil},
		} {
			p, err := f.svc.Page(ctx, tc.actor, tc.structure)
			if tc.members == nil {
				if !apperr.Is(err, apperr.NotFound) {
					t.Errorf("%s: %v", tc.name, err)
				}
				continue
			}
			got := []int64{}
			for _, m := range p.Members {
				got = append(got, m.User.ID)
			}
			if err != nil || p.Structure.ID != tc.structure || !reflect.DeepEqual(got, tc.members) || p.ShowMembers != (len(tc.members) > 0) {
				t.Errorf("%s: page %+v err %v", tc.name, p, err)
			}
			if p.Territory != f.terr.Name || p.CanEdit != (tc.actor == f.admin) {
				t.Errorf("%s: territory %q can edit %v", tc.name, p.Territory, p.CanEdit)
			}
		}
		if _, err := f.svc.Page(ctx, nil, f.a.ID); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("no actor: %v", err)
		}
	})
}

func TestTerritoryPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		p, err := f.svc.TerritoryPage(ctx, f.coord)
		if err != nil || p.Territory.ID != f.terr.ID || !reflect.DeepEqual(ids(p.Structures), []int64{f.a.ID, f.b.ID}) {
			t.Fatalf("the territory's structures only: %v err %v", ids(p.Structures), err)
		}
		if len(p.Communes) != 2 || p.Communes[0] != "Rochefort (17300)" {
			t.Fatalf("communes %v", p.Communes)
		}
		if p, err := f.svc.TerritoryPage(ctx, f.admin); err != nil || p.Territory.ID != 0 || p.Structures != nil {
			t.Fatalf("an administrator coordinating nothing sees no territory: %+v %v", p, err)
		}
		if _, err := f.svc.TerritoryPage(ctx, f.inB); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("mediation has no territory page: %v", err)
		}
	})
}
