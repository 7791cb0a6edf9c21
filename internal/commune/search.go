package commune

import (
	"cmp"
	"iter"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/parcours-numerique/parcours/internal/textfold"
)

// Search finds communes as a person types a name or a postal code.
//
// A name query matches, ignoring case, accents and punctuation, the start of
// a name ("st germain en l" → Saint-Germain-en-Laye; "st"/"ste" stand for
// "saint"/"sainte"), the name after its article ("havre" → Le Havre) or the
// start of any later word ("germain"). Exact names come first, then names
// that start with the query, then other word matches; population decides
// within each group. A query of digits lists the communes whose postal code
// starts with it. Each INSEE code appears once: when a commune nouvelle and
// its commune déléguée both match, the better match is listed, the commune
// nouvelle on a tie. limit <= 0 means no limit.
func Search(q string, limit int) []Commune {
	d := loaded()
	key := textfold.Key(q)
	if key == "" {
		return nil
	}
	m := newMatches(d, limit)
	if n, ok := postalNumber(key); ok {
		// A prefix of n digits covers the postal codes [n·10^(5-len), (n+1)·10^(5-len)).
		scale := uint32(1)
		for range 5 - len(key) {
			scale *= 10
		}
		for _, p := range postalRange(d.postal(), n*scale, (n+1)*scale-1) {
			if c := (match{rec: p.rec, rank: p.rank, tier: tierPrefix}); !m.outranked(c) {
				m.add(c)
			}
		}
		return m.communes()
	}
	names := d.names()
	variants := queryVariants(key)
	for _, v := range variants {
		for _, e := range names.prefixed(v) {
			if c := (match{rec: e.rec, rank: e.rank, tier: tierOf(e.full, int(e.rest), len(v))}); !m.outranked(c) {
				m.add(c)
			}
		}
	}
	m.preferCommunes(names, variants)
	return m.communes()
}

// queryVariants expands the abbreviations "st" and "ste". The last word may
// still be typed ("st" → Strasbourg), so it is also kept as is; an inner "st"
// may stand for "sainte" too.
func queryVariants(key string) []string {
	words := strings.Split(key, " ")
	variants := []string{""}
	for i, w := range words {
		last := i == len(words)-1
		var alts []string
		switch {
		case w == "st" && last:
			alts = []string{"st", "saint"} // "saint" also matches "sainte" as a prefix
		case w == "st":
			alts = []string{"saint", "sainte"}
		case w == "ste" && last:
			alts = []string{"ste", "sainte"}
		case w == "ste":
			alts = []string{"sainte"}
		default:
			alts = []string{w}
		}
		if len(variants)*len(alts) > 16 {
			// Enough variants for any real name; keep the first spelling.
			alts = alts[:1]
		}
		next := make([]string, 0, len(variants)*len(alts))
		for _, v := range variants {
			for _, a := range alts {
				if v != "" {
					a = v + " " + a
				}
				next = append(next, a)
			}
		}
		variants = next
	}
	return variants
}

// Match quality, best first.
const (
	tierExact  uint8 = iota // the whole name, or the name after its article
	tierPrefix              // the start of the name
	tierWord                // the start of a later word
)

// tierOf grades a match of a query of length qlen on a key of length klen
// from a word start.
func tierOf(full bool, klen, qlen int) uint8 {
	switch {
	case !full:
		return tierWord
	case klen == qlen:
		return tierExact
	}
	return tierPrefix
}

type match struct {
	rec  int32
	rank int32 // population that ranks the row, see rankPopulation
	tier uint8
}

// matches keeps the best matches, one per INSEE code. With a small limit it
// keeps a short sorted list and rejects most candidates by tier and
// population alone, without touching the rows.
type matches struct {
	d     *index
	limit int           // 0 for no limit
	list  []match       // sorted best first, unless all is set
	all   map[int32]int // code row → position in list, for large limits
}

// maxBounded is the largest limit kept as a sorted list.
const maxBounded = 64

func newMatches(d *index, limit int) *matches {
	m := &matches{d: d, limit: max(limit, 0)}
	if m.limit == 0 || m.limit > maxBounded {
		m.all = map[int32]int{}
	} else {
		m.list = make([]match, 0, m.limit+1)
	}
	return m
}

// codeRow is the row that stands for the INSEE code of row i.
func (m *matches) codeRow(i int32) int32 {
	if r := &m.d.rows[i]; r.kind == kindCOMD {
		return r.parent
	}
	return i
}

// compare orders by tier, then population, descending, then name.
func (m *matches) compare(a, b match) int {
	if c := cmp.Or(cmp.Compare(a.tier, b.tier), cmp.Compare(b.rank, a.rank)); c != 0 {
		return c
	}
	return cmp.Or(strings.Compare(m.d.rows[a.rec].name, m.d.rows[b.rec].name), cmp.Compare(a.rec, b.rec))
}

// merge combines two matches of the same code: the better tier wins, the
// commune rather than its commune déléguée on a tie.
func (m *matches) merge(old, nw match) match {
	if nw.tier < old.tier || (nw.tier == old.tier && m.d.rows[nw.rec].kind != kindCOMD) {
		return nw
	}
	return old
}

// outranked reports, cheaply enough to be inlined in the scan loops, that c
// cannot enter a full list: worse than the worst kept, hence than any kept
// match of the same code.
func (m *matches) outranked(c match) bool {
	if len(m.list) < m.limit || m.all != nil {
		return false
	}
	w := &m.list[len(m.list)-1]
	return c.tier > w.tier || (c.tier == w.tier && c.rank < w.rank)
}

func (m *matches) add(c match) {
	if m.all != nil {
		code := m.codeRow(c.rec)
		if p, ok := m.all[code]; ok {
			m.list[p] = m.merge(m.list[p], c)
			return
		}
		m.all[code] = len(m.list)
		m.list = append(m.list, c)
		return
	}
	if len(m.list) == m.limit && m.compare(c, m.list[len(m.list)-1]) >= 0 {
		return // see outranked
	}
	code := m.codeRow(c.rec)
	for p := range m.list {
		if m.codeRow(m.list[p].rec) == code {
			m.list[p] = m.merge(m.list[p], c)
			m.sortList()
			return
		}
	}
	p, _ := slices.BinarySearchFunc(m.list, c, m.compare)
	m.list = slices.Insert(m.list, p, c)
	if len(m.list) > m.limit {
		m.list = m.list[:m.limit]
	}
}

func (m *matches) sortList() {
	slices.SortFunc(m.list, m.compare)
}

// preferCommunes replaces a commune déléguée by its commune nouvelle when
// that matches as well, which add misses when it rejected the commune
// before or after its commune déléguée entered a full list.
func (m *matches) preferCommunes(names *nameIndex, variants []string) {
	changed := false
	for p, c := range m.list {
		if m.d.rows[c.rec].kind != kindCOMD {
			continue
		}
		parent := m.d.rows[c.rec].parent
		if t, ok := names.matchTier(int(parent), variants); ok {
			m.list[p] = m.merge(c, match{rec: parent, rank: m.d.rankPopulation(int(parent)), tier: t})
			changed = true
		}
	}
	if changed {
		m.sortList()
	}
}

// matchTier tells whether row i matches one of the query variants, and how
// well, by the rules of the word index.
func (n *nameIndex) matchTier(i int, variants []string) (uint8, bool) {
	k := n.keys[i]
	best, found := tierWord, false
	for off, full := range wordStarts(k) {
		for _, v := range variants {
			if !strings.HasPrefix(k[off:], v) {
				continue
			}
			best, found = min(best, tierOf(full, len(k)-off, len(v))), true
		}
	}
	return best, found
}

func (m *matches) communes() []Commune {
	if m.all != nil {
		m.sortList()
	}
	if m.limit > 0 && len(m.list) > m.limit {
		m.list = m.list[:m.limit]
	}
	if len(m.list) == 0 {
		return nil
	}
	out := make([]Commune, len(m.list))
	for i, c := range m.list {
		out[i] = m.d.commune(int(c.rec))
	}
	return out
}

// articles start a name without being what people type first: "Le Havre"
// is searched as "havre" too.
var articles = map[string]bool{"l": true, "la": true, "le": true, "les": true, "los": true, "aux": true}

// connectors are words a search never starts with, so they are not indexed
// as word starts ("sur" in "Argelès-sur-Mer").
var connectors = map[string]bool{
	"a": true, "au": true, "aux": true, "d": true, "de": true, "des": true, "du": true,
	"en": true, "et": true, "l": true, "la": true, "le": true, "les": true, "lez": true,
	"sous": true, "sur": true,
}

// nameIndex finds rows by the start of their folded name or of its words.
type nameIndex struct {
	keys  []string    // textfold key of each row's name
	words []wordEntry // word starts of the keys, sorted by the key from there
}

// wordEntry is a place in a key where a search may start matching. It
// carries what ranking needs, so that scanning thousands of entries for
// "saint" reads neither keys nor rows.
type wordEntry struct {
	rec  int32
	rank int32  // see rankPopulation
	rest uint32 // length of the key from off, to tell exact matches
	off  uint16 // byte offset in keys[rec]
	full bool   // the start of the name, or of the name after its article
}

func (n *nameIndex) wordKey(e wordEntry) string { return n.keys[e.rec][e.off:] }

// prefixed returns the entries whose key from their offset starts with v.
func (n *nameIndex) prefixed(v string) []wordEntry {
	lo := sort.Search(len(n.words), func(i int) bool { return n.wordKey(n.words[i]) >= v })
	hi := lo + sort.Search(len(n.words)-lo, func(i int) bool {
		return !strings.HasPrefix(n.wordKey(n.words[lo+i]), v)
	})
	return n.words[lo:hi]
}

// buildNames indexes each key at the places wordStarts gives. Entries are
// sorted by the first 8 bytes of their key packed in an integer, and only
// ties compare strings: faster than comparing strings throughout.
func buildNames(d *index) *nameIndex {
	type sortable struct {
		head uint64
		e    wordEntry
	}
	n := &nameIndex{keys: make([]string, len(d.rows))}
	all := make([]sortable, 0, 2*len(d.rows))
	for i := range d.rows {
		k := textfold.Key(d.rows[i].name)
		n.keys[i] = k
		rank := d.rankPopulation(i)
		for off, full := range wordStarts(k) {
			e := wordEntry{rec: int32(i), rank: rank, rest: uint32(len(k) - off), off: uint16(off), full: full}
			all = append(all, sortable{head: head8(k[off:]), e: e})
		}
	}
	slices.SortFunc(all, func(a, b sortable) int {
		if a.head != b.head {
			return cmp.Compare(a.head, b.head)
		}
		return strings.Compare(n.wordKey(a.e), n.wordKey(b.e))
	})
	n.words = make([]wordEntry, len(all))
	for i, a := range all {
		n.words[i] = a.e
	}
	return n
}

// head8 packs the first 8 bytes of s, big-endian and zero-padded, so that
// integer order is string order.
func head8(s string) uint64 {
	var h uint64
	for i := range 8 {
		h <<= 8
		if i < len(s) {
			h |= uint64(s[i])
		}
	}
	return h
}

// wordStarts yields the byte offsets in a key where a search may start
// matching: the start of the name, the word after a leading article (both
// "full"), and every later word that is not a connector.
func wordStarts(key string) iter.Seq2[int, bool] {
	return func(yield func(int, bool) bool) {
		for w, off := 0, 0; off < len(key) && off <= math.MaxUint16; w++ {
			word, _, _ := strings.Cut(key[off:], " ")
			full := w == 0 || (w == 1 && articles[key[:off-1]])
			if (full || !connectors[word]) && !yield(off, full) {
				return
			}
			off += len(word) + 1
		}
	}
}
