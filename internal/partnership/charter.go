package partnership

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// CharterVersion is one version of the charter of the territory's actors:
// a new text with its day; the hash of its exact wording is kept with it
// and with every signature, so that the wording signed can be proven.
type CharterVersion struct {
	ID          int64
	TerritoryID int64
	Version     int
	Body        string
	Hash        string
	PublishedOn string // YYYY-MM-DD
	Signatures  []CharterSignature
}

// Name names the version: "charte-territoire-v2".
func (v CharterVersion) Name() string { return "charte-territoire-v" + strconv.Itoa(v.Version) }

// Day writes the publication day as 05/03/2026.
func (v CharterVersion) Day() string { return frenchDay(v.PublishedOn) }

// Paragraphs splits the text at blank lines, for display.
func (v CharterVersion) Paragraphs() []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(v.Body, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// CharterHash is the SHA-256 of a version's name and exact wording.
func CharterHash(version int, body string) string {
	h := sha256.Sum256([]byte("charte-territoire-v" + strconv.Itoa(version) + "\n" + body))
	return hex.EncodeToString(h[:])
}

// NewCharterText checks a new version's text.
func NewCharterText(body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	switch n := len([]rune(body)); {
	case n < 20:
		return body, apperr.Field("texte", "Écrivez le texte de la charte (20 caractères au moins).")
	case n > 20000:
		return body, apperr.Field("texte", "20 000 caractères au plus.")
	}
	return body, nil
}

// CharterSignature is a structure's signature of one version.
type CharterSignature struct {
	ID            int64
	VersionID     int64
	Version       int
	StructureID   int64
	StructureName string
	SignerName    string
	SignerRole    string
	SignedOn      string // YYYY-MM-DD
	Hash          string // the hash of the wording signed
	CreatedAt     time.Time
}

// Day writes the signature's day as 05/03/2026.
func (s CharterSignature) Day() string { return frenchDay(s.SignedOn) }

// NewCharterSignature checks the signer's name, role and the day, not in
// the future; accepted is the box ticked to sign.
func NewCharterSignature(name, role, day, today string, accepted bool) (CharterSignature, error) {
	s := CharterSignature{SignerName: strings.TrimSpace(name), SignerRole: strings.TrimSpace(role)}
	var v apperr.Validation
	switch n := len([]rune(s.SignerName)); {
	case n == 0:
		v.Add("nom", "Indiquez le nom de la personne qui signe pour la structure.")
	case n > 200:
		v.Add("nom", "200 caractères au plus.")
	}
	switch n := len([]rune(s.SignerRole)); {
	case n == 0:
		v.Add("fonction", "Indiquez sa fonction, par exemple « Directrice du CCAS ».")
	case n > 200:
		v.Add("fonction", "200 caractères au plus.")
	}
	var ok bool
	if s.SignedOn, ok = ParseDay(day); !ok {
		v.Add("date", "Indiquez la date de signature, par exemple 05/03/2026.")
	} else if s.SignedOn > today {
		v.Add("date", "La date de signature ne peut pas être dans le futur.")
	}
	if !accepted {
		v.Add("accepte", "Cochez la case pour signer la charte au nom de la structure.")
	}
	return s, v.Err()
}
