package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSafeKeyCommands: a new key is created once, the demo stores its
// residence permit with the key given, the rotation re-wraps it with a new
// key, and a rotation from a key that wraps nothing changes nothing.
func TestSafeKeyCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"PARCOURS_DATA_DIR": dir}
	k1, k2 := filepath.Join(dir, "k1"), filepath.Join(dir, "k2")
	for _, k := range []string{k1, k2} {
		if r := runCmd(t, env, "", "safe", "new-key", k); r.code != 0 || !strings.Contains(r.stdout, "empreinte") {
			t.Fatalf("new-key: %d %q %q", r.code, r.stdout, r.stderr)
		}
	}
	if r := runCmd(t, env, "", "safe", "new-key", k1); r.code != 1 {
		t.Fatalf("an existing key is not overwritten: %d", r.code)
	}
	if r := runCmd(t, env, "", "demo", "--safe-key-file", k1); r.code != 0 {
		t.Fatalf("demo: %d %q", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, demoSafeKey)); err == nil {
		t.Fatal("a demo key was drawn although a key was given")
	}
	files, _ := os.ReadDir(filepath.Join(dir, "coffre"))
	if len(files) != 1 {
		t.Fatalf("%d files in the safe folder after the demo, want 1", len(files))
	}
	if r := runCmd(t, env, "", "safe", "rotate-key", "--old", k1, "--new", k2); r.code != 0 || !strings.Contains(r.stdout, "1 clés") {
		t.Fatalf("rotate-key: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runCmd(t, env, "", "safe", "rotate-key", "--old", k1, "--new", filepath.Join(dir, demoSafeKey)); r.code != 2 {
		t.Fatalf("a missing key file: %d %q", r.code, r.stderr)
	}
	k3 := filepath.Join(dir, "k3")
	runCmd(t, env, "", "safe", "new-key", k3)
	if r := runCmd(t, env, "", "safe", "rotate-key", "--old", k1, "--new", k3); r.code != 1 || !strings.Contains(r.stderr, "Aucune clé n'a changé") {
		t.Fatalf("rotation from the old key again: %d %q", r.code, r.stderr)
	}
	if r := runCmd(t, env, "", "serve", "--safe-key-file", filepath.Join(dir, "coffre")); r.code != 2 || !strings.Contains(r.stderr, "--safe-key-file") {
		t.Fatalf("a folder as key file: %d %q", r.code, r.stderr)
	}
}
