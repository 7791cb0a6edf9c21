package csvsafe

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"Médiathèque":             "Médiathèque",
		"=HYPERLINK(\"x\",\"y\")": "'=HYPERLINK(\"x\",\"y\")",
		"+cmd|' /C calc'!A0":      "'+cmd|' /C calc'!A0",
		"-2+3":                    "'-2+3",
		"@SUM(A1)":                "'@SUM(A1)",
		"\tTAB":                   "'\tTAB",
		"\rCR":                    "'\rCR",
		"＝1+1":                    "'＝1+1",
		"-3":                      "-3",
		"+33612345678":            "+33612345678",
		"-12,5":                   "-12,5",
		"-Inf":                    "'-Inf",
		"+1e5":                    "'+1e5",
		"a=b":                     "a=b",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriterNeutralisesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Write([]string{"=1+1", "ok", "@x"}); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rec, err := csv.NewReader(&b).Read()
	if err != nil {
		t.Fatal(err)
	}
	if rec[0] != "'=1+1" || rec[1] != "ok" || rec[2] != "'@x" {
		t.Fatalf("record %q", rec)
	}
}

func FuzzCell(f *testing.F) {
	for _, s := range []string{"=1", "-1", "+33 6", "@", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Cell(s)
		if c == "" {
			return
		}
		switch c[0] {
		case '=', '@', '\t', '\r', '\n':
			t.Fatalf("Cell(%q) = %q starts a formula", s, c)
		case '+', '-':
			if !isNumber(c) {
				t.Fatalf("Cell(%q) = %q starts with a sign but is no number", s, c)
			}
		}
	})
}
