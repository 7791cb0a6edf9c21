package commune

import "testing"

func TestResolveCode(t *testing.T) {
	for _, tc := range []struct {
		in, code string
		ok       bool
	}{
		{"17299", "17299", true},
		{"Rochefort (17300)", "17299", true},
		{"rochefort", "", false}, // several communes are called Rochefort
		{"Igny", "", false},      // Essonne and Haute-Saône
		{"Igny (91430)", "91312", true},
		{"Saint-Germain-en-Laye", "78551", true},
		{"2a004", "2A004", true},
		{"Nulleville", "", false},
		{"", "", false},
	} {
		code, msg := ResolveCode(tc.in)
		if (msg == "") != tc.ok || code != tc.code {
			t.Errorf("%q: code %q msg %q", tc.in, code, msg)
		}
	}
}
