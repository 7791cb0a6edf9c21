package placefiles

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// ExportPublic writes every open place in one of placefile.ExportFormats
// (open data: anyone may read it) and returns how many it wrote.
func (s *Service) ExportPublic(ctx context.Context, w io.Writer, format string) (int, error) {
	return placefile.Export(ctx, s.st, w, format)
}

// Page sizes of the open-data list.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// OpenDataQuery narrows the open-data list; zero values mean "any".
type OpenDataQuery struct {
	Commune       string // INSEE code; Paris, Lyon and Marseille include their arrondissements
	Department    string
	Service       string // one of the schema's services, spelt exactly
	ModifiedSince time.Time
	Limit         int    // 1 to MaxLimit; 0: DefaultLimit
	Cursor        string // Next of the previous page
}

// OpenDataPage is one page of open places as schema records, by increasing id.
type OpenDataPage struct {
	Records []placefile.Record
	Next    string // the cursor of the next page; "" on the last
}

var departementRE = regexp.MustCompile(`^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$`)

// ListPublic lists open places as schema records, a page at a time. Field
// errors name the API's parameters, all at once.
func (s *Service) ListPublic(ctx context.Context, q OpenDataQuery) (OpenDataPage, error) {
	f := placestore.PlaceFilter{Limit: DefaultLimit, ModifiedSince: q.ModifiedSince}
	var v apperr.Validation
	if c := strings.ToUpper(strings.TrimSpace(q.Commune)); c != "" {
		if !commune.ValidCode(c) {
			v.Add("commune", "Code INSEE de commune inconnu (5 caractères, par exemple 17299 ou 2A004).")
		}
		f.InseeCodes = communeCodes(c)
	}
	if d := strings.ToUpper(strings.TrimSpace(q.Department)); d != "" {
		if !departementRE.MatchString(d) {
			v.Add("departement", "Code de département invalide (par exemple 17, 2A ou 974).")
		}
		f.Department = d
	}
	if sv := strings.TrimSpace(q.Service); sv != "" {
		if !place.Allowed("services", sv) {
			names := make([]string, len(place.Services))
			for i, c := range place.Services {
				names[i] = c.Value
			}
			v.Add("service", "Service inconnu : "+strings.Join(names, " ; ")+".")
		}
		f.Service = sv
	}
	if q.Limit != 0 {
		if q.Limit < 1 || q.Limit > MaxLimit {
			v.Add("limite", fmt.Sprintf("La limite est un nombre de 1 à %d.", MaxLimit))
		}
		f.Limit = q.Limit
	}
	if q.Cursor != "" {
		id, ok := decodeCursor(q.Cursor)
		if !ok {
			v.Add("curseur", "Curseur invalide : reprenez la liste au début, sans curseur.")
		}
		f.AfterID = id
	}
	if err := v.Err(); err != nil {
		return OpenDataPage{}, err
	}
	limit := f.Limit
	f.Limit++ // one more tells whether a next page exists
	places, err := s.st.ListPlaces(ctx, f)
	if err != nil {
		return OpenDataPage{}, err
	}
	page := OpenDataPage{Records: []placefile.Record{}}
	if len(places) > limit {
		places = places[:limit]
		page.Next = encodeCursor(places[len(places)-1].ID)
	}
	ids, err := placefile.IDsFor(ctx, s.st, places)
	if err != nil {
		return page, err
	}
	for i := range places {
		page.Records = append(page.Records, placefile.NewRecord(places[i], ids.ID(&places[i])))
	}
	return page, nil
}

// PublicVersion changes whenever this process writes places: an answer of
// ListPublic may be reused while it is the same, and for a short while
// (writes by another process, such as a command-line import, are not seen).
func (s *Service) PublicVersion() uint64 { return s.st.PlaceWrites() }

// GetPublic returns the open place that the open data names id (its "id"
// in the file and the list), as a schema record.
func (s *Service) GetPublic(ctx context.Context, id string) (placefile.Record, error) {
	candidates, err := s.st.OpenPlacesWithSchemaID(ctx, id)
	if err != nil {
		return placefile.Record{}, err
	}
	ids, err := placefile.IDsFor(ctx, s.st, candidates)
	if err != nil {
		return placefile.Record{}, err
	}
	for i := range candidates {
		if ids.ID(&candidates[i]) == id {
			return placefile.NewRecord(candidates[i], id), nil
		}
	}
	return placefile.Record{}, apperr.New(apperr.NotFound, "Aucun lieu ouvert ne porte cet identifiant : voir la liste des lieux.")
}

// communeCodes is the code itself, and for Paris, Lyon and Marseille their
// arrondissements, which places may use instead.
func communeCodes(code string) []string {
	first, n := 0, 0
	switch code {
	case "75056":
		first, n = 75101, 20
	case "69123":
		first, n = 69381, 9
	case "13055":
		first, n = 13201, 16
	}
	out := []string{code}
	for i := range n {
		out = append(out, strconv.Itoa(first+i))
	}
	return out
}

// The cursor is opaque to clients: the last id seen, versioned.
func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("l1:" + strconv.FormatInt(id, 10)))
}

func decodeCursor(c string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, ok := strings.CutPrefix(string(b), "l1:")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(n, 10, 64)
	return id, err == nil && id > 0
}
