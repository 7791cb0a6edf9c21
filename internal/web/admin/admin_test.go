package admin

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/service/structures"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil, nil); err != nil {
		t.Fatal(err)
	}
	st := structure.Structure{ID: 3, Name: "CCAS d'Igny", Typology: "CCAS", SIRET: "21910312500013", CommuneCode: "91312", Address: "1 place Stalingrad", TerritoryID: 1}
	u := account.User{ID: 7, Email: "agent@igny.fr", Name: "Agnès Agent", Active: true, PasswordHash: "x", LastLoginAt: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}
	m := account.Membership{UserID: 7, StructureID: 3, StructureName: st.Name, Role: account.RoleReception}
	mm := m
	mm.StructureID, mm.StructureName, mm.Role, mm.Manager = 4, "Association Clic", account.RoleMediation, true
	terr := structure.Territory{ID: 1, Name: "Essonne nord", CoordinatorStructureID: 3}
	opts := []ui.Option{{Value: "", Label: "Choisir"}, {Value: "1", Label: "Un", Hint: "Le premier"}}
	forms := UserFormData{Structures: opts, Roles: ui.Choices(account.RoleChoices)}
	uitest.RenderAll(t, site, map[string]any{
		"error":                ui.ErrorPage{Heading: "Page introuvable", Message: "Cette page n'existe pas."},
		"admin_structure_view": structures.Page{Structure: st, Territory: terr.Name, ShowMembers: true, CanEdit: true, Members: []account.Member{{User: u, Role: account.RoleReception}, {User: u, Role: account.RoleMediation, Manager: true}}},
		"admin_territory_view": &structures.TerritoryPage{Territory: terr, Communes: []string{"Igny (91430)"}, Structures: []structure.Structure{st}},
		"admin_structure_list": StructureListData{Query: "igny", Structures: []structure.Structure{st}},
		"admin_structure_form": StructureFormData{ID: 3, Typologies: opts, Territories: opts},
		"admin_territory_list": []structures.TerritoryRow{{Territory: terr, Coordinator: st.Name}, {Territory: structure.Territory{ID: 2, Name: "Sans coordination"}}},
		"admin_territory_form": TerritoryFormData{ID: 1, Structures: opts},
		"admin_user_list":      []account.UserRoles{{User: u, Memberships: []account.Membership{m, mm}}},
		"admin_user_new":       forms,
		"admin_user_view":      UserViewData{User: u, Memberships: []account.Membership{m, mm}, UserFormData: forms},
		"admin_one_time_link":  OneTimeLinkData{User: u, Link: "https://parcours.test/compte/mot-de-passe/abc", Purpose: account.PurposeReset, Expires: "2 mars 2026 à 9 h 00"},
	}, nil)
}
