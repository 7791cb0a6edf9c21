package textfold

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"Empty", "", ""},
		{"OnlySeparators", " - ’ ' . ", ""},
		{"AlreadyKey", "saint germain en laye", "saint germain en laye"},
		{"Hyphens", "Saint-Germain-en-Laye", "saint germain en laye"},
		{"SaintKept", "Sainte-Marie-aux-Mines", "sainte marie aux mines"},
		{"StNotExpanded", "St-Malo", "st malo"},
		{"AcuteUpper", "ÉVRY-COURCOURONNES", "evry courcouronnes"},
		{"Grave", "Argelès-sur-Mer", "argeles sur mer"},
		{"Cedilla", "Besançon", "besancon"},
		{"OeLigature", "Œuilly", "oeuilly"},
		{"OeInside", "Cœuvres-et-Valsery", "coeuvres et valsery"},
		{"AeLigature", "Lætitia", "laetitia"},
		{"SharpS", "Straße", "strasse"},
		{"CapitalSharpS", "STRAẞE", "strasse"},
		{"Diaeresis", "L'Haÿ-les-Roses", "l hay les roses"},
		{"TypographicApostrophe", "L’Île-Saint-Denis", "l ile saint denis"},
		{"ModifierApostrophe", "LʼÎle-d'Yeu", "l ile d yeu"},
		{"Parentheses", "Château-Chinon (Ville)", "chateau chinon ville"},
		{"CollapseSpaces", "  Le   Havre\t\n", "le havre"},
		{"Dashes", "Aix–en—Provence", "aix en provence"},
		{"Digits", "Paris 11e Arrondissement", "paris 11e arrondissement"},
		{"Decomposed", "E\u0301vry", "evry"},
		{"DecomposedCedilla", "Franc\u0327ois", "francois"},
		{"Polish", "Łódź Wałęsa", "lodz walesa"},
		{"Czech", "Dvořák Čapek", "dvorak capek"},
		{"Romanian", "Ștefan Țepeș", "stefan tepes"},
		{"Turkish", "İstanbul Işık", "istanbul isik"},
		{"Nordic", "Søren Ærø Åsa", "soren aero asa"},
		{"Icelandic", "Þórður Guðmundsson", "thordur gudmundsson"},
		{"Hungarian", "Erdős Győr", "erdos gyor"},
		{"Dutch", "Ĳsselmeer", "ijsselmeer"},
		{"Catalan", "Paral·lel", "parallel"},
		{"Ordinal", "1ª 2º", "1a 2o"},
		{"Kelvin", "\u212A", "k"},
		{"Greek", "Ελλάδα", "ελλάδα"},
		{"Cyrillic", "Москва", "москва"},
		{"Arabic", "محمد", "محمد"},
		{"Symbols", "a+b=c & d@e", "a b c d e"},
		{"Underscore", "snake_case", "snake case"},
		{"Emoji", "café ☕ crème", "cafe creme"},
		{"InvalidUTF8", "ab\xffcd", "ab cd"},
		{"InvalidUTF8Only", "\xff\xfe", ""},
		{"SoftHyphen", "Mont\u00ADpellier", "montpellier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Key(tt.in); got != tt.want {
				t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"Évry-Courcouronnes", "evry courcouronnes", true},
		{"Cœur", "COEUR", true},
		{"L'Haÿ-les-Roses", "l’hay les roses", true},
		{"Saint-Malo", "St-Malo", false},
		{"Rochefort", "Rochefort-sur-Mer", false},
		{"", " - ", true},
	}
	for _, tt := range tests {
		if got := Equal(tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestFoldTableLetters checks that every letter of Latin-1 Supplement and
// Latin Extended-A folds to plain ASCII.
func TestFoldTableLetters(t *testing.T) {
	t.Parallel()
	for r := rune(0xC0); r <= 0x17F; r++ {
		if r == '×' || r == '÷' {
			continue
		}
		k := Key(string(r))
		if k == "" {
			t.Errorf("Key(%q) is empty", r)
			continue
		}
		for i := 0; i < len(k); i++ {
			if c := k[i]; c < 'a' || c > 'z' {
				t.Errorf("Key(%q) = %q, want lowercase ASCII letters", r, k)
				break
			}
		}
	}
}

// TestKeyEveryRune checks the properties the fuzz target checks, on every
// single code point, so that they hold without running the fuzzer.
func TestKeyEveryRune(t *testing.T) {
	t.Parallel()
	for r := rune(0); r <= utf8.MaxRune; r++ {
		s := "a" + string(r) + "B" + string(r)
		checkKey(t, s)
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{
		"", "Saint-Germain-en-Laye", "L'Haÿ-les-Roses", "ÉVRY", "Straße", "ẞ",
		"E\u0301vry", "a\xffb", " -- ", "\u212A", "Lʼîle", "Москва", "Paral·lel",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkKey(t, s)
	})
}

func checkKey(t *testing.T, s string) {
	t.Helper()
	k := Key(s)
	if !utf8.ValidString(k) {
		t.Fatalf("Key(%q) = %q is not valid UTF-8", s, k)
	}
	if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
		t.Fatalf("Key(%q) = %q has stray spaces", s, k)
	}
	if kk := Key(k); kk != k {
		t.Fatalf("Key(Key(%q)) = %q, want %q", s, kk, k)
	}
	if !Equal(s, k) {
		t.Fatalf("Equal(%q, Key(%[1]q)) = false", s)
	}
}

var sink string

func BenchmarkKey(b *testing.B) {
	inputs := []struct{ name, s string }{
		{"AlreadyKey", "saint germain en laye"},
		{"ASCII", "Saint-Germain-en-Laye"},
		{"Accents", "L'Haÿ-les-Roses"},
		{"Upper", "ÉVRY-COURCOURONNES"},
		{"Long", strings.Repeat("Cœuvres-et-Valsery Argelès-sur-Mer ", 20)},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.s)))
			b.ReportAllocs()
			for b.Loop() {
				sink = Key(in.s)
			}
		})
	}
}
