// Package commune is the list of French communes (INSEE COG 2024) shipped in
// the binary: lookup by INSEE or postal code, name search, and neighbours.
//
// Paris, Marseille and Lyon are present both as whole cities (75056, 13055,
// 69123) and as municipal arrondissements (75101…, 13201…, 69381…). Data
// provenance and licence: PROVENANCE.md.
package commune

//go:generate go run ./gen -in ../../../shared/data/communes-france_2024_insee-cp-latlng-population.csv -out communes.tsv.gz

// Kinds of commune, as the INSEE COG spells them.
const (
	KindCommune        = "COM"  // commune
	KindDelegated      = "COMD" // commune déléguée, part of a commune nouvelle
	KindArrondissement = "ARM"  // arrondissement municipal of Paris, Marseille or Lyon
)

// Commune is one commune, commune déléguée or municipal arrondissement.
type Commune struct {
	Code       string // INSEE code: 5 characters, 2A/2B for Corsica
	Name       string // official name with its article: "L'Haÿ-les-Roses"
	Department string // "78", "2A", "974"
	// PostalCodes are sorted; the slice is shared between callers and must
	// not be modified.
	PostalCodes []string
	Lat, Lon    float64 // WGS 84 degrees, meaningful only when HasCoords
	HasCoords   bool
	// Population is the 2021 municipal population; 0 for a commune déléguée
	// (the source knows only its commune nouvelle's) and for Mayotte.
	Population int
	Kind       string // KindCommune, KindDelegated or KindArrondissement
	// Parent is the city of an arrondissement, or the commune nouvelle of a
	// commune déléguée (which shares its code); empty for a commune.
	Parent string
}

// Lookup returns the commune (or arrondissement) with this INSEE code; a
// commune déléguée sharing the code of its commune nouvelle is not returned.
func Lookup(code string) (Commune, bool) {
	d := loaded()
	i, ok := d.find(code)
	if !ok {
		return Commune{}, false
	}
	return d.commune(i), true
}

// ByPostalCode returns the communes, arrondissements and communes déléguées
// served by the postal code cp, the most populated first.
func ByPostalCode(cp string) []Commune {
	d := loaded()
	n, ok := postalNumber(cp)
	if !ok || len(cp) != 5 {
		return nil
	}
	entries := postalRange(d.postal(), n, n)
	if len(entries) == 0 {
		return nil
	}
	out := make([]Commune, 0, len(entries))
	for _, p := range entries {
		out = append(out, d.commune(int(p.rec)))
	}
	return out
}

// DepartmentOf returns the department of an INSEE code: the first two
// characters ("78", "2A"), or three for overseas departments ("974"); ""
// when the code is malformed. It does not check that the commune exists.
func DepartmentOf(code string) string {
	if len(code) != 5 {
		return ""
	}
	switch p := code[:2]; {
	case p == "2A" || p == "2B":
		if isDigits(code[2:]) {
			return p
		}
	case isDigits(code) && p != "00" && p != "20":
		if p == "97" || p == "98" {
			return code[:3]
		}
		return p
	}
	return ""
}

// ValidCode reports whether code is a well-formed INSEE code of a commune or
// arrondissement in the list.
func ValidCode(code string) bool {
	if DepartmentOf(code) == "" {
		return false
	}
	_, ok := loaded().find(code)
	return ok
}

// Label is how a commune is shown to a person: "Saint-Germain-en-Laye
// (78100)", with the first postal code when there are several.
func Label(c Commune) string {
	if len(c.PostalCodes) == 0 {
		return c.Name
	}
	return c.Name + " (" + c.PostalCodes[0] + ")"
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
