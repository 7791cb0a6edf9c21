package placefile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// dupEntry is a place already known to the import: stored, or read earlier
// in the file.
type dupEntry struct {
	storedID int64 // 0 for a row of the file not stored (dry run)
	row      int   // 0 for a stored place
	schemaID string
	name     string
	nameKey  string
}

// dupIndex finds probable duplicates: same SIRET and address, or a
// near-identical name in the same commune.
type dupIndex struct {
	byCommune   map[string][]*dupEntry
	bySiretAddr map[string][]*dupEntry
}

// newDupIndex indexes open stored places (none for the rows of a file):
// their names are read when a warning names them.
func newDupIndex(open []placestore.PlaceNeighbour) *dupIndex {
	d := &dupIndex{byCommune: make(map[string][]*dupEntry, len(open)/2+1), bySiretAddr: make(map[string][]*dupEntry, len(open)/2+1)}
	for _, n := range open {
		e := &dupEntry{storedID: n.ID, nameKey: n.NameKey}
		if n.BySiret {
			if sk := siretAddrKey(n.Pivot, n.Address, n.PostalCode); sk != "" {
				d.bySiretAddr[sk] = append(d.bySiretAddr[sk], e)
			}
		} else {
			ck := communeKey(n.InseeCode, n.PostalCode, n.Commune)
			d.byCommune[ck] = append(d.byCommune[ck], e)
		}
	}
	return d
}

func communeKey(insee, postal, name string) string {
	if insee != "" {
		return insee
	}
	return postal + "|" + textfold.Key(name)
}

func siretAddrKey(pivot, address, postal string) string {
	if pivot == "" || pivot == place.UnknownPivot {
		return ""
	}
	return pivot + "|" + postal + "|" + textfold.Key(address)
}

func (d *dupIndex) add(e *dupEntry, commune, siretAddr string) {
	d.byCommune[commune] = append(d.byCommune[commune], e)
	if siretAddr != "" {
		d.bySiretAddr[siretAddr] = append(d.bySiretAddr[siretAddr], e)
	}
}

// check returns warnings about probable duplicates of p (row of the file,
// indexed in d): the stored places near it first, then the rows before;
// then records it. self is the stored place p updates, if any. A stored
// place an earlier row updated is that row's, as the file leaves it.
func (d *dupIndex) check(p *place.Place, row int, self int64, stored *storedPlaces) ([]FieldError, error) {
	nameKey := textfold.Key(p.Name)
	ck := communeKey(p.InseeCode, p.PostalCode, p.Commune)
	sk := siretAddrKey(p.Pivot, p.Address, p.PostalCode)
	var out []FieldError
	var seen []*dupEntry
	other := func(e *dupEntry) bool {
		if self != 0 && e.storedID == self || e.row == 0 && stored.updated.has(e.storedID) {
			return false
		}
		// A stored place found by commune and by SIRET is two entries.
		return !slices.ContainsFunc(seen, func(s *dupEntry) bool { return s == e || s.row == 0 && e.row == 0 && s.storedID == e.storedID })
	}
	var err error
	describe := func(e *dupEntry) string {
		if e.row == 0 && e.name == "" && err == nil {
			e.name, e.schemaID, err = stored.name(e.storedID)
		}
		return e.describe()
	}
	indexes := []*dupIndex{d}
	if stored != nil && stored.near != nil {
		indexes = []*dupIndex{stored.near, d}
	}
	if sk != "" {
		for _, ix := range indexes {
			for _, e := range ix.bySiretAddr[sk] {
				if other(e) && len(out) < 3 {
					seen = append(seen, e)
					out = append(out, FieldError{"pivot", "Doublon probable : même SIRET et même adresse que " + describe(e) + "."})
				}
			}
		}
	}
	for _, ix := range indexes {
		for _, e := range ix.byCommune[ck] {
			if other(e) && len(out) < 3 && similarNames(nameKey, e.nameKey) {
				seen = append(seen, e)
				out = append(out, FieldError{"nom", "Doublon probable : nom presque identique, dans la même commune, à " + describe(e) + "."})
			}
		}
	}
	// Copies: the row's values share the memory of its whole line.
	d.add(&dupEntry{storedID: p.ID, row: row, schemaID: strings.Clone(p.SourceID), name: strings.Clone(p.Name), nameKey: strings.Clone(nameKey)},
		strings.Clone(ck), strings.Clone(sk))
	return out, err
}

func (e *dupEntry) describe() string {
	if e.row > 0 {
		return fmt.Sprintf("« %s » (ligne %d du fichier, id %s)", e.name, e.row, e.schemaID)
	}
	if e.schemaID != "" {
		return fmt.Sprintf("« %s » (lieu déjà enregistré n° %d, id %s)", e.name, e.storedID, e.schemaID)
	}
	return fmt.Sprintf("« %s » (lieu déjà enregistré n° %d)", e.name, e.storedID)
}

// similarNames compares two search keys: equal, the same words in another
// order, or a few typing differences (one edit per ten characters).
func similarNames(a, b string) bool {
	if a == b {
		return a != ""
	}
	la, lb := len(a), len(b)
	maxLen := max(la, lb)
	if maxLen < 10 {
		return false
	}
	k := maxLen / 10
	if la-lb > k || lb-la > k {
		return sameWords(a, b)
	}
	return editDistanceAtMost(a, b, k) || sameWords(a, b)
}

func sameWords(a, b string) bool {
	if len(a) != len(b) || !strings.Contains(a, " ") {
		return false // the same words make the same length
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) != len(wb) || len(wa) < 2 {
		return false
	}
	slices.Sort(wa)
	slices.Sort(wb)
	return slices.Equal(wa, wb)
}

// editDistanceAtMost reports whether the Levenshtein distance between a and
// b (bytes) is at most k, in O(len·k).
func editDistanceAtMost(a, b string, k int) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	const inf = 1 << 30
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		for j := range cur {
			cur[j] = inf
		}
		if i <= k {
			cur[0] = i
		}
		best := inf
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			cur[j] = v
			best = min(best, v)
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}
