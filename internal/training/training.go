// Package training holds the training record of professionals: the courses
// (title, length, provider, certificate) and who completed which, when. The
// aidant course is the one that lets a professional act for a person under
// a mandate.
package training

import (
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Kinds of course.
const (
	General = "generale"
	Aidant  = "aidant"
)

// Kinds lists the kinds of course.
var Kinds = vocab.List{
	{Value: General, Label: "Formation", Hint: "Médiation numérique, travail social, sensibilisation des élus…"},
	{Value: Aidant, Label: "Formation d'aidant", Hint: "Permet d'agir pour une personne avec un mandat, après la signature de la charte de l'aidant."},
}

// Course is one training course.
type Course struct {
	ID          int64
	StructureID int64 // the structure that records it
	Title       string
	Kind        string
	Minutes     int
	Provider    string
	Certificate string // the certificate it gives ("" none)
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Hours says the course's length in French: "30 h", "3 h 30".
func (c Course) Hours() string {
	h, m := c.Minutes/60, c.Minutes%60
	if m == 0 {
		return strconv.Itoa(h) + " h"
	}
	return strconv.Itoa(h) + " h " + twoDigits(m)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// ParseHours reads a length typed as "30", "3,5", "3.5" or "3 h 30" into minutes.
func ParseHours(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	if h, m, ok := strings.Cut(s, "h"); ok {
		hh, err := strconv.Atoi(strings.TrimSpace(h))
		if err != nil {
			return 0, false
		}
		mm := 0
		if m = strings.TrimSpace(m); m != "" {
			if mm, err = strconv.Atoi(m); err != nil || mm >= 60 {
				return 0, false
			}
		}
		return hh*60 + mm, true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || f < 0 {
		return 0, false
	}
	return int(f*60 + 0.5), true
}

// Normalize trims the typed text.
func (c *Course) Normalize() {
	c.Title, c.Provider, c.Certificate = strings.TrimSpace(c.Title), strings.TrimSpace(c.Provider), strings.TrimSpace(c.Certificate)
}

// Validate checks a course before it is saved.
func (c Course) Validate() error {
	var v apperr.Validation
	if c.Title == "" {
		v.Add("intitule", "Indiquez l'intitulé de la formation.")
	} else if len(c.Title) > 200 {
		v.Add("intitule", "200 caractères au plus.")
	}
	if !Kinds.Has(c.Kind) {
		v.Add("type", "Choisissez le type de formation.")
	}
	if c.Minutes <= 0 || c.Minutes > 1000*60 {
		v.Add("duree", "Indiquez la durée en heures, par exemple 30 ou 3,5.")
	}
	if len(c.Provider) > 200 {
		v.Add("organisme", "200 caractères au plus.")
	}
	if len(c.Certificate) > 200 {
		v.Add("certificat", "200 caractères au plus.")
	}
	return v.Err()
}

// Completion is one professional's completion of one course.
type Completion struct {
	ID             int64
	CourseID       int64
	CourseTitle    string
	CourseKind     string
	UserID         int64
	UserName       string
	CompletedOn    string // YYYY-MM-DD
	CertificateRef string // the certificate's number, when it gives one
	CreatedAt      time.Time
}

// CompletedOnFR is the date as French readers write it.
func (c Completion) CompletedOnFR() string {
	if t, err := time.Parse("2006-01-02", c.CompletedOn); err == nil {
		return t.Format("02/01/2006")
	}
	return c.CompletedOn
}

// ParseDay reads a date typed as 10/03/2026 or 2026-03-10.
func ParseDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"02/01/2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	return "", false
}
