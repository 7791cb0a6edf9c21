package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func runHours(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = runHoursCheck(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func decodeHoursLines(t *testing.T, out string) []hoursCheckResult {
	t.Helper()
	var results []hoursCheckResult
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var r hoursCheckResult
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		results = append(results, r)
	}
	return results
}

func TestHoursCheckJSON(t *testing.T) {
	t.Parallel()
	t.Run("Valid", func(t *testing.T) {
		t.Parallel()
		// 1 May 2024 is a public holiday (Wednesday); 2 May is a Thursday.
		code, out, errOut := runHours(t, "", "--json",
			"--at", "2024-05-01T10:00:00", "--at", "2024-05-02T10:00", "--at", "2024-05-02T08:30:00Z", "--at", "2024-05-02T18:00:00+02:00",
			"mo-fr 9:00-12:00,14:00-17:00; PH off")
		if code != 0 || errOut != "" {
			t.Fatalf("code %d, stderr %q", code, errOut)
		}
		if strings.Count(out, "\n") != 1 {
			t.Fatalf("want one line, got %q", out)
		}
		r := decodeHoursLines(t, out)[0]
		want := []bool{false, true, true, false}
		if !r.Valid || r.Error != "" || r.OSM != "Mo-Fr 09:00-12:00,14:00-17:00; PH off" || len(r.Open) != len(want) {
			t.Fatalf("got %+v", r)
		}
		for i := range want {
			if r.Open[i] != want[i] {
				t.Errorf("open[%d] = %v, want %v", i, r.Open[i], want[i])
			}
		}
	})
	t.Run("NoAt", func(t *testing.T) {
		t.Parallel()
		code, out, _ := runHours(t, "", "--json", "24/7")
		if code != 0 || !strings.Contains(out, `"open":[]`) {
			t.Fatalf("code %d, out %q", code, out)
		}
	})
	t.Run("Invalid", func(t *testing.T) {
		t.Parallel()
		code, out, _ := runHours(t, "", "--json", "--at", "2024-05-02T10:00", "Mo-Fr sunrise-sunset")
		if code != 1 {
			t.Fatalf("code %d, want 1", code)
		}
		if !strings.Contains(out, `"open":[]`) || !strings.Contains(out, `"osm":""`) {
			t.Errorf("invalid expression must give open [] and osm \"\": %q", out)
		}
		r := decodeHoursLines(t, out)[0]
		if r.Valid || r.Error != "syntaxe non prise en charge : « sunrise » (position 7)" {
			t.Errorf("got %+v", r)
		}
	})
}

func TestHoursCheckStdin(t *testing.T) {
	t.Parallel()
	in := "Mo-Fr 09:00-12:00\n\n  24/7  \r\nMo 08:30\nSa 10:00-12:00; PH off\n"
	code, out, errOut := runHours(t, in, "--json", "--at", "2024-05-04T11:00", "-")
	if code != 1 || errOut != "" {
		t.Fatalf("code %d (want 1: one line is invalid), stderr %q", code, errOut)
	}
	rs := decodeHoursLines(t, out)
	if len(rs) != 4 {
		t.Fatalf("want 4 results (blank lines skipped), got %d: %q", len(rs), out)
	}
	wantValid := []bool{true, true, false, true}
	wantOpen := []bool{false, true, false, true} // 4 May 2024 is a Saturday
	for i, r := range rs {
		if r.Valid != wantValid[i] {
			t.Errorf("line %d valid = %v", i, r.Valid)
		}
		if r.Valid && (len(r.Open) != 1 || r.Open[0] != wantOpen[i]) {
			t.Errorf("line %d open = %v, want [%v]", i, r.Open, wantOpen[i])
		}
	}
	if rs[1].OSM != "24/7" || !strings.HasPrefix(rs[2].Error, "heure de fin manquante") {
		t.Errorf("got %+v and %+v", rs[1], rs[2])
	}

	t.Run("AllValid", func(t *testing.T) {
		t.Parallel()
		code, out, _ := runHours(t, "Mo 10:00-12:00\nTu off\n", "-")
		if code != 0 || out != "valide : Mo 10:00-12:00\nvalide : Tu off\n" {
			t.Errorf("code %d, out %q", code, out)
		}
	})
}

func TestHoursCheckText(t *testing.T) {
	t.Parallel()
	code, out, _ := runHours(t, "", "--at", "2024-05-02T10:00", "--at", "2024-05-02T13:00", "Mo-Fr 09:00-12:00,14:00-17:00")
	want := "valide : Mo-Fr 09:00-12:00,14:00-17:00 · 2024-05-02 10:00 : ouvert · 2024-05-02 13:00 : fermé\n"
	if code != 0 || out != want {
		t.Errorf("code %d\n got %q\nwant %q", code, out, want)
	}

	code, out, _ = runHours(t, "", "Su 10:00+")
	if code != 1 || out != "invalide : Su 10:00+ — syntaxe non prise en charge : « + » (position 9)\n" {
		t.Errorf("code %d, out %q", code, out)
	}

	// An unquoted expression arrives as several arguments.
	code, out, _ = runHours(t, "", "Mo-Fr", "09:00-12:00")
	if code != 0 || out != "valide : Mo-Fr 09:00-12:00\n" {
		t.Errorf("code %d, out %q", code, out)
	}
}

func TestHoursCheckUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"NoExpression", nil, "expression attendue"},
		{"UnknownFlag", []string{"--verbose", "24/7"}, "option inconnue"},
		{"AtAfterExpression", []string{"24/7", "--at"}, "les options se placent avant l'expression"},
		{"AtWithoutValue", []string{"--at"}, "attend une valeur"},
		{"BadAt", []string{"--at", "demain", "24/7"}, "--at « demain » : date attendue au format RFC 3339"},
		{"FlagAfterExpression", []string{"24/7", "--json"}, "les options se placent avant l'expression"},
		{"StdinAndMore", []string{"-", "-"}, "les options se placent avant l'expression"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runHours(t, "", tt.args...)
			if code != 2 || out != "" {
				t.Errorf("code %d, stdout %q", code, out)
			}
			if !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "parcours hours check : ") {
				t.Errorf("stderr %q, want one line containing %q", errOut, tt.want)
			}
		})
	}

	t.Run("Help", func(t *testing.T) {
		t.Parallel()
		code, out, _ := runHours(t, "", "-h")
		if code != 0 || !strings.Contains(out, "Utilisation : parcours hours check") {
			t.Errorf("code %d, out %q", code, out)
		}
	})
}
