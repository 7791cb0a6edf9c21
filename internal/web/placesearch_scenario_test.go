package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// Lyon 1er's centre (69381): far from the demo territory, so the searches
// below see only the places these tests add.
const lyonLat, lyonLon = 45.7701, 4.82637

// wednesdayMorning is Wednesday 4 March 2026, 10:00 in Paris.
var wednesdayMorning = time.Date(2026, 3, 4, 10, 0, 0, 0, hours.Location())

// addPlace stores an open place km kilometres north of Lyon 1er's centre.
func addPlace(t testing.TB, s *site, name string, km float64, edit ...func(*place.Place)) place.Place {
	t.Helper()
	p := place.Place{
		Source: "test", Status: place.StatusOpen, Pivot: "21690123400017", Name: name,
		Commune: "Lyon", PostalCode: "69001", InseeCode: "69381", Address: "1 place des Terreaux",
		Latitude: lyonLat + km/111.2, Longitude: lyonLon, HasCoords: true, CoordsFrom: place.CoordsFromSource,
		UpdatedOn: wednesdayMorning.AddDate(0, -2, 0).UTC().Truncate(24 * time.Hour),
	}
	for _, e := range edit {
		e(&p)
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := placestore.New(s.store).CreatePlace(context.Background(), &p, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	return p
}

func setClock(s *site, at time.Time) { s.clock.Set(at) }

func TestPlaceSearchScenarios(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	setClock(s, wednesdayMorning)
	demarches := place.Services[0].Value
	office := addPlace(t, s, "Médiathèque Terreaux", 0.5, func(p *place.Place) {
		p.Services = []string{demarches, place.Services[1].Value}
		p.Hours = "Mo-Fr 09:00-12:00,14:00-17:00"
		p.Phone = "04 72 00 00 01"
		p.Fees = []string{"Gratuit"}
		p.AccessibilityURL = "https://acceslibre.beta.gouv.fr/app/69-lyon/a/mediatheque/"
		p.BookingURL = "https://rdv.exemple.fr/terreaux"
		p.Emails = []string{"contact@terreaux.exemple.fr"}
		p.Publics = []string{"Seniors"}
		p.SupportModes = []string{"Dans un atelier collectif"}
		p.AccessModes = []string{"Se présenter"}
		p.NationalPrograms = []string{"France Services"}
		p.Summary = "Ateliers numériques et aide aux démarches."
		p.Description = "Première ligne.\nDeuxième ligne."
	})
	saturday := addPlace(t, s, "Centre social Croix-Rousse", 2, func(p *place.Place) {
		p.Services = []string{place.Services[7].Value}
		p.Hours = "Sa 09:00-12:00"
		p.Fees = []string{"Payant"}
	})
	approx := addPlace(t, s, "Association sans adresse précise", 0, func(p *place.Place) {
		p.HasCoords, p.Latitude, p.Longitude = false, 0, 0
	})
	closed := addPlace(t, s, "Ancien cyber-espace", 1, func(p *place.Place) { p.Status = place.StatusClosed })
	c := s.client()

	get := func(t *testing.T, path string, status int, want ...string) string {
		t.Helper()
		r := s.do(c, "GET", path, nil)
		if r.status != status {
			t.Fatalf("GET %s: status %d, want %d\n%.600s", path, r.status, status, r.body)
		}
		for _, w := range want {
			if !strings.Contains(r.body, w) {
				t.Errorf("GET %s: body lacks %q", path, w)
			}
		}
		return r.body
	}
	lyon := "/lieux?code=69381&rayon=5"

	t.Run("first visit shows the form only", func(t *testing.T) {
		body := get(t, "/lieux", 200, "Votre commune ou son code postal", "Pour quoi faire ?", place.Services[0].Label, "Ouvert maintenant", "Ouvert le samedi", "Prise de rendez-vous en ligne", "Fiche d'accessibilité", "à moins de 100 km")
		if strings.Contains(body, "Il y a un problème") || strings.Contains(body, `id="resultats"`) {
			t.Error("a first visit shows neither errors nor results")
		}
	})
	t.Run("results nearest first, with distance, state and services", func(t *testing.T) {
		body := get(t, lyon, 200, "3 lieux à moins de 5 km de Lyon 1er Arrondissement (69001)",
			"Ouvert · ferme à 12 h", "Fermé · ouvre samedi à 9 h", "Horaires non communiqués",
			"Faire une démarche en ligne · Apprendre à utiliser", "À 500 m", "À 2,0 km",
			"(position approximative : centre de la commune)", `href="tel:+33472000001"`, "Appeler le 04 72 00 00 01",
			fmt.Sprintf(`href="/lieux/%d"`, office.ID))
		if strings.Contains(body, closed.Name) {
			t.Error("a closed place must not be found")
		}
		order := []string{approx.Name, office.Name, saturday.Name}
		last := -1
		for _, n := range order {
			i := strings.Index(body, n)
			if i < last {
				t.Fatalf("%s is out of order", n)
			}
			last = i
		}
		if !strings.Contains(body, `data-lat="`) || !strings.Contains(body, `id="carte"`) {
			t.Error("the map needs its container and the results' positions")
		}
	})
	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			want  string
		}{
			{"&service=" + url.QueryEscape(demarches), "1 lieu à moins"},
			{"&horaires=maintenant", "1 lieu à moins"},
			{"&horaires=samedi", "1 lieu à moins"},
			{"&acces=rdv", "1 lieu à moins"},
			{"&acces=fiche", "1 lieu à moins"},
			{"&frais=Payant", "1 lieu à moins"},
			{"&frais=Gratuit&frais=Payant", "2 lieux à moins"},
			{"&public=Seniors", "1 lieu à moins"},
			{"&accompagnement=" + url.QueryEscape("Dans un atelier collectif"), "1 lieu à moins"},
			{"&prise_en_charge=" + url.QueryEscape("Surdité"), "Aucun lieu à moins de 5 km"},
		} {
			body := get(t, lyon+tc.query, 200, tc.want)
			if tc.want == "1 lieu à moins" {
				// The checked box stays checked, and the folded filters count it.
				if !regexp.MustCompile(`value="[^"]*"\s+checked`).MatchString(body) || !strings.Contains(body, "(1 critère choisi)") {
					t.Errorf("%s: the filter is not shown as chosen", tc.query)
				}
			}
		}
		// Saturday morning: the Croix-Rousse centre is the one open.
		setClock(s, wednesdayMorning.Add(3*24*time.Hour))
		get(t, lyon+"&horaires=maintenant", 200, "1 lieu à moins", saturday.Name)
		// Sunday: nothing is open; the places that open next, soonest first.
		setClock(s, wednesdayMorning.Add(4*24*time.Hour))
		body := get(t, lyon+"&horaires=maintenant", 200, "est ouvert maintenant à moins de 5 km", "Voici les 2 lieux qui ouvrent le plus tôt", "Fermé · ouvre demain à 9 h")
		if i, j := strings.Index(body, office.Name), strings.Index(body, saturday.Name); i < 0 || j < i {
			t.Error("Sunday: the place opening on Monday must come before the one opening on Saturday")
		}
		setClock(s, wednesdayMorning)
	})
	t.Run("no result suggests going farther", func(t *testing.T) {
		get(t, lyon+"&prise_en_charge="+url.QueryEscape("Surdité"), 200, "Aucun lieu à moins de 5 km", "Chercher plus loin", "à moins de 10 km", "à moins de 20 km")
	})
	t.Run("a commune name, a postal code, a position", func(t *testing.T) {
		get(t, "/lieux?commune=69001&rayon=5", 200, "3 lieux à moins de 5 km de Lyon 1er Arrondissement (69001)")
		get(t, "/lieux?commune=lyon+1er&rayon=5", 200, "3 lieux à moins de 5 km de Lyon 1er Arrondissement (69001)")
		get(t, "/lieux?commune=17300&rayon=5", 200, "Choisissez votre commune", "Rochefort (17300)", "Vergeroux (17300)")
		get(t, "/lieux?commune="+url.QueryEscape("Lyon 1er Arrondissement (69001)")+"&rayon=5", 200, "3 lieux à moins de 5 km")
		get(t, fmt.Sprintf("/lieux?commune=&lat=%.5f&lon=%.5f&rayon=5", lyonLat, lyonLon), 200,
			"3 lieux à moins de 5 km de votre position (près de Lyon)", `name="lat" value="45.77010"`)
		// Paris as a whole city.
		get(t, "/lieux?commune=Paris", 200, "à moins de 10 km de Paris (75001)")
	})
	t.Run("ambiguous or partial commune: a choice list that works without JavaScript", func(t *testing.T) {
		body := get(t, "/lieux?commune=Rochefort&service="+url.QueryEscape(demarches), 200, "Choisissez votre commune", "Rochefort (17300) – département 17")
		if !strings.Contains(body, "code=17299") || !strings.Contains(body, "service=Aide+aux+d%C3%A9marches") {
			t.Errorf("a choice must keep the filters and name the commune by its code:\n%s", body[strings.Index(body, "Choisissez"):][:600])
		}
		get(t, "/lieux?commune=rochefo", 200, "Choisissez votre commune", "Rochefort-du-Gard")
		get(t, "/lieux?commune=17", 200, "Choisissez votre commune")
		get(t, "/lieux?code=17299&commune=Rochefort+%2817300%29", 200, "à moins de 10 km de Rochefort (17300)")
	})
	t.Run("bad input gets French messages next to the field", func(t *testing.T) {
		for _, tc := range []struct{ query, want string }{
			{"commune=", "Saisissez le nom de votre commune ou son code postal."},
			{"commune=Zzzyxville", "Aucune commune ne porte ce nom"},
			{"commune=99999", "Aucune commune n'a le code postal 99999"},
			{"commune=1730", "Choisissez votre commune"},
			{"commune=Lyon&rayon=7", "Choisissez une distance dans la liste"},
			{"code=69381&service=" + url.QueryEscape("Réparer un vélo"), "« Réparer un vélo » ne fait pas partie des choix possibles."},
			{"commune=&lat=abc&lon=2", "Votre position n'a pas pu être lue"},
			{"commune=&lat=91&lon=2", "Votre position n'a pas pu être lue"},
			{"code=00000", "Cette commune est introuvable"},
		} {
			status := 422
			if tc.want == "Choisissez votre commune" {
				status = 200
			}
			body := get(t, "/lieux?"+tc.query, status, tc.want)
			if status == 422 && (!strings.Contains(body, "Il y a un problème") || !strings.Contains(body, "govuk-error-message")) {
				t.Errorf("%s: the error must be in the summary and next to the field", tc.query)
			}
			if strings.Contains(tc.query, "service=") && !strings.Contains(body, `parcours-filters" open`) {
				t.Errorf("%s: the filters must unfold to show their error", tc.query)
			}
		}
	})
	t.Run("pagination", func(t *testing.T) {
		for i := range 25 {
			addPlace(t, s, fmt.Sprintf("Point numérique %02d", i), 3+float64(i)/100)
		}
		if err := s.srv.RefreshPlaceIndex(context.Background()); err != nil {
			t.Fatal(err)
		}
		body := get(t, lyon, 200, "28 lieux à moins de 5 km", "page 1 sur 2", `rel="next"`, `aria-current="page"`)
		if n := strings.Count(body, `class="parcours-result"`); n != 20 {
			t.Fatalf("%d results on page 1", n)
		}
		body = get(t, lyon+"&page=2", 200, "page 2 sur 2", `start="21"`, `rel="prev"`, "Point numérique 24")
		if n := strings.Count(body, `class="parcours-result"`); n != 8 {
			t.Fatalf("%d results on page 2", n)
		}
		get(t, lyon+"&page=9", 200, "page 2 sur 2", "Point numérique 24")
		get(t, lyon+"&page=abc", 200, "page 1 sur 2")
	})
	t.Run("the index follows the store", func(t *testing.T) {
		// The store's version is its latest modification: later than the
		// demo's, loaded at the real time, while this test's clock is fixed.
		saturday.Status = place.StatusClosed
		if err := placestore.New(s.store).UpdatePlaceInTerritory(context.Background(), scope.Platform(), &saturday, time.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.srv.RefreshPlaceIndex(context.Background()); err != nil {
			t.Fatal(err)
		}
		if body := get(t, lyon, 200); strings.Contains(body, saturday.Name) {
			t.Fatal("a place closed since the last search is still found")
		}
	})
	t.Run("place page", func(t *testing.T) {
		get(t, fmt.Sprintf("/lieux/%d", office.ID), 200,
			"<h1 class=\"govuk-heading-l\">Médiathèque Terreaux</h1>", "Ateliers numériques et aide aux démarches.",
			`href="tel:+33472000001"`, "Appeler le 04 72 00 00 01", "Prendre rendez-vous en ligne", `href="https://rdv.exemple.fr/terreaux"`,
			"Itinéraire pour y aller", "https://www.openstreetmap.org/directions?route=%3B45.774",
			"Ouvert · ferme à 12 h", "Horaires de la semaine du 2 mars", "Mercredi <span class=\"parcours-week__tag\">(aujourd'hui)</span>", "9\u00a0h\u00a0– 12\u00a0h, 14\u00a0h\u00a0– 17\u00a0h",
			"Fiche d'accessibilité sur Acceslibre", "Faire une démarche en ligne : CAF, Assurance maladie",
			"Personnes âgées", "Gratuit", "Venir sur place", "En atelier, en groupe", "France Services",
			"Première ligne.\nDeuxième ligne.", "Dernière mise à jour", "4 janvier 2026", "Source", "données ouvertes (test)",
			fmt.Sprintf(`href="/lieux/%d/signaler"`, office.ID), "Signaler une erreur", "mailto:contact@terreaux.exemple.fr",
			"21690123400017", "Autres lieux autour de Lyon")
		// Without a phone, no advice to call: "Téléphone : non communiqué" says it all.
		body := get(t, fmt.Sprintf("/lieux/%d", approx.ID), 200, "Position approximative sur la carte : centre de la commune.", "Horaires non communiqués.", "Non communiqué")
		if strings.Contains(strings.ToLower(body), "appelez") {
			t.Error("a place without a phone must not tell residents to call it")
		}
		get(t, fmt.Sprintf("/lieux/%d", closed.ID), 410, "Ce lieu n'existe plus", "Ancien cyber-espace", "Voir les lieux autour")
		get(t, "/lieux/999999", 404, "Page introuvable")
		get(t, "/lieux/abc", 404, "Page introuvable")
	})
	t.Run("commune suggestions (JSON)", func(t *testing.T) {
		r := s.do(c, "GET", "/lieux/communes?q=rochef", nil)
		var got struct {
			Communes []struct{ Code, Label string }
		}
		if err := json.Unmarshal([]byte(r.body), &got); err != nil || r.status != 200 {
			t.Fatalf("status %d, %v: %s", r.status, err, r.body)
		}
		if len(got.Communes) == 0 || got.Communes[0].Label != "Rochefort (17300)" || got.Communes[0].Code != "17299" {
			t.Fatalf("suggestions %+v", got.Communes)
		}
		r = s.do(c, "GET", "/lieux/communes?q=r", nil)
		if r.status != 200 || !strings.Contains(r.body, `"communes":[]`) {
			t.Fatalf("one letter: %s", r.body)
		}
	})
	t.Run("printable guide", func(t *testing.T) {
		r := s.do(c, "GET", "/lieux/guide.pdf?code=69381&rayon=5", nil)
		if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(r.body, "%PDF-") {
			t.Fatalf("status %d, type %q\n%s", r.status, r.header.Get("Content-Type"), s.logBuf.String())
		}
		if !strings.Contains(r.header.Get("Content-Disposition"), "guide-solidaire-lyon-1er-arrondissement.pdf") {
			t.Errorf("file name: %s", r.header.Get("Content-Disposition"))
		}
		if dir := os.Getenv("PARCOURS_SCREENSHOTS"); dir != "" {
			_ = os.WriteFile(dir+"/guide.pdf", []byte(r.body), 0o644)
		}
		text := pdfToText(t, []byte(r.body))
		for _, want := range []string{
			"Guide solidaire du numérique", "Lyon 1er Arrondissement (69001) et les communes à moins de 5 km",
			"Médiathèque Terreaux", "Tél. 04 72 00 00 01", "lundi – vendredi : 9 h – 12 h, 14 h – 17 h",
			"Pour : Faire une démarche en ligne, Apprendre à utiliser", "Gratuit", "Association sans adresse précise",
			"page 1 sur",
		} {
			if !strings.Contains(text, want) {
				t.Errorf("the guide lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(text, closed.Name) {
			t.Error("closed places must stay out of the guide")
		}
		get(t, "/lieux/guide.pdf?code=69381&rayon=50", 422, "Le guide couvre 5, 10, 20 ou 30 km")
		get(t, "/lieux/guide.pdf?commune=Rochefort", 422, "Plusieurs communes correspondent")
		get(t, "/lieux/guide.pdf?code=ZZ", 422, "Aucune commune n'a ce code")
		get(t, lyon, 200, `action="/lieux/guide.pdf"`, `name="code" value="69381"`)
	})
	t.Run("visitor navigation and home page", func(t *testing.T) {
		get(t, "/", 200, "Trouver un lieu près de chez moi", `action="/lieux"`, `href="/lieux"`)
		get(t, "/lieux", 200, `aria-current="page"><strong class="govuk-service-navigation__active-fallback">Trouver un lieu`)
	})
}

// pdfToText reads a PDF with poppler's pdftotext, a real reader: what it
// extracts is what a person sees (accents included).
func pdfToText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing: .ci/run installs Debian's poppler-utils")
		}
		t.Skip("pdftotext missing: apt-get install poppler-utils to check the PDF's text")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("pdftotext: %v: %s", err, errOut.String())
	}
	// pdftotext breaks lines where the PDF does: compare text, not layout.
	return strings.Join(strings.Fields(out.String()), " ")
}
