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

// TestWalkInIsOneOfThree: who came without an invitation is a structure
// (with 1 to 500 people), a professional or a name with an organisation,
// one of them; not an invitee nor someone already noted; the name typed is
// tidied, and each counts among the participants.
func TestWalkInIsOneOfThree(t *testing.T) {
	m := Meeting{Invitations: []Invitation{{StructureID: 1, People: 2}, {StructureID: 2, UserID: 7, Present: true}},
		WalkIns: []WalkIn{{ID: 1, StructureID: 3, People: 4}, {ID: 2, StructureID: 2, UserID: 8, People: 1}}}
	for _, c := range []struct {
		in    WalkInInput
		field string
	}{
		{WalkInInput{}, "structure_venue"},
		{WalkInInput{StructureID: 4, UserID: 9, People: 1}, "structure_venue"},
		{WalkInInput{StructureID: 1, People: 1}, "structure_venue"},
		{WalkInInput{StructureID: 3, People: 1}, "structure_venue"},
		{WalkInInput{StructureID: 4, People: 0}, "personnes_venues"},
		{WalkInInput{StructureID: 4, People: 501}, "personnes_venues"},
		{WalkInInput{UserID: 7}, "collegue"},
		{WalkInInput{UserID: 8}, "collegue"},
		{WalkInInput{Name: "Jeanne"}, "organisme"},
		{WalkInInput{Organization: "CAF"}, "nom"},
		{WalkInInput{Name: strings.Repeat("a", MaxWalkInName+1), Organization: "CAF"}, "nom"},
	} {
		_, err := m.WalkIn(c.in)
		e, ok := apperr.As(err)
		if !ok || len(e.Fields) == 0 || e.Fields[0].Field != c.field {
			t.Errorf("%+v: %v, want an error on %s", c.in, err, c.field)
		}
	}
	w, err := m.WalkIn(WalkInInput{Name: "  Jeanne   Martin ", Organization: " Conseil  départemental "})
	if err != nil || w.Name != "Jeanne Martin" || w.Organization != "Conseil départemental" || w.People != 1 || w.Label() != "Jeanne Martin (Conseil départemental)" {
		t.Fatalf("%+v %v", w, err)
	}
	if s, err := m.WalkIn(WalkInInput{StructureID: 4, People: 3}); err != nil || s.People != 3 {
		t.Fatalf("%+v %v", s, err)
	}
	if n := m.Participants(); n != 2+1+4+1 {
		t.Fatalf("participants: %d", n)
	}
}
