// Package resource holds the teaching resources the structures of a
// territory share in their library: a file (PDF, image, office document) or
// a link, described by title, summary, La Coop's themes, level, audiences
// and licence, with the structure that wrote it. A workshop may use some as
// its material.
package resource

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/textfold"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Limits of the text fields.
const (
	MaxTitle   = 200
	MaxSummary = 4000
	MaxLink    = 2000
)

// Audiences a resource is meant for; the first three are the workshops'.
var Audiences = vocab.List{
	{Value: "habitants", Label: "Tout public"},
	{Value: "seniors", Label: "Seniors"},
	{Value: "jeunes", Label: "Jeunes"},
	{Value: "parents", Label: "Parents et familles"},
	{Value: "allophones", Label: "Personnes allophones"},
	{Value: "handicap", Label: "Personnes en situation de handicap"},
	{Value: "professionnels", Label: "Professionnels (travailleurs sociaux, agents d'accueil, aidants…)"},
}

// AllRightsReserved is the licence that lets nobody copy the resource.
const AllRightsReserved = "tous_droits_reserves"

// Licences of a resource.
var Licences = vocab.List{
	{Value: "cc_by", Label: "CC BY (attribution)"},
	{Value: "cc_by_sa", Label: "CC BY-SA (attribution, partage dans les mêmes conditions)"},
	{Value: "cc_by_nc", Label: "CC BY-NC (attribution, pas d'usage commercial)"},
	{Value: "cc_by_nc_sa", Label: "CC BY-NC-SA (attribution, pas d'usage commercial, partage dans les mêmes conditions)"},
	{Value: "cc_by_nd", Label: "CC BY-ND (attribution, pas de modification)"},
	{Value: "licence_ouverte", Label: "Licence Ouverte Etalab"},
	{Value: "domaine_public", Label: "Domaine public (CC0)"},
	{Value: AllRightsReserved, Label: "Tous droits réservés"},
}

// Levels are La Coop's workshop levels; a resource without one suits every level.
var Levels = vocab.List(activity.Levels)

// Themes are La Coop's themes of an activity.
var Themes = vocab.List(activity.Themes)

// Resource is one teaching resource of a structure.
type Resource struct {
	ID            int64
	StructureID   int64 // the author structure
	StructureName string
	Title         string
	Summary       string
	Themes        []string
	Level         string // "" for every level
	Audiences     []string
	Licence       string
	Link          string // the resource's address, for a link
	FileName      string // for a file: its name as uploaded, its sniffed type and size
	FileType      string
	FileSize      int64
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// IsFile reports whether the resource is an uploaded file (otherwise a link).
func (r Resource) IsFile() bool { return r.FileType != "" }

// Shareable reports whether anyone may receive a copy: every licence but
// "all rights reserved".
func (r Resource) Shareable() bool { return r.Licence != AllRightsReserved && r.Licence != "" }

// Labels for templates.
func (r Resource) ThemeLabels() string    { return Themes.Labels(r.Themes) }
func (r Resource) AudienceLabels() string { return Audiences.Labels(r.Audiences) }
func (r Resource) LicenceLabel() string   { return Licences.Label(r.Licence) }

// LevelLabel names the level, "Tous niveaux" when none.
func (r Resource) LevelLabel() string {
	if r.Level == "" {
		return "Tous niveaux"
	}
	return Levels.Label(r.Level)
}

// KindLabel names the file's format, or "Lien".
func (r Resource) KindLabel() string {
	if !r.IsFile() {
		return "Lien"
	}
	return FormatLabel(r.FileType)
}

// SizeLabel writes the file's size in French: "350 ko", "2,4 Mo".
func (r Resource) SizeLabel() string {
	switch n := r.FileSize; {
	case n < 1000:
		return itoa(n) + " o"
	case n < 1000*1000:
		return itoa((n+500)/1000) + " ko"
	default:
		tenth := (n + 50*1000) / (100 * 1000)
		return itoa(tenth/10) + "," + itoa(tenth%10) + " Mo"
	}
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

// SearchKey is what a search by words looks into: the title and the summary,
// without case nor accents.
func (r Resource) SearchKey() string { return textfold.Key(r.Title + " " + r.Summary) }

// Normalize trims the fields and drops repeated or empty choices.
func (r *Resource) Normalize() {
	r.Title = strings.Join(strings.Fields(r.Title), " ")
	r.Summary = strings.TrimSpace(strings.ReplaceAll(r.Summary, "\r\n", "\n"))
	r.Link = strings.TrimSpace(r.Link)
	r.Themes = unique(r.Themes)
	r.Audiences = unique(r.Audiences)
}

func unique(l []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range l {
		if v = strings.TrimSpace(v); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Validate returns every field error, named as the form and the API name
// them. A resource is a file or a link: hasFile says a file comes with it.
func (r Resource) Validate(hasFile bool) error {
	var v apperr.Validation
	switch n := utf8.RuneCountInString(r.Title); {
	case n == 0:
		v.Add("titre", "Donnez un titre à la ressource, par exemple « Créer son adresse e-mail pas à pas ».")
	case n > MaxTitle:
		v.Add("titre", "Le titre fait 200 caractères au plus.")
	}
	if utf8.RuneCountInString(r.Summary) > MaxSummary {
		v.Add("resume", "Le résumé fait 4 000 caractères au plus.")
	}
	if len(r.Themes) == 0 {
		v.Add("themes", "Choisissez au moins un thème.")
	}
	for _, t := range r.Themes {
		if !Themes.Has(t) {
			v.Add("themes", "Thème inconnu : "+t+".")
			break
		}
	}
	if r.Level != "" && !Levels.Has(r.Level) {
		v.Add("niveau", "Choisissez débutant, intermédiaire, avancé, ou tous niveaux.")
	}
	if len(r.Audiences) == 0 {
		v.Add("publics", "Choisissez au moins un public.")
	}
	for _, a := range r.Audiences {
		if !Audiences.Has(a) {
			v.Add("publics", "Public inconnu : "+a+".")
			break
		}
	}
	if !Licences.Has(r.Licence) {
		v.Add("licence", "Choisissez la licence de la ressource : sous quelles conditions d'autres peuvent la réutiliser.")
	}
	switch {
	case hasFile && r.Link != "":
		v.Add("lien", "Une ressource est un fichier ou un lien : videz le lien, ou n'envoyez pas de fichier.")
	case !hasFile && r.Link == "":
		v.Add("fichier", "Envoyez le fichier de la ressource, ou donnez son lien.")
	case r.Link != "":
		if msg := checkLink(r.Link); msg != "" {
			v.Add("lien", msg)
		}
	}
	return v.Err()
}

func checkLink(s string) string {
	if len(s) > MaxLink {
		return "Le lien fait 2 000 caractères au plus."
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return "Donnez une adresse web complète, par exemple https://www.exemple.fr/fiche.pdf."
	}
	return ""
}
