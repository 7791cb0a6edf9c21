package placefile

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/textcheck"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// converter turns the rows of one file into places.
type converter struct {
	format        Format
	defaultSource string // upsert source of rows without a "source" value
}

// outcome is one converted row: the place, or the reasons it cannot be one,
// and what was changed or set aside on the way.
type outcome struct {
	p     place.Place
	errs  []FieldError
	warns []FieldError
}

func (o *outcome) fail(field, msg string) { o.errs = append(o.errs, FieldError{field, msg}) }
func (o *outcome) warn(field, msg string) { o.warns = append(o.warns, FieldError{field, msg}) }

// keep sets values aside in Unknown, so that nothing is lost.
func (o *outcome) keep(field string, values ...string) {
	if o.p.Unknown == nil {
		o.p.Unknown = map[string][]string{}
	}
	for _, v := range values {
		if v != "" && !slices.Contains(o.p.Unknown[field], v) {
			o.p.Unknown[field] = append(o.p.Unknown[field], v)
		}
	}
}

func (o *outcome) failed(field string) bool {
	for _, e := range o.errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// quoted lists values as « a », « b ».
func quoted(values []string) string { return "« " + strings.Join(values, " », « ") + " »" }

// convert builds the place of one row.
func (c *converter) convert(rec *record) outcome {
	var o outcome
	if rec.err != "" {
		o.fail("", rec.err)
		return o
	}
	if bad := invalidText(rec); len(bad) > 0 {
		for _, col := range bad {
			o.fail(col, textcheck.Message)
		}
		return o
	}
	p := &o.p
	p.Status = place.StatusOpen
	p.SourceID = strings.TrimSpace(rec.get("id"))
	p.Collector = squash(rec.get("source"))
	p.Source = p.Collector
	if p.Source == "" {
		p.Source = c.defaultSource
	}
	p.Pivot = strings.ReplaceAll(strings.TrimSpace(rec.get("pivot")), " ", "")
	p.Name = squash(rec.get("nom"))
	p.Commune = squash(rec.get("commune"))
	p.PostalCode = strings.TrimSpace(rec.get("code_postal"))
	p.InseeCode = strings.ToUpper(strings.TrimSpace(rec.get("code_insee")))
	p.Address = squash(rec.get("adresse"))
	p.AddressComplement = squash(rec.get("complement_adresse"))
	p.Summary = strings.TrimSpace(rec.get("presentation_resume"))
	p.Description = strings.TrimSpace(rec.get("presentation_detail"))
	p.ParentStructure = squash(rec.get("structure_parente"))

	if c.format.Version == V01 {
		c.vocabularyV01(rec, &o)
	} else {
		c.vocabularyV1(rec, &o)
	}
	c.identity(rec, &o)
	c.location(rec, &o)
	c.contact(rec, &o)
	c.openingHours(rec, &o)
	c.texts(&o)
	c.date(rec, &o)

	p.Normalize()
	if err := p.Validate(); err != nil {
		if e, ok := apperr.As(err); ok {
			for _, f := range e.Fields {
				if !o.failed(f.Field) {
					o.fail(f.Field, f.Message)
				}
			}
		} else {
			o.fail("", err.Error())
		}
	}
	slices.SortStableFunc(o.errs, func(a, b FieldError) int { return fieldRank(a.Field) - fieldRank(b.Field) })
	return o
}

// invalidText names, in column order, the columns of rec holding text no
// field may store (textcheck.Valid): the row is rejected, not the file.
func invalidText(rec *record) []string {
	var bad []string
	for col, v := range rec.fields {
		if !textcheck.Valid(v) {
			bad = append(bad, col)
		}
	}
	slices.SortFunc(bad, func(a, b string) int { return cmp.Or(fieldRank(a)-fieldRank(b), strings.Compare(a, b)) })
	return bad
}

// fieldRank orders messages by the schema's column order.
func fieldRank(f string) int {
	if i := slices.Index(place.SchemaFields, f); i >= 0 {
		return i
	}
	return -1
}

// list returns the values of a multi-valued column.
func (c *converter) list(rec *record, col string, enumerated bool) []string {
	var raw []string
	if l, ok := rec.lists[col]; ok {
		raw = l
	} else if s := rec.get(col); strings.TrimSpace(s) != "" {
		switch {
		case c.format.Version == V01:
			raw = strings.Split(s, ";")
		case strings.Contains(s, "|"):
			raw = strings.Split(s, "|")
		case enumerated && strings.Contains(s, ";"):
			raw = strings.Split(s, ";") // the schema's README still says ";" (pitfall 1)
		default:
			raw = []string{s}
		}
	}
	out := raw[:0:0]
	for _, v := range raw {
		if v = squash(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// squash trims s and turns every run of spaces into one, without copying
// when there is nothing to change.
func squash(s string) string {
	clean := len(s) == 0 || (s[0] != ' ' && s[len(s)-1] != ' ')
	for i := 0; clean && i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			clean = i+1 < len(s) && s[i+1] != ' '
		case c < ' ' || c == 0xC2: // control characters, and U+00A0 and its kin
			clean = false
		}
	}
	if clean {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// enum puts the schema values of a column into dst and sets the others aside.
func (c *converter) enum(o *outcome, field string, values []string, dst *[]string) {
	var unknown []string
	for _, v := range values {
		if s, ok := enumValue(field, v); ok {
			*dst = append(*dst, s)
		} else {
			unknown = append(unknown, v)
		}
	}
	if len(unknown) > 0 {
		o.keep(field, unknown...)
		o.warn(field, fmt.Sprintf("Valeur hors du vocabulaire du schéma, mise de côté : %s.", quoted(unknown)))
	}
}

func (c *converter) vocabularyV1(rec *record, o *outcome) {
	p := &o.p
	c.enum(o, "itinerance", c.list(rec, "itinerance", true), &p.Itinerance)
	c.enum(o, "services", c.list(rec, "services", true), &p.Services)
	c.enum(o, "publics_specifiquement_adresses", c.list(rec, "publics_specifiquement_adresses", true), &p.Publics)
	c.enum(o, "prise_en_charge_specifique", c.list(rec, "prise_en_charge_specifique", true), &p.SpecificSupport)
	c.enum(o, "frais_a_charge", c.list(rec, "frais_a_charge", true), &p.Fees)
	c.enum(o, "dispositif_programmes_nationaux", c.list(rec, "dispositif_programmes_nationaux", true), &p.NationalPrograms)
	c.enum(o, "formations_labels", c.list(rec, "formations_labels", true), &p.TrainingLabels)
	c.enum(o, "modalites_acces", c.list(rec, "modalites_acces", true), &p.AccessModes)
	c.enum(o, "modalites_accompagnement", c.list(rec, "modalites_accompagnement", true), &p.SupportModes)
	p.OtherLabels = c.list(rec, "autres_formations_labels", false)
	p.Emails = c.emailList(rec, "courriels")
	p.AccessibilityURL = strings.TrimSpace(rec.get("fiche_acces_libre"))
}

// target applies a v0.1 → v1 correspondence.
func (o *outcome) target(t v01Target) {
	p := &o.p
	switch t.Field {
	case "publics_specifiquement_adresses":
		p.Publics = append(p.Publics, t.Value)
	case "prise_en_charge_specifique":
		p.SpecificSupport = append(p.SpecificSupport, t.Value)
	case "frais_a_charge":
		p.Fees = append(p.Fees, t.Value)
	case "autres_formations_labels":
		p.OtherLabels = append(p.OtherLabels, t.Value)
	case "modalites_accompagnement":
		p.SupportModes = append(p.SupportModes, t.Value)
	case "services":
		p.Services = append(p.Services, t.Value)
	case "dispositif_programmes_nationaux":
		p.NationalPrograms = append(p.NationalPrograms, t.Value)
	case "formations_labels":
		p.TrainingLabels = append(p.TrainingLabels, t.Value)
	}
}

// mapV01 converts the values of a v0.1 column with a table; values already
// in the v1 vocabulary of dstField pass as they are.
func (c *converter) mapV01(o *outcome, col string, values []string, table v01Table, dstField string) {
	var unknown []string
	for _, v := range values {
		if t, ok := v01Lookup(table, v); ok {
			o.target(t)
			continue
		}
		if s, ok := enumValue(dstField, v); ok {
			o.target(v01Target{dstField, s})
			continue
		}
		unknown = append(unknown, v)
	}
	if len(unknown) > 0 {
		o.keep(col, unknown...)
		o.warn(col, fmt.Sprintf("Valeur de l'ancien schéma sans équivalent dans le schéma v1, mise de côté : %s.", quoted(unknown)))
	}
}

func (c *converter) vocabularyV01(rec *record, o *outcome) {
	p := &o.p
	var unknown []string
	for _, v := range c.list(rec, "services", true) {
		if s, ok := v01Services[v]; ok {
			p.Services = append(p.Services, s)
		} else if s, ok := v01ServicesByKey[compactKey(v)]; ok {
			p.Services = append(p.Services, s)
		} else if s, ok := enumValue("services", v); ok {
			p.Services = append(p.Services, s)
		} else {
			unknown = append(unknown, v)
		}
	}
	if len(unknown) > 0 {
		o.keep("services", unknown...)
		o.warn("services", fmt.Sprintf("Service inconnu, mis de côté : %s.", quoted(unknown)))
	}
	c.mapV01(o, "publics_accueillis", c.list(rec, "publics_accueillis", true), v01PublicsTable, "publics_specifiquement_adresses")
	c.mapV01(o, "conditions_acces", c.list(rec, "conditions_acces", true), v01AccessTable, "frais_a_charge")
	c.mapV01(o, "modalites_accompagnement", c.list(rec, "modalites_accompagnement", true), v01SupportTable, "modalites_accompagnement")
	for _, v := range c.list(rec, "labels_nationaux", true) {
		if t, ok := v01Lookup(v01LabelsTable, v); ok {
			o.target(t)
		} else if s, ok := enumValue("dispositif_programmes_nationaux", v); ok {
			p.NationalPrograms = append(p.NationalPrograms, s)
		} else {
			p.OtherLabels = append(p.OtherLabels, v) // a label all the same, in the free-text field
		}
	}
	for _, v := range c.list(rec, "labels_autres", false) {
		if s, ok := trainingByKey[compactKey(v)]; ok {
			p.TrainingLabels = append(p.TrainingLabels, s)
		} else {
			p.OtherLabels = append(p.OtherLabels, v)
		}
	}
	p.Emails = c.emailList(rec, "courriel")
	p.AccessibilityURL = strings.TrimSpace(rec.get("accessibilite"))
}

// identity checks the id and the SIRET/RNA.
func (c *converter) identity(rec *record, o *outcome) {
	p := &o.p
	if p.SourceID == "" {
		o.fail("id", "L'identifiant (colonne id) est obligatoire : sans lui, un nouvel import ne pourrait pas mettre ce lieu à jour.")
	} else if strings.ContainsAny(p.SourceID, "\n\r") {
		o.fail("id", "L'identifiant ne doit pas contenir de retour à la ligne.")
	}
	switch {
	case p.Pivot == "":
		p.Pivot = place.UnknownPivot
		o.warn("pivot", "SIRET ou RNA absent : noté inconnu (00000000000000).")
	case !pivotOK(p.Pivot):
		o.keep("pivot", p.Pivot)
		o.warn("pivot", fmt.Sprintf("« %s » n'est ni un SIRET (14 chiffres) ni un numéro RNA (W + 9 caractères) : noté inconnu (00000000000000), valeur mise de côté.", p.Pivot))
		p.Pivot = place.UnknownPivot
	}
}

// location fills postal code, INSEE code, commune and coordinates.
func (c *converter) location(rec *record, o *outcome) {
	p := &o.p
	// A spreadsheet may have eaten the leading zero of départements 01 to 09.
	if len(p.InseeCode) == 4 && allDigits(p.InseeCode) && commune.ValidCode("0"+p.InseeCode) {
		p.InseeCode = "0" + p.InseeCode
	}
	if len(p.PostalCode) == 4 && allDigits(p.PostalCode) {
		padded := "0" + p.PostalCode
		if _, ok := communeOf(padded, p.Commune); ok || (p.InseeCode != "" && p.InseeCode[0] == '0') {
			o.warn("code_postal", fmt.Sprintf("Code postal « %s » complété en « %s » (zéro initial perdu par un tableur).", p.PostalCode, padded))
			p.PostalCode = padded
		}
	}
	var town commune.Commune
	found := false
	if p.InseeCode != "" {
		town, found = commune.Lookup(p.InseeCode)
		if !found {
			bad := p.InseeCode
			o.keep("code_insee", bad)
			if t, ok := communeOf(p.PostalCode, p.Commune); ok {
				town, found = t, true
				p.InseeCode = t.Code
				o.warn("code_insee", fmt.Sprintf("Code INSEE « %s » inconnu : remplacé par %s (%s), d'après le code postal et la commune.", bad, t.Code, t.Name))
			} else {
				p.InseeCode = ""
				o.warn("code_insee", fmt.Sprintf("Code INSEE « %s » inconnu : retiré (valeur mise de côté).", bad))
			}
		}
	} else if t, ok := communeOf(p.PostalCode, p.Commune); ok {
		town, found = t, true
		p.InseeCode = t.Code
	}
	if p.PostalCode == "" && found && len(town.PostalCodes) > 0 {
		p.PostalCode = town.PostalCodes[0]
		o.warn("code_postal", fmt.Sprintf("Code postal absent : %s, d'après le code INSEE.", p.PostalCode))
	}
	if p.Commune == "" && found {
		p.Commune = town.Name
		o.warn("commune", fmt.Sprintf("Commune absente : « %s », d'après le code INSEE.", town.Name))
	}
	if p.Commune != "" {
		if fixed := conformCommune(p.Commune, p.InseeCode); fixed != p.Commune {
			o.warn("commune", fmt.Sprintf("Nom de commune « %s » écrit « %s » (caractères refusés par le format national).", p.Commune, fixed))
			p.Commune = fixed
		}
	}
	if p.Address != "" {
		if fixed := conformAddress(p.Address); fixed != p.Address {
			o.warn("adresse", fmt.Sprintf("Adresse « %s » écrite « %s » (caractères refusés par le format national).", p.Address, fixed))
			p.Address = fixed
		}
	}

	latRaw, lonRaw := strings.TrimSpace(rec.get("latitude")), strings.TrimSpace(rec.get("longitude"))
	lat, errLat := parseCoord(latRaw)
	lon, errLon := parseCoord(lonRaw)
	switch {
	case latRaw == "" && lonRaw == "":
	case errLat != nil || errLon != nil:
		o.keep("latitude", latRaw)
		o.keep("longitude", lonRaw)
		o.warn("latitude", fmt.Sprintf("Coordonnées illisibles (« %s », « %s ») : mises de côté.", latRaw, lonRaw))
	case lat == 0 && lon == 0:
	case (lat < -90 || lat > 90) && lon >= -90 && lon <= 90:
		p.Latitude, p.Longitude, p.HasCoords = lon, lat, true
		o.warn("latitude", "Latitude et longitude étaient inversées : remises dans l'ordre.")
	case lat < -90 || lat > 90 || lon < -180 || lon > 180:
		o.keep("latitude", latRaw)
		o.keep("longitude", lonRaw)
		o.warn("latitude", fmt.Sprintf("Coordonnées hors limites (%s, %s) : mises de côté.", latRaw, lonRaw))
	default:
		p.Latitude, p.Longitude, p.HasCoords = lat, lon, true
	}
	if p.HasCoords {
		p.CoordsFrom = place.CoordsFromSource
		return
	}
	if found && town.HasCoords {
		p.Latitude, p.Longitude, p.HasCoords = town.Lat, town.Lon, true
		p.CoordsFrom = place.CoordsFromCommune
		o.warn("latitude", fmt.Sprintf("Coordonnées absentes : le lieu est placé au centre de la commune « %s ».", commune.Label(town)))
		return
	}
	o.warn("latitude", "Coordonnées absentes et commune introuvable : le lieu ne pourra pas être trouvé par distance.")
}

// parseCoord reads a decimal degree, with a point or a French comma.
func parseCoord(s string) (float64, error) {
	return strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
}

// communeOf finds the commune of a postal code and name: the one whose name
// matches, or the only commune of that postal code.
func communeOf(postal, name string) (commune.Commune, bool) {
	cands := commune.ByPostalCode(postal)
	if len(cands) == 0 {
		return communeByName(postal, name)
	}
	key := textfold.Key(name)
	for _, k := range []string{commune.KindCommune, commune.KindArrondissement, commune.KindDelegated} {
		for _, cd := range cands {
			if cd.Kind == k && textfold.Key(cd.Name) == key {
				if cd.Kind == commune.KindDelegated {
					if parent, ok := commune.Lookup(cd.Code); ok {
						return parent, true
					}
				}
				return cd, true
			}
		}
	}
	var only []commune.Commune
	for _, cd := range cands {
		if cd.Kind != commune.KindDelegated {
			only = append(only, cd)
		}
	}
	if len(only) == 1 {
		return only[0], true
	}
	return commune.Commune{}, false
}

// cedex matches the CEDEX suffix of a business address ("Le Mans Cedex 2").
var cedex = regexp.MustCompile(`(?i)\s+cedex(\s*\d+)?\s*$`)

// communeByName finds a commune by its name within the département of a
// postal code: for CEDEX and other business postal codes, which no commune has.
func communeByName(postal, name string) (commune.Commune, bool) {
	if len(postal) != 5 {
		return commune.Commune{}, false
	}
	name = cedex.ReplaceAllString(name, "")
	key := textfold.Key(name)
	if key == "" {
		return commune.Commune{}, false
	}
	var found []commune.Commune
	for _, cd := range commune.Search(name, 20) {
		if textfold.Key(cd.Name) != key || cd.Kind == commune.KindDelegated {
			continue
		}
		dep := cd.Department
		if len(dep) == 2 && dep[0] == '2' && (dep[1] == 'A' || dep[1] == 'B') {
			dep = "20"
		}
		if strings.HasPrefix(postal, dep) {
			found = append(found, cd)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return commune.Commune{}, false
}

// contact cleans typologies, phone, e-mails and web addresses.
func (c *converter) contact(rec *record, o *outcome) {
	p := &o.p
	var unknown []string
	for _, v := range c.splitAny(rec, "typologie") {
		if t, ok := typologyValue(v); ok {
			p.Typologies = append(p.Typologies, t)
		} else {
			unknown = append(unknown, v)
		}
	}
	if len(unknown) > 0 {
		o.keep("typologie", unknown...)
		o.warn("typologie", fmt.Sprintf("Typologie hors du vocabulaire data·inclusion, mise de côté : %s.", quoted(unknown)))
	}

	phone, dropped := cleanPhone(rec.get("telephone"))
	p.Phone = phone
	if len(dropped) > 0 {
		o.keep("telephone", dropped...)
		if phone == "" {
			o.warn("telephone", fmt.Sprintf("Téléphone inutilisable, mis de côté : %s (un seul numéro français attendu).", quoted(dropped)))
		} else {
			o.warn("telephone", fmt.Sprintf("Un seul numéro est gardé (%s) ; mis de côté : %s.", phone, quoted(dropped)))
		}
	}

	var badMails []string
	emails := p.Emails[:0:0]
	for _, e := range p.Emails {
		if e = cleanEmail(e); e == "" {
			continue
		} else if emailOK(e) {
			emails = append(emails, e)
		} else {
			badMails = append(badMails, e)
		}
	}
	p.Emails = emails
	if len(badMails) > 0 {
		field := "courriels"
		o.keep(field, badMails...)
		o.warn(field, fmt.Sprintf("Adresse e-mail invalide, mise de côté : %s.", quoted(badMails)))
	}

	var badSites []string
	for _, s := range c.websiteList(rec) {
		if u, ok := websiteURL(s); ok {
			p.Websites = append(p.Websites, u)
		} else {
			badSites = append(badSites, s)
		}
	}
	if len(badSites) > 0 {
		o.keep("site_web", badSites...)
		o.warn("site_web", fmt.Sprintf("Adresse web invalide, mise de côté : %s.", quoted(badSites)))
	}

	for _, f := range []struct {
		field string
		dst   *string
		raw   string
	}{{"fiche_acces_libre", &p.AccessibilityURL, p.AccessibilityURL}, {"prise_rdv", &p.BookingURL, rec.get("prise_rdv")}} {
		raw := strings.TrimSpace(f.raw)
		if raw == "" {
			*f.dst = ""
			continue
		}
		if u, ok := libraryURL(raw); ok {
			*f.dst = u
			continue
		}
		*f.dst = ""
		o.keep(f.field, raw)
		o.warn(f.field, fmt.Sprintf("Adresse web « %s » refusée par le format national (https://…, sans port) : mise de côté.", raw))
	}
}

func (c *converter) splitAny(rec *record, col string) []string {
	if l, ok := rec.lists[col]; ok {
		return l
	}
	return strings.FieldsFunc(rec.get(col), func(r rune) bool { return r == '|' || r == ';' || r == ',' })
}

func (c *converter) emailList(rec *record, col string) []string {
	if l, ok := rec.lists[col]; ok {
		var out []string
		for _, e := range l {
			out = append(out, splitEmails(e)...)
		}
		return out
	}
	return splitEmails(rec.get(col))
}

func (c *converter) websiteList(rec *record) []string {
	var out []string
	if l, ok := rec.lists["site_web"]; ok {
		for _, s := range l {
			out = append(out, splitWebsites(s)...)
		}
	} else if s := rec.get("site_web"); strings.TrimSpace(s) != "" {
		out = splitWebsites(s)
	}
	clean := out[:0]
	for _, s := range out {
		if s = strings.TrimSpace(s); s != "" {
			clean = append(clean, s)
		}
	}
	return clean
}

// openingHours keeps valid OSM hours normalised, converts French text when
// every part of it is understood, and otherwise keeps the whole text for
// review with the part not understood named on the row.
func (c *converter) openingHours(rec *record, o *outcome) {
	p := &o.p
	h := strings.TrimSpace(rec.get("horaires"))
	if h == "" {
		return
	}
	if s, err := hours.Parse(h); err == nil {
		p.Hours = s.String()
		return
	}
	osm, err := hours.FromFrench(h)
	if err == nil {
		p.Hours = osm
		o.warn("horaires", fmt.Sprintf("Horaires en texte « %s » convertis au format OpenStreetMap : « %s ». Vérifiez-les.", h, osm))
		return
	}
	// Never half-converted: the whole text waits for a person, who reads why.
	p.HoursText = h
	o.warn("horaires", fmt.Sprintf("Horaires « %s » gardés en texte, à réécrire : %s", h, err.Error()))
}

// texts keeps the résumé within the schema's 280 characters without losing
// any of it.
func (c *converter) texts(o *outcome) {
	p := &o.p
	if utf8.RuneCountInString(p.Summary) <= place.MaxSummary {
		return
	}
	full := p.Summary
	p.Summary = shorten(full, place.MaxSummary)
	if !strings.Contains(p.Description, full) {
		if p.Description == "" {
			p.Description = full
		} else {
			p.Description = full + "\n\n" + p.Description
		}
	}
	o.warn("presentation_resume", fmt.Sprintf("Résumé de %d caractères raccourci à %d ; le texte entier est dans la présentation détaillée.", utf8.RuneCountInString(full), place.MaxSummary))
}

// shorten cuts s at a word boundary so that it fits in max runes with "…".
func shorten(s string, max int) string {
	r := []rune(s)
	cut := max - 1
	for i := cut; i > max/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:.") + "…"
}

// date reads date_maj: ISO date, ISO date-time or dd/mm/yyyy.
func (c *converter) date(rec *record, o *outcome) {
	raw := strings.TrimSpace(rec.get("date_maj"))
	if raw == "" {
		o.fail("date_maj", "La date de mise à jour (date_maj) est obligatoire, au format AAAA-MM-JJ.")
		return
	}
	d, ok := parseDate(raw)
	if !ok {
		o.fail("date_maj", fmt.Sprintf("Date de mise à jour « %s » illisible : format attendu AAAA-MM-JJ, par exemple 2024-04-02.", raw))
		return
	}
	o.p.UpdatedOn = d
	if d.Year() == 1970 && d.YearDay() == 1 {
		o.warn("date_maj", "Date de mise à jour « 1970-01-01 » : c'est la valeur « date inconnue » de l'outil d'origine. Gardée telle quelle : le lieu apparaîtra comme à confirmer.")
	}
}

func parseDate(s string) (time.Time, bool) {
	if len(s) > 10 && s[10] == 'T' || len(s) > 10 && s[10] == ' ' {
		s = s[:10]
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 && t.Year() < 2100 {
			return t, true
		}
	}
	return time.Time{}, false
}
