// Package placesearch finds the open lieux de médiation numérique around a
// point, as a resident asks: within a radius, with filters on services,
// publics, fees, hours and access, nearest first.
//
// The index lives in memory (an R-tree of the places' positions and a
// compact record per place) and is rebuilt in the background when the
// store's places change; see Searcher.
package placesearch

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/tidwall/rtree"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Entry is what the index keeps of an open place: what the filters test and
// what a result line shows. The full place comes from the store.
type Entry struct {
	ID                int64
	Name              string
	Address           string
	AddressComplement string
	PostalCode        string
	Commune           string
	InseeCode         string
	Phone             string
	Lat, Lon          float64
	// Approximate is set when the position is the commune's centre, for
	// want of the place's own coordinates.
	Approximate bool
	Services    []string // schema values, in the schema's order
	HasHours    bool     // horaires holds a valid OSM expression

	services, publics, support, fees, modes uint16 // bit i: value i of the vocabulary
	booking, accessSheet                    bool
	sched                                   *schedule
}

// schedule is a parsed opening_hours expression shared by every place that
// publishes the same one, with what the index derives from it.
type schedule struct {
	s        *hours.Schedule
	saturday bool // open (or open on appointment) on one of the next Saturdays
	state    atomic.Pointer[cachedState]
	open     atomic.Uint64 // minute since the epoch << 1 | open then, for "ouvert maintenant"
}

// IsOpen is hours.IsOpen, computed once a minute per schedule: opening
// hours change on the minute, and many places share their hours.
func (sc *schedule) IsOpen(now time.Time) bool {
	minute := uint64(now.Unix()/60) + 1 // + 1: the zero value means "not computed"
	if c := sc.open.Load(); c>>1 == minute {
		return c&1 == 1
	}
	open := sc.s.IsOpen(now)
	c := minute << 1
	if open {
		c |= 1
	}
	sc.open.Store(c)
	return open
}

// cachedState is a State that stays true until the next change or the
// next midnight, whichever comes first.
type cachedState struct {
	st          hours.State
	from, until time.Time
}

// State returns what hours.State says now, computed once per schedule
// until it changes.
func (sc *schedule) State(now time.Time) hours.State {
	if c := sc.state.Load(); c != nil && !now.Before(c.from) && now.Before(c.until) {
		return c.st
	}
	st := sc.s.State(now)
	p := now.In(hours.Location())
	until := time.Date(p.Year(), p.Month(), p.Day()+1, 0, 0, 0, 0, hours.Location())
	if !st.Changes.IsZero() && st.Changes.Before(until) {
		until = st.Changes
	}
	// The text is valid from the start of the minute it was computed in.
	sc.state.Store(&cachedState{st: st, from: now.Truncate(time.Minute), until: until})
	return st
}

// Index is one immutable snapshot of the open places. It is safe for
// concurrent use.
type Index struct {
	entries  []Entry
	tree     rtree.RTreeG[int32]
	byID     map[int64]int32
	builtAt  time.Time
	day      civilDay // Europe/Paris date the Saturday flags were computed for
	version  Version
	unplaced int
	gen      uint64 // unique to this snapshot (indexesBuilt)
}

// indexesBuilt numbers the indexes built by the process.
var indexesBuilt atomic.Uint64

// Generation is a number no other index of the process has: what is
// derived from an index's answers (a rendered page) can be kept under it,
// and is out of date once the index is replaced.
func (ix *Index) Generation() uint64 { return ix.gen }

// Version identifies the state of the store an index was built from.
type Version struct {
	Modified time.Time
	Count    int
}

type civilDay struct {
	y int
	m time.Month
	d int
}

func dayOf(t time.Time) civilDay {
	y, m, d := t.In(hours.Location()).Date()
	return civilDay{y, m, d}
}

// Len is the number of places the index can find.
func (ix *Index) Len() int { return len(ix.entries) }

// Unplaced is the number of open places left out because neither their
// coordinates nor their commune give a position.
func (ix *Index) Unplaced() int { return ix.unplaced }

// BuiltAt is when the index was built.
func (ix *Index) BuiltAt() time.Time { return ix.builtAt }

// Entry returns the indexed record of a place.
func (ix *Index) Entry(id int64) (*Entry, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return nil, false
	}
	return &ix.entries[i], true
}

// Builder collects places into a new Index.
type Builder struct {
	ix     *Index
	now    time.Time
	scheds map[string]*schedule
}

// NewBuilder starts an index; now decides the Saturday flags (the next
// Saturdays as seen from now, in Europe/Paris).
func NewBuilder(now time.Time) *Builder {
	return &Builder{
		ix:     &Index{byID: map[int64]int32{}, builtAt: now, day: dayOf(now)},
		now:    now,
		scheds: map[string]*schedule{},
	}
}

// Add indexes one place; closed places are ignored.
func (b *Builder) Add(p *place.Place) {
	if !p.Open() {
		return
	}
	e := Entry{
		ID: p.ID, Name: p.Name, Address: p.Address, AddressComplement: p.AddressComplement,
		PostalCode: p.PostalCode, Commune: p.Commune, InseeCode: p.InseeCode, Phone: p.Phone,
		Lat: p.Latitude, Lon: p.Longitude, Approximate: p.CoordsFrom == place.CoordsFromCommune,
		services: maskOf(place.Services, p.Services), publics: maskOf(place.Publics, p.Publics),
		support: maskOf(place.SpecificSupport, p.SpecificSupport), fees: maskOf(place.Fees, p.Fees),
		modes:       maskOf(place.SupportModes, p.SupportModes),
		booking:     p.BookingURL != "" || containsValue(p.AccessModes, AccessModeOnlineBooking),
		accessSheet: p.AccessibilityURL != "",
	}
	if !p.HasCoords || !validPosition(p.Latitude, p.Longitude) {
		c, ok := communeOf(p)
		if !ok {
			b.ix.unplaced++
			return
		}
		e.Lat, e.Lon, e.Approximate = c.Lat, c.Lon, true
	}
	for i, c := range place.Services {
		if e.services&(1<<i) != 0 {
			e.Services = append(e.Services, c.Value)
		}
	}
	if p.Hours != "" {
		e.sched = b.schedule(p.Hours)
		e.HasHours = e.sched != nil
	}
	i := int32(len(b.ix.entries))
	b.ix.entries = append(b.ix.entries, e)
	b.ix.byID[p.ID] = i
	pt := [2]float64{e.Lon, e.Lat}
	b.ix.tree.Insert(pt, pt, i)
}

// Build returns the finished index; the builder must not be used after.
func (b *Builder) Build(v Version) *Index {
	b.ix.version = v
	b.ix.gen = indexesBuilt.Add(1)
	return b.ix
}

// Build indexes a list of places, for tests and benchmarks.
func Build(places []place.Place, now time.Time) *Index {
	b := NewBuilder(now)
	for i := range places {
		b.Add(&places[i])
	}
	return b.Build(Version{Count: len(places)})
}

// schedule parses an expression once for all the places that share it.
func (b *Builder) schedule(expr string) *schedule {
	if sc, ok := b.scheds[expr]; ok {
		return sc
	}
	var sc *schedule
	if s, err := hours.Parse(expr); err == nil {
		sc = &schedule{s: s, saturday: opensOnSaturday(s, b.now)}
	}
	b.scheds[expr] = sc // nil too: an invalid expression is parsed once
	return sc
}

// opensOnSaturday looks at the next two Saturdays (today included), so
// that a public holiday falling on the first does not hide a place that
// opens every Saturday.
func opensOnSaturday(s *hours.Schedule, now time.Time) bool {
	p := now.In(hours.Location())
	ahead := (int(time.Saturday) - int(p.Weekday()) + 7) % 7
	sat := time.Date(p.Year(), p.Month(), p.Day()+ahead, 12, 0, 0, 0, hours.Location())
	for w := range 2 {
		if len(s.Week(sat.AddDate(0, 0, 7*w))[5].Spans) > 0 {
			return true
		}
	}
	return false
}

func communeOf(p *place.Place) (commune.Commune, bool) {
	if c, ok := commune.Lookup(p.InseeCode); ok && c.HasCoords {
		return c, true
	}
	for _, c := range commune.ByPostalCode(p.PostalCode) {
		if c.HasCoords && (p.Commune == "" || textfold.Key(c.Name) == textfold.Key(p.Commune)) {
			return c, true
		}
	}
	return commune.Commune{}, false
}

func validPosition(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && !(lat == 0 && lon == 0)
}

func maskOf(vocab []place.Choice, values []string) uint16 {
	var m uint16
	for _, v := range values {
		for i, c := range vocab {
			if c.Value == v {
				m |= 1 << i
				break
			}
		}
	}
	return m
}

func containsValue(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// earthRadiusKm matches commune.DistanceKm.
const earthRadiusKm = 6371.0088

// boundingBox returns [min lon, min lat], [max lon, max lat] around a
// point, wide enough for every point within km.
func boundingBox(lat, lon, km float64) ([2]float64, [2]float64) {
	dLat := km / (earthRadiusKm * math.Pi / 180)
	cos := math.Cos(lat * math.Pi / 180)
	dLon := 180.0
	if cos > 0.01 {
		dLon = min(dLat/cos, 180)
	}
	return [2]float64{lon - dLon, lat - dLat}, [2]float64{lon + dLon, lat + dLat}
}
