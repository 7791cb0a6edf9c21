package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

var siteLinkRE = regexp.MustCompile(`<a class="govuk-link" href="/lieux/(\d+)">([^<]+)</a> \(([^)]+)\)`)

// TestPlacePageLinksToItsMotivesAndWorkshops: a resident who finds a place
// sees what to book there, and /rendez-vous finds motives by commune,
// postal code or place.
func TestPlacePageLinksToItsMotivesAndWorkshops(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) { placeOffers(t, newSite(t, st)) })
}

func placeOffers(t *testing.T, s *site) {
	anon := s.client()
	index := s.do(anon, "GET", "/rendez-vous", nil)
	sites := siteLinkRE.FindAllStringSubmatch(index.body, -1)
	if index.status != 200 || len(sites) == 0 || !strings.Contains(index.body, `id="ou"`) {
		t.Fatalf("/rendez-vous: %d, the sites of each motive and the search must show", index.status)
	}
	placeID, placeName, communeName := sites[0][1], sites[0][2], sites[0][3]

	page := s.do(anon, "GET", "/lieux/"+placeID, nil)
	for _, want := range []string{"Prendre rendez-vous ou s'inscrire ici", "Accompagnement numérique", fmt.Sprintf(`href="/rendez-vous/motifs/1?lieu=%s"`, placeID)} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the place page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "Premier entretien") {
		t.Error("a motive staff book must not show on a public page")
	}
	// Some place of the demo holds published workshops: one of them shows it.
	found := false
	for _, m := range sites {
		if b := s.do(anon, "GET", "/lieux/"+m[1], nil).body; strings.Contains(b, "Ateliers à venir") && regexp.MustCompile(`href="/ateliers/\d+"`).MatchString(b) {
			found = true
			break
		}
	}
	if !found {
		t.Error("no place page links to its workshops")
	}

	for _, tc := range []struct{ query, want string }{
		{communeName, "pour « " + communeName + " »"},
		{strings.ToUpper(placeName[:5]), "Accompagnement numérique"},
	} {
		r := s.do(anon, "GET", "/rendez-vous?ou="+url.QueryEscape(tc.query), nil)
		if r.status != 200 || !strings.Contains(r.body, tc.want) || !strings.Contains(r.body, "lieu=") {
			t.Errorf("?ou=%s: %d, lacks %q or a link to the slots of the site", tc.query, r.status, tc.want)
		}
	}
	if r := s.do(anon, "GET", "/rendez-vous?ou=Zzyzx", nil); !strings.Contains(r.body, "Aucun rendez-vous en ligne pour « Zzyzx »") || strings.Contains(r.body, "Choisir un créneau") {
		t.Error("a search that finds nothing says so")
	}
}
