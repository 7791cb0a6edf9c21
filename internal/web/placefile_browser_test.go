//go:build browser

package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPlaceFilePagesInChromium checks the report page, which needs an
// uploaded file, like the pages of TestPagesInChromium.
func TestPlaceFilePagesInChromium(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	coord := s.login(account.RoleCoordination)
	content := append(threeRows(), []byte("essai-4,43493312300029,Lieu au téléphone bizarre,Rochefort,17300,17299,1 rue Y,,,,,12,,,Du lundi au vendredi (sauf jours fériés),,,Démo,,,2026-01-15,Services inconnus,,,,,,,,,,\n")...)
	r := s.upload(coord, "lieux-mediation-numerique_v0.1_data-inclusion_2023-02-nom-tres-long.csv", content, "structure")
	if r.status != http.StatusSeeOther {
		t.Fatalf("upload: %d", r.status)
	}
	report := r.header.Get("Location")
	u, _ := url.Parse(s.http.URL)
	var cookie string
	for _, ck := range coord.Jar.Cookies(u) {
		if ck.Name == "parcours_session" {
			cookie = ck.Value
		}
	}
	p := browserPage{path: report, role: account.RoleCoordination, want: "Lignes refusées"}
	checkLayouts(t, s.http.URL, p, cookie, axe)
}
