package placesearch

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
)

// Radius bounds, in kilometres.
const (
	MinRadiusKm = 5
	MaxRadiusKm = 100
)

// AccessModeOnlineBooking is the modalites_acces value that, like a prise_rdv
// link, lets a place be booked online.
const AccessModeOnlineBooking = "Prendre un RDV en ligne"

// Query is a resident's search. Values of the list filters are the schema's
// spellings; a place matches a list filter when it has at least one of the
// values asked, and must match every filter given.
type Query struct {
	Lat, Lon float64 // the centre: a commune's or the person's position
	RadiusKm float64

	Services        []string // services
	Publics         []string // publics_specifiquement_adresses
	SpecificSupport []string // prise_en_charge_specifique
	Fees            []string // frais_a_charge
	SupportModes    []string // modalites_accompagnement

	OpenNow            bool // open at Now
	OpenSaturday       bool // opens on Saturdays
	OnlineBooking      bool // prise_rdv set or "Prendre un RDV en ligne"
	AccessibilitySheet bool // fiche_acces_libre set

	Now    time.Time // for OpenNow and the state of each result
	Offset int       // results to skip (pagination)
	Limit  int       // results to return; 0 means all
}

// Hit is one place found.
type Hit struct {
	*Entry
	DistanceKm float64
	State      hours.State // meaningful when Entry.HasHours
}

// Result is one page of a search.
type Result struct {
	Total int   // places matching, all pages
	Hits  []Hit // the page asked for, nearest first
	// OpeningNext is set when OpenNow found nothing open: Total and Hits
	// are then the places that open next (within 8 days), soonest first.
	OpeningNext bool
}

// compiled is a validated query.
type compiled struct {
	services, publics, support, fees, modes uint16
}

// Validate checks a query and returns every problem, in French, keyed by
// the schema's field names (or "rayon", "position").
func (q *Query) Validate() error {
	_, err := q.compile()
	return err
}

func (q *Query) compile() (compiled, error) {
	var v apperr.Validation
	if !(q.Lat >= -90 && q.Lat <= 90 && q.Lon >= -180 && q.Lon <= 180) {
		v.Add("position", "La position est hors des limites : latitude entre -90 et 90, longitude entre -180 et 180.")
	}
	if !(q.RadiusKm >= MinRadiusKm && q.RadiusKm <= MaxRadiusKm) {
		v.Add("rayon", fmt.Sprintf("La distance doit être comprise entre %d et %d km.", MinRadiusKm, MaxRadiusKm))
	}
	if q.Offset < 0 || q.Limit < 0 {
		v.Add("page", "Numéro de page invalide.")
	}
	var c compiled
	for _, f := range []struct {
		field string
		vocab []place.Choice
		in    []string
		out   *uint16
	}{
		{"services", place.Services, q.Services, &c.services},
		{"publics_specifiquement_adresses", place.Publics, q.Publics, &c.publics},
		{"prise_en_charge_specifique", place.SpecificSupport, q.SpecificSupport, &c.support},
		{"frais_a_charge", place.Fees, q.Fees, &c.fees},
		{"modalites_accompagnement", place.SupportModes, q.SupportModes, &c.modes},
	} {
		for _, val := range f.in {
			m := maskOf(f.vocab, []string{val})
			if m == 0 {
				v.Add(f.field, fmt.Sprintf("« %s » ne fait pas partie des choix possibles.", val))
			}
			*f.out |= m
		}
	}
	return c, v.Err()
}

// matches tests everything but the distance and the hours now.
func (c *compiled) matches(e *Entry, q *Query) bool {
	return (c.services == 0 || e.services&c.services != 0) &&
		(c.publics == 0 || e.publics&c.publics != 0) &&
		(c.support == 0 || e.support&c.support != 0) &&
		(c.fees == 0 || e.fees&c.fees != 0) &&
		(c.modes == 0 || e.modes&c.modes != 0) &&
		(!q.OnlineBooking || e.booking) &&
		(!q.AccessibilitySheet || e.accessSheet) &&
		(!q.OpenSaturday || e.sched != nil && e.sched.saturday)
}

type candidate struct {
	dist float64
	i    int32
}

var candidatePool = sync.Pool{New: func() any { s := make([]candidate, 0, 1024); return &s }}

// Search returns the places matching q, nearest first (then by name), and
// the page of them that q asks for.
func (ix *Index) Search(q Query) (Result, error) {
	c, err := q.compile()
	if err != nil {
		return Result{}, err
	}
	buf := candidatePool.Get().(*[]candidate)
	found := (*buf)[:0]
	var closed []candidate // with OpenNow: in case nothing is open
	lo, hi := boundingBox(q.Lat, q.Lon, q.RadiusKm)
	ix.tree.Search(lo, hi, func(_, _ [2]float64, i int32) bool {
		e := &ix.entries[i]
		if !c.matches(e, &q) {
			return true
		}
		d := commune.DistanceKm(q.Lat, q.Lon, e.Lat, e.Lon)
		if d > q.RadiusKm {
			return true
		}
		if q.OpenNow && (e.sched == nil || !e.sched.IsOpen(q.Now)) {
			if e.sched != nil {
				closed = append(closed, candidate{d, i})
			}
			return true
		}
		found = append(found, candidate{d, i})
		return true
	})
	if q.OpenNow && len(found) == 0 && len(closed) > 0 {
		res := ix.openingNext(closed, q)
		*buf = found[:0]
		candidatePool.Put(buf)
		return res, nil
	}
	res := Result{Total: len(found)}
	from := min(q.Offset, len(found))
	to := len(found)
	if q.Limit > 0 {
		to = min(from+q.Limit, len(found))
	}
	if to > from {
		ix.sortFirst(found, to)
		res.Hits = make([]Hit, 0, to-from)
		for _, f := range found[from:to] {
			h := Hit{Entry: &ix.entries[f.i], DistanceKm: f.dist}
			if h.sched != nil {
				h.State = h.sched.State(q.Now)
			}
			res.Hits = append(res.Hits, h)
		}
	}
	*buf = found[:0]
	candidatePool.Put(buf)
	return res, nil
}

// openingNext is the result of an "open now" search that found nothing
// open: the places that open next, soonest first, then nearest.
func (ix *Index) openingNext(closed []candidate, q Query) Result {
	type opening struct {
		candidate
		at    time.Time
		state hours.State
	}
	var list []opening
	for _, c := range closed {
		sc := ix.entries[c.i].sched
		st := sc.State(q.Now)
		if st.Open || st.Unknown || st.Changes.IsZero() || !sc.s.IsOpen(st.Changes) {
			continue // no sure opening within the horizon
		}
		list = append(list, opening{c, st.Changes, st})
	}
	slices.SortFunc(list, func(a, b opening) int {
		if r := a.at.Compare(b.at); r != 0 {
			return r
		}
		if r := cmp.Compare(a.dist, b.dist); r != 0 {
			return r
		}
		return cmp.Compare(ix.entries[a.i].ID, ix.entries[b.i].ID)
	})
	res := Result{Total: len(list), OpeningNext: true}
	from := min(q.Offset, len(list))
	to := len(list)
	if q.Limit > 0 {
		to = min(from+q.Limit, len(list))
	}
	for _, o := range list[from:to] {
		res.Hits = append(res.Hits, Hit{Entry: &ix.entries[o.i], DistanceKm: o.dist, State: o.state})
	}
	return res
}

// sortFirst puts the n nearest candidates first, in order. A page deep in
// a long list sorts everything; the first pages only select.
func (ix *Index) sortFirst(found []candidate, n int) {
	less := func(a, b candidate) int {
		if a.dist != b.dist {
			return cmp.Compare(a.dist, b.dist)
		}
		ea, eb := &ix.entries[a.i], &ix.entries[b.i]
		if r := cmp.Compare(ea.Name, eb.Name); r != 0 {
			return r
		}
		return cmp.Compare(ea.ID, eb.ID)
	}
	if n*4 >= len(found) {
		slices.SortFunc(found, less)
		return
	}
	// Partial selection: keep the n best at the front with a bounded
	// insertion, cheaper than sorting thousands of far places.
	best := found[:0:0]
	best = append(best, found[:n]...)
	slices.SortFunc(best, less)
	for _, f := range found[n:] {
		if less(f, best[n-1]) >= 0 {
			continue
		}
		j, _ := slices.BinarySearchFunc(best, f, less)
		copy(best[j+1:], best[j:n-1])
		best[j] = f
	}
	copy(found, best)
}
