package web

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
)

func TestPlaceFromForm(t *testing.T) {
	base := place.Place{StructureID: 1, Source: place.SourceParcours, UpdatedOn: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	valid := func() url.Values {
		return url.Values{"nom": {"Espace numérique"}, "pivot": {"21170299900019"}, "adresse": {"1 rue Pierre Loti"},
			"commune": {"Rochefort"}, "code_postal": {"17300"}, "typologie": {"ccas, epn"}}
	}
	fieldErrors := func(err error) map[string]string {
		e, ok := apperr.As(err)
		if !ok {
			return nil
		}
		return e.FieldMap()
	}
	for _, tc := range []struct {
		name  string
		edit  func(v url.Values)
		field string // "" when the form is valid
		msg   string
		check func(t *testing.T, p place.Place)
	}{
		{"Valid", func(v url.Values) {}, "", "", func(t *testing.T, p place.Place) {
			if p.InseeCode != "17299" || p.Commune != "Rochefort" || p.CoordsFrom != place.CoordsFromCommune || !p.HasCoords ||
				strings.Join(p.Typologies, ",") != "CCAS,EPN" || p.Itinerance != nil {
				t.Fatalf("%+v", p)
			}
		}},
		{"CommuneByCodeFillsThePostalCode", func(v url.Values) { v.Set("commune", "17168"); v.Set("code_postal", "") }, "", "", func(t *testing.T, p place.Place) {
			if p.Commune != "Fouras" || p.PostalCode != "17450" {
				t.Fatalf("%s %s", p.Commune, p.PostalCode)
			}
		}},
		{"PostalCodeOfAnotherCommune", func(v url.Values) { v.Set("commune", "Fouras"); v.Set("code_postal", "17300") }, "code_postal", "Le code postal de Fouras est 17450.", nil},
		{"UnknownCommune", func(v url.Values) { v.Set("commune", "Nulleville") }, "commune", "Commune introuvable", nil},
		{"CoordinatesWithCommas", func(v url.Values) { v.Set("latitude", "45,9421"); v.Set("longitude", "-0,9612") }, "", "", func(t *testing.T, p place.Place) {
			if p.Latitude != 45.9421 || p.Longitude != -0.9612 || p.CoordsFrom != place.CoordsFromSource {
				t.Fatalf("%v %v %s", p.Latitude, p.Longitude, p.CoordsFrom)
			}
		}},
		{"OnlyOneCoordinate", func(v url.Values) { v.Set("latitude", "45.9") }, "longitude", "Indiquez aussi la longitude", nil},
		{"SwappedCoordinates", func(v url.Values) { v.Set("latitude", "-0.96"); v.Set("longitude", "45.94") }, "latitude", "les avez-vous inversées ?", nil},
		{"OutOfRange", func(v url.Values) { v.Set("latitude", "95"); v.Set("longitude", "1") }, "latitude", "hors des limites", nil},
		{"AddressesWithoutScheme", func(v url.Values) {
			v.Set("site_web", "www.a.fr, https://b.fr\nc.fr")
			v.Set("prise_rdv", "rdv.exemple.fr/x")
		}, "", "", func(t *testing.T, p place.Place) {
			if strings.Join(p.Websites, " ") != "https://www.a.fr https://b.fr https://c.fr" || p.BookingURL != "https://rdv.exemple.fr/x" {
				t.Fatalf("%v %s", p.Websites, p.BookingURL)
			}
		}},
		{"UnconvertibleFrenchHours", func(v url.Values) { v.Set("horaires", "Très variables") }, "horaires", "Horaires illisibles", nil},
		{"TamperedEnumeration", func(v url.Values) { v["services"] = []string{"Réparer des vélos"} }, "services", "ne fait pas partie des valeurs du schéma national", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := valid()
			tc.edit(v)
			p, _, err := placeFromForm(v, base)
			errs := fieldErrors(err)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected errors: %v", errs)
				}
				tc.check(t, p)
				return
			}
			if !strings.Contains(errs[tc.field], tc.msg) {
				t.Fatalf("%s: got %v, want %q", tc.field, errs, tc.msg)
			}
		})
	}
}

func TestLocalReturn(t *testing.T) {
	for in, want := range map[string]string{
		"/espace/territoire/lieux": "/espace/territoire/lieux",
		"//evil.example/espace/":   "/espace/lieux",
		"https://evil.example":     "/espace/lieux",
		"/lieux/1":                 "/espace/lieux",
		"/espace/x\r\nLocation: /": "/espace/lieux",
		"":                         "/espace/lieux",
	} {
		if got := localReturn(in, "/espace/lieux"); got != want {
			t.Errorf("%q: got %q", in, got)
		}
	}
}
