package stats

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

func TestSingleChoice(t *testing.T) {
	t.Parallel()
	cats := []string{"oui", "non", "ne sait pas"}
	answers := []int{0, 0, 1, 2, NoAnswer, 0, 1, NoAnswer}
	d, err := SingleChoice(cats, answers, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Base != 6 || d.Missing != 2 || d.Multiple || d.Weighted {
		t.Errorf("%+v", d)
	}
	if d.Shares[0].Hits != 3 || !near(d.Shares[0].Value, 0.5, 1e-12) || d.Shares[2].Category != "ne sait pas" {
		t.Errorf("%+v", d.Shares)
	}
	if !near(d.SumPercent(), 100, 1e-9) {
		t.Errorf("sum %v", d.SumPercent())
	}
	want, _ := NewProportion(3, 6)
	if d.Shares[0].Proportion != want {
		t.Errorf("share %+v, want %+v", d.Shares[0].Proportion, want)
	}
	t.Run("Weighted", func(t *testing.T) {
		w := []float64{2, 2, 1, 1, 5, 2, 1, 5}
		d, err := SingleChoice(cats, answers, w)
		if err != nil {
			t.Fatal(err)
		}
		// Answering weights: 2,2,1,1,2,1 = 9; "oui" = 6; n_eff = 81 / 15.
		if !near(d.Shares[0].Value, 6.0/9, 1e-12) || !near(d.EffectiveBase, 81.0/15, 1e-12) || d.Base != 6 {
			t.Errorf("%+v", d)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		if _, err := SingleChoice(cats, []int{3}, nil); !apperr.Is(err, apperr.Invalid) {
			t.Error(err)
		}
		if _, err := SingleChoice(cats, []int{NoAnswer}, nil); !apperr.Is(err, apperr.Invalid) {
			t.Error(err)
		}
		if _, err := SingleChoice(cats, []int{0}, []float64{1, 2}); !apperr.Is(err, apperr.Invalid) {
			t.Error(err)
		}
	})
}

func TestMultipleChoice(t *testing.T) {
	t.Parallel()
	choices := []string{"mairie", "médiathèque", "France Services", "proches"}
	answers := [][]int{
		{0, 3},
		{1},
		{0, 1, 2, 3},
		nil,       // no answer: outside the base
		{3, 3, 0}, // a choice ticked twice counts once
	}
	d, err := MultipleChoice(choices, answers, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Base != 4 || d.Missing != 1 || !d.Multiple {
		t.Errorf("%+v", d)
	}
	wantHits := []float64{3, 2, 1, 3}
	for i, sh := range d.Shares {
		if sh.Hits != wantHits[i] || sh.Base != 4 {
			t.Errorf("%s: %+v", sh.Category, sh.Proportion)
		}
	}
	// Percentages of respondents: 75 + 50 + 25 + 75 = 225 %.
	if !near(d.SumPercent(), 225, 1e-9) {
		t.Errorf("sum %v", d.SumPercent())
	}
	if _, err := MultipleChoice(choices, [][]int{{4}}, nil); !apperr.Is(err, apperr.Invalid) {
		t.Error(err)
	}
	t.Run("Weighted", func(t *testing.T) {
		w := []float64{1, 3, 1, 9, 1}
		d, err := MultipleChoice(choices, answers, w)
		if err != nil {
			t.Fatal(err)
		}
		// Base weights 1+3+1+1 = 6: "médiathèque" = (3+1)/6.
		if !near(d.Shares[1].Value, 4.0/6, 1e-12) || !near(d.EffectiveBase, 36.0/12, 1e-12) {
			t.Errorf("%+v", d)
		}
	})
}
