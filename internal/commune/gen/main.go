// Command gen turns the communes CSV of rcarlier/datas.fun (INSEE COG 2024,
// population 2021, La Poste postal codes, coordinates) into the compact
// communes.tsv.gz that package commune embeds. See ../PROVENANCE.md.
//
//	go run ./internal/commune/gen -in ../shared/data/communes-france_2024_insee-cp-latlng-population.csv -out internal/commune/communes.tsv.gz
package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("commune/gen: ")
	in := flag.String("in", "", "communes CSV of rcarlier/datas.fun (France/communes.csv)")
	out := flag.String("out", "", "gzip'd TSV to write (internal/commune/communes.tsv.gz)")
	flag.Parse()
	if *in == "" || *out == "" {
		flag.Usage()
		os.Exit(2)
	}
	f, err := os.Open(*in)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	recs, st, err := build(f)
	if err != nil {
		log.Fatalf("%s: %v", *in, err)
	}
	data, err := compress(encode(recs))
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%s: %d bytes, %d records (%d COM incl. %d synthesised cities, %d ARM, %d COMD; %d duplicate COMD dropped), without coordinates: %s",
		*out, len(data), len(recs), st.com, st.cities, st.arm, st.comd, st.droppedComd, strings.Join(st.noCoords, " "))
}

// Kinds of record, as the COG spells them.
const (
	kindCommune        = "COM"
	kindDelegated      = "COMD"
	kindArrondissement = "ARM"
)

// cities are the communes that the source lists only through their
// municipal arrondissements.
var cities = map[string]string{
	"13055": "Marseille",
	"69123": "Lyon",
	"75056": "Paris",
}

// record is one line of the output.
type record struct {
	code, kind, parent, name string
	postalCodes              []string
	lat, lon                 float64
	hasCoords                bool
	population               int
}

type stats struct {
	com, cities, arm, comd, droppedComd int
	noCoords                            []string
}

// columns the generator reads, by header name so that column order may change.
var columns = []string{"insee_com", "insee_dep", "commune_article", "code_postal", "commune_type", "insee_parente", "lat", "lng", "population_2021"}

// build reads the source CSV and returns one record per commune, commune
// déléguée and arrondissement, plus the synthesised cities, sorted by code.
func build(r io.Reader) ([]record, stats, error) {
	var st stats
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, st, fmt.Errorf("header: %w", err)
	}
	col := make(map[string]int, len(columns))
	for _, name := range columns {
		i := slices.Index(header, name)
		if i < 0 {
			return nil, st, fmt.Errorf("header: missing column %q", name)
		}
		col[name] = i
	}

	byKey := map[string]*record{}
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, st, err
		}
		line, _ := cr.FieldPos(0)
		rec, cp, err := parseRow(row, col)
		if err != nil {
			return nil, st, fmt.Errorf("line %d: %w", line, err)
		}
		key := rec.code + "|" + rec.kind + "|" + rec.name
		prev, ok := byKey[key]
		if !ok {
			rec.postalCodes = []string{cp}
			byKey[key] = &rec
			continue
		}
		if prev.lat != rec.lat || prev.lon != rec.lon || prev.hasCoords != rec.hasCoords || prev.population != rec.population || prev.parent != rec.parent {
			return nil, st, fmt.Errorf("line %d: %s %s %q disagrees with an earlier row of the same commune", line, rec.kind, rec.code, rec.name)
		}
		if !slices.Contains(prev.postalCodes, cp) {
			prev.postalCodes = append(prev.postalCodes, cp)
		}
	}

	communes := map[string]*record{}
	for _, rec := range byKey {
		if rec.kind == kindCommune {
			if _, dup := communes[rec.code]; dup {
				return nil, st, fmt.Errorf("commune %s appears under two names", rec.code)
			}
			communes[rec.code] = rec
		}
	}

	var recs []record
	arms := map[string][]*record{}
	for _, rec := range byKey {
		slices.Sort(rec.postalCodes)
		switch rec.kind {
		case kindCommune:
			if _, ok := cities[rec.code]; ok {
				return nil, st, fmt.Errorf("commune %s is already in the source: stop synthesising it", rec.code)
			}
			st.com++
		case kindDelegated:
			c, ok := communes[rec.code]
			if !ok || rec.parent != rec.code {
				return nil, st, fmt.Errorf("commune déléguée %s %q: parent %q is not a commune of the same code", rec.code, rec.name, rec.parent)
			}
			if c.name == rec.name {
				// A commune déléguée that only repeats its commune nouvelle adds a duplicate search hit.
				st.droppedComd++
				continue
			}
			// The source repeats the commune nouvelle's population on its commune déléguée.
			rec.population = 0
			st.comd++
		case kindArrondissement:
			if _, ok := cities[rec.parent]; !ok {
				return nil, st, fmt.Errorf("arrondissement %s: unknown city %q", rec.code, rec.parent)
			}
			arms[rec.parent] = append(arms[rec.parent], rec)
			st.arm++
		}
		if !rec.hasCoords {
			st.noCoords = append(st.noCoords, rec.kind+" "+rec.code+" "+rec.name)
		}
		recs = append(recs, *rec)
	}
	for code, name := range cities {
		city, err := synthesise(code, name, arms[code])
		if err != nil {
			return nil, st, err
		}
		recs = append(recs, city)
		st.com++
		st.cities++
	}
	slices.SortFunc(recs, compareRecords)
	slices.Sort(st.noCoords)
	return recs, st, nil
}

// parseRow validates one CSV row and returns its record and postal code.
func parseRow(row []string, col map[string]int) (record, string, error) {
	field := func(name string) string { return strings.TrimSpace(row[col[name]]) }
	rec := record{
		code:   field("insee_com"),
		kind:   field("commune_type"),
		parent: field("insee_parente"),
		name:   field("commune_article"),
	}
	dep := departmentOf(rec.code)
	if dep == "" {
		return rec, "", fmt.Errorf("invalid INSEE code %q", rec.code)
	}
	if d := field("insee_dep"); d != "" && d != dep {
		return rec, "", fmt.Errorf("commune %s: department %q, want %q", rec.code, d, dep)
	}
	if rec.name == "" || strings.ContainsAny(rec.name, "\t\n\r") {
		return rec, "", fmt.Errorf("commune %s: invalid name %q", rec.code, rec.name)
	}
	switch rec.kind {
	case kindCommune:
		if rec.parent != "" {
			return rec, "", fmt.Errorf("commune %s: unexpected parent %q", rec.code, rec.parent)
		}
	case kindDelegated, kindArrondissement:
		if departmentOf(rec.parent) == "" {
			return rec, "", fmt.Errorf("%s %s: invalid parent %q", rec.kind, rec.code, rec.parent)
		}
	default:
		return rec, "", fmt.Errorf("commune %s: unknown type %q", rec.code, rec.kind)
	}
	cp := field("code_postal")
	if !isDigits(cp, 5) {
		return rec, "", fmt.Errorf("commune %s: invalid postal code %q", rec.code, cp)
	}
	pop, err := strconv.Atoi(field("population_2021"))
	if err != nil || pop < 0 {
		return rec, "", fmt.Errorf("commune %s: invalid population %q", rec.code, field("population_2021"))
	}
	rec.population = pop
	lat, lon := field("lat"), field("lng")
	if lat == "" && lon == "" {
		return rec, cp, nil
	}
	if rec.lat, err = strconv.ParseFloat(lat, 64); err != nil || math.Abs(rec.lat) > 90 {
		return rec, "", fmt.Errorf("commune %s: invalid latitude %q", rec.code, lat)
	}
	if rec.lon, err = strconv.ParseFloat(lon, 64); err != nil || math.Abs(rec.lon) > 180 {
		return rec, "", fmt.Errorf("commune %s: invalid longitude %q", rec.code, lon)
	}
	rec.lat, rec.lon, rec.hasCoords = round5(rec.lat), round5(rec.lon), true
	return rec, cp, nil
}

// synthesise builds a whole city from its arrondissements: population sum,
// population-weighted centroid, union of postal codes.
func synthesise(code, name string, arms []*record) (record, error) {
	if len(arms) == 0 {
		return record{}, fmt.Errorf("city %s: no arrondissement in the source", code)
	}
	slices.SortFunc(arms, func(a, b *record) int { return strings.Compare(a.code, b.code) })
	city := record{code: code, kind: kindCommune, name: name, hasCoords: true}
	var lat, lon float64
	for _, a := range arms {
		if !a.hasCoords || a.population == 0 {
			return record{}, fmt.Errorf("city %s: arrondissement %s lacks coordinates or population", code, a.code)
		}
		city.population += a.population
		lat += a.lat * float64(a.population)
		lon += a.lon * float64(a.population)
		for _, cp := range a.postalCodes {
			if !slices.Contains(city.postalCodes, cp) {
				city.postalCodes = append(city.postalCodes, cp)
			}
		}
	}
	slices.Sort(city.postalCodes)
	city.lat = round5(lat / float64(city.population))
	city.lon = round5(lon / float64(city.population))
	return city, nil
}

// compareRecords orders by code, the commune before its commune déléguée.
func compareRecords(a, b record) int {
	return cmp.Or(
		strings.Compare(a.code, b.code),
		cmp.Compare(kindRank(a.kind), kindRank(b.kind)),
		strings.Compare(a.name, b.name),
	)
}

func kindRank(kind string) int {
	switch kind {
	case kindCommune, kindArrondissement:
		return 0
	}
	return 1
}

// header names the TSV columns; package commune checks it on load.
const header = "code\tkind\tparent\tname\tpostal_codes\tlat\tlon\tpopulation\n"

// encode writes the records as TSV: postal codes joined by commas,
// coordinates empty when unknown.
func encode(recs []record) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, r := range recs {
		b.WriteString(r.code)
		b.WriteByte('\t')
		b.WriteString(r.kind)
		b.WriteByte('\t')
		b.WriteString(r.parent)
		b.WriteByte('\t')
		b.WriteString(r.name)
		b.WriteByte('\t')
		b.WriteString(strings.Join(r.postalCodes, ","))
		b.WriteByte('\t')
		if r.hasCoords {
			b.WriteString(strconv.FormatFloat(r.lat, 'f', -1, 64))
			b.WriteByte('\t')
			b.WriteString(strconv.FormatFloat(r.lon, 'f', -1, 64))
		} else {
			b.WriteByte('\t')
		}
		b.WriteByte('\t')
		b.WriteString(strconv.Itoa(r.population))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// compress gzips with a zero header (no name, no time) so that output is
// reproducible.
func compress(tsv []byte) ([]byte, error) {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(tsv); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// round5 keeps 5 decimals (about 1 m), the precision of the source.
func round5(v float64) float64 {
	return math.Round(v*1e5) / 1e5
}

// departmentOf mirrors commune.DepartmentOf; the generator cannot import the
// package whose data it produces.
func departmentOf(code string) string {
	if len(code) != 5 {
		return ""
	}
	switch {
	case code[:2] == "2A" || code[:2] == "2B":
		if isDigits(code[2:], 3) {
			return code[:2]
		}
	case isDigits(code, 5) && code[:2] != "20" && code[:2] != "00":
		if code[:2] == "97" || code[:2] == "98" {
			return code[:3]
		}
		return code[:2]
	}
	return ""
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
