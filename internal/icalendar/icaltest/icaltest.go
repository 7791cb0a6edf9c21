// Package icaltest parses iCalendar files back with ical.js, the real
// parser of the npm package, through Node, for tests of the files Parcours
// writes. It skips when Node or node_modules is missing, except in CI.
package icaltest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/parcours-numerique/parcours/internal/repotest"
)

// Parsed is what ical.js read.
type Parsed struct {
	Version   string   `json:"version"`
	ProdID    string   `json:"prodid"`
	Name      string   `json:"name"`
	Method    string   `json:"method"`
	Timezones []string `json:"timezones"`
	Events    []Event  `json:"events"`
}

// Event is one VEVENT as ical.js read it; Start and End are UTC ISO times.
type Event struct {
	UID         string   `json:"uid"`
	Summary     string   `json:"summary"`
	Location    string   `json:"location"`
	Description string   `json:"description"`
	URL         string   `json:"url"`
	Status      string   `json:"status"`
	TZID        string   `json:"tzid"`
	Start       string   `json:"start"`
	End         string   `json:"end"`
	DTStamp     string   `json:"dtstamp"`
	Sequence    int      `json:"sequence"`
	Attendees   []string `json:"attendees"`
}

// Parse runs ical.js on data.
func Parse(t testing.TB, data []byte) Parsed {
	t.Helper()
	dir := filepath.Join(repotest.Root(), "internal", "icalendar", "icaltest")
	modules := filepath.Join(repotest.Root(), "node_modules")
	node, err := exec.LookPath("node")
	if _, statErr := os.Stat(filepath.Join(modules, "ical.js", "dist", "ical.js")); err != nil || statErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("ical.js cannot run (node: %v, node_modules/ical.js: %v): npm ci installs it", err, statErr)
		}
		t.Skipf("iCalendar files not parsed back: Node.js or node_modules/ical.js missing (run npm ci)")
	}
	path := filepath.Join(t.TempDir(), "agenda.ics")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, filepath.Join(dir, "parse.mjs"), modules, path).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("ical.js could not parse the file: %v\n%s\n%s", err, msg, data)
	}
	var p Parsed
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatalf("ical.js output: %v\n%s", err, out)
	}
	return p
}
