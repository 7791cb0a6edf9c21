package network

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

func TestComposeKeepsWhatIsNewSinceThePreviousLetter(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	since := now.AddDate(0, -1, 0)
	old, recent := since.Add(-time.Hour), since.Add(time.Hour)
	is := Compose(Material{Territory: "Pays rochefortais", Since: since, Now: now,
		News: []News{{Title: "Ancienne", CreatedAt: old}, {Title: "Formation des aidants", Body: "Le 12.", CreatedAt: recent}},
		Places: []place.Place{
			{ID: 1, Name: "Nouveau lieu", Status: place.StatusOpen, CreatedAt: recent, ModifiedAt: recent},
			{ID: 2, Name: "Lieu modifié", Status: place.StatusOpen, CreatedAt: old, ModifiedAt: recent},
			{ID: 3, Name: "Lieu inchangé", Status: place.StatusOpen, CreatedAt: old, ModifiedAt: old},
			{ID: 4, Name: "Lieu fermé", Status: place.StatusClosed, CreatedAt: recent, ModifiedAt: recent},
		},
		Workshops: []workshop.Workshop{
			{ID: 7, Title: "Premiers pas sur la tablette", StructureName: "Médiathèque", Sessions: []workshop.Session{{Start: now.AddDate(0, 0, -3)}, {Start: now.AddDate(0, 0, 10)}, {Start: now.AddDate(0, 0, 17)}}},
			{ID: 8, Title: "Atelier lointain", Sessions: []workshop.Session{{Start: now.AddDate(0, 2, 0)}}},
		},
	})
	if is.Title != "Quoi de neuf – décembre 2026" || is.Status != Draft {
		t.Fatalf("title %q status %q", is.Title, is.Status)
	}
	var got []string
	for _, s := range is.Sections {
		for _, it := range s.Items {
			got = append(got, s.Heading+": "+it.Title)
		}
	}
	want := []string{"Les actualités du réseau: Formation des aidants", "Nouveaux lieux sur la carte: Nouveau lieu", "Lieux mis à jour: Lieu modifié", "Ateliers à venir: Premiers pas sur la tablette"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sections\n%v\nwant\n%v", got, want)
	}
	text := is.Text("https://parcours.exemple.fr", "https://parcours.exemple.fr/lettres/desabonnement/abc")
	for _, w := range []string{"https://parcours.exemple.fr/lieux/1", "https://parcours.exemple.fr/ateliers/7", "Pour ne plus la recevoir : https://parcours.exemple.fr/lettres/desabonnement/abc"} {
		if !strings.Contains(text, w) {
			t.Errorf("the e-mail lacks %q:\n%s", w, text)
		}
	}
	if empty := Compose(Material{Territory: "X", Since: since, Now: now}); len(empty.Sections) != 0 {
		t.Fatalf("nothing new, sections %v", empty.Sections)
	}
}

// TestComposeAnnouncesPermanencesAndMeetings: the letter announces the
// permanences held in the coming month (a cancelled date is not their next
// one; an ended or not yet started one is left out) and the network's
// meetings of the month.
func TestComposeAnnouncesPermanencesAndMeetings(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) // Monday
	is := Compose(Material{Territory: "Pays rochefortais", Since: now.AddDate(0, -1, 0), Now: now,
		Permanences: []agenda.Permanence{
			{ID: 1, PlaceID: 5, PlaceName: "Médiathèque", Weekday: time.Tuesday, Start: 540, End: 720, EveryWeeks: 1, From: "2026-09-01",
				Cancelled: []string{"2026-12-08"}, Mode: agenda.ModeWalkIn},
			{ID: 2, PlaceID: 6, PlaceName: "Permanence finie", Weekday: time.Tuesday, Start: 540, End: 720, EveryWeeks: 1, From: "2026-01-06", Until: "2026-11-30", Mode: agenda.ModeWalkIn},
			{ID: 3, PlaceID: 7, PlaceName: "Permanence de février", Weekday: time.Tuesday, Start: 540, End: 720, EveryWeeks: 1, From: "2027-02-02", Mode: agenda.ModeWalkIn},
		},
		Meetings: []meeting.Meeting{
			{ID: 1, Title: "Comité des acteurs", Start: now.AddDate(0, 0, 8), End: now.AddDate(0, 0, 8).Add(2 * time.Hour), Location: "Salle du conseil"},
			{ID: 2, Title: "Réunion passée", Start: now.AddDate(0, 0, -8), End: now.AddDate(0, 0, -8).Add(time.Hour)},
		},
	})
	var got []string
	for _, s := range is.Sections {
		for _, it := range s.Items {
			got = append(got, s.Heading+": "+it.Title+" | "+it.Text)
		}
	}
	want := []string{
		"Permanences du mois à venir: Médiathèque | Chaque mardi, 9 h – 12 h, à partir du 1 septembre 2026 – sans rendez-vous.\nProchaine : mardi 15 décembre 2026 (4 dates d'ici un mois).",
		"Réunions du réseau: Comité des acteurs | mardi 15 décembre 2026, 10 h – 12 h\nSalle du conseil",
	}
	if strings.Join(got, "\n--\n") != strings.Join(want, "\n--\n") {
		t.Fatalf("sections\n%q\nwant\n%q", got, want)
	}
}

func TestParseSubscribers(t *testing.T) {
	got, err := ParseSubscribers(" A@Exemple.fr\r\nb@exemple.fr; a@exemple.fr ,\n\n")
	if err != nil || strings.Join(got, ",") != "a@exemple.fr,b@exemple.fr" {
		t.Fatalf("%v %v", got, err)
	}
	for _, in := range []string{"", "\n ; ", "a@exemple.fr\nsans-arobase", "Nom <a@exemple.fr>", "a@localhost"} {
		if _, err := ParseSubscribers(in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%q accepted: %v", in, err)
		}
	}
}

func TestNewNewsBounds(t *testing.T) {
	if _, err := NewNews(strings.Repeat("é", MaxNewsTitle+1), "x"); !apperr.Is(err, apperr.Invalid) {
		t.Fatal("a long title is refused")
	}
	n, err := NewNews("  Un   titre ", "Texte\r\nsur deux lignes ")
	if err != nil || n.Title != "Un titre" || n.Body != "Texte\nsur deux lignes" {
		t.Fatalf("%+v %v", n, err)
	}
}
