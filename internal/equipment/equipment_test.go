package equipment

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestValidIMEI(t *testing.T) {
	for imei, ok := range map[string]bool{"490154203237518": true, "356938035643809": true, "490154203237519": false, "49015420323751": false, "49015420323751x": false} {
		if ValidIMEI(imei) != ok {
			t.Errorf("ValidIMEI(%s) = %v", imei, !ok)
		}
	}
	d := Device{Kind: "telephone", Origin: "reconditionneur", Condition: "bon", Grade: "B", IMEI: "4901 5420 3237 518"}
	d.Normalize()
	if err := d.Validate(); err != nil || d.IMEI != "490154203237518" || d.Status != Available {
		t.Fatalf("%+v %v", d, err)
	}
	d.IMEI = "49015420323751O"
	d.Normalize()
	if d.Validate() == nil {
		t.Fatal("a letter in the IMEI is refused")
	}
}

func TestReminderDue(t *testing.T) {
	l := Loan{ID: 7, PersonID: 1, DueOn: "2026-03-20"}
	for day, want := range map[string]string{"2026-03-17": "", "2026-03-18": "pret-7-avant", "2026-03-20": "pret-7-avant", "2026-03-21": "pret-7-retard", "2026-04-30": "pret-7-retard"} {
		r, _ := ReminderDue(l, "tablette", "CCAS", day)
		if r.Key != want {
			t.Errorf("%s: %q, want %q", day, r.Key, want)
		}
	}
	l.ReturnedOn = "2026-03-19"
	if _, ok := ReminderDue(l, "tablette", "CCAS", "2026-03-21"); ok {
		t.Error("no reminder once returned")
	}
}

// TestRankExplanationsMatchRanking: on many generated requests, each rank's
// explanation lists exactly the criteria that scored, their points add up
// to the score, scores never increase down the list, and ties are settled
// by the request date as the explanation says.
func TestRankExplanationsMatchRanking(t *testing.T) {
	now := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	cs := DefaultCriteria()
	cs[3].Param = 60
	var reqs []Request
	for i := range 200 {
		reqs = append(reqs, Request{ID: int64(i + 1), PersonName: fmt.Sprint("P", i), NoDevice: i%2 == 0, MinimumBenefits: i%3 == 0, Accompanied: i%5 == 0,
			BirthYear: 1940 + i%50, HouseholdSize: i % 7, RequestedAt: now.Add(-time.Duration(i%11) * time.Hour)})
	}
	ranked := Rank(reqs, cs, now)
	if len(ranked) != len(reqs) {
		t.Fatal("every request is ranked")
	}
	for i, r := range ranked {
		if r.Rank != i+1 {
			t.Fatalf("rank %d at %d", r.Rank, i)
		}
		sum := 0
		for _, s := range r.Scored {
			sum += s.Points
			if !strings.Contains(r.Explanation(), s.Label+fmt.Sprintf(" (+%d)", s.Points)) {
				t.Errorf("rank %d: %q does not name %s", r.Rank, r.Explanation(), s.Label)
			}
		}
		if _, again := Score(r.Request, cs, now); sum != r.Score || again != r.Score {
			t.Fatalf("rank %d: explained %d, score %d, rescored %d", r.Rank, sum, r.Score, again)
		}
		if !strings.HasPrefix(r.Explanation(), fmt.Sprintf("Rang %d : %d point", r.Rank, r.Score)) {
			t.Errorf("explanation %q", r.Explanation())
		}
		// Each criterion that did not score is not met.
		met := map[string]bool{}
		for _, s := range r.Scored {
			met[s.Code] = true
		}
		q := r.Request
		truth := map[string]bool{NoDevice: q.NoDevice, MinimumBenefits: q.MinimumBenefits, Accompanied: q.Accompanied, Age: now.Year()-q.BirthYear >= 60, Household: q.HouseholdSize >= 4}
		for code, v := range truth {
			if met[code] != v {
				t.Errorf("rank %d: criterion %s scored %v, is %v", r.Rank, code, met[code], v)
			}
		}
		if i == 0 {
			continue
		}
		prev := ranked[i-1]
		switch {
		case prev.Score < r.Score:
			t.Fatalf("rank %d scores more than rank %d", r.Rank, prev.Rank)
		case prev.Score == r.Score:
			if r.TieBreak == "" || prev.Request.RequestedAt.After(r.Request.RequestedAt) {
				t.Fatalf("tie at rank %d not settled by date: %q", r.Rank, r.TieBreak)
			}
		case r.TieBreak != "":
			t.Fatalf("rank %d has a tie-break without a tie", r.Rank)
		}
	}
	t.Logf("first: %s", ranked[0].Explanation())
	t.Logf("second: %s", ranked[1].Explanation())
}

func TestValidateCriteria(t *testing.T) {
	if err := ValidateCriteria(DefaultCriteria()); err != nil {
		t.Fatal(err)
	}
	cs := DefaultCriteria()
	cs[3].Param = 5
	if ValidateCriteria(cs) == nil {
		t.Fatal("an age of 5 is refused")
	}
	off := DefaultCriteria()
	for i := range off {
		off[i].Enabled = false
	}
	if ValidateCriteria(off) == nil {
		t.Fatal("at least one criterion counts")
	}
}
