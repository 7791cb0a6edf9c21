package network

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
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
