package place

import (
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Translation is a place's own texts (its summary and description) put
// into a resident language by a translator of the structure that owns the
// place. French is the original and has no translation.
type Translation struct {
	PlaceID      int64
	Lang         string // a resident language's code (i18n.Langs), never "fr"
	Summary      string
	Description  string
	TranslatorID int64
	Translator   string // the translator's name, "" once the account is gone
	TranslatedAt time.Time
	ReviewerID   int64
	Reviewer     string
	ReviewedAt   time.Time // zero: "à relire"
}

// Reviewed reports whether another translator has reviewed the text as it
// stands ("relue"); a translation not reviewed is "à relire".
func (t Translation) Reviewed() bool { return !t.ReviewedAt.IsZero() }

// Validate checks the texts against the limits of the original's fields.
func (t *Translation) Validate() error {
	var v apperr.Validation
	if t.Summary == "" && t.Description == "" {
		v.Add("resume", "Traduisez au moins le résumé ou la description.")
	}
	if n := utf8.RuneCountInString(t.Summary); n > MaxSummary*2 {
		v.Add("resume", "Le résumé traduit est trop long : 560 caractères au plus.")
	}
	if utf8.RuneCountInString(t.Description) > MaxTranslatedDescription {
		v.Add("description", "La description traduite est trop longue : 20 000 caractères au plus.")
	}
	return v.Err()
}

// MaxTranslatedDescription bounds a translated description.
const MaxTranslatedDescription = 20000
