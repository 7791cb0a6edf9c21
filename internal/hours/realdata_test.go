package hours

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// sharedData finds ../shared/data next to the repository root, which holds
// the real files that must not be copied into the repository.
func sharedData(t *testing.T, name string) []byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("racine du dépôt (go.mod) introuvable")
		}
		dir = parent
	}
	data, err := os.ReadFile(filepath.Join(dir, "..", "shared", "data", name))
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("données réelles absentes : %s (attendu dans ../shared/data à côté du dépôt)", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// looksOSM spots values written in opening_hours rather than in French.
var looksOSM = regexp.MustCompile(`^(Mo|Tu|We|Th|Fr|Sa|Su|PH)[ ,-]|^\d\d:\d\d-`)

// malformed are the errors of values that are broken, not merely unsupported:
// chained times (08:00-12:00-14:00), a start without an end (Mo 08:30, which
// the grammar reads as an instant, meaningless for a place that receives
// people) and hours that are not HH:MM (14-17).
var malformed = map[string]bool{msgUnexpected: true, msgNoEnd: true, msgBadTime: true}

func TestRealData(t *testing.T) {
	t.Parallel()
	files := []struct {
		name string
		// Floors, so that a regression in the parser or the converter shows.
		minParsed, minConverted int
	}{
		{"lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json", 2700, 54},
		{"lieux-mediation-numerique_v0.1_hub-du-sud-paca_2023-05-16.json", 497, 0},
	}
	for _, f := range files {
		t.Run(strings.Split(f.name, "_")[2], func(t *testing.T) {
			t.Parallel()
			var rows []struct {
				Horaires string `json:"horaires"`
			}
			if err := json.Unmarshal(sharedData(t, f.name), &rows); err != nil {
				t.Fatal(err)
			}
			at := time.Date(2024, time.April, 1, 10, 0, 0, 0, paris)
			var set, parsed, converted int
			var remaining []string
			for _, r := range rows {
				v := r.Horaires
				if v == "" {
					continue
				}
				set++
				if s, err := Parse(v); err == nil {
					parsed++
					again, err := Parse(s.String())
					if err != nil || again.String() != s.String() {
						t.Errorf("%q: normalised %q does not re-parse to itself (%v)", v, s.String(), err)
					}
					s.IsOpen(at)
					s.State(at)
					s.Week(at)
					continue
				}
				if osm, err := FromFrench(v); err == nil {
					converted++
					t.Logf("converti : %q\n    → %s", v, osm)
					continue
				}
				_, err := Parse(v)
				var se *SyntaxError
				if looksOSM.MatchString(v) && (!errors.As(err, &se) || !malformed[se.Msg]) {
					// Only broken values may fail: a valid one must never be refused.
					t.Errorf("%q: %v", v, err)
				}
				remaining = append(remaining, v+"\n    ("+err.Error()+")")
			}
			t.Logf("%s : %d valeurs, %d OSM valides, %d converties depuis le français, %d restantes", f.name, set, parsed, converted, len(remaining))
			for _, r := range remaining {
				t.Logf("reste : %s", r)
			}
			if parsed < f.minParsed || converted < f.minConverted {
				t.Errorf("parsed %d (min %d), converted %d (min %d)", parsed, f.minParsed, converted, f.minConverted)
			}
		})
	}
}
