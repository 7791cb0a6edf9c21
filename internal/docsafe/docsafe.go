// Package docsafe holds the document safe (coffre-fort numérique) of a
// followed person: the kinds of documents, the check of what is uploaded
// (real content, photos straightened and compressed), the encryption at
// rest (a key per document wrapped by the territory key), the encrypted
// files on disk, the consent wording, share links and expiry reminders.
package docsafe

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Content types accepted in a safe.
const (
	TypePDF  = "application/pdf"
	TypeJPEG = "image/jpeg"
	TypePNG  = "image/png"
)

// MaxUpload is the largest file accepted, before photos are compressed.
const MaxUpload = 15 << 20

// Quotas by default: what a person's safe and all the safes of one
// structure may hold, counted on the stored (compressed) documents.
const (
	DefaultPersonQuota    = 50 << 20
	DefaultStructureQuota = 5 << 30
)

// Kinds of documents.
const (
	KindIdentity  = "identite"
	KindPassport  = "passeport"
	KindResidence = "titre_sejour"
	KindTax       = "avis_impot"
	KindCAF       = "attestation_caf"
	KindAddress   = "justificatif_domicile"
	KindHealth    = "carte_vitale"
	KindOther     = "autre"
)

// Kinds in the order forms show them.
var Kinds = vocab.List{
	{Value: KindIdentity, Label: "Carte d'identité"},
	{Value: KindPassport, Label: "Passeport"},
	{Value: KindResidence, Label: "Titre de séjour"},
	{Value: KindTax, Label: "Avis d'impôt"},
	{Value: KindCAF, Label: "Attestation CAF"},
	{Value: KindAddress, Label: "Justificatif de domicile"},
	{Value: KindHealth, Label: "Carte Vitale ou attestation de droits"},
	{Value: KindOther, Label: "Autre document"},
}

// Consent is the wording read to the person before their safe is opened;
// a new text gets a new version, and each safe keeps the exact text shown
// and its hash. "%s" is the structure's name.
const (
	ConsentVersion = "coffre-v1"
	consentText    = "J'accepte que %s ouvre un coffre-fort numérique pour moi et y range mes papiers. Ils sont chiffrés. Les conseillers de %s peuvent les voir seulement tant que je suis d'accord, et chaque lecture est notée. Je peux voir mes papiers avec un code reçu par SMS, et je reçois un SMS avant qu'un papier expire. Je peux retirer mon accord ou tout effacer quand je veux."
)

// ConsentWording is the text shown for a structure.
func ConsentWording(structureName string) string {
	return strings.ReplaceAll(consentText, "%s", structureName)
}

// ConsentHash fingerprints what was agreed: version and exact text.
func ConsentHash(version, wording string) string {
	s := sha256.Sum256([]byte(version + "\n" + wording))
	return hex.EncodeToString(s[:])
}

// Safe is a followed person's safe in one structure.
type Safe struct {
	ID                 int64
	StructureID        int64
	PersonID           int64
	ConsentVersion     string
	ConsentWording     string
	ConsentHash        string
	OpenedBy           int64
	OpenedAt           time.Time
	ConsentWithdrawnAt time.Time
}

// StaffAccess reports whether the structure's staff may still read it.
func (s Safe) StaffAccess() bool { return s.ID != 0 && s.ConsentWithdrawnAt.IsZero() }

// Document is one stored document; its bytes are in an encrypted file
// named BlobID.
type Document struct {
	ID          int64
	SafeID      int64
	StructureID int64
	PersonID    int64
	BlobID      string
	Kind        string
	Title       string
	ContentType string
	Size        int64 // bytes of the document as stored, before encryption
	WrappedKey  []byte
	KeyID       string
	ExpiresOn   string // YYYY-MM-DD or ""
	CreatedAt   time.Time
	Accesses    []Access
	Shares      []Share
}

// KindLabel names the kind.
func (d Document) KindLabel() string { return Kinds.Label(d.Kind) }

// Name is what lists show: the title, or the kind.
func (d Document) Name() string {
	if d.Title != "" {
		return d.Title
	}
	return d.KindLabel()
}

// Extension is the file extension of the content type.
func (d Document) Extension() string {
	switch d.ContentType {
	case TypePDF:
		return ".pdf"
	case TypePNG:
		return ".png"
	}
	return ".jpg"
}

// Who reads a document.
const (
	ByStaff  = "personnel"
	ByShare  = "lien"
	ByPerson = "personne"
)

// Accessors in French.
var Accessors = vocab.List{
	{Value: ByStaff, Label: "Un conseiller ou une conseillère"},
	{Value: ByShare, Label: "Quelqu'un avec le lien de partage"},
	{Value: ByPerson, Label: "Vous-même"},
}

// Access is one read of a document.
type Access struct {
	At  time.Time
	By  string // ByStaff, ByShare, ByPerson
	Who string // the staff member's name, "" otherwise
}

// ByLabel says who read it, in French.
func (a Access) ByLabel() string {
	if a.By == ByStaff && a.Who != "" {
		return a.Who
	}
	return Accessors.Label(a.By)
}

// Share is a link that opens one document until it expires or is revoked.
type Share struct {
	ID         int64
	DocumentID int64
	ExpiresAt  time.Time
	RevokedAt  time.Time
	CreatedAt  time.Time
}

// Active reports whether the link still opens the document at now.
func (s Share) Active(now time.Time) bool { return s.RevokedAt.IsZero() && now.Before(s.ExpiresAt) }

// ShareDurations are the lives a share link may have.
var ShareDurations = []struct {
	Value string
	Label string
	D     time.Duration
}{
	{"1h", "1 heure", time.Hour},
	{"24h", "24 heures", 24 * time.Hour},
	{"7j", "7 jours", 7 * 24 * time.Hour},
}

// ShareDuration returns the life named by v.
func ShareDuration(v string) (time.Duration, bool) {
	for _, d := range ShareDurations {
		if d.Value == v {
			return d.D, true
		}
	}
	return 0, false
}

// ReminderLead is how long before a document expires the person is told:
// a residence permit's renewal starts months ahead (the prefecture asks
// for the request in the four months before the end).
func ReminderLead(kind string) (months int) {
	if kind == KindResidence {
		return 4
	}
	return 1
}

// ReminderDue reports whether a document expiring on expiresOn (YYYY-MM-DD)
// is in its reminder window on day (YYYY-MM-DD) and not yet expired.
func ReminderDue(kind, expiresOn, day string) bool {
	exp, err := time.Parse("2006-01-02", expiresOn)
	if err != nil {
		return false
	}
	today, err := time.Parse("2006-01-02", day)
	if err != nil {
		return false
	}
	start := exp.AddDate(0, -ReminderLead(kind), 0)
	return !today.Before(start) && today.Before(exp)
}

var (
	errUnreadableImage = errors.New("image illisible")
	errHugeImage       = errors.New("image trop grande")
)

// Refusals of an upload, in French, for the field "fichier".
var (
	ErrEmpty      = apperr.Field("fichier", "Le fichier est vide.")
	ErrTooLarge   = apperr.Field("fichier", "Le fichier dépasse 15 Mo. Prenez une photo moins lourde ou scannez en PDF.")
	ErrNotAllowed = apperr.Field("fichier", "Ce fichier n'est ni un PDF, ni une photo JPEG ou PNG.")
	ErrBadImage   = apperr.Field("fichier", "Cette image est abîmée ou illisible.")
	ErrHugeImage  = apperr.Field("fichier", "Cette image est trop grande (plus de 60 millions de pixels).")
	ErrBadPDF     = apperr.Field("fichier", "Ce PDF est incomplet ou abîmé.")
)

// Prepare checks an uploaded file by its content, never by its name or
// the type the browser claims, and returns what to store: a PDF as is, an
// image decoded, straightened and compressed again.
func Prepare(b []byte) (out []byte, contentType string, err error) {
	switch {
	case len(b) == 0:
		return nil, "", ErrEmpty
	case len(b) > MaxUpload:
		return nil, "", ErrTooLarge
	}
	switch ct := http.DetectContentType(b); ct {
	case TypePDF:
		tail := b[max(0, len(b)-2048):]
		if !bytes.Contains(tail, []byte("%%EOF")) {
			return nil, "", ErrBadPDF
		}
		return b, TypePDF, nil
	case TypeJPEG, TypePNG:
		out, ct, err := normalizeImage(b, ct)
		switch {
		case errors.Is(err, errHugeImage):
			return nil, "", ErrHugeImage
		case err != nil:
			return nil, "", ErrBadImage
		}
		return out, ct, nil
	}
	return nil, "", ErrNotAllowed
}
