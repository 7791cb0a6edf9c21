package retention

import (
	"testing"
	"time"
)

func TestMonthsInFrench(t *testing.T) {
	for n, want := range map[int]string{1: "1 mois", 12: "1 an", 24: "2 ans", 72: "6 ans", 18: "1 an et 6 mois", 30: "2 ans et 6 mois"} {
		if got := Months(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

func TestDefaultPolicyAndCutoffs(t *testing.T) {
	p := Default()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	c := p.At(now)
	if !c.Referrals.Equal(time.Date(2024, 12, 7, 3, 0, 0, 0, time.UTC)) || !c.Journal.Equal(time.Date(2020, 12, 7, 3, 0, 0, 0, time.UTC)) {
		t.Errorf("cutoffs: %+v", c)
	}
	p.JournalMonths = 0
	if p.Validate() == nil {
		t.Error("a zero duration is refused")
	}
}
