package holiday

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	t.Parallel()
	tests := []struct {
		year  int
		month time.Month
		day   int
	}{
		{1818, time.March, 22}, // earliest possible date
		{1943, time.April, 25}, // latest possible date
		{2000, time.April, 23},
		{2001, time.April, 15},
		{2002, time.March, 31},
		{2005, time.March, 27},
		{2008, time.March, 23},
		{2011, time.April, 24},
		{2013, time.March, 31},
		{2016, time.March, 27},
		{2018, time.April, 1},
		{2019, time.April, 21},
		{2020, time.April, 12},
		{2021, time.April, 4},
		{2022, time.April, 17},
		{2023, time.April, 9},
		{2024, time.March, 31},
		{2025, time.April, 20},
		{2026, time.April, 5},
		{2027, time.March, 28},
		{2028, time.April, 16},
		{2029, time.April, 1},
		{2030, time.April, 21},
		{2038, time.April, 25},
	}
	for _, tt := range tests {
		got := Easter(tt.year)
		if got.Year() != tt.year || got.Month() != tt.month || got.Day() != tt.day {
			t.Errorf("Easter(%d) = %s, want %d-%02d-%02d", tt.year, got.Format(time.DateOnly), tt.year, tt.month, tt.day)
		}
	}
}

func TestName(t *testing.T) {
	t.Parallel()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skipf("fuseau Europe/Paris indisponible : %v", err)
	}
	tests := []struct {
		date string
		want string // "" when not a holiday
	}{
		{"2024-01-01", "Jour de l'an"},
		{"2024-04-01", "Lundi de Pâques"},
		{"2024-05-01", "Fête du Travail"},
		{"2024-05-08", "Victoire 1945"},
		{"2024-05-09", "Ascension"},
		{"2024-05-20", "Lundi de Pentecôte"},
		{"2024-07-14", "Fête nationale"},
		{"2024-08-15", "Assomption"},
		{"2024-11-01", "Toussaint"},
		{"2024-11-11", "Armistice 1918"},
		{"2024-12-25", "Noël"},
		{"2024-03-31", ""}, // Easter Sunday is not a public holiday of its own
		{"2024-03-29", ""}, // Good Friday only in Alsace-Moselle
		{"2024-12-26", ""},
		{"2025-04-21", "Lundi de Pâques"},
		{"2025-05-29", "Ascension"},
		{"2025-06-09", "Lundi de Pentecôte"},
		{"2026-04-06", "Lundi de Pâques"},
		{"2008-05-01", "Fête du Travail et Ascension"},
		{"1997-05-08", "Victoire 1945 et Ascension"},
	}
	for _, tt := range tests {
		d, err := time.Parse(time.DateOnly, tt.date)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := Name(d)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Name(%s) = %q, %v; want %q", tt.date, got, ok, tt.want)
		}
		if IsHoliday(d) != (tt.want != "") {
			t.Errorf("IsHoliday(%s) = %v", tt.date, !ok)
		}
	}

	t.Run("OwnLocation", func(t *testing.T) {
		// 1 May 00:30 in Paris is still 30 April in UTC: the day is read in Paris.
		d := time.Date(2024, time.May, 1, 0, 30, 0, 0, paris)
		if !IsHoliday(d) {
			t.Error("1 May 00:30 Europe/Paris should be a holiday")
		}
		if IsHoliday(d.UTC()) {
			t.Error("30 April 22:30 UTC should not be a holiday")
		}
	})
}

func TestAlsaceMoselle(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		date string
		want string
	}{
		{"2024-03-29", "Vendredi saint"},
		{"2024-12-26", "Saint-Étienne"},
		{"2024-12-25", "Noël"},
		{"2024-04-01", "Lundi de Pâques"},
		{"2024-03-30", ""},
	} {
		d, _ := time.Parse(time.DateOnly, tt.date)
		got, ok := NameAlsaceMoselle(d)
		if got != tt.want || ok != (tt.want != "") || IsHolidayAlsaceMoselle(d) != ok {
			t.Errorf("NameAlsaceMoselle(%s) = %q, %v; want %q", tt.date, got, ok, tt.want)
		}
	}
	if n := len(InYearAlsaceMoselle(2024)); n != 13 {
		t.Errorf("InYearAlsaceMoselle(2024) has %d days, want 13", n)
	}
}

func TestInYear(t *testing.T) {
	t.Parallel()
	got := InYear(2025)
	want := []string{
		"2025-01-01 Jour de l'an",
		"2025-04-21 Lundi de Pâques",
		"2025-05-01 Fête du Travail",
		"2025-05-08 Victoire 1945",
		"2025-05-29 Ascension",
		"2025-06-09 Lundi de Pentecôte",
		"2025-07-14 Fête nationale",
		"2025-08-15 Assomption",
		"2025-11-01 Toussaint",
		"2025-11-11 Armistice 1918",
		"2025-12-25 Noël",
	}
	if len(got) != len(want) {
		t.Fatalf("InYear(2025) has %d days, want %d: %v", len(got), len(want), got)
	}
	for i, d := range got {
		if s := d.Date.Format(time.DateOnly) + " " + d.Name; s != want[i] {
			t.Errorf("InYear(2025)[%d] = %q, want %q", i, s, want[i])
		}
	}

	t.Run("SharedDate", func(t *testing.T) {
		days := InYear(2008)
		if len(days) != 10 {
			t.Fatalf("InYear(2008) has %d days, want 10 (Ascension on 1 May)", len(days))
		}
		if days[2].Name != "Fête du Travail et Ascension" {
			t.Errorf("InYear(2008)[2] = %q", days[2].Name)
		}
	})

	t.Run("EveryYearSortedAndConsistent", func(t *testing.T) {
		for y := 1900; y <= 2100; y++ {
			days := InYear(y)
			for i, d := range days {
				if i > 0 && !days[i-1].Date.Before(d.Date) {
					t.Fatalf("InYear(%d) not strictly sorted at %d", y, i)
				}
				if name, ok := Name(d.Date); !ok || name != d.Name {
					t.Fatalf("Name(%s) = %q, %v; InYear says %q", d.Date.Format(time.DateOnly), name, ok, d.Name)
				}
			}
		}
	})
}

func BenchmarkIsHoliday(b *testing.B) {
	d := time.Date(2025, time.June, 9, 10, 0, 0, 0, time.UTC)
	for b.Loop() {
		IsHoliday(d)
	}
}
