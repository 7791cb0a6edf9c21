package hours

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// at reads "2006-01-02 15:04" in Europe/Paris.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, paris)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustParse(t testing.TB, expr string) *Schedule {
	t.Helper()
	s, err := Parse(expr)
	if err != nil {
		t.Fatalf("Parse(%q): %v", expr, err)
	}
	return s
}

func TestParseNormalises(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		// OSM wiki examples.
		{"Mo-Fr 08:00-17:30", "Mo-Fr 08:00-17:30"},
		{"Mo-Fr 08:00-12:00,13:00-17:30", "Mo-Fr 08:00-12:00,13:00-17:30"},
		{"Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00", "Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00"},
		{"Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00; PH off", "Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00; PH off"},
		{"24/7", "24/7"},
		{"Mo-Sa 10:00-20:00; Tu off", "Mo-Sa 10:00-20:00; Tu off"},
		{"Mo-Sa 10:00-20:00; Tu 10:00-14:00", "Mo-Sa 10:00-20:00; Tu 10:00-14:00"},
		{"Mo-Fr 08:00-18:00; Sa 10:00-14:00; Su,PH off", "Mo-Fr 08:00-18:00; Sa 10:00-14:00; Su,PH off"},
		{"Jan-Mar Mo-Fr 09:00-17:00", "Jan-Mar Mo-Fr 09:00-17:00"},
		{"Dec 25 off", "Dec 25 off"},
		{"Mo-Fr 10:00-20:00; PH off", "Mo-Fr 10:00-20:00; PH off"},
		{"Mo 10:00-12:00,12:30-15:00; Tu-Fr 08:00-12:00,12:30-15:00; Sa 08:00-12:00", "Mo 10:00-12:00,12:30-15:00; Tu-Fr 08:00-12:00,12:30-15:00; Sa 08:00-12:00"},
		{"Mo-We,Fr 09:00-13:30,14:00-18:30", "Mo-We,Fr 09:00-13:30,14:00-18:30"},
		{"Mo-Su 10:00-19:00; Jun off; Dec 25 off", "10:00-19:00; Jun off; Dec 25 off"},
		{"Mo,Tu,Th,Fr 12:00-18:00; Sa 12:00-17:00; Th[3],Th[-1] off", "Mo,Tu,Th,Fr 12:00-18:00; Sa 12:00-17:00; Th[3,-1] off"},
		{"00:00-24:00; Tu-Su 08:30-09:00 off; Tu-Su 14:00-14:30 off; Mo 08:00-13:00 off", "24/7; Tu-Su 08:30-09:00 off; Tu-Su 14:00-14:30 off; Mo 08:00-13:00 off"},
		// Weekdays.
		{"Mo,We,Fr 09:00-12:00", "Mo,We,Fr 09:00-12:00"},
		{"Sa-Mo 10:00-12:00", "Sa-Mo 10:00-12:00"},
		{"Fr-Tu 10:00-12:00", "Fr-Tu 10:00-12:00"},
		{"Mo,Tu,We 10:00-12:00", "Mo-We 10:00-12:00"},
		{"Tu,Mo 10:00-12:00", "Mo,Tu 10:00-12:00"},
		{"Sa,Su 10:00-12:00", "Sa,Su 10:00-12:00"},
		{"Mo-Su 10:00-12:00", "10:00-12:00"},
		{"Mo-Su,PH 10:00-12:00", "10:00-12:00"},
		{"PH,Su off", "Su,PH off"},
		{"PH Mo-Fr 10:00-12:00", "PH Mo-Fr 10:00-12:00"},
		{"Sa[2] 09:00-12:00", "Sa[2] 09:00-12:00"},
		{"Sa[1-3],Su[-1] 09:00-12:00", "Sa[1-3],Su[-1] 09:00-12:00"},
		{"Sa[1-5] 09:00-12:00", "Sa 09:00-12:00"},
		{"Mo 09:00-12:00", "Mo 09:00-12:00"},
		{"Mo", "Mo open"},
		{"Mo open", "Mo open"},
		{"Mo-Fr", "Mo-Fr open"},
		{"open", "24/7"},
		{"off", "off"},
		{"closed", "off"},
		// Times.
		{"Mo-Fr 9:00-12:00", "Mo-Fr 09:00-12:00"},
		{"Mo-Fr 14:00-17:00,09:00-12:00", "Mo-Fr 09:00-12:00,14:00-17:00"},
		{"Mo-Fr 09:00-13:00,13:00-17:00", "Mo-Fr 09:00-17:00"},
		{"Th,Fr 09:00-12:00,09:00-12:00", "Th,Fr 09:00-12:00"},
		{"Mo-Fr 08:00-12:00, 13:00-17:30", "Mo-Fr 08:00-12:00,13:00-17:30"},
		{"Fr 22:00-02:00", "Fr 22:00-02:00"},
		{"Fr 22:00-26:00", "Fr 22:00-02:00"},
		{"Fr 19:00-11:00", "Fr 19:00-11:00"},
		{"Sa 18:00-24:00", "Sa 18:00-24:00"},
		{"Sa 00:00-24:00", "Sa open"},
		{"Mo 14:00-14:00", "Mo 14:00-14:00"},
		{"Mo 01:00-48:00", "Mo 01:00-48:00"},
		// Dates.
		{"Dec 24 10:00-12:00", "Dec 24 10:00-12:00"},
		{"Jul 15-Aug 31 off", "Jul 15-Aug 31 off"},
		{"Dec 24-26 off", "Dec 24-26 off"},
		{"Dec 24-Dec 26 off", "Dec 24-26 off"},
		{"Dec 24-Jan 02 off", "Dec 24-Jan 02 off"},
		{"Jan-Jun Mo-Fr 09:00-12:00", "Jan-Jun Mo-Fr 09:00-12:00"},
		{"Nov-Feb off", "Nov-Feb off"},
		{"Jul,Aug off", "Jul,Aug off"},
		{"Dec 25,Jan 01 off", "Dec 25,Jan 01 off"},
		{"Dec 1 off", "Dec 01 off"},
		{"2024 Dec 24 off", "2024 Dec 24 off"},
		{"2024 Dec 24-2025 Jan 02 off", "2024 Dec 24-2025 Jan 02 off"},
		{"2024 Dec 24-Jan 02 off", "2024 Dec 24-2025 Jan 02 off"},
		{"2024 Jan-Mar 10:00-12:00", "2024 Jan-Mar 10:00-12:00"},
		{"2024-2026 Dec 24 off", "2024-2026 Dec 24 off"},
		{"2024 Mo-Fr 10:00-12:00", "2024 Mo-Fr 10:00-12:00"},
		{"Jan-Mar: Mo-Fr 09:00-17:00", "Jan-Mar Mo-Fr 09:00-17:00"},
		// Comments and states.
		{`Mo 09:00-12:00 "sur rendez-vous"`, `Mo 09:00-12:00 "sur rendez-vous"`},
		{`Mo 09:00-12:00 unknown "sur rendez-vous"`, `Mo 09:00-12:00 "sur rendez-vous"`},
		{`Mo 09:00-12:00 open "accueil libre"`, `Mo 09:00-12:00 open "accueil libre"`},
		{`Mo-Fr 09:00-12:00; Sa "sur rendez-vous"`, `Mo-Fr 09:00-12:00; Sa "sur rendez-vous"`},
		{`"sur rendez-vous"`, `"sur rendez-vous"`},
		{`Aug off "fermeture estivale"`, `Aug off "fermeture estivale"`},
		{"Mo unknown", "Mo unknown"},
		// Separators and tolerated variants.
		{"Mo-Fr 08:00-12:00, Sa 10:00-12:00", "Mo-Fr 08:00-12:00, Sa 10:00-12:00"},
		{"Mo 10:00-12:00, Mo-Su 14:00-16:00", "Mo 10:00-12:00, Mo-Su 14:00-16:00"},
		{"Mo-Fr 09:00-12:00;Sa 10:00-12:00", "Mo-Fr 09:00-12:00; Sa 10:00-12:00"},
		{"Mo-Fr 09:00-12:00 ;  Sa 10:00-12:00 ;", "Mo-Fr 09:00-12:00; Sa 10:00-12:00"},
		{"mo-fr 09:00-12:00; ph OFF", "Mo-Fr 09:00-12:00; PH off"},
		{"Mo–Fr 09:00–12:00", "Mo-Fr 09:00-12:00"},
		{"Mo-Fr: 09:00-12:00", "Mo-Fr 09:00-12:00"},
		{"08:00-13:00,13:00-18:00", "08:00-18:00"},
	}
	for _, tt := range tests {
		s, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := s.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		again, err := Parse(s.String())
		if err != nil || again.String() != s.String() {
			t.Errorf("%q does not re-parse to itself: %v", s.String(), err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string
	}{
		{"Mo-Fr sunrise-sunset", "syntaxe non prise en charge : « sunrise » (position 7)"},
		{"sunrise-sunset", "syntaxe non prise en charge : « sunrise » (position 1)"},
		{"Mo-Fr 10:00-sunset", "syntaxe non prise en charge : « sunset » (position 13)"},
		{"Mo-Fr (sunrise+01:00)-18:00", "syntaxe non prise en charge : « ( » (position 7)"},
		{"Su 10:00+", "syntaxe non prise en charge : « + » (position 9)"},
		{"Mo-Fr 10:00-12:00+", "syntaxe non prise en charge : « + » (position 18)"},
		{"week 1-53/2 Fr 09:00-12:00", "syntaxe non prise en charge : « week » (position 1)"},
		{"easter off", "syntaxe non prise en charge : « easter » (position 1)"},
		{"SH off", "syntaxe non prise en charge : « SH » (position 1)"},
		{"Mo-Fr 09:00-12:00; SH off", "syntaxe non prise en charge : « SH » (position 20)"},
		{"Mo-Fr 09:00-12:00 || \"sur rendez-vous\"", "syntaxe non prise en charge : « || » (position 19)"},
		{"Mo-Fr 10:00-16:00/90", "syntaxe non prise en charge : « / » (position 18)"},
		{"PH +1 day off", "syntaxe non prise en charge : « + » (position 4)"},
		{"2024+ off", "syntaxe non prise en charge : « + » (position 5)"},
		{"Dec 24+ off", "syntaxe non prise en charge : « + » (position 7)"},
		{"", "expression vide (position 1)"},
		{"   ", "expression vide (position 1)"},
		{"Mo 08:30", "heure de fin manquante (les horaires ponctuels ne sont pas pris en charge) : « 08:30 » (position 4)"},
		{"Mo-Fr 08:00-12:00,13:45-16:30; Tu 08:00-13:45-16:30", "élément inattendu : « - » (position 46)"},
		{"Mo-Th 10h00-12h30", "heure invalide (format attendu HH:MM) : « 10h00 » (position 7)"},
		{"Mo 14-17", "heure invalide (format attendu HH:MM) : « 14 » (position 4)"},
		{"Mo 25:00-26:00", "heure invalide (format attendu HH:MM) : « 25:00 » (position 4)"},
		{"Mo 10:00-49:00", "heure invalide (format attendu HH:MM) : « 49:00 » (position 10)"},
		{"Mo 10:60-12:00", "heure invalide (format attendu HH:MM) : « 10:60 » (position 4)"},
		{"Mo 17:30:10:00-12:00", "heure invalide (format attendu HH:MM) : « 17:30:10:00 » (position 4)"},
		{"Mo 10:00-", "heure invalide (format attendu HH:MM) (position 10)"},
		{"Mo-Fr 09:00-12:00 Sa 10:00-12:00", "élément inattendu : « Sa » (position 19)"},
		{"Lu-Ve 09:00-12:00", "élément inattendu : « Lu » (position 1)"},
		{"Mo-Fr 09:00-12:00;; Sa off", "règle vide : « ; » (position 19)"},
		{`Mo 09:00-12:00 "sur rendez-vous`, `commentaire non fermé : « " » (position 16)`},
		{"Mo 09:00-12:00 « sur rendez-vous »", "commentaire attendu entre guillemets droits : « « » (position 16)"},
		{"Mo 09:00-12:00 é", "caractère inattendu : « é » (position 16)"},
		{"Feb 30 off", "date invalide : « 30 » (position 5)"},
		{"Dec 24- off", "date invalide : « off » (position 9)"},
		{"2025 Dec 24-2024 Dec 26 off", "plage inversée : « 26 » (position 22)"},
		{"2026-2024 off", "plage inversée : « 2024 » (position 6)"},
		{"Sa[6] off", "rang invalide (attendu de 1 à 5 ou de -1 à -5) : « 6 » (position 4)"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error %q", tt.in, tt.want)
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error %T is not a *SyntaxError", tt.in, err)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("Parse(%q) error\n got %q\nwant %q", tt.in, err.Error(), tt.want)
		}
	}
}

func TestIsOpen(t *testing.T) {
	t.Parallel()
	// 2024-04-01 is Easter Monday; 2024-05-01 (Wednesday) is a public holiday.
	tests := []struct {
		expr string
		at   string
		want bool
	}{
		{"Mo-Fr 08:00-17:30", "2024-04-02 08:00", true},
		{"Mo-Fr 08:00-17:30", "2024-04-02 07:59", false},
		{"Mo-Fr 08:00-17:30", "2024-04-02 17:29", true},
		{"Mo-Fr 08:00-17:30", "2024-04-02 17:30", false},
		{"Mo-Fr 08:00-17:30", "2024-04-06 10:00", false},
		{"Mo-Fr 08:00-12:00,13:00-17:30", "2024-04-02 12:30", false},
		{"Mo-Fr 08:00-12:00,13:00-17:30", "2024-04-02 13:00", true},
		{"Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00", "2024-04-06 11:00", true},
		{"Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00", "2024-04-06 13:00", false},
		{"24/7", "2024-04-06 03:00", true},
		{"Mo-Sa 10:00-20:00; Tu off", "2024-04-02 11:00", false},
		{"Mo-Sa 10:00-20:00; Tu off", "2024-04-03 11:00", true},
		{"Mo-Sa 10:00-20:00; Tu 10:00-14:00", "2024-04-02 15:00", false},
		{"Mo-Sa 10:00-20:00; Tu 10:00-14:00", "2024-04-02 13:00", true},
		{"Mo-Fr 08:00-18:00; Sa 10:00-14:00; Su,PH off", "2024-04-07 11:00", false},
		{"Mo-Fr 08:00-18:00; Sa 10:00-14:00; Su,PH off", "2024-05-01 11:00", false},
		{"Mo-Fr 08:00-18:00; Sa 10:00-14:00; Su,PH off", "2024-05-02 11:00", true},
		// ";" overrides the day, "," adds to it.
		{"Mo-Fr 09:00-17:00; We 14:00-18:00", "2024-04-03 10:00", false},
		{"Mo-Fr 09:00-17:00; We 14:00-18:00", "2024-04-03 17:30", true},
		{"Mo-Fr 09:00-17:00, We 14:00-18:00", "2024-04-03 10:00", true},
		{"Mo-Fr 09:00-17:00, We 14:00-18:00", "2024-04-03 17:30", true},
		{"Mo-Fr 09:00-17:00, We off", "2024-04-03 10:00", false},
		// An "off" with times only closes those times.
		{"Mo-Sa 10:00-20:00; Tu 12:00-14:00 off", "2024-04-02 11:00", true},
		{"Mo-Sa 10:00-20:00; Tu 12:00-14:00 off", "2024-04-02 13:00", false},
		// Public holidays: Easter Monday 2024 is 1 April.
		{"Mo-Fr 09:00-17:00; PH off", "2024-04-01 10:00", false},
		{"Mo-Fr 09:00-17:00; PH off", "2024-04-08 10:00", true},
		{"Mo-Fr 09:00-17:00; PH 10:00-12:00", "2024-04-01 11:00", true},
		{"Mo-Fr 09:00-17:00; PH 10:00-12:00", "2024-04-01 14:00", false},
		{"PH Mo-Fr 10:00-12:00", "2024-04-01 11:00", true},
		{"PH Mo-Fr 10:00-12:00", "2024-04-08 11:00", false},
		{"PH Mo-Fr 10:00-12:00", "2024-12-25 11:00", true},
		{"Su,PH 10:00-12:00", "2024-05-08 11:00", true},
		{"Su,PH 10:00-12:00", "2024-05-07 11:00", false},
		// Past midnight.
		{"Fr 22:00-02:00", "2024-04-05 23:00", true},
		{"Fr 22:00-02:00", "2024-04-06 01:59", true},
		{"Fr 22:00-02:00", "2024-04-06 02:00", false},
		{"Fr 22:00-02:00", "2024-04-05 01:00", false},
		{"Fr 19:00-11:00", "2024-04-06 10:00", true},
		{"Sa 18:00-24:00", "2024-04-06 23:59", true},
		{"Sa 18:00-24:00", "2024-04-07 00:00", false},
		{"Mo-Fr 22:00-02:00; Sa 10:00-12:00", "2024-04-06 01:00", false},
		{"Mo-Fr 22:00-02:00, Sa 10:00-12:00", "2024-04-06 01:00", true},
		{"Mo 01:00-48:00", "2024-04-02 23:00", true},
		{"Mo 01:00-48:00", "2024-04-03 00:00", false},
		// Weekday lists, ranges and wrapping ranges.
		{"Mo,We,Fr 09:00-12:00", "2024-04-03 10:00", true},
		{"Mo,We,Fr 09:00-12:00", "2024-04-04 10:00", false},
		{"Sa-Mo 10:00-12:00", "2024-04-07 11:00", true},
		{"Sa-Mo 10:00-12:00", "2024-04-08 11:00", true},
		{"Sa-Mo 10:00-12:00", "2024-04-09 11:00", false},
		// Nth weekday of the month: 2024-04-13 is the 2nd Saturday, 2024-04-27 the last.
		{"Sa[2] 09:00-12:00", "2024-04-13 10:00", true},
		{"Sa[2] 09:00-12:00", "2024-04-20 10:00", false},
		{"Sa[-1] 09:00-12:00", "2024-04-27 10:00", true},
		{"Sa[-1] 09:00-12:00", "2024-04-20 10:00", false},
		// Months and dates.
		{"Jan-Mar Mo-Fr 09:00-17:00", "2024-03-29 10:00", true},
		{"Jan-Mar Mo-Fr 09:00-17:00", "2024-04-02 10:00", false},
		{"Mo-Fr 09:00-17:00; Dec 25 off", "2024-12-25 10:00", false},
		{"Mo-Fr 09:00-17:00; Dec 25 off", "2024-12-24 10:00", true},
		{"Mo-Fr 09:00-17:00; Jul 15-Aug 31 off", "2024-07-15 10:00", false},
		{"Mo-Fr 09:00-17:00; Jul 15-Aug 31 off", "2024-09-02 10:00", true},
		{"Mo-Fr 09:00-17:00; Dec 24-Jan 02 off", "2025-01-02 10:00", false},
		{"Mo-Fr 09:00-17:00; Dec 24-Jan 02 off", "2025-01-03 10:00", true},
		{"Mo-Fr 09:00-17:00; Nov-Feb 10:00-12:00", "2025-02-03 14:00", false},
		{"Mo-Fr 09:00-17:00; Nov-Feb 10:00-12:00", "2025-03-03 14:00", true},
		{"Jan-Jun Mo-Fr 09:00-12:00", "2024-06-28 10:00", true},
		{"Jan-Jun Mo-Fr 09:00-12:00", "2024-07-01 10:00", false},
		{"2024 Dec 24 10:00-12:00", "2024-12-24 11:00", true},
		{"2024 Dec 24 10:00-12:00", "2025-12-24 11:00", false},
		{"2024 Dec 24-Jan 02 10:00-12:00", "2025-01-02 11:00", true},
		{"2024 Dec 24-Jan 02 10:00-12:00", "2024-01-02 11:00", false},
		{"2024-2025 10:00-12:00", "2025-06-01 11:00", true},
		{"2024-2025 10:00-12:00", "2026-06-01 11:00", false},
		// Comments: a rule with only a comment is "unknown", not open.
		{`Mo 09:00-12:00 "sur rendez-vous"`, "2024-04-08 10:00", false},
		{`Mo 09:00-12:00 open "accueil libre"`, "2024-04-08 10:00", true},
		{`Mo-Fr 09:00-12:00; We "sur rendez-vous"`, "2024-04-03 10:00", false},
		{"off", "2024-04-03 10:00", false},
		{"Mo unknown", "2024-04-08 10:00", false},
	}
	for _, tt := range tests {
		s := mustParse(t, tt.expr)
		if got := s.IsOpen(at(t, tt.at)); got != tt.want {
			t.Errorf("Parse(%q).IsOpen(%s) = %v, want %v", tt.expr, tt.at, got, tt.want)
		}
	}

	t.Run("OtherZone", func(t *testing.T) {
		// 08:30 UTC is 10:30 in Paris in April.
		s := mustParse(t, "Mo-Fr 10:00-12:00")
		if !s.IsOpen(time.Date(2024, time.April, 2, 8, 30, 0, 0, time.UTC)) {
			t.Error("instants are read in Europe/Paris")
		}
	})
}

// TestPlanAgreesWithIsOpen checks that the fast evaluation and the full day
// plan used by State and Week agree, minute by minute.
func TestPlanAgreesWithIsOpen(t *testing.T) {
	t.Parallel()
	exprs := []string{
		"Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
		"Mo-Fr 22:00-02:00; Sa 10:00-12:00",
		"Mo-Fr 22:00-02:00, Sa 10:00-12:00; Su 23:00-01:00",
		"Mo-Sa 10:00-20:00; Tu 12:00-14:00 off; We off",
		`Mo-Fr 09:00-12:00; We 08:00-10:00 "sur rendez-vous", We 11:00-13:00`,
		"24/7; Dec 25 off; Sa[2] 10:00-12:00",
		"Mo 01:00-48:00; Tu 05:00-06:00",
		"Mo 14:00-14:00",
	}
	start := at(t, "2024-03-30 00:00")
	for _, e := range exprs {
		s := mustParse(t, e)
		for m := 0; m < 10*24*60; m += 7 {
			when := start.Add(time.Duration(m) * time.Minute)
			y, mo, d := when.Date()
			want, _ := s.plan(y, mo, d).at(when.Hour()*60 + when.Minute())
			got, _ := s.stateAt(when)
			if got != want {
				t.Fatalf("%q at %s: stateAt %d, plan %d", e, when, got, want)
			}
		}
	}
}

func TestState(t *testing.T) {
	t.Parallel()
	week := "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:30-12:00; PH off"
	tests := []struct {
		expr, at string
		open     bool
		changes  string // "" for none
		text     string
	}{
		{week, "2024-04-02 10:00", true, "2024-04-02 12:00", "Ouvert · ferme à 12 h"},
		{week, "2024-04-02 12:30", false, "2024-04-02 14:00", "Fermé · ouvre aujourd'hui à 14 h"},
		{week, "2024-04-02 18:00", false, "2024-04-03 09:00", "Fermé · ouvre demain à 9 h"},
		{week, "2024-04-05 18:00", false, "2024-04-06 09:30", "Fermé · ouvre demain à 9 h 30"},
		{week, "2024-04-06 13:00", false, "2024-04-08 09:00", "Fermé · ouvre lundi à 9 h"},
		// Easter Monday is off: the next opening is Tuesday.
		{week, "2024-03-30 13:00", false, "2024-04-02 09:00", "Fermé · ouvre mardi à 9 h"},
		{"24/7", "2024-04-02 10:00", true, "", "Ouvert 24 h/24"},
		{"off", "2024-04-02 10:00", false, "", "Fermé"},
		{"Fr 22:00-02:00", "2024-04-05 23:00", true, "2024-04-06 02:00", "Ouvert · ferme demain à 2 h"},
		{"Mo-Fr 18:00-24:00", "2024-04-05 23:00", true, "2024-04-06 00:00", "Ouvert · ferme à minuit"},
		{"Mo-Fr 18:00-24:00", "2024-04-04 23:00", true, "2024-04-05 00:00", "Ouvert · ferme à minuit"},
		{"Mo 09:00-12:00", "2024-04-08 12:00", false, "2024-04-15 09:00", "Fermé · ouvre lundi 15 avril à 9 h"},
		{"Sa[1] 09:00-12:00", "2024-04-08 12:00", false, "", "Fermé"},
		{`Mo-Fr 09:00-12:00 "sur rendez-vous"`, "2024-04-02 10:00", false, "2024-04-02 12:00", "Sur rendez-vous · jusqu'à 12 h"},
		{`Mo-Fr 09:00-12:00 "sur rendez-vous"`, "2024-04-02 13:00", false, "2024-04-03 09:00", "Fermé · demain à 9 h : sur rendez-vous"},
		{`Mo-Fr 09:00-12:00 open "accueil libre"`, "2024-04-02 10:00", true, "2024-04-02 12:00", "Ouvert · ferme à 12 h · accueil libre"},
		{`Mo-Fr 09:00-17:00; Dec 25 off "Noël"`, "2024-12-25 10:00", false, "2024-12-26 09:00", "Fermé · ouvre demain à 9 h · Noël"},
		{"Mo-Su 10:00-02:00", "2024-04-02 01:00", true, "2024-04-02 02:00", "Ouvert · ferme à 2 h"},
	}
	for _, tt := range tests {
		st := mustParse(t, tt.expr).State(at(t, tt.at))
		var want time.Time
		if tt.changes != "" {
			want = at(t, tt.changes)
		}
		if st.Open != tt.open || !st.Changes.Equal(want) || st.Text != tt.text {
			t.Errorf("Parse(%q).State(%s) = {Open:%v Changes:%s Text:%q}, want {%v %s %q}",
				tt.expr, tt.at, st.Open, st.Changes.Format(time.DateTime), st.Text, tt.open, tt.changes, tt.text)
		}
	}
}

func TestWeek(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr, at string
		want     []string
	}{
		{
			"Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:30-12:00; PH off", "2024-04-03 10:00",
			[]string{
				"lundi : fermé · Lundi de Pâques",
				"mardi : 9 h – 12 h, 14 h – 17 h",
				"mercredi : 9 h – 12 h, 14 h – 17 h",
				"jeudi : 9 h – 12 h, 14 h – 17 h",
				"vendredi : 9 h – 12 h, 14 h – 17 h",
				"samedi : 9 h 30 – 12 h",
				"dimanche : fermé",
			},
		},
		{
			`Mo-Fr 09:00-12:00; We 14:00-17:00 "sur rendez-vous"; Fr 22:00-02:00; Su 18:00-24:00`, "2024-04-08 10:00",
			[]string{
				"lundi : 9 h – 12 h",
				"mardi : 9 h – 12 h",
				"mercredi : 14 h – 17 h (sur rendez-vous)",
				"jeudi : 9 h – 12 h",
				"vendredi : 22 h – 2 h",
				"samedi : fermé",
				"dimanche : 18 h – minuit",
			},
		},
		{
			"24/7; Dec 25 off \"Noël\"", "2024-12-25 10:00",
			[]string{
				"lundi : 24 h/24",
				"mardi : 24 h/24",
				"mercredi : fermé (Noël) · Noël",
				"jeudi : 24 h/24",
				"vendredi : 24 h/24",
				"samedi : 24 h/24",
				"dimanche : 24 h/24",
			},
		},
		{
			`Mo 09:00-12:00 open "accueil libre", Mo 14:00-16:00 "sur rendez-vous"; Tu 00:00-02:00`, "2024-04-08 10:00",
			[]string{
				"lundi : 9 h – 12 h (accueil libre), 14 h – 16 h (sur rendez-vous)",
				"mardi : 0 h – 2 h",
				"mercredi : fermé",
				"jeudi : fermé",
				"vendredi : fermé",
				"samedi : fermé",
				"dimanche : fermé",
			},
		},
	}
	for _, tt := range tests {
		week := mustParse(t, tt.expr).Week(at(t, tt.at))
		if len(week) != 7 {
			t.Fatalf("Week returned %d days", len(week))
		}
		for i, d := range week {
			if got := d.String(); got != tt.want[i] {
				t.Errorf("Parse(%q).Week(%s)[%d] = %q, want %q", tt.expr, tt.at, i, got, tt.want[i])
			}
		}
		if week[0].Date.Weekday() != time.Monday || week[0].Date.Location() != paris {
			t.Errorf("week starts on %s", week[0].Date)
		}
	}
}

func TestFromFrench(t *testing.T) {
	t.Parallel()
	ok := []struct{ in, want string }{
		{"Du lundi au vendredi : 9h-12h / 14h-17h", "Mo-Fr 09:00-12:00,14:00-17:00"},
		{"Lundi, mardi et jeudi de 9h à 12h et de 14h à 17h", "Mo,Tu,Th 09:00-12:00,14:00-17:00"},
		{"Mardi 14h-17h30", "Tu 14:00-17:30"},
		{"du lundi au vendredi de 8h30 à 12h00", "Mo-Fr 08:30-12:00"},
		{"Lundi : 8h30-12h ; Mardi à Vendredi : 8h30-12h/14h-17h ; Samedi : 9h-11h", "Mo 08:30-12:00; Tu-Fr 08:30-12:00,14:00-17:00; Sa 09:00-11:00"},
		{"Du lundi au jeudi de 9 h - 12 h 30 et de 13 h 30 - 17 heures", "Mo-Th 09:00-12:30,13:30-17:00"},
		{"Lundi : 14H - 17HMardi : 9H30 - 12H", "Mo 14:00-17:00; Tu 09:30-12:00"},
		{"lundi au vendredi 8h15-19h30 et week-end 9h-19h30", "Mo-Fr 08:15-19:30; Sa,Su 09:00-19:30"},
		{"Lundi au vendredi 8h-12h, lundi : 13h30-17h, vendredi 13h30-16h30", "Mo 08:00-12:00,13:30-17:00; Tu-Th 08:00-12:00; Fr 08:00-12:00,13:30-16:30"},
		{"Du lundi au vendredi : 9h - 12h / 12h30 - 16h \nfermé le mercredi", "Mo,Tu,Th,Fr 09:00-12:00,12:30-16:00"},
		{"Tous les jours de 10h à 18h sauf le mardi", "We-Mo 10:00-18:00"},
		{"Lundi au vendredi 9h-12h, mercredi : fermé", "Mo,Tu,Th,Fr 09:00-12:00"},
		{"Mercredi : fermé. Lundi au vendredi 9h-12h", "Mo,Tu,Th,Fr 09:00-12:00"},
		{"Les week-ends et jours fériés de 13h15 à 16h45", "Sa,Su 13:15-16:45; PH 13:15-16:45"},
		{"Du lundi au vendredi de 9h à 17h, fermé les jours fériés", "Mo-Fr 09:00-17:00; PH off"},
		{"Mardi, Jeudi : 9h-12h Le samedi sur rendez-vous", `Tu,Th 09:00-12:00; Sa "sur rendez-vous"`},
		{"Le 2ème samedi du mois : 9h-12h", "Sa[2] 09:00-12:00"},
		{"Samedi 9h-12h, le dernier samedi du mois 14h-16h", "Sa 09:00-12:00, Sa[-1] 14:00-16:00"},
		{"Le dernier samedi du mois 14h-16h, samedi 9h-12h", "Sa 09:00-12:00, Sa[-1] 14:00-16:00"},
		{"<ul><li>mardi-jeudi-vendredi 14H00-17H45</li><li>mercredi 15H00-17H45</li></ul>", "Tu,Th,Fr 14:00-17:45; We 15:00-17:45"},
		{"lundi-vendredi 9h-12h", "Mo-Fr 09:00-12:00"},
		{"Du lundi au vendredi de 9h00 - 12h30 et le mardi après-midi de 14h00 - 17h00.", "Mo,We-Fr 09:00-12:30; Tu 09:00-12:30,14:00-17:00"},
		{"du lundi au samedi de 9h à midi", "Mo-Sa 09:00-12:00"},
		{"Lun-Ven 9h-17h", "Mo-Fr 09:00-17:00"},
		{"24h/24", "24/7"},
		{"24h/24 7j/7", "24/7"},
		{"Mo-Fr 9h-12h30,13h30-17h", "Mo-Fr 09:00-12:30,13:30-17:00"},
		{"Mo-Fr 09:00-12:00", "Mo-Fr 09:00-12:00"},
		{"Lundi&nbsp;: 9h-12h", "Mo 09:00-12:00"},
	}
	for _, tt := range ok {
		got, err := FromFrench(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("FromFrench(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	rejected := []string{
		"",
		"Très variables",
		"9h-12h30 / 13h30-17h30", // no days
		"lundi au vendredi 9h30-12h et 14h-17h15 (vendredi 17h)", // exception in parentheses
		"Du lundi ou vendredi de 9h - 12h",                       // "ou" is not "au"
		"Du lundi au vendredi 9h-18h, le vendredi 9h-17h",        // overlapping: an exception we cannot place
		"Lundi, mardi : 8h45 - 12h30 - 13h30 - 17h30",            // chained times
		"Accueil avant 17h ; départ pour 9h",
		"Mardi 18.30h-20h",
		"Jeudi 18h30-20",
		"Fermé du 1er au 15 août",
		"Lundi",
		"Mardi 22h-2h",                    // past midnight in free text is more often a typo
		"le jeudi après-midi de 9h à 12h", // part of day contradicts the hours
		"Du lundi au vendredi, le mercredi sur rendez-vous de 9h à 12h",
		"Mo 08:30",
		"Mo-Fr 08:00-12:00,13:45-16:30; Tu 08:00-13:45-16:30",
		"En période scolaire : lundi 9h-12h",
		"permanence tél. du lundi au vendredi de 10h30 à 19h30.",
	}
	for _, in := range rejected {
		got, err := FromFrench(in)
		var fe *FrenchError
		if err == nil || !errors.As(err, &fe) || fe.Reason == "" {
			t.Errorf("FromFrench(%q) = %q, %v; want a rejection that says why", in, got, err)
		}
	}
}

// Every refusal names the words it did not understand, as typed, so that
// nothing is dropped without the person who typed it knowing.
func TestFromFrenchNamesWhatItRefuses(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, part string }{
		{"du lundi au vendredi de 9h à 12h sauf vacances scolaires", "sauf vacances scolaires"},
		{"Lundi 9h-12h (sauf pendant les vacances)", "(sauf pendant les vacances)"},
		{"Mardi 9h-12h, Très variables le jeudi", "Très variables le jeudi"},
		{"9h-12h30 / 13h30-17h30", "9h-12h30 / 13h30-17h30"},
		{"Fermé du 1er au 15 août", "Fermé du 1er au 15 août"},
		{"Lundi", "Lundi"},
		{"Lundi, mardi : 8h45 - 12h30 - 13h30 - 17h30", "8h45 - 12h30 - 13h30 - 17h30"},
		{"Mardi 25h-26h", "25h-26h"},
		{"Du lundi au vendredi 9h-18h, le vendredi 9h-17h", "vendredi 9h-17h"},
		{"Week-end et jours fériés 10h-12h, du lundi au vendredi 9h-12h sauf jours fériés", "Week-end et jours fériés 10h-12h"},
	} {
		_, err := FromFrench(tt.in)
		var fe *FrenchError
		if !errors.As(err, &fe) || fe.Part != tt.part || fe.Reason == "" {
			t.Errorf("FromFrench(%q): %v; want the part « %s » named", tt.in, err, tt.part)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "Horaires non compris : « "+tt.part+" » (") {
			t.Errorf("FromFrench(%q): message %q", tt.in, msg)
		}
	}
}

// A public holiday excluded in words closes the place that day: it used to
// be dropped, and the place showed "ouvert" on 25 December.
func TestFromFrenchPublicHolidaysExcluded(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"du lundi au vendredi de 9h à 12h sauf jours fériés",
		"Du lundi au vendredi de 9h à 12h, sauf les jours fériés",
	} {
		osm, err := FromFrench(in)
		if err != nil || osm != "Mo-Fr 09:00-12:00; PH off" {
			t.Fatalf("FromFrench(%q) = %q, %v", in, osm, err)
		}
		s := mustParse(t, osm)
		if christmas := at(t, "2026-12-25 10:00"); s.IsOpen(christmas) {
			t.Errorf("%q: open on Christmas Day, a Friday", in)
		}
		if friday := at(t, "2026-12-18 10:00"); !s.IsOpen(friday) {
			t.Errorf("%q: closed on an ordinary Friday", in)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00; PH off",
		"24/7", "off", `"sur rendez-vous"`, "Mo 10:00-12:00, 14:00-16:00 off",
		"Sa-Mo 10:00-12:00; Su[-1],Sa[1-2] off", "PH Mo-Fr 10:00-12:00",
		"2024 Dec 24-Jan 02 off; Nov-Feb: 10:00-12:00", "Dec 25,Jan 01 off",
		"Fr 22:00-02:00, Sa 10:00-26:00; Mo 01:00-48:00", "2024-2026 Jul,Aug off",
		`Mo 09:00-12:00 open "x", Tu unknown "y"`, "Mo-Su 10:00-12:00", "mo-FR 9:00-12:00;",
		"Mo-Fr sunrise-sunset", "Su 10:00+", "Mo 08:30", "Tu 08:00-13:45-16:30",
	} {
		f.Add(seed)
	}
	when := time.Date(2024, time.April, 1, 10, 0, 0, 0, paris)
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := Parse(expr)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 1 || se.Msg == "" {
				t.Fatalf("Parse(%q): malformed error %#v", expr, err)
			}
			return
		}
		norm := s.String()
		again, err := Parse(norm)
		if err != nil {
			t.Fatalf("Parse(%q).String() = %q does not parse: %v", expr, norm, err)
		}
		if again.String() != norm {
			t.Fatalf("Parse(%q): %q re-parses as %q", expr, norm, again.String())
		}
		if s.IsOpen(when) != again.IsOpen(when) {
			t.Fatalf("Parse(%q) and its normal form %q disagree at %s", expr, norm, when)
		}
		if st := s.State(when); st.Text == "" || strings.Contains(st.Text, "  ") {
			t.Fatalf("Parse(%q).State: %q", expr, st.Text)
		}
		for _, d := range s.Week(when) {
			_ = d.String()
		}
	})
}

func FuzzFromFrench(f *testing.F) {
	for _, seed := range []string{
		"Du lundi au vendredi : 9h-12h / 14h-17h", "Lundi, mardi et jeudi de 9h à 12h et de 14h à 17h",
		"Le 2ème samedi du mois : 9h-12h", "Tous les jours de 10h à 18h sauf le mardi, fermé les jours fériés",
		"<li>mardi-jeudi-vendredi 14H00-17H45</li>", "Mardi 12 h 30 - 13 h 15 sur rendez-vous", "24h/24 7j/7",
		"Mo-Fr 9h-12h30", "lundi&nbsp;: 9h-midi",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		osm, err := FromFrench(text)
		if err != nil {
			var fe *FrenchError
			if !errors.As(err, &fe) || fe.Reason == "" || len([]rune(fe.Part)) > 60 {
				t.Fatalf("FromFrench(%q): error %#v does not say why", text, err)
			}
			return
		}
		s, err := Parse(osm)
		if err != nil || s.String() != osm {
			t.Fatalf("FromFrench(%q) = %q, not a normalised expression (%v)", text, osm, err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	const expr = "Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00; PH off"
	for b.Loop() {
		if _, err := Parse(expr); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIsOpen(b *testing.B) {
	s := mustParse(b, "Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00; PH off")
	when := time.Date(2024, time.April, 2, 10, 0, 0, 0, paris)
	for b.Loop() {
		s.IsOpen(when)
	}
}

func BenchmarkState(b *testing.B) {
	s := mustParse(b, "Mo-Fr 08:00-12:00,13:00-17:30; Sa 08:00-12:00; PH off")
	when := time.Date(2024, time.April, 2, 10, 0, 0, 0, paris)
	for b.Loop() {
		s.State(when)
	}
}

func BenchmarkFromFrench(b *testing.B) {
	const text = "Du lundi au jeudi de 8h45 - 12h30 et de 13h30 - 17h30. Le vendredi de 8h45 - 12h30 et de 13h30 - 16h30."
	for b.Loop() {
		if _, err := FromFrench(text); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		expr string
		want []string
	}{
		{"Mo-Fr 09:00-12:00; PH off", []string{"Du lundi au vendredi : 9 h – 12 h", "Jours fériés : fermé"}},
		{"Mo,We,Fr 09:00-12:00,14:00-17:30", []string{"Lundi, mercredi et vendredi : 9 h – 12 h, 14 h – 17 h 30"}},
		{"Sa,Su 10:00-12:00", []string{"Samedi et dimanche : 10 h – 12 h"}},
		{"Sa-Mo 10:00-12:00", []string{"Du samedi au lundi : 10 h – 12 h"}},
		{"24/7", []string{"Tous les jours : 24 h/24"}},
		{"Mo-Su 08:00-20:00", []string{"Tous les jours : 8 h – 20 h"}},
		{"Sa 09:00-12:00, Sa[-1] 14:00-16:00", []string{"Samedi : 9 h – 12 h", "En plus, le dernier samedi du mois : 14 h – 16 h"}},
		{"Sa[1,3] 09:00-12:00", []string{"Les 1er et 3e samedi du mois : 9 h – 12 h"}},
		{`Tu "sur rendez-vous"`, []string{"Mardi : sur rendez-vous"}},
		{"Dec 24-Jan 02 off", []string{"Du 24 décembre au 2 janvier : fermé"}},
		{"Aug off", []string{"En août : fermé"}},
		{"Fr 22:00-02:00", []string{"Vendredi : 22 h – 2 h"}},
	} {
		got := mustParse(t, tt.expr).Describe()
		if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
			t.Errorf("Describe(%q) = %q, want %q", tt.expr, got, tt.want)
		}
	}
}
