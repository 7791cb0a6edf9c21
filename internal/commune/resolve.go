package commune

import (
	"slices"
	"strings"

	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Resolve finds the one commune a person means by what they typed: an INSEE
// code, a postal code that one commune alone has, or a name, with or without
// its postal code ("Rochefort (17300)"). When there is not exactly one, the
// French message says what to type instead.
func Resolve(input string) (Commune, string) {
	in := strings.TrimSpace(input)
	if in == "" {
		return Commune{}, "Saisissez la commune : son nom ou son code INSEE."
	}
	if code := strings.ToUpper(in); ValidCode(code) {
		if c, ok := Lookup(code); ok {
			return c, ""
		}
	}
	name, cp := in, ""
	if open := strings.LastIndexByte(in, '('); open > 0 && strings.HasSuffix(in, ")") {
		name, cp = strings.TrimSpace(in[:open]), strings.TrimSpace(in[open+1:len(in)-1])
	} else if len(in) == 5 && isDigits(in) {
		name, cp = "", in
	}
	var found []Commune
	if name == "" {
		found = ByPostalCode(cp)
	} else {
		key := textfold.Key(name)
		for _, c := range Search(name, 50) {
			if textfold.Key(c.Name) == key && (cp == "" || slices.Contains(c.PostalCodes, cp)) {
				found = append(found, c)
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return Commune{}, "Commune introuvable : vérifiez l'orthographe ou saisissez son code INSEE (5 caractères)."
	}
	return Commune{}, "Plusieurs communes correspondent : précisez le code postal, par exemple « " + Label(found[0]) + " », ou saisissez le code INSEE."
}

// ResolveCode is Resolve for forms that keep only the INSEE code.
func ResolveCode(input string) (code, message string) {
	c, msg := Resolve(input)
	return c.Code, msg
}
