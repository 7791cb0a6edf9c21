// Package network is the directory of a territory's actors: its
// structures, the places they run (from the map) with their services, and
// the staff members who agreed to be listed, with how to reach them.
// Professionals read it to find the right colleague; it is printable.
package network

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// MaxFunction bounds the job title a staff member gives.
const MaxFunction = 80

// Listing is a staff member's agreement to appear in the directory of
// their structure's territory, with what they chose to show.
type Listing struct {
	UserID      int64
	StructureID int64
	Name        string // the account's name, read from the account
	Email       string // the account's e-mail, shown only when ShowEmail
	Function    string // "conseillère numérique", "référente RSA"…
	Phone       string // +33… form; empty when not given
	ShowEmail   bool
}

// ListingInput is what the staff member types.
type ListingInput struct {
	Function  string
	Phone     string
	ShowEmail bool
}

// Normalize checks the input and returns the listing's fields, or the
// French message of each wrong field.
func (in ListingInput) Normalize() (ListingInput, error) {
	out := ListingInput{Function: strings.Join(strings.Fields(in.Function), " "), ShowEmail: in.ShowEmail}
	var fields []apperr.FieldError
	if utf8.RuneCountInString(out.Function) > MaxFunction {
		fields = append(fields, apperr.FieldError{Field: "fonction", Message: "La fonction doit faire 80 caractères au plus."})
	}
	if p := strings.TrimSpace(in.Phone); p != "" {
		n, ok := place.NormalizePhone(p)
		if !ok {
			fields = append(fields, apperr.FieldError{Field: "telephone", Message: "Indiquez un numéro de téléphone français, par exemple 05 46 82 10 00."})
		}
		out.Phone = n
	}
	if len(fields) > 0 {
		return in, &apperr.Error{Code: apperr.Invalid, Message: "La fiche n'est pas enregistrée : corrigez les champs signalés.", Fields: fields}
	}
	return out, nil
}

// ContactPhone is the listing's phone in the French way of writing it.
func (l Listing) ContactPhone() string { return place.DisplayPhone(l.Phone) }

// Entry is one structure of the directory.
type Entry struct {
	Structure structure.Structure
	Places    []place.Place
	Staff     []Listing
}

// Services lists the services of the entry's places, each once, in the
// order of the schema's vocabulary.
func (e Entry) Services() []string {
	var out []string
	for _, p := range e.Places {
		for _, s := range p.Services {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Build groups places and listings under their structures, keeping the
// entries that match query (structure, commune, place, service or staff
// member, accents and case ignored; every entry when query is empty).
func Build(structures []structure.Structure, places []place.Place, listings []Listing, query string) []Entry {
	index := make(map[int64]int, len(structures))
	entries := make([]Entry, len(structures))
	for i, s := range structures {
		index[s.ID] = i
		entries[i].Structure = s
	}
	for _, p := range places {
		if i, ok := index[p.StructureID]; ok && p.StructureID != 0 {
			entries[i].Places = append(entries[i].Places, p)
		}
	}
	for _, l := range listings {
		if i, ok := index[l.StructureID]; ok {
			entries[i].Staff = append(entries[i].Staff, l)
		}
	}
	key := textfold.Key(query)
	if key == "" {
		return entries
	}
	var out []Entry
	for _, e := range entries {
		if strings.Contains(e.searchKey(), key) {
			out = append(out, e)
		}
	}
	return out
}

func (e Entry) searchKey() string {
	parts := []string{e.Structure.Name, e.Structure.CommuneLabel(), e.Structure.Address}
	for _, p := range e.Places {
		parts = append(parts, p.Name, p.Commune, p.PostalCode)
		parts = append(parts, p.Services...)
	}
	for _, l := range e.Staff {
		parts = append(parts, l.Name, l.Function)
	}
	return textfold.Key(strings.Join(parts, " | "))
}
