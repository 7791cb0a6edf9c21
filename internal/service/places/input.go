package places

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Input is a listing as a person types it, field by field; errors name the
// fields as the schema does (nom, code_postal, horaires…).
type Input struct {
	Name              string // nom
	Pivot             string // pivot: SIRET or RNA
	Typologies        string // typologie: codes separated by commas, spaces or lines
	Address           string // adresse
	AddressComplement string // complement_adresse
	PostalCode        string // code_postal
	Commune           string // commune: a name, "Name (postal code)" or an INSEE code
	Latitude          string // latitude: both or neither; a comma or a point
	Longitude         string // longitude
	Phone             string // telephone
	Emails            string // courriels: separated by commas, spaces or lines
	Websites          string // site_web: separated by commas, spaces or lines
	BookingURL        string // prise_rdv
	AccessibilityURL  string // fiche_acces_libre
	Hours             string // horaires: opening_hours, or plain French converted whole
	Summary           string // presentation_resume
	Description       string // presentation_detail
	OtherLabels       string // autres_formations_labels: one per line
	ParentStructure   string // structure_parente
	Collector         string // source

	// The enumerations, values of the schema's vocabularies.
	Services, Publics, SpecificSupport, Fees, AccessModes, SupportModes,
	Itinerance, NationalPrograms, TrainingLabels []string
}

// InputOf is the input that would save p unchanged.
func InputOf(p *place.Place) Input {
	in := Input{
		Name: p.Name, Pivot: p.Pivot, Typologies: strings.Join(p.Typologies, ", "), Address: p.Address,
		AddressComplement: p.AddressComplement, PostalCode: p.PostalCode, Commune: p.Commune,
		Emails: strings.Join(p.Emails, ", "), Websites: strings.Join(p.Websites, "\n"), BookingURL: p.BookingURL,
		AccessibilityURL: p.AccessibilityURL, Hours: p.Hours, Summary: p.Summary, Description: p.Description,
		OtherLabels: strings.Join(p.OtherLabels, "\n"), ParentStructure: p.ParentStructure, Collector: p.Collector,
		Services: slices.Clone(p.Services), Publics: slices.Clone(p.Publics), SpecificSupport: slices.Clone(p.SpecificSupport),
		Fees: slices.Clone(p.Fees), AccessModes: slices.Clone(p.AccessModes), SupportModes: slices.Clone(p.SupportModes),
		Itinerance: slices.Clone(p.Itinerance), NationalPrograms: slices.Clone(p.NationalPrograms), TrainingLabels: slices.Clone(p.TrainingLabels),
	}
	if p.HasCoords && p.CoordsFrom != place.CoordsFromCommune {
		// Six decimals (about 10 cm) hide float noise such as -0.9693689999999999.
		in.Latitude = strconv.FormatFloat(math.Round(p.Latitude*1e6)/1e6, 'f', -1, 64)
		in.Longitude = strconv.FormatFloat(math.Round(p.Longitude*1e6)/1e6, 'f', -1, 64)
	}
	if p.Phone != "" {
		in.Phone = FrenchPhone(p.Phone)
	}
	return in
}

// FrenchPhone writes +33546000000 as 05 46 00 00 00.
func FrenchPhone(p string) string {
	if !strings.HasPrefix(p, "+33") || len(p) != 12 {
		return p
	}
	d := "0" + p[3:]
	return d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + d[6:8] + " " + d[8:10]
}

// Fields are the input's fields in the order a form shows them (schema
// names), for error summaries.
var Fields = []string{
	"nom", "pivot", "typologie", "adresse", "complement_adresse", "code_postal", "commune", "latitude", "longitude",
	"telephone", "courriels", "site_web", "prise_rdv", "fiche_acces_libre", "horaires", "presentation_resume",
	"presentation_detail", "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
	"modalites_acces", "modalites_accompagnement", "itinerance", "dispositif_programmes_nationaux", "formations_labels",
	"autres_formations_labels", "structure_parente", "source",
}

// Applied is an input applied to a listing.
type Applied struct {
	Place place.Place
	// Converted is the opening_hours form of hours typed in plain French,
	// "" when they were typed as opening_hours.
	Converted string
}

// looksOSM tells hours typed as opening_hours (with a syntax error) from
// hours typed in French: their messages differ.
var looksOSM = regexp.MustCompile(`\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)\b|\d\d:\d\d`)

// apply checks the input with the validator imports use, plus what only a
// person typing can get wrong (the commune, the coordinates, hours in
// French), and returns base with the input applied.
func apply(in Input, base place.Place) (Applied, error) {
	p := base
	var errs apperr.Validation
	trim := strings.TrimSpace

	p.Name, p.Pivot = trim(in.Name), trim(in.Pivot)
	p.Typologies = nil
	for _, t := range splitWords(in.Typologies) {
		p.Typologies = append(p.Typologies, canonicalTypology(t))
	}
	p.Address, p.AddressComplement, p.PostalCode = trim(in.Address), trim(in.AddressComplement), trim(in.PostalCode)

	c, field, msg := resolvePlaceCommune(trim(in.Commune), p.PostalCode)
	if msg != "" {
		errs.Add(field, msg)
		p.Commune, p.InseeCode = trim(in.Commune), ""
	} else {
		p.Commune, p.InseeCode = c.Name, c.Code
		switch {
		case p.PostalCode == "" && len(c.PostalCodes) > 0:
			p.PostalCode = c.PostalCodes[0]
		case len(p.PostalCode) == 5 && len(c.PostalCodes) > 0 && !slices.Contains(c.PostalCodes, p.PostalCode):
			errs.Add("code_postal", fmt.Sprintf("Le code postal de %s est %s.", c.Name, strings.Join(c.PostalCodes, " ou ")))
		}
	}
	applyCoordinates(&p, &errs, trim(in.Latitude), trim(in.Longitude), c, msg == "")

	p.Phone = trim(in.Phone)
	p.Emails = splitWords(in.Emails)
	p.Websites = nil
	for _, u := range splitWords(in.Websites) {
		p.Websites = append(p.Websites, withScheme(u))
	}
	p.BookingURL, p.AccessibilityURL = withScheme(trim(in.BookingURL)), withScheme(trim(in.AccessibilityURL))

	var converted string
	var frenchErr error
	p.Hours = trim(in.Hours)
	if p.Hours != "" {
		if s, err := hours.Parse(p.Hours); err == nil {
			p.Hours = s.String()
		} else if osm, ferr := hours.FromFrench(p.Hours); ferr == nil {
			converted, p.Hours = osm, osm
		} else if !looksOSM.MatchString(p.Hours) {
			frenchErr = ferr
		}
		p.HoursText = "" // the owner's hours replace the text an import could not read
	}

	lines := func(s string) string { return trim(strings.ReplaceAll(s, "\r\n", "\n")) }
	p.Summary, p.Description = lines(in.Summary), lines(in.Description)
	p.Services, p.Publics, p.SpecificSupport, p.Fees = in.Services, in.Publics, in.SpecificSupport, in.Fees
	p.AccessModes, p.SupportModes, p.Itinerance = in.AccessModes, in.SupportModes, in.Itinerance
	p.NationalPrograms, p.TrainingLabels = in.NationalPrograms, in.TrainingLabels
	p.OtherLabels = strings.Split(strings.ReplaceAll(in.OtherLabels, "\r\n", "\n"), "\n")
	p.ParentStructure, p.Collector = trim(in.ParentStructure), trim(in.Collector)

	p.Normalize()
	if e, ok := apperr.As(p.Validate()); ok {
		for _, fe := range e.Fields {
			switch fe.Field {
			case "code_insee", "commune":
				if !errs.Has("commune") {
					errs.Add("commune", fe.Message)
				}
			case "latitude", "code_postal":
				if !errs.Has(fe.Field) {
					errs.Add(fe.Field, fe.Message)
				}
			case "horaires":
				msg := fe.Message + "."
				var fr *hours.FrenchError
				if errors.As(frenchErr, &fr) && fr.Part != "" {
					msg = "Horaires illisibles : « " + fr.Part + " » n'est pas compris (" + fr.Reason + ")."
				} else if fr != nil {
					msg = "Horaires illisibles : " + fr.Reason + "."
				}
				errs.Add("horaires", msg+" Écrivez par exemple « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 », ou en français « du lundi au vendredi de 9h à 12h et de 14h à 17h ».")
			default:
				errs.Add(fe.Field, fe.Message)
			}
		}
	}
	return Applied{Place: p, Converted: converted}, sortedErrors(errs.Err())
}

// applyCoordinates sets the position typed, or the commune's centre when
// both coordinates are left empty.
func applyCoordinates(p *place.Place, errs *apperr.Validation, lat, lon string, c commune.Commune, communeOK bool) {
	switch {
	case lat == "" && lon == "":
		p.HasCoords, p.CoordsFrom = false, place.CoordsFromCommune
		if communeOK && c.HasCoords {
			p.Latitude, p.Longitude, p.HasCoords = c.Lat, c.Lon, true
		}
		return
	case lat == "":
		errs.Add("latitude", "Indiquez aussi la latitude, ou laissez les deux vides pour placer le lieu au centre de la commune.")
		return
	case lon == "":
		errs.Add("longitude", "Indiquez aussi la longitude, ou laissez les deux vides pour placer le lieu au centre de la commune.")
		return
	}
	la, errLa := parseDecimal(lat)
	lo, errLo := parseDecimal(lon)
	if errLa != nil {
		errs.Add("latitude", "La latitude doit être un nombre, par exemple 45.9421 ou 45,9421.")
	}
	if errLo != nil {
		errs.Add("longitude", "La longitude doit être un nombre, par exemple -0.9612 ou -0,9612.")
	}
	if errLa != nil || errLo != nil {
		return
	}
	p.Latitude, p.Longitude, p.HasCoords, p.CoordsFrom = la, lo, true, place.CoordsFromSource
	if communeOK && c.HasCoords && la >= -90 && la <= 90 && lo >= -180 && lo <= 180 {
		if km := commune.DistanceKm(c.Lat, c.Lon, la, lo); km > 30 {
			errs.Add("latitude", fmt.Sprintf("Ce point est à %.0f km de %s : vérifiez la latitude et la longitude (les avez-vous inversées ?).", km, c.Name))
		}
	}
}

// sortedErrors puts field errors in form order, for the summary.
func sortedErrors(err error) error {
	e, ok := apperr.As(err)
	if !ok {
		return err
	}
	rank := func(f string) int {
		if i := slices.Index(Fields, f); i >= 0 {
			return i
		}
		return len(Fields)
	}
	slices.SortStableFunc(e.Fields, func(a, b apperr.FieldError) int { return rank(a.Field) - rank(b.Field) })
	return e
}

// resolvePlaceCommune finds the commune from its name (with the postal code
// to tell homonyms apart) or its INSEE code. On failure it names the field
// to blame: the commune, or the postal code that no commune of that name has.
func resolvePlaceCommune(in, postalCode string) (c commune.Commune, field, msg string) {
	if in == "" {
		return c, "commune", "Saisissez la commune."
	}
	if len(postalCode) == 5 {
		if c, msg := commune.Resolve(in + " (" + postalCode + ")"); msg == "" {
			return c, "", ""
		}
	}
	c, msg = commune.Resolve(in)
	if msg == "" {
		return c, "", ""
	}
	if len(postalCode) == 5 && !commune.ValidCode(strings.ToUpper(in)) {
		for _, cand := range commune.Search(in, 50) {
			if textfold.Key(cand.Name) == textfold.Key(in) {
				return c, "code_postal", fmt.Sprintf("Aucune commune nommée %s n'a le code postal %s : vérifiez-le.", cand.Name, postalCode)
			}
		}
	}
	return c, "commune", msg
}

// parseDecimal reads a coordinate typed with a comma or a point.
func parseDecimal(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ",", "."), " ", ""), 64)
	if err == nil && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return 0, strconv.ErrSyntax
	}
	return f, err
}

// splitWords splits a list typed with commas, semicolons, spaces or lines.
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
}

// withScheme adds https:// to an address typed without it ("www.ccas.fr").
func withScheme(u string) string {
	if u != "" && !strings.Contains(u, "://") && strings.Contains(u, ".") && !strings.ContainsAny(u, " @") {
		return "https://" + u
	}
	return u
}

func canonicalTypology(code string) string {
	for _, t := range structure.Typologies {
		if strings.EqualFold(t.Code, code) {
			return t.Code
		}
	}
	return code
}
