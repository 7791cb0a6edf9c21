//go:build browser

package web_test

import (
	"fmt"
	"testing"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPlaceSearchInChromium checks what the demo pages of
// placesearchBrowserPages do not show: a full page of 20 results with its
// pagination and map, a place with every field, a place without exact
// position, a closed place. Same checks as TestPagesInChromium.
func TestPlaceSearchInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	setClock(s, wednesdayMorning)
	var full, approx, closed place.Place
	for i := range 25 {
		p := addPlace(t, s, fmt.Sprintf("Espace numérique de la Croix-Rousse n° %d", i+1), float64(i)/5, func(p *place.Place) {
			p.Services = []string{place.Services[0].Value, place.Services[1].Value, place.Services[7].Value}
			p.Hours = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
			p.Phone = fmt.Sprintf("04 72 00 00 %02d", i)
			p.Summary = "Aide aux démarches en ligne et ateliers pour apprendre à utiliser son téléphone."
			p.Description = "Accueil sans rendez-vous le matin.\nAteliers collectifs l'après-midi."
			p.Emails = []string{"contact@croix-rousse.exemple.fr"}
			p.Websites = []string{"https://www.croix-rousse.exemple.fr/un-tres-long-chemin/vers/la-page-du-lieu"}
			p.BookingURL = "https://rdv.exemple.fr/croix-rousse"
			p.AccessibilityURL = "https://acceslibre.beta.gouv.fr/app/69-lyon/a/espace/"
			p.Fees, p.Publics, p.SpecificSupport = []string{"Gratuit"}, []string{"Seniors"}, []string{"Surdité"}
			p.AccessModes, p.SupportModes = []string{"Se présenter", "Téléphoner"}, []string{"Accompagnement individuel"}
			p.NationalPrograms, p.Typologies = []string{"Conseillers numériques"}, []string{"MUNI"}
			p.UpdatedOn = wednesdayMorning.AddDate(-2, 0, 0)
		})
		if i == 0 {
			full = p
		}
	}
	approx = addPlace(t, s, "Association sans position", 0, func(p *place.Place) { p.HasCoords, p.Latitude, p.Longitude = false, 0, 0 })
	closed = addPlace(t, s, "Ancien cyber-espace", 1, func(p *place.Place) { p.Status = place.StatusClosed })
	for _, p := range []browserPage{
		{path: "/lieux?code=69381&rayon=10", want: "26 lieux à moins de 10 km"},
		{path: fmt.Sprintf("/lieux/%d", full.ID), want: "Fiche d'accessibilité sur Acceslibre"},
		{path: fmt.Sprintf("/lieux/%d", approx.ID), want: "Position approximative"},
		{path: fmt.Sprintf("/lieux/%d", closed.ID), want: "Ce lieu n'existe plus"},
	} {
		t.Run(p.path, func(t *testing.T) {
			t.Parallel()
			checkLayouts(t, s.http.URL, p, "", axe)
		})
	}
}
