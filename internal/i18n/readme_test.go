package i18n

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the languages table of the README from the message files")

const readmePath = "../../README.md"

// The README's languages table sits between these two lines.
const (
	tableBegin = "<!-- languages table: generated from internal/i18n/locales by TestReadmeLanguagesTable -->"
	tableEnd   = "<!-- end of the languages table -->"
)

// englishNames names each language in the README's language.
var englishNames = map[string]string{
	"fr": "French", FALC: "Easy-to-read French (FALC)", "ar": "Arabic", "en": "English", "es": "Spanish",
	"ru": "Russian", "ps": "Pashto", "fa": "Persian", "uk": "Ukrainian", "ca": "Catalan", "ka": "Georgian", "ro": "Romanian",
}

// languagesTable is the README's table, read from the message files: each
// language's direction, whether a fluent reader has reviewed its file (as
// meta.reviewed records it) and its number of keys.
func languagesTable() (string, error) {
	var b strings.Builder
	b.WriteString("| Language | Its own name | Code | Direction | Reviewed by a fluent reader | Keys |\n")
	b.WriteString("|---|---|---|---|---|---:|\n")
	for _, l := range Langs {
		name, ok := englishNames[l.Code]
		if !ok {
			return "", fmt.Errorf("the README has no English name for %s", l.Code)
		}
		dir := "left to right"
		if l.RTL {
			dir = "right to left"
		}
		reviewed := "no: its pages say so"
		if l.Reviewed() {
			reviewed = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | `%s` | %s | %s | %d |\n", name, l.Name, l.Code, dir, reviewed, len(Messages(l.Code)))
	}
	return b.String(), nil
}

// TestReadmeLanguagesTable fails when the README's languages table differs
// from the message files: a file reviewed, a key added or a language added
// shows in the README (go test -run TestReadmeLanguagesTable -update-readme
// ./internal/i18n/ rewrites it).
func TestReadmeLanguagesTable(t *testing.T) {
	want, err := languagesTable()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	start := strings.Index(readme, tableBegin)
	end := strings.Index(readme, tableEnd)
	if start < 0 || end < start {
		t.Fatalf("the README lacks the languages table between %q and %q", tableBegin, tableEnd)
	}
	body := start + len(tableBegin) + 1
	got := readme[body:end]
	if got == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(readmePath, []byte(readme[:body]+want+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's languages table differs from the message files (go test -run TestReadmeLanguagesTable -update-readme ./internal/i18n/):\nREADME:\n%s\nfiles:\n%s", got, want)
}
