package agenda

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, frtime.Paris)
	if err != nil {
		panic(err)
	}
	return t
}

func starts(slots []Slot) []string {
	out := make([]string, len(slots))
	for i, s := range slots {
		out[i] = s.Start.In(frtime.Paris).Format("2006-01-02 15:04")
	}
	return out
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

var motive = Motive{ID: 7, Name: "Accompagnement", Duration: 30, BookableBy: BookAnyone, MaxDelayDays: 365}

// tuesday is a morning permanence, every week from Tuesday 3 March 2026.
func tuesday() Permanence {
	return Permanence{ID: 1, PlaceID: 10, StaffIDs: []int64{100}, Weekday: time.Tuesday, Start: 9 * 60, End: 10*60 + 30,
		EveryWeeks: 1, From: "2026-03-03", SkipHolidays: true, MotiveIDs: []int64{7}, Mode: ModeAppointment}
}

func TestFreeSlots(t *testing.T) {
	now := at("2026-03-01 08:00")
	for _, tc := range []struct {
		name  string
		perm  func(p *Permanence)
		q     func(q *SlotQuery)
		from  string
		to    string
		want  []string
		count int // when want is nil: only the count
	}{
		{name: "WeeklyCutInDuration", from: "2026-03-01 00:00", to: "2026-03-11 00:00",
			want: []string{"2026-03-03 09:00", "2026-03-03 09:30", "2026-03-03 10:00", "2026-03-10 09:00", "2026-03-10 09:30", "2026-03-10 10:00"}},
		{name: "EveryTwoWeeks", perm: func(p *Permanence) { p.EveryWeeks = 2; p.End = 9*60 + 30 }, from: "2026-03-01 00:00", to: "2026-04-01 00:00",
			want: []string{"2026-03-03 09:00", "2026-03-17 09:00", "2026-03-31 09:00"}},
		{name: "EveryThreeWeeksFromAnchorNotRange", perm: func(p *Permanence) { p.EveryWeeks = 3; p.End = 9*60 + 30 }, from: "2026-03-20 00:00", to: "2026-05-01 00:00",
			want: []string{"2026-03-24 09:00", "2026-04-14 09:00"}},
		{name: "StartDateNotOnWeekday", perm: func(p *Permanence) { p.From = "2026-03-04"; p.End = 9*60 + 30 }, from: "2026-03-01 00:00", to: "2026-03-18 00:00",
			want: []string{"2026-03-10 09:00", "2026-03-17 09:00"}},
		{name: "UntilDateInclusive", perm: func(p *Permanence) { p.Until = "2026-03-10"; p.End = 9*60 + 30 }, from: "2026-03-01 00:00", to: "2026-04-01 00:00",
			want: []string{"2026-03-03 09:00", "2026-03-10 09:00"}},
		{name: "CancelledDate", perm: func(p *Permanence) { p.Cancelled = []string{"2026-03-10"}; p.End = 9*60 + 30 }, from: "2026-03-01 00:00", to: "2026-03-18 00:00",
			want: []string{"2026-03-03 09:00", "2026-03-17 09:00"}},
		// Easter Monday 2026 is 6 April; 14 July is a Tuesday in 2026.
		{name: "PublicHolidaysSkipped", perm: func(p *Permanence) { p.Weekday = time.Monday; p.From = "2026-03-30"; p.End = 9*60 + 30 }, from: "2026-03-30 00:00", to: "2026-04-14 00:00",
			want: []string{"2026-03-30 09:00", "2026-04-13 09:00"}},
		{name: "FourteenthOfJulySkipped", perm: func(p *Permanence) { p.End = 9*60 + 30 }, from: "2026-07-07 00:00", to: "2026-07-22 00:00",
			want: []string{"2026-07-07 09:00", "2026-07-21 09:00"}},
		{name: "PublicHolidaysKeptWhenAsked", perm: func(p *Permanence) { p.SkipHolidays = false; p.End = 9*60 + 30 }, from: "2026-07-07 00:00", to: "2026-07-22 00:00",
			want: []string{"2026-07-07 09:00", "2026-07-14 09:00", "2026-07-21 09:00"}},
		{name: "BusyStaffAppointmentsAndAbsences", from: "2026-03-01 00:00", to: "2026-03-11 00:00",
			q: func(q *SlotQuery) {
				q.Busy = map[int64][]Interval{100: {
					{at("2026-03-03 09:30"), at("2026-03-03 10:00")}, // an appointment
					{at("2026-03-09 00:00"), at("2026-03-11 00:00")}, // two days of absence
				}}
			},
			want: []string{"2026-03-03 09:00", "2026-03-03 10:00"}},
		{name: "LongerAppointmentOverlapsTwoSlots", from: "2026-03-01 00:00", to: "2026-03-04 00:00",
			q: func(q *SlotQuery) {
				q.Busy = map[int64][]Interval{100: {{at("2026-03-03 09:15"), at("2026-03-03 10:15")}}}
			},
			want: []string{}},
		{name: "SecondStaffKeepsSlotOpen", perm: func(p *Permanence) { p.StaffIDs = []int64{100, 101} }, from: "2026-03-01 00:00", to: "2026-03-04 00:00",
			q: func(q *SlotQuery) {
				q.Busy = map[int64][]Interval{100: {{at("2026-03-03 09:00"), at("2026-03-03 10:30")}}}
			},
			want: []string{"2026-03-03 09:00", "2026-03-03 09:30", "2026-03-03 10:00"}},
		{name: "MinimumDelay", from: "2026-03-01 00:00", to: "2026-03-11 00:00",
			q:    func(q *SlotQuery) { q.Now = at("2026-03-02 09:40"); q.Motive.MinDelayHours = 24 },
			want: []string{"2026-03-03 10:00", "2026-03-10 09:00", "2026-03-10 09:30", "2026-03-10 10:00"}},
		{name: "MaximumDelay", from: "2026-03-01 00:00", to: "2026-04-01 00:00",
			q:    func(q *SlotQuery) { q.Motive.MaxDelayDays = 3 },
			want: []string{"2026-03-03 09:00", "2026-03-03 09:30", "2026-03-03 10:00"}},
		{name: "StaffIgnoresDelaysButNotThePast", from: "2026-03-01 00:00", to: "2026-03-04 00:00",
			q:    func(q *SlotQuery) { q.Now = at("2026-03-03 09:10"); q.Motive.MinDelayHours = 48; q.ByStaff = true },
			want: []string{"2026-03-03 09:30", "2026-03-03 10:00"}},
		{name: "WalkInPermanenceHasNoSlots", perm: func(p *Permanence) { p.Mode = ModeWalkIn }, from: "2026-03-01 00:00", to: "2026-03-11 00:00", want: []string{}},
		{name: "OtherMotive", perm: func(p *Permanence) { p.MotiveIDs = []int64{8} }, from: "2026-03-01 00:00", to: "2026-03-11 00:00", want: []string{}},
		{name: "OtherPlaceFiltered", q: func(q *SlotQuery) { q.PlaceID = 11 }, from: "2026-03-01 00:00", to: "2026-03-11 00:00", want: []string{}},
		{name: "LastSlotMustFit", perm: func(p *Permanence) { p.End = 10*60 + 20 }, from: "2026-03-01 00:00", to: "2026-03-04 00:00",
			want: []string{"2026-03-03 09:00", "2026-03-03 09:30"}},
		// Summer time starts on 29 March 2026: the wall clock stays 9 h.
		{name: "DaylightSavingKeepsWallClock", perm: func(p *Permanence) { p.End = 9*60 + 30 }, from: "2026-03-24 00:00", to: "2026-04-01 00:00",
			want: []string{"2026-03-24 09:00", "2026-03-31 09:00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tuesday()
			if tc.perm != nil {
				tc.perm(&p)
			}
			q := SlotQuery{Motive: motive, Permanences: []Permanence{p}, From: at(tc.from), To: at(tc.to), Now: now}
			if tc.q != nil {
				tc.q(&q)
			}
			got := starts(FreeSlots(q))
			if !equal(got, tc.want) {
				t.Fatalf("got %v\nwant %v", got, tc.want)
			}
		})
	}
	t.Run("SummerSlotIsNineParisTime", func(t *testing.T) {
		p := tuesday()
		s := FreeSlots(SlotQuery{Motive: motive, Permanences: []Permanence{p}, From: at("2026-03-31 00:00"), To: at("2026-04-01 00:00"), Now: now})
		if len(s) == 0 || s[0].Start.UTC().Hour() != 7 {
			t.Fatalf("9 h in summer is 7 h UTC: %v", s)
		}
	})
	t.Run("SortedAcrossSites", func(t *testing.T) {
		a, b := tuesday(), tuesday()
		b.ID, b.PlaceID, b.Start = 2, 9, 9*60+15
		s := FreeSlots(SlotQuery{Motive: motive, Permanences: []Permanence{a, b}, From: at("2026-03-03 00:00"), To: at("2026-03-04 00:00"), Now: now})
		if got := starts(s); !equal(got, []string{"2026-03-03 09:00", "2026-03-03 09:15", "2026-03-03 09:30", "2026-03-03 09:45", "2026-03-03 10:00"}) {
			t.Fatalf("%v", got)
		}
	})
}

func TestOccurrencesMarkSkippedDays(t *testing.T) {
	p := tuesday()
	p.Cancelled = []string{"2026-07-21"}
	occ := p.Occurrences(at("2026-07-06 00:00"), at("2026-07-27 00:00"))
	if len(occ) != 3 {
		t.Fatalf("%d occurrences", len(occ))
	}
	if occ[0].Skipped || !occ[1].Skipped || occ[1].Holiday != "Fête nationale" || !occ[2].Cancelled {
		t.Fatalf("%+v", occ)
	}
}

func TestPermanenceValidate(t *testing.T) {
	p := Permanence{Weekday: time.Tuesday, Start: 9 * 60, End: 8 * 60, From: "2026-03-03", Until: "2026-03-01", Mode: ModeAppointment}
	p.Normalize()
	err := p.Validate()
	for _, field := range []string{"lieu", "agents", "fin", "au", "motifs"} {
		if e, ok := asFields(err); !ok || e[field] == "" {
			t.Errorf("no error for %s: %v", field, err)
		}
	}
	ok := tuesday()
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := ok.Recurrence(); got != "Chaque mardi, 9 h – 10 h 30, à partir du 3 mars 2026" {
		t.Fatal(got)
	}
}

func TestMotiveValidate(t *testing.T) {
	m := Motive{Name: "", Duration: 7, MinDelayHours: 48, MaxDelayDays: 1}
	m.Normalize()
	e, _ := asFields(m.Validate())
	for _, field := range []string{"nom", "duree", "delai_max"} {
		if e[field] == "" {
			t.Errorf("no error for %s", field)
		}
	}
	good := Motive{Name: " Aide  aux démarches "}
	good.Normalize()
	if err := good.Validate(); err != nil || good.Name != "Aide aux démarches" || good.Duration != 30 || good.BookableBy != BookStaff {
		t.Fatalf("%v %+v", err, good)
	}
}

func TestParseClock(t *testing.T) {
	for in, want := range map[string]int{"09:00": 540, "9:30": 570, "9h": 540, "13 h 45": 825, "24:00": 1440, "0:05": 5} {
		if got, ok := ParseClock(in); !ok || got != want {
			t.Errorf("%q: %d %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "25:00", "9:7", "abc", "24:30", "9:60"} {
		if _, ok := ParseClock(in); ok {
			t.Errorf("%q accepted", in)
		}
	}
	if FormatClock(545) != "09:05" {
		t.Fatal("labels")
	}
}

// BenchmarkFreeSlots20SitesOneYear: 20 sites, each with a weekly morning
// and afternoon permanence held by two staff members, searched over a
// whole year, with 2,000 appointments and 40 absences already booked.
func BenchmarkFreeSlots20SitesOneYear(b *testing.B) {
	q := benchQuery()
	var n int
	b.ResetTimer()
	for b.Loop() {
		n = len(FreeSlots(q))
	}
	b.ReportMetric(float64(n), "slots")
}

func benchQuery() SlotQuery {
	from := at("2026-01-05 00:00")
	q := SlotQuery{Motive: motive, From: from, To: from.AddDate(1, 0, 0), Now: from, Busy: map[int64][]Interval{}}
	for site := range 20 {
		staff := []int64{int64(1000 + 2*site), int64(1001 + 2*site)}
		for half, hours := range [][2]int{{9 * 60, 12 * 60}, {14 * 60, 17 * 60}} {
			q.Permanences = append(q.Permanences, Permanence{ID: int64(site*2 + half + 1), PlaceID: int64(site + 1), StaffIDs: staff,
				Weekday: time.Weekday(site%5 + 1), Start: hours[0], End: hours[1], EveryWeeks: 1, From: "2026-01-01",
				SkipHolidays: true, MotiveIDs: []int64{motive.ID}, Mode: ModeAppointment})
		}
		for k := range 100 {
			day := from.AddDate(0, 0, 7*(k%52)+site%5)
			s := time.Date(day.Year(), day.Month(), day.Day(), 9+k%3, 0, 0, 0, frtime.Paris)
			q.Busy[staff[k%2]] = append(q.Busy[staff[k%2]], Interval{s, s.Add(30 * time.Minute)})
		}
		q.Busy[staff[0]] = append(q.Busy[staff[0]], Interval{from.AddDate(0, 2, 0), from.AddDate(0, 2, 7)}, Interval{from.AddDate(0, 7, 0), from.AddDate(0, 7, 14)})
	}
	return q
}

// TestBenchmarkQueryCoversAYear checks the benchmark's data: a year of
// weekly permanences on 20 sites. Speed is measured by the benchmark only.
func TestBenchmarkQueryCoversAYear(t *testing.T) {
	slots := FreeSlots(benchQuery())
	if len(slots) < 10000 {
		t.Fatalf("only %d slots: the benchmark would not measure a year", len(slots))
	}
	for i := 1; i < len(slots); i++ {
		if slots[i].Start.Before(slots[i-1].Start) {
			t.Fatalf("slots out of order at %d", i)
		}
	}
}

func TestSlotValuesAndDates(t *testing.T) {
	s := Slot{PermanenceID: 12, Start: time.Unix(1772528400, 0)}
	if p, start, ok := ParseSlotValue(s.Value()); !ok || p != 12 || !start.Equal(s.Start) {
		t.Fatalf("%d %v %v", p, start, ok)
	}
	for _, bad := range []string{"", "12", "x-1", "0-1772528400", "12-x"} {
		if _, _, ok := ParseSlotValue(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	for in, want := range map[string]string{"2026-03-02": "2026-03-02", "02/03/2026": "2026-03-02", "2/3/2026": "2026-03-02", "": ""} {
		if got, ok := ParseDate(in); !ok || got != want {
			t.Errorf("%q: %q %v", in, got, ok)
		}
	}
	if _, ok := ParseDate("demain"); ok {
		t.Error("demain accepted")
	}
	if got, ok := ParseDateTime("10/03/2026", "14:30"); !ok || !got.Equal(at("2026-03-10 14:30")) {
		t.Errorf("%v %v", got, ok)
	}
	if _, ok := ParseDateTime("10/03/2026", "25:00"); ok {
		t.Error("25:00 accepted")
	}
	if got := WeekStart(at("2026-03-08 23:30")); got.Format("2006-01-02 15:04 Mon") != "2026-03-02 00:00 Mon" {
		t.Errorf("week start %v", got)
	}
}
