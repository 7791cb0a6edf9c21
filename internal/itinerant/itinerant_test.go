package itinerant

import (
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
)

func paris(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, frtime.Paris)
}

func TestNextPassage(t *testing.T) {
	tuesday := Stop{Weekday: time.Tuesday, Start: 14 * 60, End: 17 * 60, Recurrence: Weekly, From: "2026-11-01", SkipHolidays: true}
	cases := []struct {
		name     string
		stop     func(Stop) Stop
		now      time.Time
		want     string // date of the next passage, "" for none
		skipped  []string
		sentence string
	}{
		{name: "weekly, later this week", now: paris(2026, 12, 7, 10, 0), want: "2026-12-08",
			sentence: "Le bus numérique passe ici mardi 8 décembre de 14 h à 17 h."},
		{name: "weekly, today before the end", now: paris(2026, 12, 8, 16, 59), want: "2026-12-08"},
		{name: "weekly, today once over", now: paris(2026, 12, 8, 17, 0), want: "2026-12-15"},
		{name: "not before the start date", stop: func(s Stop) Stop { s.From = "2027-01-01"; return s }, now: paris(2026, 12, 7, 10, 0), want: "2027-01-05"},
		{name: "nothing after the end date", stop: func(s Stop) Stop { s.Until = "2026-12-07"; return s }, now: paris(2026, 12, 7, 10, 0), want: ""},
		{name: "end date is the last passage", stop: func(s Stop) Stop { s.Until = "2026-12-08"; return s }, now: paris(2026, 12, 7, 10, 0), want: "2026-12-08"},
		{name: "fortnightly, rhythm from the first passage", stop: func(s Stop) Stop { s.Recurrence = Fortnightly; s.From = "2026-12-01"; return s },
			now: paris(2026, 12, 2, 10, 0), want: "2026-12-15"},
		{name: "fortnightly, start date on another weekday", stop: func(s Stop) Stop { s.Recurrence = Fortnightly; s.From = "2026-11-27"; return s },
			now: paris(2026, 12, 2, 10, 0), want: "2026-12-15"},
		{name: "first Monday of the month", stop: func(s Stop) Stop { s.Weekday = time.Monday; s.Recurrence = Monthly; s.Nth = 1; return s },
			now: paris(2026, 12, 8, 10, 0), want: "2027-01-04"},
		{name: "third Wednesday", stop: func(s Stop) Stop { s.Weekday = time.Wednesday; s.Recurrence = Monthly; s.Nth = 3; return s },
			now: paris(2026, 12, 1, 10, 0), want: "2026-12-16"},
		{name: "last Thursday", stop: func(s Stop) Stop { s.Weekday = time.Thursday; s.Recurrence = Monthly; s.Nth = -1; return s },
			now: paris(2026, 12, 1, 10, 0), want: "2026-12-31"},
		{name: "fourth Thursday is not the last when there are five", stop: func(s Stop) Stop { s.Weekday = time.Thursday; s.Recurrence = Monthly; s.Nth = 4; return s },
			now: paris(2026, 12, 1, 10, 0), want: "2026-12-24"},
		{name: "cancelled date skipped and reported", stop: func(s Stop) Stop {
			s.Cancelled = []Cancellation{{Date: "2026-12-08", Reason: "Le bus est en panne"}}
			return s
		}, now: paris(2026, 12, 7, 10, 0), want: "2026-12-15", skipped: []string{"2026-12-08"}},
		{name: "public holiday skipped", stop: func(s Stop) Stop { s.Weekday = time.Friday; return s },
			now: paris(2026, 12, 21, 10, 0), want: "2027-01-08"}, // 25 December and 1 January are Fridays
		{name: "public holiday kept when asked", stop: func(s Stop) Stop { s.Weekday = time.Friday; s.SkipHolidays = false; return s },
			now: paris(2026, 12, 21, 10, 0), want: "2026-12-25"},
		{name: "monthly on a holiday waits a month", stop: func(s Stop) Stop {
			s.Weekday = time.Monday
			s.Recurrence = Monthly
			s.Nth = 1
			s.From = "2028-04-01"
			return s
		},
			now: paris(2028, 4, 10, 10, 0), want: "2028-07-03"}, // 1 May 2028 is the fête du Travail, 5 June the lundi de Pentecôte
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := tuesday
			if c.stop != nil {
				s = c.stop(s)
			}
			p, skipped, ok := s.Next(c.now)
			got := ""
			if ok {
				got = p.Date
			}
			if got != c.want {
				t.Fatalf("next = %q, want %q", got, c.want)
			}
			var dates []string
			for _, p := range skipped {
				dates = append(dates, p.Date)
				if p.Reason == "" {
					t.Errorf("cancelled passage %s has no reason", p.Date)
				}
			}
			if strings.Join(dates, ",") != strings.Join(c.skipped, ",") {
				t.Errorf("cancelled before = %v, want %v", dates, c.skipped)
			}
			if c.sentence != "" {
				p.ServiceName = "Bus numérique"
				if got := p.Sentence(); got != c.sentence {
					t.Errorf("sentence = %q, want %q", got, c.sentence)
				}
			}
		})
	}
}

func TestSubject(t *testing.T) {
	for in, want := range map[string]string{
		"Bus numérique":            "Le bus numérique",
		"Écrivain public mobile":   "L'écrivain public mobile",
		"La caravane du numérique": "La caravane du numérique",
	} {
		if got := subject(in); got != want {
			t.Errorf("subject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStopValidate(t *testing.T) {
	ok := Stop{Address: "Place de la mairie", InseeCode: "17299", Weekday: time.Tuesday, Start: 840, End: 1020, Recurrence: Weekly, From: "2026-12-01"}
	cases := []struct {
		name  string
		edit  func(*Stop)
		field string
	}{
		{"OK", func(*Stop) {}, ""},
		{"ErrAddressRequired", func(s *Stop) { s.Address = "" }, "adresse"},
		{"ErrInseeCode", func(s *Stop) { s.InseeCode = "99999" }, "code_insee"},
		{"OKPlaceWithoutAddress", func(s *Stop) { s.PlaceID, s.Address, s.InseeCode = 3, "", "" }, ""},
		{"ErrEndBeforeStart", func(s *Stop) { s.End = 800 }, "fin"},
		{"ErrNth", func(s *Stop) { s.Recurrence, s.Nth = Monthly, 0 }, "rang"},
		{"ErrUntilBeforeFrom", func(s *Stop) { s.Until = "2026-11-01" }, "au"},
		{"ErrFrom", func(s *Stop) { s.From = "" }, "du"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := ok
			c.edit(&s)
			s.Normalize()
			err := s.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e, ok := apperr.As(err); !ok || e.FieldMap()[c.field] == "" {
				t.Fatalf("error %v has no field %s", err, c.field)
			}
		})
	}
}
