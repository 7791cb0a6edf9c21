package placefile

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
)

// The national library @gouvfr-anct/lieux-de-mediation-numerique checks a
// few fields more strictly than the schema's patterns do; exported files must
// pass both, so imports bring values into the stricter form (and say so) and
// exports apply the same rules to places edited in Parcours.

var (
	// libURL is the library's URL pattern (fiche_acces_libre, prise_rdv).
	libURL = regexp.MustCompile(`^[A-Za-z]{3,9}:(?://)?(?:[;:&=+$,\w-]+@)?[A-Za-z0-9.-]+(?:(?:/[+~,%@/.\w_-]*)?\??[-+=&;%@.\w_]*#?[.!/\\\w]*)?$`)
	// libHost is a host name the library's pattern accepts (no port, ASCII).
	libHost = regexp.MustCompile(`^[A-Za-z0-9.-]+$`)
	// rnaRE is an association number of the RNA.
	rnaRE = regexp.MustCompile(`^W[a-zA-Z0-9]{9}$`)
	// siretRE is what the library takes for a SIRET (14 characters), within
	// the schema's pattern (letters and digits only).
	siretRE = regexp.MustCompile(`^[a-zA-Z0-9]{14}$`)
)

// countryCodes are the schema's telephone prefixes, longest first.
var countryCodes = []string{"+590", "+594", "+262", "+596", "+269", "+687", "+689", "+508", "+681", "+33"}

// libPhone reports whether a +33… number passes the library's check: nine
// digits not starting with 0 after the country code, or six digits.
func libPhone(p string) bool {
	for _, cc := range countryCodes {
		rest, ok := strings.CutPrefix(p, cc)
		if !ok {
			continue
		}
		if !allDigits(rest) {
			return false
		}
		return len(rest) == 6 || (len(rest) == 9 && rest[0] != '0')
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// phoneSeparators split a cell holding several numbers.
var phoneSeparators = regexp.MustCompile(`\s*(?:/|;|,|\||\bou\b|\bet\b)\s*`)

// cleanPhone returns the first usable number of a cell in +33… form, and the
// parts it could not use.
func cleanPhone(raw string) (string, []string) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	if n, ok := place.NormalizePhone(raw); ok && libPhone(n) {
		return n, nil
	}
	var kept string
	var dropped []string
	for _, part := range phoneSeparators.Split(raw, -1) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		if n, ok := place.NormalizePhone(part); ok && libPhone(n) && kept == "" {
			kept = n
			continue
		}
		dropped = append(dropped, strings.TrimSpace(part))
	}
	return kept, dropped
}

// pivotOK reports whether a pivot is a SIRET (14 characters) or an RNA
// number: the schema allows 9 to 14 characters, the library only these.
func pivotOK(p string) bool { return siretRE.MatchString(p) || rnaRE.MatchString(p) }

// emailOK is the rule place.Validate applies.
func emailOK(e string) bool {
	a, err := mail.ParseAddress(e)
	return err == nil && a.Address == e
}

// splitEmails splits a cell of addresses on | ; , and spaces.
func splitEmails(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == ';' || r == ',' || unicode.IsSpace(r) })
}

// cleanEmail removes a mailto: prefix and surrounding punctuation.
func cleanEmail(e string) string {
	e = strings.TrimSpace(e)
	if len(e) > 7 && strings.EqualFold(e[:7], "mailto:") {
		e = e[7:]
	}
	return strings.Trim(e, "<>\"'")
}

// websiteURL adds the scheme to "www.exemple.fr" and checks the result the
// way place.Validate does.
func websiteURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToLower(s), "www.") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	ok := err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " |")
	return s, ok
}

// splitWebsites splits a cell of web addresses: on "|", or on ";" and ","
// when every part is an address (v0.1 used both).
func splitWebsites(s string) []string {
	if strings.Contains(s, "|") {
		return strings.Split(s, "|")
	}
	for _, sep := range []string{";", ",", " "} {
		parts := strings.Split(s, sep)
		if len(parts) < 2 {
			continue
		}
		all := true
		for _, p := range parts {
			p = strings.ToLower(strings.TrimSpace(p))
			if p != "" && !strings.HasPrefix(p, "http") && !strings.HasPrefix(p, "www.") {
				all = false
			}
		}
		if all {
			return parts
		}
	}
	return []string{s}
}

// Characters each part of a URL may hold in the library's pattern.
const (
	urlWord      = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
	pathAllowed  = urlWord + "+~,%@/.-"
	queryAllowed = urlWord + "-+=&;%@."
	fragAllowed  = urlWord + ".!/\\"
)

// libraryURL rewrites a web address into the form the library accepts,
// percent-encoding what its pattern refuses; ok is false when that cannot be
// done (no scheme, a port, a non-ASCII host).
func libraryURL(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(strings.ToLower(s), "www.") {
		s = "https://" + s
	}
	if libURL.MatchString(s) && (strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) {
		return s, true
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		return "", false
	}
	host := strings.ToLower(u.Host)
	if h, port, found := strings.Cut(host, ":"); found {
		if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
			host = h
		}
	}
	if !libHost.MatchString(host) {
		return "", false
	}
	var b strings.Builder
	b.WriteString(u.Scheme + "://" + host)
	b.WriteString(percentEncode(u.EscapedPath(), pathAllowed))
	if u.RawQuery != "" {
		b.WriteString("?" + percentEncode(u.RawQuery, queryAllowed))
	}
	if f := u.EscapedFragment(); f != "" {
		b.WriteString("#" + percentEncode(f, fragAllowed))
	}
	out := b.String()
	return out, libURL.MatchString(out)
}

// percentEncode escapes every byte outside allowed, keeping existing %XX.
func percentEncode(s, allowed string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(c)
			continue
		}
		if c != '%' && strings.IndexByte(allowed, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// The library's patterns for commune names and street addresses.
var (
	libCommune = regexp.MustCompile(`^[A-Za-z\dÀ-ÖØ-öø-ÿœ-ŸŒ\-'’\s]+$`)
	libVoie    = regexp.MustCompile(`^[0-9A-Za-z\dÀ-ÖØ-öø-ÿœ-ŸŒ\-,()°.&:+–|;'’/\s]+$`)
)

func inLatin(r rune) bool {
	return r >= 'À' && r <= 'Ö' || r >= 'Ø' && r <= 'ö' || r >= 'ø' && r <= 'ÿ' || r >= 'œ' && r <= 'Ÿ' || r == 'Œ'
}

// addressReplacements spell out characters the library refuses in addresses.
var addressReplacements = map[rune]string{
	'"': "", '«': "", '»': "", '“': "", '”': "", '„': "", '[': "(", ']': ")", '{': "(", '}': ")",
	'—': "–", '−': "-", '‐': "-", '‑': "-", '…': "...", '#': "n°", '_': " ", 'º': "°", 'ª': "a", '²': "2", '³': "3",
	'‘': "'", '`': "'", '´': "'", '\u00a0': " ", '\u202f': " ",
}

// conformAddress brings a street address into the library's characters.
func conformAddress(s string) string {
	if s == "" || libVoie.MatchString(s) {
		return s
	}
	return conformChars(s, func(r rune) bool {
		return r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("-,()°.&:+|;'/", r)) ||
			inLatin(r) || r == '–' || r == '’' || r == '°' || unicode.IsSpace(r)
	})
}

// conformCommune brings a commune name into the library's characters: the
// official name when the INSEE code is known, else the name without the
// refused characters ("Saint-Denis (La Réunion)" → "Saint-Denis").
func conformCommune(name, insee string) string {
	if name == "" || libCommune.MatchString(name) {
		return name
	}
	if c, ok := commune.Lookup(insee); ok && libCommune.MatchString(c.Name) {
		return c.Name
	}
	if i := strings.IndexAny(name, "(/,"); i > 0 {
		if head := strings.TrimSpace(name[:i]); libCommune.MatchString(head) {
			return head
		}
	}
	return conformChars(name, func(r rune) bool {
		return r < 128 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '\'') ||
			inLatin(r) || r == '’' || unicode.IsSpace(r)
	})
}

// conformChars replaces refused characters (known ones by their usual
// spelling, accented letters by their base letter, others by a space).
func conformChars(s string, allowed func(rune) bool) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case allowed(r):
			b.WriteRune(r)
		case addressReplacements[r] != "" || hasReplacement(r):
			for _, x := range addressReplacements[r] {
				if allowed(x) {
					b.WriteRune(x)
				} else {
					b.WriteByte(' ')
				}
			}
		case unicode.IsLetter(r):
			if base := baseLetter(r); base != 0 && allowed(base) {
				b.WriteRune(base)
			} else {
				b.WriteByte(' ')
			}
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func hasReplacement(r rune) bool { _, ok := addressReplacements[r]; return ok }

// baseLetter strips the accent of letters outside Latin-1 (ā, ł, ş…).
func baseLetter(r rune) rune {
	const from = "ĀāĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŹźŻżŽž"
	const to = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyZzZzZz"
	i := 0
	for _, f := range from {
		if f == r {
			return rune(to[i])
		}
		i++
	}
	return 0
}

// Exportable returns the place as exported files write it: every rule of
// the national library applied (for places edited in Parcours, whose form
// follows the schema's looser patterns).
func Exportable(p place.Place) place.Place {
	p.Normalize() // works on copies of the lists
	if !pivotOK(p.Pivot) {
		p.Pivot = place.UnknownPivot
	}
	p.Commune = conformCommune(p.Commune, p.InseeCode)
	p.Address = conformAddress(p.Address)
	if p.Phone != "" && !libPhone(p.Phone) {
		p.Phone = ""
	}
	if p.AccessibilityURL != "" {
		p.AccessibilityURL, _ = libraryURL(p.AccessibilityURL)
	}
	if p.BookingURL != "" {
		p.BookingURL, _ = libraryURL(p.BookingURL)
	}
	var typos []string
	for _, t := range p.Typologies {
		if c, ok := typologyValue(t); ok {
			typos = append(typos, c)
		}
	}
	p.Typologies = typos
	return p
}
