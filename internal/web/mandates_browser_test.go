//go:build browser

package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestMandatePagesInChromium checks, as TestPagesInChromium does, the demo
// aidant's mandate form and mandate page, the coordination's training
// record, and the public verification page of the demo's paper mandate.
func TestMandatePagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	list, err := mandatestore.New(s.store).Mandates(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("demo mandate: %v", err)
	}
	cookieOf := func(userID int64) string {
		c := s.loginUser(userID)
		u, _ := urlParse(s.http.URL)
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "parcours_session" {
				return ck.Value
			}
		}
		t.Fatal("no session cookie")
		return ""
	}
	aidant := cookieOf(s.demo.Aidant)
	coordination := cookieOf(s.demo.Users[account.RoleCoordination])
	pages := []struct {
		page   browserPage
		cookie string
	}{
		{page: browserPage{path: "/espace/mandats/nouveau", role: account.RoleMediation, want: "Démarches que l'aidant pourra faire"}, cookie: aidant},
		{page: browserPage{path: "/espace/mandats", role: account.RoleMediation, want: "Mandats de la structure"}, cookie: aidant},
		{page: browserPage{path: "/espace/mandats/" + itoa(list[0].ID), role: account.RoleMediation, want: "Historique"}, cookie: aidant},
		{page: browserPage{path: "/espace/mandats/charte", role: account.RoleMediation, want: "Charte de l'aidant"}, cookie: aidant},
		{page: browserPage{path: "/espace/formations", role: account.RoleCoordination, want: "Qui a suivi quoi"}, cookie: coordination},
		{page: browserPage{path: "/mandats/verification/" + list[0].Token, want: "Ce mandat est valide"}},
	}
	for _, p := range pages {
		t.Run(strings.TrimPrefix(p.page.path, "/"), func(t *testing.T) {
			t.Parallel()
			checkLayouts(t, s.http.URL, p.page, p.cookie, axe)
		})
	}
}
