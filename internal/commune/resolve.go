package commune

import (
	"slices"
	"strings"

	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Resolve reads a commune as people type it: an INSEE code, a postal code
// with a single commune, or a name with or without its postal code
// ("Rochefort (17300)"). It returns the INSEE code, or a French message
// saying what to type instead.
func Resolve(input string) (code, msg string) {
	in := strings.TrimSpace(input)
	if in == "" {
		return "", "Saisissez la commune : son nom ou son code INSEE."
	}
	if ValidCode(strings.ToUpper(in)) {
		return strings.ToUpper(in), ""
	}
	name, cp := in, ""
	if i := strings.LastIndexByte(in, '('); i > 0 && strings.HasSuffix(in, ")") {
		name, cp = strings.TrimSpace(in[:i]), strings.TrimSpace(in[i+1:len(in)-1])
	} else if len(in) == 5 && strings.Trim(in, "0123456789") == "" {
		name, cp = "", in
	}
	var candidates []Commune
	if name == "" {
		candidates = ByPostalCode(cp)
	} else {
		for _, c := range Search(name, 50) {
			if textfold.Key(c.Name) == textfold.Key(name) && (cp == "" || slices.Contains(c.PostalCodes, cp)) {
				candidates = append(candidates, c)
			}
		}
	}
	switch len(candidates) {
	case 1:
		return candidates[0].Code, ""
	case 0:
		return "", "Commune introuvable : vérifiez l'orthographe ou saisissez son code INSEE (5 caractères)."
	}
	return "", "Plusieurs communes correspondent : précisez le code postal, par exemple « " + Label(candidates[0]) + " », ou saisissez le code INSEE."
}
