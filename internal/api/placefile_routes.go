package api

// Places: the open data of lieux de médiation numérique.

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
)

// placeRoutes lists this capability's API operations.
func (a *API) placeRoutes() []Route {
	return []Route{
		{Pattern: "GET " + Prefix + "/lieux", OperationID: "listLieux", Handler: a.listLieux},
		{Pattern: "GET " + Prefix + "/lieux/{id}", OperationID: "getLieu", Handler: a.getLieu},
	}
}

// lieuxPage is the reply of GET /lieux.
type lieuxPage struct {
	Lieux          []placefile.Record `json:"lieux"`
	CurseurSuivant *string            `json:"curseur_suivant"`
}

// lieuxParams are the query parameters of GET /lieux.
var lieuxParams = []string{"commune", "departement", "service", "modifie_depuis", "limite", "curseur"}

// lieuxKey names what a page of GET /lieux depends on: the query and the
// places' version.
type lieuxKey struct {
	query   string
	version uint64
}

// Bounds of the cache of GET /lieux pages (gzip, about 20 KB each): the
// same page asked again within lieuxTTL, places unchanged, is sent as kept.
const (
	lieuxCacheSize = 256
	lieuxTTL       = 2 * time.Second
)

// listLieux lists open places as schema records, by increasing id, a page
// at a time. The answer does not depend on who asks.
func (a *API) listLieux(w http.ResponseWriter, r *http.Request) {
	a.lieux.Serve(w, r, lieuxKey{r.URL.RawQuery, a.app.PlaceFiles.PublicVersion()}, a.listLieuxNow)
}

func (a *API) listLieuxNow(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var v apperr.Validation
	for k := range q {
		if !slices.Contains(lieuxParams, k) {
			v.Add(k, fmt.Sprintf("Paramètre inconnu « %s » : %s.", k, strings.Join(lieuxParams, ", ")))
		}
	}
	in := placefiles.OpenDataQuery{Commune: q.Get("commune"), Department: q.Get("departement"), Service: q.Get("service"), Cursor: q.Get("curseur")}
	if l := q.Get("limite"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			n = -1 // the service names the range
		}
		in.Limit = n
	}
	if m := strings.TrimSpace(q.Get("modifie_depuis")); m != "" {
		t, ok := parseSince(m)
		if !ok {
			v.Add("modifie_depuis", "Date invalide : AAAA-MM-JJ ou date-heure RFC 3339 (2026-01-31T08:00:00+01:00).")
		}
		in.ModifiedSince = t
	}
	page, err := a.app.PlaceFiles.ListPublic(r.Context(), in)
	if v.Merge(err) || err == nil {
		err = v.Err() // every field at fault at once, the handler's and the service's
	}
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	reply := lieuxPage{Lieux: page.Records}
	if page.Next != "" {
		reply.CurseurSuivant = &page.Next
	}
	w.Header().Set("Access-Control-Allow-Origin", "*") // open data, readable from any site
	w.Header().Set("Cache-Control", "public, max-age=60")
	apiio.WriteJSON(w, http.StatusOK, reply)
}

// getLieu returns one open place by the id the list and the file give it.
func (a *API) getLieu(w http.ResponseWriter, r *http.Request) {
	rec, err := a.app.PlaceFiles.GetPublic(r.Context(), r.PathValue("id"))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=60")
	apiio.WriteJSON(w, http.StatusOK, rec)
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
