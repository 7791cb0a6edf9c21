package web

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/static"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// sampleData gives every page template realistic data; a template without
// an entry fails the test, so new pages come with their sample.
func sampleData() map[string]any {
	out := foundationSamples()
	for _, caps := range []map[string]any{receptionSamples, agendaSamples} {
		for k, v := range caps {
			out[k] = v
		}
	}
	return out
}

// publicTemplates are rendered for visitors too.
func publicTemplates() map[string]bool {
	out := map[string]bool{"home": true, "login": true, "password_set": true, "error": true}
	for _, caps := range []map[string]bool{receptionPublic, agendaPublic} {
		for k := range caps {
			out[k] = true
		}
	}
	return out
}

func foundationSamples() map[string]any {
	st := structure.Structure{ID: 3, Name: "CCAS d'Igny", Typology: "CCAS", SIRET: "21910312500013", CommuneCode: "91312", Address: "1 place Stalingrad", TerritoryID: 1}
	u := account.User{ID: 7, Email: "agent@igny.fr", Name: "Agnès Agent", Active: true, PasswordHash: "x", LastLoginAt: time.Now()}
	m := account.Membership{UserID: 7, StructureID: 3, StructureName: st.Name, Role: account.RoleReception}
	opts := []option{{Value: "", Label: "Choisir"}, {Value: "1", Label: "Un", Hint: "Le premier"}}
	return map[string]any{
		"home":                 nil,
		"login":                loginData{Notice: "Votre mot de passe est enregistré."},
		"password_set":         passwordSetData{Email: u.Email, Purpose: account.PurposeInvitation},
		"error":                ui.ErrorPage{Heading: "Erreur interne", Message: "Réessayez.", Reference: "ABCD-EFGH"},
		"staff_home":           staffHomeData{Menu: []ui.NavItem{{Label: "Ma structure", Href: "/espace/structures/3"}}},
		"structure_view":       structureViewData{Structure: st, Territory: "Essonne nord", ShowMembers: true, CanEdit: true, Members: []store.Member{{User: u, Role: account.RoleReception}}},
		"territory_view":       territoryViewData{Territory: structure.Territory{ID: 1, Name: "Essonne nord"}, Communes: []string{"Igny (91430)"}, Structures: []structure.Structure{st}},
		"admin_structure_list": adminStructureListData{Query: "igny", Structures: []structure.Structure{st}},
		"admin_structure_form": structureFormData{ID: 3, Typologies: opts, Territories: opts},
		"admin_territory_list": adminTerritoryListData{Territories: []structure.Territory{{ID: 1, Name: "Essonne nord", CoordinatorStructureID: 3}}, Coordinators: map[int64]string{1: st.Name}},
		"admin_territory_form": territoryFormData{ID: 1, Structures: opts},
		"admin_user_list":      struct{ Users []store.UserListItem }{[]store.UserListItem{{User: u, Memberships: []account.Membership{m}}}},
		"admin_user_new":       userFormData{Structures: opts, Roles: opts},
		"admin_user_view":      adminUserViewData{User: u, Memberships: []account.Membership{m, m}, userFormData: userFormData{Structures: opts, Roles: opts}},
		"api_tokens":           apiTokensData{NewToken: "prc_secret", Tokens: []store.APIToken{{ID: 1, Name: "Tableur", Prefix: "prc_abcdef", StructureName: "CCAS", CreatedAt: time.Now()}, {ID: 2, Name: "Ancien", Prefix: "prc_123456", RevokedAt: time.Now()}}},
		"admin_one_time_link":  oneTimeLinkData{User: u, Link: "https://parcours.test/compte/mot-de-passe/abc", Purpose: account.PurposeReset, Expires: "2 mars 2026 à 9 h 00"},
	}
}

func TestEveryTemplateRenders(t *testing.T) {
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	v, err := ui.NewSite(ui.Config{}, nil, assets, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v.AddPages(templateFS, "templates/pages/*.html", "templates/layout/*.html"); err != nil {
		t.Fatal(err)
	}
	samples := sampleData()
	actor := &account.Actor{User: account.User{ID: 7, Name: "Agnès", Active: true}, Membership: account.Membership{StructureID: 3, StructureName: "CCAS", Role: account.RoleAdmin}}
	for _, name := range v.PageNames() {
		data, ok := samples[name]
		if !ok {
			t.Errorf("template %s has no sample data in sampleData", name)
			continue
		}
		for _, who := range []*account.Actor{nil, actor} {
			if who == nil && !publicTemplates()[name] {
				continue // staff pages always have an actor
			}
			f := &form{Values: url.Values{"name": {"<script>x</script>"}}, Errors: []apperr.FieldError{{Field: "name", Message: "Saisissez le nom."}}}
			p := page{Title: "Titre", Actor: who, Demo: true, Territory: "Essonne", Operator: "le CCAS", Form: f, Data: data, Flash: "Enregistré."}
			var buf bytes.Buffer
			if err := v.ExecutePage(&buf, name, p); err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			out := buf.String()
			if strings.Contains(out, "<script>x</script>") {
				t.Errorf("%s: user input is not escaped", name)
			}
			if !strings.Contains(out, `<html lang="fr"`) || !strings.Contains(out, `href="#contenu"`) {
				t.Errorf("%s: layout is missing its language or skip link", name)
			}
		}
	}
	for name := range samples {
		if !slices.Contains(v.PageNames(), name) {
			t.Errorf("sample data for %s, which is not a template", name)
		}
	}
}

func TestFrenchDates(t *testing.T) {
	d := time.Date(2026, 3, 5, 13, 5, 0, 0, time.UTC)
	if got := frenchDateTime(d); got != "5 mars 2026 à 14 h 05" {
		t.Fatalf("got %q", got)
	}
	if got := frenchDate(time.Time{}); got != "" {
		t.Fatalf("zero date: %q", got)
	}
}

func TestResolveCommune(t *testing.T) {
	for _, tc := range []struct {
		in, code string
		ok       bool
	}{
		{"17299", "17299", true},
		{"Rochefort (17300)", "17299", true},
		{"rochefort", "", false}, // several communes are called Rochefort
		{"Igny", "", false},      // Essonne and Haute-Saône
		{"Igny (91430)", "91312", true},
		{"Saint-Germain-en-Laye", "78551", true},
		{"2a004", "2A004", true},
		{"Nulleville", "", false},
		{"", "", false},
	} {
		code, msg := resolveCommune(tc.in)
		if (msg == "") != tc.ok || code != tc.code {
			t.Errorf("%q: code %q msg %q", tc.in, code, msg)
		}
	}
}
