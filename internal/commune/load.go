package commune

import (
	"bytes"
	"cmp"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// communesGz is written by ./gen; see PROVENANCE.md.
//
//go:embed communes.tsv.gz
var communesGz []byte

// loaded parses the embedded data on first use; it is validated by the
// tests, so a failure here is a build defect.
var loaded = sync.OnceValue(func() *index {
	d, err := parse(communesGz)
	if err != nil {
		panic("commune: embedded data: " + err.Error())
	}
	return d
})

// header is the first line that ./gen writes.
const header = "code\tkind\tparent\tname\tpostal_codes\tlat\tlon\tpopulation"

const (
	kindCOM uint8 = iota
	kindCOMD
	kindARM
)

var kindNames = [...]string{kindCOM: KindCommune, kindCOMD: KindDelegated, kindARM: KindArrondissement}

const (
	flagCoords = 1 << iota // lat and lon are known
	flagCity               // a whole city whose arrondissements are also rows
)

// row is the compact form of a Commune; strings point into the decompressed
// text.
type row struct {
	code, name string
	lat, lon   float64
	cpLo, cpHi int32 // range of index.postalCodes
	parent     int32 // row of the city or commune nouvelle, -1 for none
	population int32
	kind       uint8
	flags      uint8
}

// index holds the rows, sorted by code with a commune before its commune
// déléguée. The structures for postal codes, names and coordinates are
// built on first use, so that a program doing only lookups by code does not
// pay for them.
type index struct {
	rows        []row
	postalCodes []string
	postal      func() []postalEntry // sorted by postal code, then as ByPostalCode ranks
	names       func() *nameIndex
	geo         func() *geoIndex
}

type postalEntry struct {
	cp   uint32 // the postal code as a number, for range scans of prefixes
	rec  int32
	rank int32 // see rankPopulation
}

// find returns the row of a commune or arrondissement by INSEE code.
func (d *index) find(code string) (int, bool) {
	i, ok := slices.BinarySearchFunc(d.rows, code, func(r row, code string) int {
		return strings.Compare(r.code, code)
	})
	// BinarySearchFunc returns the first row of the code: never the commune
	// déléguée, which sorts after its commune nouvelle.
	return i, ok && d.rows[i].kind != kindCOMD
}

func (d *index) commune(i int) Commune {
	r := &d.rows[i]
	c := Commune{
		Code:        r.code,
		Name:        r.name,
		Department:  DepartmentOf(r.code),
		PostalCodes: d.postalCodes[r.cpLo:r.cpHi:r.cpHi],
		Population:  int(r.population),
		Kind:        kindNames[r.kind],
	}
	if r.flags&flagCoords != 0 {
		c.Lat, c.Lon, c.HasCoords = r.lat, r.lon, true
	}
	if r.parent >= 0 {
		c.Parent = d.rows[r.parent].code
	}
	return c
}

// rankPopulation orders search results: a commune déléguée ranks with the
// population of its commune nouvelle, which the source gives for both.
func (d *index) rankPopulation(i int) int32 {
	r := &d.rows[i]
	if r.kind == kindCOMD {
		return d.rows[r.parent].population
	}
	return r.population
}

// postalRange returns the entries whose postal code is within [lo, hi].
func postalRange(postal []postalEntry, lo, hi uint32) []postalEntry {
	search := func(n uint32) int {
		i, _ := slices.BinarySearchFunc(postal, n, func(e postalEntry, n uint32) int { return cmp.Compare(e.cp, n) })
		return i
	}
	return postal[search(lo):search(hi+1)]
}

func parse(gz []byte) (*index, error) {
	text, err := gunzip(gz)
	if err != nil {
		return nil, err
	}
	return parseTSV(text)
}

// parseTSV reads the text that ./gen writes; the rows keep pointing into it.
func parseTSV(text string) (*index, error) {
	head, body, _ := strings.Cut(text, "\n")
	if head != header {
		return nil, fmt.Errorf("header %q, want %q", head, header)
	}
	n := min(strings.Count(body, "\n"), maxRows)
	d := &index{
		rows:        make([]row, 0, n),
		postalCodes: make([]string, 0, n+strings.Count(body, ",")),
	}
	parents := make([]string, 0, n)
	for line := 1; body != ""; line++ {
		var l string
		l, body, _ = strings.Cut(body, "\n")
		r, parent, err := d.parseRow(l)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line+1, err)
		}
		if len(d.rows) == maxRows {
			return nil, fmt.Errorf("more than %d rows", maxRows)
		}
		if k := len(d.rows); k > 0 && compareRows(&d.rows[k-1], &r) >= 0 {
			return nil, fmt.Errorf("line %d: %s is out of order", line+1, r.code)
		}
		d.rows = append(d.rows, r)
		parents = append(parents, parent)
	}
	for i, p := range parents {
		if p == "" {
			continue
		}
		j, ok := d.find(p)
		if !ok {
			return nil, fmt.Errorf("%s: unknown parent %s", d.rows[i].code, p)
		}
		d.rows[i].parent = int32(j)
		if d.rows[i].kind == kindARM {
			d.rows[j].flags |= flagCity
		}
	}
	d.postal = sync.OnceValue(d.buildPostal)
	d.names = sync.OnceValue(func() *nameIndex { return buildNames(d) })
	d.geo = sync.OnceValue(func() *geoIndex { return buildGeo(d.rows) })
	return d, nil
}

// gunzip decompresses into a string sized from the gzip trailer, so that the
// 2 MB text is allocated once.
func gunzip(gz []byte) (string, error) {
	if len(gz) < 4 {
		return "", errors.New("truncated gzip")
	}
	size := int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(min(size, 64<<20) + 1)
	// Copying to EOF makes gzip verify the checksum.
	if _, err := io.Copy(&b, zr); err != nil {
		return "", err
	}
	return b.String(), nil
}

func (d *index) parseRow(l string) (row, string, error) {
	var f [8]string
	rest := l
	for i := range f {
		var ok bool
		f[i], rest, ok = strings.Cut(rest, "\t")
		if ok != (i < len(f)-1) {
			return row{}, "", fmt.Errorf("want %d tab-separated fields: %q", len(f), l)
		}
	}
	r := row{code: f[0], name: f[3], parent: -1}
	if DepartmentOf(r.code) == "" || r.name == "" {
		return row{}, "", fmt.Errorf("invalid code or name: %q", l)
	}
	switch f[1] {
	case KindCommune:
		r.kind = kindCOM
	case KindDelegated:
		r.kind = kindCOMD
	case KindArrondissement:
		r.kind = kindARM
	default:
		return row{}, "", fmt.Errorf("%s: unknown kind %q", r.code, f[1])
	}
	if (f[2] == "") != (r.kind == kindCOM) {
		return row{}, "", fmt.Errorf("%s: parent %q does not fit kind %s", r.code, f[2], f[1])
	}
	r.cpLo = int32(len(d.postalCodes))
	for cps := f[4]; cps != ""; {
		var cp string
		cp, cps, _ = strings.Cut(cps, ",")
		if _, ok := postalNumber(cp); !ok || len(cp) != 5 {
			return row{}, "", fmt.Errorf("%s: invalid postal code %q", r.code, cp)
		}
		d.postalCodes = append(d.postalCodes, cp)
	}
	r.cpHi = int32(len(d.postalCodes))
	if r.cpHi == r.cpLo {
		return row{}, "", fmt.Errorf("%s: no postal code", r.code)
	}
	if f[5] != "" || f[6] != "" {
		var err1, err2 error
		r.lat, err1 = strconv.ParseFloat(f[5], 64)
		r.lon, err2 = strconv.ParseFloat(f[6], 64)
		if err1 != nil || err2 != nil || !validLatLon(r.lat, r.lon) {
			return row{}, "", fmt.Errorf("%s: invalid coordinates %q %q", r.code, f[5], f[6])
		}
		r.flags |= flagCoords
	}
	pop, err := strconv.ParseInt(f[7], 10, 32)
	if err != nil || pop < 0 {
		return row{}, "", fmt.Errorf("%s: invalid population %q", r.code, f[7])
	}
	r.population = int32(pop)
	return r, f[2], nil
}

// compareRows is the order of the data: by code, the commune before its
// commune déléguée.
func compareRows(a, b *row) int {
	return cmp.Or(
		strings.Compare(a.code, b.code),
		cmp.Compare(delegatedRank(a.kind), delegatedRank(b.kind)),
		strings.Compare(a.name, b.name),
	)
}

func delegatedRank(kind uint8) int {
	if kind == kindCOMD {
		return 1
	}
	return 0
}

// postalNumber parses a postal code or a prefix of one.
func postalNumber(s string) (uint32, bool) {
	if len(s) == 0 || len(s) > 5 || !isDigits(s) {
		return 0, false
	}
	n, _ := strconv.ParseUint(s, 10, 32)
	return uint32(n), true
}

// buildPostal indexes every (postal code, row) pair in ByPostalCode order:
// by postal code, the most populated first, then by code. It sorts packed
// integers, several times faster than comparing structs.
func (d *index) buildPostal() []postalEntry {
	keys := make([]uint64, 0, len(d.postalCodes))
	for i := range d.rows {
		r := &d.rows[i]
		pop := uint64(min(r.population, maxPopulation))
		for _, cp := range d.postalCodes[r.cpLo:r.cpHi] {
			n, _ := postalNumber(cp)
			keys = append(keys, uint64(n)<<44|(maxPopulation-pop)<<20|uint64(i))
		}
	}
	slices.Sort(keys)
	postal := make([]postalEntry, len(keys))
	for i, k := range keys {
		rec := int32(k & maxRows)
		postal[i] = postalEntry{cp: uint32(k >> 44), rec: rec, rank: d.rankPopulation(int(rec))}
	}
	return postal
}

// Bounds of the packed sort keys of buildPostal.
const (
	maxPopulation = 1<<24 - 1
	maxRows       = 1<<20 - 1
)
