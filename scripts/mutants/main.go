// Command mutants checks that the tests guard every tenant scope: for each
// scoped query listed in mutants.go, it removes the scope condition (with
// go test -overlay, the tree is never modified), runs the tests that must
// notice, and expects them to fail. It prints each mutant as killed or
// survived and exits 1 when one survives or a mutant no longer matches the
// code (each mutant's text must occur exactly once in its file).
//
//	go run ./scripts/mutants            # all mutants
//	go run ./scripts/mutants -run ListPersons
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// mutant removes one scope condition from one query.
type mutant struct {
	Name    string // the query, as people call it
	File    string // from the repository root
	Find    string // exact text, present once in File
	Replace string // the same query without its scope
	Tests   []string
}

func main() {
	run := flag.String("run", "", "only mutants whose name contains this text")
	flag.Parse()
	root, err := os.Getwd()
	if err != nil {
		fail(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		fail(fmt.Errorf("run from the repository root: %w", err))
	}
	tmp, err := os.MkdirTemp("", "parcours-mutants-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(tmp)
	killed, total, broken := 0, 0, 0
	for i, m := range mutants {
		if *run != "" && !strings.Contains(m.Name, *run) {
			continue
		}
		total++
		src, err := os.ReadFile(filepath.Join(root, m.File))
		if err != nil {
			fail(err)
		}
		if n := bytes.Count(src, []byte(m.Find)); n != 1 {
			fmt.Printf("BROKEN    %-40s %s: the text to mutate occurs %d times (want 1): update scripts/mutants\n", m.Name, m.File, n)
			broken++
			continue
		}
		mutated := filepath.Join(tmp, fmt.Sprintf("m%d.go", i))
		if err := os.WriteFile(mutated, bytes.Replace(src, []byte(m.Find), []byte(m.Replace), 1), 0o600); err != nil {
			fail(err)
		}
		overlay := filepath.Join(tmp, fmt.Sprintf("m%d.json", i))
		b, _ := json.Marshal(map[string]any{"Replace": map[string]string{filepath.Join(root, m.File): mutated}})
		if err := os.WriteFile(overlay, b, 0o600); err != nil {
			fail(err)
		}
		start := time.Now()
		args := append([]string{"test", "-count=1", "-overlay=" + overlay}, m.Tests...)
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		switch {
		case err == nil:
			fmt.Printf("SURVIVED  %-40s %s (%s): the tests passed without the scope\n", m.Name, m.File, time.Since(start).Round(time.Second))
		case bytes.Contains(out, []byte("[build failed]")) || bytes.Contains(out, []byte("[setup failed]")):
			fmt.Printf("BROKEN    %-40s %s: the mutant does not compile\n%s\n", m.Name, m.File, out)
			broken++
		default:
			fmt.Printf("KILLED    %-40s %s (%s)\n", m.Name, m.File, time.Since(start).Round(time.Second))
			killed++
		}
	}
	fmt.Printf("%d of %d mutants killed\n", killed, total)
	if killed != total || broken > 0 || total == 0 {
		os.Exit(1)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "mutants:", err)
	os.Exit(2)
}
