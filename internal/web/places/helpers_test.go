package places

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/hours"
)

func TestResolveSearchCommune(t *testing.T) {
	for _, tc := range []struct {
		in      string
		code    string // the commune found
		choices string // or one of the choices offered
		msg     string // or the start of the message
		single  bool   // one choice is enough
	}{
		{in: "Rochefort (17300)", code: "17299"},
		{in: "rochefort (17300)", code: "17299"},
		{in: "17299", code: "17299"}, // an INSEE code that is no postal code
		{in: "2a004", code: "2A004"},
		{in: "Saint-Germain-en-Laye", code: "78551"},
		{in: "st germain en laye", code: "78551"},
		{in: "Paris", code: "75056"},
		{in: "75015", code: "75115"}, // the arrondissement rather than the whole city
		{in: "69001", code: "69381"},
		{in: "Rochefort", choices: "17299"},
		{in: "17300", choices: "17463"}, // Rochefort and Vergeroux
		{in: "Igny", choices: "91312"},
		{in: "rochefo", choices: "17299"},
		{in: "rochefort du", code: "30217"}, // one commune starts so: Rochefort-du-Gard
		{in: "173", choices: "17299"},
		{in: "Rochefort (91000)", choices: "91228", single: true}, // wrong postal code: the communes of that code
		{in: "", msg: "Saisissez le nom"},
		{in: "1", msg: "Un code postal compte 5 chiffres"},
		{in: "00000", msg: "Aucune commune n'a le code postal 00000"},
		{in: "Zzzyxville", msg: "Aucune commune ne porte ce nom"},
		{in: "!!!", msg: "Saisissez le nom"},
		{in: strings.Repeat("a", 101), msg: "Le nom de commune est trop long"},
	} {
		c, choices, msg := resolveSearchCommune(tc.in)
		switch {
		case tc.code != "":
			if c.Code != tc.code || msg != "" || choices != nil {
				t.Errorf("%q: got %s %v %q, want %s", tc.in, c.Code, len(choices), msg, tc.code)
			}
		case tc.choices != "":
			found := false
			for _, ch := range choices {
				found = found || ch.Code == tc.choices
				if !ch.HasCoords {
					t.Errorf("%q: choice %s has no position", tc.in, ch.Code)
				}
			}
			if !found || (len(choices) < 2 && !tc.single) || msg != "" {
				t.Errorf("%q: %d choices, %q; want %s among them", tc.in, len(choices), msg, tc.choices)
			}
		default:
			if !strings.HasPrefix(msg, tc.msg) {
				t.Errorf("%q: message %q, want %q…", tc.in, msg, tc.msg)
			}
		}
	}
}

func TestSearchFormatting(t *testing.T) {
	for km, want := range map[float64]string{0: "100 m", 0.04: "100 m", 0.26: "300 m", 0.94: "900 m", 0.96: "1,0 km", 2.04: "2,0 km", 9.94: "9,9 km", 9.96: "10 km", 35.4: "35 km"} {
		if got := distanceText(km); got != want {
			t.Errorf("%v km: %q, want %q", km, got, want)
		}
	}
	if got := phoneDisplay("+33546000001"); got != "05 46 00 00 01" {
		t.Errorf("phone %q", got)
	}
	if got := phoneDisplay("+262262000000"); got != "+262262000000" {
		t.Errorf("overseas phone %q", got)
	}
	if phoneHref("+33546000001") != "tel:+33546000001" || phoneHref("javascript:x") != "" || phoneHref("") != "" {
		t.Error("phoneHref must only link numbers")
	}
	if got := shortServiceLabel("Aide aux démarches administratives"); got != "Faire une démarche en ligne" {
		t.Errorf("short label %q", got)
	}
}

func TestTileURL(t *testing.T) {
	if err := CheckTileURL(DefaultTileURL); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "http://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/{z}/{x}.png", "https:///{z}/{x}/{y}", "https://a b/{z}/{x}/{y}"} {
		if CheckTileURL(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for in, want := range map[string]string{
		DefaultTileURL: " https://data.geopf.fr",
		"https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png": " https://*.tile.openstreetmap.org",
		"https://tuiles.exemple.fr:8443/{z}/{x}/{y}.png":     " https://tuiles.exemple.fr:8443",
		"pas une adresse":                          "",
		"https://x.fr'; script-src *;/{z}/{x}/{y}": "",
	} {
		if got := TileSource(in); got != want {
			t.Errorf("TileSource(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mapAttribution("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"); got != "Fond de carte : tile.openstreetmap.org" {
		t.Errorf("attribution %q", got)
	}
	if mapAttribution(DefaultTileURL) != "© IGN – Plan IGN" {
		t.Error("the IGN layer must be credited")
	}
}

func TestGuideText(t *testing.T) {
	sc, _ := hours.Parse("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00")
	week := sc.Week(time.Date(2026, 3, 4, 10, 0, 0, 0, hours.Location()))
	if got, want := compactWeek(week), "lundi – vendredi : 9 h – 12 h, 14 h – 17 h ; samedi : 9 h – 12 h ; dimanche : fermé"; got != want {
		t.Errorf("week %q\nwant %q", got, want)
	}
	// Easter Monday 2026 is 6 April: a holiday breaks the run.
	sc, _ = hours.Parse("Mo-Fr 09:00-12:00; PH off")
	if got := compactWeek(sc.Week(time.Date(2026, 4, 8, 10, 0, 0, 0, hours.Location()))); !strings.HasPrefix(got, "lundi : fermé · Lundi de Pâques ; mardi – vendredi : 9 h – 12 h") {
		t.Errorf("holiday week %q", got)
	}
}
