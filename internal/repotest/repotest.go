// Package repotest finds the repository's root from a test, whatever
// package directory the test runs in and however it was built: the tests
// are built with -trimpath (so that a clone in another folder reuses the
// build cache), which leaves no absolute source path to start from.
package repotest

import (
	"os"
	"path/filepath"
)

// Root is the nearest folder holding go.mod above the working directory
// (a test's working directory is its package's folder), or "." when none.
func Root() string {
	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}
