package frtime

import (
	"testing"
	"time"
)

func TestFormats(t *testing.T) {
	// 3 March 2026, 13:05 UTC is 14:05 in Paris (winter time).
	at := time.Date(2026, 3, 3, 13, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{Date(at), "3 mars 2026"},
		{Day(at), "mardi 3 mars 2026"},
		{DayShort(at), "mardi 3 mars"},
		{Clock(at), "14 h 05"},
		{DateTime(at), "3 mars 2026 à 14 h 05"},
		{Minutes(9 * 60), "9 h"},
		{Minutes(9*60 + 30), "9 h 30"},
		{CalendarDate(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)), "31 décembre 2026"},
		// 31 December 23:30 UTC is already 1 January in Paris.
		{Date(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)), "1 janvier 2027"},
		{Date(time.Time{}), ""},
		{MonthName(time.August), "août"},
		{WeekdayName(time.Sunday), "dimanche"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	// Summer time: 3 July 2026 07:00 UTC is 9 h in Paris.
	if got := Clock(time.Date(2026, 7, 3, 7, 0, 0, 0, time.UTC)); got != "9 h" {
		t.Errorf("summer clock %q", got)
	}
}
