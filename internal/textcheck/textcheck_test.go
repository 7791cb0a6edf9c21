package textcheck

import "testing"

func TestValid(t *testing.T) {
	for s, want := range map[string]bool{
		"":                        true,
		"Élodie N'Diaye":          true,
		"ligne 1\r\nligne 2\tfin": true,
		"مريم":                    true,
		"\ufffd écrit tel quel":   true,
		"a\x00b":                  false,
		"a\xffb":                  false,
		"\xc3":                    false,
		"a\x1bb":                  false,
		"a\x7fb":                  false,
		"a\u0085b":                false,
		"fichier\u202egpj.exe":    false,
		"a\u2067b":                false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzValid(f *testing.F) {
	f.Add("Élodie")
	f.Add("a\x00b")
	f.Fuzz(func(t *testing.T, s string) {
		if Valid(s) {
			for _, r := range s {
				if r == 0 || r == 0x202e {
					t.Fatalf("Valid(%q) accepted a forbidden rune", s)
				}
			}
		}
	})
}
