package places

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
)

func TestApply(t *testing.T) {
	base := place.Place{StructureID: 1, Source: place.SourceParcours, UpdatedOn: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	valid := func() Input {
		return Input{Name: "Espace numérique", Pivot: "21170299900019", Address: "1 rue Pierre Loti", Commune: "Rochefort", PostalCode: "17300", Typologies: "ccas, epn"}
	}
	for _, tc := range []struct {
		name  string
		edit  func(in *Input)
		field string // "" when the input is valid
		msg   string
		check func(t *testing.T, ap Applied)
	}{
		{"Valid", func(*Input) {}, "", "", func(t *testing.T, ap Applied) {
			p := ap.Place
			if p.InseeCode != "17299" || p.Commune != "Rochefort" || p.CoordsFrom != place.CoordsFromCommune || !p.HasCoords ||
				strings.Join(p.Typologies, ",") != "CCAS,EPN" || p.Itinerance != nil {
				t.Fatalf("%+v", p)
			}
		}},
		{"CommuneByCodeFillsThePostalCode", func(in *Input) { in.Commune, in.PostalCode = "17168", "" }, "", "", func(t *testing.T, ap Applied) {
			if ap.Place.Commune != "Fouras" || ap.Place.PostalCode != "17450" {
				t.Fatalf("%s %s", ap.Place.Commune, ap.Place.PostalCode)
			}
		}},
		{"PostalCodeOfAnotherCommune", func(in *Input) { in.Commune, in.PostalCode = "Fouras", "17300" }, "code_postal", "Le code postal de Fouras est 17450.", nil},
		{"UnknownCommune", func(in *Input) { in.Commune = "Nulleville" }, "commune", "Commune introuvable", nil},
		{"CoordinatesWithCommas", func(in *Input) { in.Latitude, in.Longitude = "45,9421", "-0,9612" }, "", "", func(t *testing.T, ap Applied) {
			if p := ap.Place; p.Latitude != 45.9421 || p.Longitude != -0.9612 || p.CoordsFrom != place.CoordsFromSource {
				t.Fatalf("%v %v %s", p.Latitude, p.Longitude, p.CoordsFrom)
			}
		}},
		{"OnlyOneCoordinate", func(in *Input) { in.Latitude = "45.9" }, "longitude", "Indiquez aussi la longitude", nil},
		{"SwappedCoordinates", func(in *Input) { in.Latitude, in.Longitude = "-0.96", "45.94" }, "latitude", "les avez-vous inversées ?", nil},
		{"OutOfRange", func(in *Input) { in.Latitude, in.Longitude = "95", "1" }, "latitude", "hors des limites", nil},
		{"AddressesWithoutScheme", func(in *Input) { in.Websites, in.BookingURL = "www.a.fr, https://b.fr\nc.fr", "rdv.exemple.fr/x" }, "", "", func(t *testing.T, ap Applied) {
			if strings.Join(ap.Place.Websites, " ") != "https://www.a.fr https://b.fr https://c.fr" || ap.Place.BookingURL != "https://rdv.exemple.fr/x" {
				t.Fatalf("%v %s", ap.Place.Websites, ap.Place.BookingURL)
			}
		}},
		{"FrenchHoursConvertedWhole", func(in *Input) { in.Hours = "du lundi au vendredi de 9h à 12h sauf jours fériés" }, "", "", func(t *testing.T, ap Applied) {
			if ap.Place.Hours != "Mo-Fr 09:00-12:00; PH off" || ap.Converted != "Mo-Fr 09:00-12:00; PH off" {
				t.Fatalf("%q %q", ap.Place.Hours, ap.Converted)
			}
		}},
		{"OSMHoursNormalised", func(in *Input) { in.Hours = "mo-fr 9:00-12:00" }, "", "", func(t *testing.T, ap Applied) {
			if ap.Place.Hours != "Mo-Fr 09:00-12:00" || ap.Converted != "" {
				t.Fatalf("%q %q", ap.Place.Hours, ap.Converted)
			}
		}},
		{"UnconvertibleFrenchHours", func(in *Input) { in.Hours = "Très variables" }, "horaires", "Horaires illisibles : « Très variables » n'est pas compris", nil},
		{"HalfUnderstoodFrenchHours", func(in *Input) { in.Hours = "du lundi au vendredi de 9h à 12h sauf vacances scolaires" }, "horaires",
			"Horaires illisibles : « sauf vacances scolaires » n'est pas compris", nil},
		{"BrokenOSMHours", func(in *Input) { in.Hours = "Mo-Fr 08:30-12:30; Sa 25:00-26:00" }, "horaires", "Horaires illisibles : heure invalide", nil},
		{"TamperedEnumeration", func(in *Input) { in.Services = []string{"Réparer des vélos"} }, "services", "ne fait pas partie des valeurs du schéma national", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := valid()
			tc.edit(&in)
			ap, err := apply(in, base)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("unexpected errors: %v", err)
				}
				tc.check(t, ap)
				return
			}
			e, _ := apperr.As(err)
			if e == nil || !strings.Contains(e.FieldMap()[tc.field], tc.msg) {
				t.Fatalf("%s: got %v, want %q", tc.field, err, tc.msg)
			}
		})
	}
}

// The input of a saved place saves it unchanged.
func TestInputOfRoundTrips(t *testing.T) {
	in := Input{Name: "Espace", Pivot: "21170299900019", Address: "1 rue Pierre Loti", Commune: "Rochefort", PostalCode: "17300",
		Latitude: "45.9421", Longitude: "-0.9612", Phone: "05 46 00 00 00", Emails: "a@b.fr", Hours: "Mo-Fr 09:00-12:00",
		Services: []string{"Aide aux démarches administratives"}, Itinerance: []string{"Fixe"}}
	base := place.Place{Source: place.SourceParcours, UpdatedOn: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
	first, err := apply(in, base)
	if err != nil {
		t.Fatal(err)
	}
	again, err := apply(InputOf(&first.Place), base)
	if err != nil {
		t.Fatal(err)
	}
	a, b := first.Place, again.Place
	if a.Name != b.Name || a.Phone != b.Phone || a.Latitude != b.Latitude || a.Hours != b.Hours || a.InseeCode != b.InseeCode ||
		strings.Join(a.Services, "|") != strings.Join(b.Services, "|") || strings.Join(a.Emails, "|") != strings.Join(b.Emails, "|") {
		t.Fatalf("%+v\n%+v", a, b)
	}
}
