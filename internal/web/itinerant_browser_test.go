//go:build browser

package web_test

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestItinerantPagesInChromium checks, as TestPagesInChromium does, the
// demo bus's public page and a commune search that shows its next passage.
func TestItinerantPagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	for _, p := range []browserPage{
		{path: "/itinerance/1", want: "Prochains passages"},
		{path: "/lieux?code=17463&commune=Vergeroux+%2817300%29&rayon=10", want: "passe ici"},
	} {
		t.Run(p.path, func(t *testing.T) {
			t.Parallel()
			checkLayouts(t, s.http.URL, p, "", axe)
		})
	}
}
