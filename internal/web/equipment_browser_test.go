//go:build browser

package web_test

import (
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestEquipmentPagesInChromium checks, as TestPagesInChromium does (axe-core,
// 320 px, with and without JavaScript), the equipment's new pages: a
// device's edit form, the distribution criteria, a loan with its signature
// form, and a resident's booking of the tablet at the public's disposal.
func TestEquipmentPagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	motive := publicDeviceMotive(t, s)
	links := deviceSlotRE.FindAllStringSubmatch(s.do(s.client(), "GET", motive, nil).body, -1)
	if len(links) == 0 {
		t.Fatal("no free slot on the tablet")
	}
	tab := demoDevice(t, s, "Samsung Galaxy Tab A8")
	cookie := func(role account.Role) string {
		c := s.login(role)
		u, _ := urlParse(s.http.URL)
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "parcours_session" {
				return ck.Value
			}
		}
		t.Fatal("no session")
		return ""
	}
	desk, med := cookie(account.RoleReception), cookie(account.RoleMediation)
	for _, p := range []struct {
		page   browserPage
		cookie string
	}{
		{browserPage{path: "/espace/materiel/appareils/" + itoa(tab.ID) + "/modifier", role: account.RoleReception, want: "En libre accès au public"}, desk},
		{browserPage{path: "/espace/materiel/criteres", role: account.RoleMediation, want: "Ce critère compte"}, med},
		{browserPage{path: "/espace/materiel/prets/1", role: account.RoleReception, want: "Page signée scannée"}, desk},
		{browserPage{path: motive, want: "Vous réservez un appareil pour vous"}, ""},
		{browserPage{path: links[0][1], want: "J'accepte"}, ""},
	} {
		t.Run(strings.TrimPrefix(p.page.path, "/"), func(t *testing.T) {
			t.Parallel()
			checkLayouts(t, s.http.URL, p.page, p.cookie, axe)
		})
	}
}
