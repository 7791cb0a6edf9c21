package meeting

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
)

func TestInputReadsWhatPeopleType(t *testing.T) {
	m, err := Input{Title: "  Comité   des acteurs ", Date: "15/12/2026", Start: "14 h 30", End: "16h", Location: "Salle",
		Structures: []int64{3, 3, 0}, Staff: []int64{7}}.Meeting()
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 12, 15, 14, 30, 0, 0, frtime.Paris)
	if m.Title != "Comité des acteurs" || !m.Start.Equal(want) || m.Duration() != 90 || m.AnimationType != ReunionAnimation || len(m.Invitations) != 2 {
		t.Fatalf("%+v", m)
	}
	if got := m.When(); got != "mardi 15 décembre 2026, 14 h 30 – 16 h" {
		t.Errorf("when = %q", got)
	}
	_, err = Input{Title: strings.Repeat("é", MaxTitle+1), Date: "2026-02-30", Start: "25:00", End: "", AnimationType: "fete"}.Meeting()
	e, ok := apperr.As(err)
	if !ok {
		t.Fatalf("refused input: %v", err)
	}
	for _, f := range []string{"titre", "date", "debut", "fin", "lieu_texte", "type_animation"} {
		if e.FieldMap()[f] == "" {
			t.Errorf("no error on %s: %v", f, e.FieldMap())
		}
	}
}

// TestAttendanceIsTheCoordinatorsAnimation: the people of each structure
// and the persons invited by name who came make the participants of one
// animation of the network, with La Coop's codes.
func TestAttendanceIsTheCoordinatorsAnimation(t *testing.T) {
	start := time.Date(2026, 12, 15, 23, 30, 0, 0, time.UTC) // 16 December in Paris
	m := Meeting{ID: 4, Title: "Comité", Start: start, End: start.Add(2 * time.Hour), AnimationType: "comite",
		Invitations: []Invitation{{StructureID: 1}, {StructureID: 2}, {StructureID: 2, UserID: 9}, {StructureID: 3, UserID: 8}}}
	if err := m.Apply(Attendance{People: map[int64]int{1: 3, 2: 0}, Present: map[int64]bool{9: true}}); err != nil {
		t.Fatal(err)
	}
	c := m.Coordination()
	if c.Participants != 4 || c.Date != "2026-12-16" || c.Duration != 120 || c.AnimationType != "comite" || c.Initiative != "initiative" ||
		strings.Join(c.Themes, ",") != "reseau" || m.Source() != "reunion-4" {
		t.Fatalf("%+v", c)
	}
	if err := c.Validate(start.AddDate(0, 0, 1)); err != nil {
		t.Fatalf("the activity is refused by La Coop's rules: %v", err)
	}
	if err := m.Apply(Attendance{People: map[int64]int{1: MaxPeople + 1}}); apperr.CodeOf(err) != apperr.Invalid {
		t.Fatalf("too many people: %v", err)
	}
}

func TestMinutesKeepTheDecisionsTyped(t *testing.T) {
	var m Meeting
	err := m.SetMinutes("Compte rendu", []Decision{{Text: " "}, {Text: "Former les aidants", Due: "31/01/2027"}, {Text: "Écrire", Due: "demain"}})
	if e, ok := apperr.As(err); !ok || e.FieldMap()["echeance_2"] == "" {
		t.Fatalf("wrong due date: %v", err)
	}
	if err := m.SetMinutes("Compte rendu", []Decision{{Text: " "}, {Text: "Former les aidants", Due: "31/01/2027"}}); err != nil {
		t.Fatal(err)
	}
	if len(m.Decisions) != 1 || m.Decisions[0].Due != "2027-01-31" || m.Decisions[0].Row != 1 || m.Decisions[0].DueLabel() != "31 janvier 2027" {
		t.Fatalf("%+v", m.Decisions)
	}
}
