package api

// Place files: the open-data API of places.

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/store"
)

// placeRoutes lists this capability's API operations.
func (a *API) placeRoutes() []Route {
	return []Route{
		{Pattern: "GET " + Prefix + "/lieux", OperationID: "listLieux", Handler: a.listLieux},
	}
}

// Page sizes of GET /lieux.
const (
	lieuxDefaultLimit = 100
	lieuxMaxLimit     = 1000
)

// lieuxPage is the reply of GET /lieux.
type lieuxPage struct {
	Lieux          []placefile.Record `json:"lieux"`
	CurseurSuivant *string            `json:"curseur_suivant"`
}

var departementRE = regexp.MustCompile(`^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-8]|98[4-9])$`)

// listLieux lists open places as schema records, by increasing id, a page
// at a time.
func (a *API) listLieux(w http.ResponseWriter, r *http.Request) {
	f, err := lieuxFilter(r)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	limit := f.Limit
	f.Limit++ // one more tells whether a next page exists
	places, err := a.store.ListPlaces(r.Context(), f)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	page := lieuxPage{Lieux: []placefile.Record{}}
	if len(places) > limit {
		places = places[:limit]
		c := encodeLieuxCursor(places[len(places)-1].ID)
		page.CurseurSuivant = &c
	}
	ids, err := placefile.IDsFor(r.Context(), a.store, places)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	for i := range places {
		page.Lieux = append(page.Lieux, placefile.NewRecord(places[i], ids.ID(&places[i])))
	}
	w.Header().Set("Access-Control-Allow-Origin", "*") // open data, readable from any site
	w.Header().Set("Cache-Control", "public, max-age=60")
	WriteJSON(w, http.StatusOK, page)
}

// lieuxFilter reads the query, with every error at once.
func lieuxFilter(r *http.Request) (store.PlaceFilter, error) {
	q := r.URL.Query()
	f := store.PlaceFilter{Limit: lieuxDefaultLimit}
	var v apperr.Validation
	known := map[string]bool{"commune": true, "departement": true, "service": true, "modifie_depuis": true, "limite": true, "curseur": true}
	for k := range q {
		if !known[k] {
			v.Add(k, fmt.Sprintf("Paramètre inconnu « %s » : commune, departement, service, modifie_depuis, limite, curseur.", k))
		}
	}
	if c := strings.ToUpper(strings.TrimSpace(q.Get("commune"))); c != "" {
		if !commune.ValidCode(c) {
			v.Add("commune", "Code INSEE de commune inconnu (5 caractères, par exemple 17299 ou 2A004).")
		} else {
			f.InseeCodes = communeCodes(c)
		}
	}
	if d := strings.ToUpper(strings.TrimSpace(q.Get("departement"))); d != "" {
		if !departementRE.MatchString(d) {
			v.Add("departement", "Code de département invalide (par exemple 17, 2A ou 974).")
		}
		f.Department = d
	}
	if s := strings.TrimSpace(q.Get("service")); s != "" {
		if !place.Allowed("services", s) {
			names := make([]string, len(place.Services))
			for i, c := range place.Services {
				names[i] = c.Value
			}
			v.Add("service", "Service inconnu : "+strings.Join(names, " ; ")+".")
		}
		f.Service = s
	}
	if m := strings.TrimSpace(q.Get("modifie_depuis")); m != "" {
		t, ok := parseSince(m)
		if !ok {
			v.Add("modifie_depuis", "Date invalide : AAAA-MM-JJ ou date-heure RFC 3339 (2026-01-31T08:00:00+01:00).")
		}
		f.ModifiedSince = t
	}
	if l := q.Get("limite"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > lieuxMaxLimit {
			v.Add("limite", fmt.Sprintf("La limite est un nombre de 1 à %d.", lieuxMaxLimit))
		} else {
			f.Limit = n
		}
	}
	if c := q.Get("curseur"); c != "" {
		id, ok := decodeLieuxCursor(c)
		if !ok {
			v.Add("curseur", "Curseur invalide : reprenez la liste au début, sans curseur.")
		}
		f.AfterID = id
	}
	if err := v.Err(); err != nil {
		return f, err
	}
	return f, nil
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

// parseSince reads a date (midnight in Paris) or an RFC 3339 date-time
// (Paris time when it has no offset).
func parseSince(s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, hours.Location()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// The cursor is opaque to clients: the last id seen, versioned.
func encodeLieuxCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("l1:" + strconv.FormatInt(id, 10)))
}

func decodeLieuxCursor(c string) (int64, bool) {
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
