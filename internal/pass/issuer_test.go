package pass

import (
	"strings"
	"testing"
)

// FuzzReadIssuerList: any input either is refused as unreadable or gives
// one outcome per line, and carnets only when every line they hold is
// accepted, each with 5 or 10 valid numbers.
func FuzzReadIssuerList(f *testing.F) {
	f.Add("carnet;pass;fin_validite\nA;A1;31/12/2026\nA;A2;31/12/2026\nA;A3;31/12/2026\nA;A4;31/12/2026\nA;A5;31/12/2026\n")
	f.Add("carnet,pass,fin_validite,valeur\nB,B1,2026-12-31,20\n")
	f.Add("\"carnet\";\"pass\"\n")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := ReadIssuerList(strings.NewReader(in))
		if err != nil {
			return
		}
		accepted := map[string]int{}
		for _, r := range l.Rows {
			if r.Error == "" {
				accepted[r.Carnet]++
			}
		}
		for _, c := range l.Carnets {
			if len(c.Numbers) != 5 && len(c.Numbers) != 10 || accepted[c.Identifier] != len(c.Numbers) || !ValidNumber(c.Identifier) {
				t.Fatalf("carnet %+v from %q", c, in)
			}
			for _, n := range c.Numbers {
				if !ValidNumber(n) {
					t.Fatalf("number %q", n)
				}
			}
		}
	})
}

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{" ab-12 34.5 ": "AB12345", "é1": "\ufffd1", "": ""} {
		if got := NormalizeNumber(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
	if ValidNumber(NormalizeNumber("é1")) || ValidNumber(strings.Repeat("A", 41)) || !ValidNumber("AB12") {
		t.Fatal("ValidNumber")
	}
}
