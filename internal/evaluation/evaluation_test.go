package evaluation

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
)

var now = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) // a Monday

func answers(yes int) []bool {
	out := make([]bool, len(Questions))
	for i := range out {
		out[i] = i < yes
	}
	return out
}

func TestProfiles(t *testing.T) {
	for yes, want := range map[int]Profile{0: Excluded, 2: Excluded, 3: Beginner, 5: Beginner, 6: Assisted, 8: Assisted} {
		e := Evaluation{Themes: []string{"email"}, Answers: answers(yes)}
		e.Compute(now)
		if e.Score != yes || e.Profile != want {
			t.Errorf("%d yes: %s (%d)", yes, e.Profile, e.Score)
		}
	}
}

func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		name     string
		themes   []string
		deadline string
		yes      int
		want     NextStep
	}{
		{"ProcedureOnly", []string{"aide_aux_demarches_administratives"}, "", 5, StepReferral},
		{"ProcedureWithNearDeadline", []string{"aide_aux_demarches_administratives", "email"}, "2026-03-10", 5, StepReferral},
		{"ProcedureAndLearningNoDeadline", []string{"aide_aux_demarches_administratives", "email"}, "", 4, StepIndividual},
		{"ExcludedWithProcedure", []string{"aide_aux_demarches_administratives", "email"}, "", 1, StepReferral},
		{"LearningBeginner", []string{"email"}, "", 3, StepIndividual},
		{"LearningAssisted", []string{"email"}, "", 7, StepWorkshop},
	} {
		e := Evaluation{Themes: c.themes, Deadline: c.deadline, Answers: answers(c.yes)}
		e.Compute(now)
		if e.NextStep != c.want {
			t.Errorf("%s: %s, want %s", c.name, e.NextStep, c.want)
		}
	}
}

func TestValidate(t *testing.T) {
	e := Evaluation{Themes: []string{"nope"}, Deadline: "2026-02-31", Answers: answers(3)[:4], Equipment: []string{"fax"}}
	err, _ := apperr.As(e.Validate(now))
	for _, f := range []string{"thematiques", "echeance", "equipement", "reponses"} {
		if err == nil || err.FieldMap()[f] == "" {
			t.Errorf("no error on %s", f)
		}
	}
}

func TestDeadlinePassedIsNotAValidationError(t *testing.T) {
	e := Evaluation{Themes: []string{"email"}, Deadline: "2026-02-01", Answers: answers(3)}
	if err := e.Validate(now); err != nil {
		t.Fatalf("a past deadline is for the service to judge: %v", err)
	}
	if !e.DeadlinePassed(now) {
		t.Fatal("2026-02-01 has passed")
	}
	if e.Deadline = "2026-03-01"; !e.DeadlinePassed(now) {
		t.Fatal("yesterday has passed")
	}
	if e.Deadline = "2026-03-02"; e.DeadlinePassed(now) {
		t.Fatal("today has not passed")
	}
}

func TestFollowStatusAfter(t *testing.T) {
	for _, c := range []struct {
		current     person.FollowStatus
		step        NextStep
		accompanied bool
		want        person.FollowStatus
	}{
		{person.InProgress, StepIndividual, false, person.Waiting}, // welcomed, never accompanied
		{person.InProgress, StepIndividual, true, person.InProgress},
		{person.Autonomous, StepIndividual, true, person.Waiting},
		{person.Lost, StepIndividual, false, person.Waiting},
		{person.InProgress, StepWorkshop, false, person.InProgress},
		{person.Autonomous, StepReferral, false, person.Autonomous},
	} {
		if got := FollowStatusAfter(c.current, c.step, c.accompanied); got != c.want {
			t.Errorf("%s after %s (accompanied %v): %s, want %s", c.current, c.step, c.accompanied, got, c.want)
		}
	}
}

func TestNearestRanksByDistanceOpeningAndNeeds(t *testing.T) {
	mk := func(id int64, name, insee, hours string, support []string, fees []string) place.Place {
		return place.Place{ID: id, Name: name, Status: place.StatusOpen, InseeCode: insee, Hours: hours, SpecificSupport: support, Fees: fees,
			Services: []string{"Aide aux démarches administratives"}}
	}
	places := []place.Place{
		mk(1, "Proche mais payant", "17299", "Mo-Fr 09:00-17:00", nil, []string{"Payant"}),
		mk(2, "Proche, gratuit, surdité", "17299", "Mo-Fr 09:00-17:00", []string{"Surdité"}, []string{"Gratuit"}),
		mk(3, "Loin", "17306", "Mo-Fr 09:00-17:00", nil, []string{"Gratuit"}),
		mk(4, "Fermé longtemps", "17299", "Sa 09:00-10:00", nil, []string{"Gratuit"}),
		{ID: 5, Name: "Autre service", Status: place.StatusOpen, InseeCode: "17299", Services: []string{"Loisirs et créations numériques"}},
		mk(6, "Proche sans horaires", "17299", "", nil, nil),
	}
	p := person.Person{BirthYear: 1940, Needs: []string{"malentendant"}}
	got := Nearest(places, "Aide aux démarches administratives", &p, "17299", now, 3)
	if len(got) != 3 || got[0].Place.ID != 2 {
		t.Fatalf("best first: %+v", got)
	}
	for _, c := range got {
		if c.Place.ID == 5 {
			t.Fatal("a place without the service is not suggested")
		}
	}
	if got[0].OpenText == "" || len(got[0].Reasons) == 0 {
		t.Fatalf("reasons: %+v", got[0])
	}
}
