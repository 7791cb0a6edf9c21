package places

import (
	"net/url"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/service/placefinder"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func samplePlace() place.Place {
	return place.Place{ID: 4, StructureID: 3, Source: place.SourceParcours, Status: place.StatusOpen, Pivot: "21910312500013",
		Name: "Espace numérique <b>du Patio</b>", Commune: "Igny", PostalCode: "91430", InseeCode: "91312", Address: "1 place Stalingrad"}
}

// samples gives every page of the package its sample data.
var samples = map[string]any{
	"placesearch_list": placeSearchData{
		Radii: radiusChoices(placefinder.SearchRadii), Groups: filterGroups(url.Values{paramService: {place.Services[0].Value}}), FilterCount: 1,
		Lat: "45.94210", Lon: "-0.95880",
		Choices:  []communeChoice{{Label: "Rochefort (17300) – département 17", Href: "/lieux?code=17299"}},
		Searched: true, Centre: "Rochefort (17300)", First: 21, Radius: 10, Total: 45, Page: 2, Pages: 3,
		Hits: []placeHit{
			{ID: 1, Name: "Médiathèque", Distance: "800 m", Address: "1 rue Test, 17300 Rochefort", HasHours: true, Open: true, State: "Ouvert · ferme à 17 h", Services: "Faire une démarche en ligne · Apprendre à utiliser un téléphone", Phone: "05 46 00 00 00", PhoneHref: phoneHref("+33546000000"), Lat: "45.9", Lon: "-0.9"},
			{ID: 2, Name: "CCAS", Distance: "2,5 km", Address: "Rochefort", Approximate: true, HasHours: true, State: "Fermé · ouvre lundi à 9 h"},
			{ID: 3, Name: "Association", Distance: "12 km", Address: "Tonnay-Charente"},
		},
		PageLinks: []pageLink{{Label: "1", Href: "/lieux?page=1"}, {Label: "2", Href: "/lieux?page=2", Current: true}, {Gap: true}, {Label: "3", Href: "/lieux?page=3"}},
		Prev:      "/lieux?page=1", Next: "/lieux?page=3",
		Wider: []pageLink{{Label: "20 km", Href: "/lieux?rayon=20"}},
		Passages: []passageLine{{Sentence: "Le bus numérique passe ici mardi 9 décembre de 14 h à 17 h.", Where: "Place de la Mairie, Vergeroux", Href: "/itinerance/1",
			Cancelled: []string{"pas de passage mardi 2 décembre de 14 h à 17 h : Le bus est en <b>panne</b>"}}},
		Remote:    []placeOffer{{Label: "Visite à domicile", Note: "À domicile", Href: "/rendez-vous/motifs/5?lieu=3"}},
		GuideCode: "17299", GuideLabel: "Rochefort (17300)", GuideRadii: radiusChoices(placefinder.GuideRadii),
		Map: &mapData{Tiles: DefaultTileURL, Attribution: "© IGN", Lat: 45.9, Lon: -0.9, RadiusKm: 10},
	},
	"placesearch_view": func() placeViewData {
		sc, _ := hours.Parse("Mo-Fr 09:00-12:00,14:00-17:00")
		now := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)
		p := place.Place{ID: 1, Name: "Médiathèque", Summary: "Ateliers.", Description: "Ligne 1\nLigne 2", Emails: []string{"a@b.fr"},
			Websites: []string{"https://exemple.fr"}, BookingURL: "https://rdv.exemple.fr", AccessibilityURL: "https://acceslibre.beta.gouv.fr/x",
			OtherLabels: []string{"Pass numérique"}, ParentStructure: "Ville", Commune: "Rochefort"}
		return placeViewData{
			Place: p, Typologies: []string{"Bibliothèque / Médiathèque"}, Address: "1 rue Test, 17300 Rochefort", Approximate: true,
			Directions: "https://www.openstreetmap.org/directions?route=%3B45.9%2C-0.9", MapLink: "https://www.openstreetmap.org/",
			Phone: "05 46 00 00 00", PhoneHref: phoneHref("+33546000000"), HasHours: true, State: sc.State(now),
			Week: []dayLine{{Day: "Lundi", Hours: "9 h – 12 h"}, {Day: "Mercredi", Hours: "fermé", Today: true}}, WeekOf: "semaine du 2 mars",
			Services: place.Services[:2], Publics: []string{"Personnes âgées"}, SpecificSupport: []string{"Surdité"}, Fees: []string{"Gratuit"},
			AccessModes: []string{"Venir sur place"}, SupportModes: []string{"En atelier"}, NationalPrograms: []string{"France Services"},
			TrainingLabels: []string{"ORDI 3.0"}, Itinerance: "Toujours au même endroit", Pivot: "21170299300017", UpdatedOn: now, Stale: true,
			Passages: []passageLine{{Sentence: "Le bus numérique passe ici mardi 9 décembre de 14 h à 17 h.", Href: "/itinerance/1"}},
			Remote:   []placeOffer{{Label: "Rendez-vous en visio", Note: "En visioconférence", Href: "/rendez-vous/motifs/6?lieu=1"}},
			Source:   "données ouvertes", ReportURL: "/lieux/1/signaler", SearchURL: "/lieux?code=17299", Unknown: []string{"services : Autre"},
		}
	}(),
	"placesearch_closed":      placeClosedData{Name: "Ancien lieu", Commune: "17300 Rochefort", SearchURL: "/lieux?code=17299"},
	"placeedit_report_public": newReportFormData(samplePlace(), i18n.Get(i18n.Default)),
	"placeedit_report_thanks": reportFormData{Place: samplePlace()},
	"error":                   ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
}

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, Config{}, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	public := map[string]bool{}
	for name := range samples {
		public[name] = true // every page of the package is public
	}
	uitest.RenderAll(t, site, samples, public)
}
