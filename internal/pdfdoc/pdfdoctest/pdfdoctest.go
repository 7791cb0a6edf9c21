// Package pdfdoctest reads the PDFs the tests make with a real reader,
// poppler's pdftotext. In CI (CI=true) a missing reader fails the test, as
// .ci/run installs it; elsewhere the test is skipped with a message.
package pdfdoctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Text returns the text of pdf, in reading order, or as laid out on the
// page when layout is true.
func Text(t testing.TB, pdf []byte, layout bool) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is missing: .ci/run installs Debian's poppler-utils")
		}
		t.Skip("pdftotext (Debian package poppler-utils) is missing: the PDF's text is not read back")
	}
	path := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-enc", "UTF-8", path, "-"}
	if layout {
		args = append([]string{"-layout"}, args...)
	}
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
