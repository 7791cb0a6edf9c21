package ui

import "testing"

// Browsers drop tabs and newlines and read "\" as "/": every way of
// writing "//evil.example", plain or percent-encoded, must be refused.
func TestSafeReturn(t *testing.T) {
	for in, want := range map[string]string{
		"/espace/personnes?page=2":      "/espace/personnes?page=2",
		"/espace/lieux/12?q=caf%C3%A9":  "/espace/lieux/12?q=caf%C3%A9",
		"/%09/evil.example":             "",
		"/%0a/evil.example":             "",
		"/%0D%0A/evil.example":          "",
		"/\t/evil.example":              "",
		"/\n/evil.example":              "",
		"//evil.example/":               "",
		"/%2F/evil.example":             "",
		"/%2f%2fevil.example":           "",
		"/%252F%252Fevil.example":       "",
		"/\\evil.example":               "",
		"/%5Cevil.example":              "",
		"/%5cevil.example":              "",
		"\\/evil.example":               "",
		"https://evil.example/":         "",
		"https:/evil.example/":          "",
		"javascript:alert(1)":           "",
		"/espace\r\nSet-Cookie: x":      "",
		"/ /evil.example":               "",
		"/%20/evil.example":             "",
		"/%E2%80%A8/evil.example":       "",
		"/%zz":                          "",
		"":                              "",
		"espace":                        "",
		"/espace/personnes#fiche":       "/espace/personnes#fiche",
		"/connexion?retour=%2Fespace":   "/connexion?retour=%2Fespace",
		"/%09%2F%2Fevil.example/espace": "",
	} {
		if got := SafeReturn(in); got != want {
			t.Errorf("SafeReturn(%q) = %q, want %q", in, got, want)
		}
	}
}
