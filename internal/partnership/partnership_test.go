package partnership

import "testing"

func TestAgreementStatusAndTacitRenewal(t *testing.T) {
	t.Parallel()
	a := Agreement{StartsOn: "2026-03-01", EndsOn: "2026-06-30", RemindDays: 30}
	for _, c := range []struct{ today, status, end string }{
		{"2026-03-10", Running, "2026-06-30"},
		{"2026-05-31", ToRenew, "2026-06-30"},
		{"2026-06-30", ToRenew, "2026-06-30"},
		{"2026-07-01", Expired, "2026-06-30"},
	} {
		if got := a.Status(c.today); got != c.status || a.CurrentEnd(c.today) != c.end {
			t.Errorf("%s: %s %s, want %s %s", c.today, got, a.CurrentEnd(c.today), c.status, c.end)
		}
	}
	// A tacit renewal for the same length (a year here) never ends by
	// itself: past its end it is running in its next period.
	y := Agreement{StartsOn: "2025-01-01", EndsOn: "2025-12-31", RemindDays: 60, Tacit: true}
	for _, c := range []struct{ today, status, end string }{
		{"2025-11-15", ToRenew, "2025-12-31"},
		{"2026-03-10", Running, "2026-12-31"},
		{"2026-11-15", ToRenew, "2026-12-31"},
		{"2028-02-29", Running, "2028-12-31"},
	} {
		if got := y.Status(c.today); got != c.status || y.CurrentEnd(c.today) != c.end {
			t.Errorf("tacit %s: %s %s, want %s %s", c.today, got, y.CurrentEnd(c.today), c.status, c.end)
		}
	}
}

func TestCheckPDF(t *testing.T) {
	t.Parallel()
	if err := CheckPDF([]byte("%PDF-1.7\n...")); err != nil {
		t.Fatal(err)
	}
	for _, b := range [][]byte{[]byte("PK\x03\x04 a docx"), []byte("\x89PNG"), make([]byte, MaxPDF+1)} {
		if CheckPDF(b) == nil {
			t.Errorf("accepted %q…", b[:min(len(b), 8)])
		}
	}
}

func TestTacitRenewalOfDays(t *testing.T) {
	t.Parallel()
	// 10 days, not whole months: renewed for 10 days each time.
	a := Agreement{StartsOn: "2026-03-05", EndsOn: "2026-03-14", Tacit: true}
	if got := a.CurrentEnd("2026-03-20"); got != "2026-03-24" {
		t.Fatalf("got %s", got)
	}
	// Four months from the 15th: renewed for four months.
	b := Agreement{StartsOn: "2026-03-15", EndsOn: "2026-07-14", Tacit: true}
	if got := b.CurrentEnd("2026-07-15"); got != "2026-11-14" {
		t.Fatalf("got %s", got)
	}
}
