package commune

import (
	"cmp"
	"math"
	"slices"
)

// earthRadiusKm is the mean Earth radius (IUGG).
const earthRadiusKm = 6371.0088

// DistanceKm is the great-circle (haversine) distance in kilometres between
// two WGS 84 points given in degrees.
func DistanceKm(lat1, lon1, lat2, lon2 float64) float64 {
	φ1, φ2 := lat1*math.Pi/180, lat2*math.Pi/180
	dφ := φ2 - φ1
	dλ := (lon2 - lon1) * math.Pi / 180
	h := math.Sin(dφ/2)*math.Sin(dφ/2) + math.Cos(φ1)*math.Cos(φ2)*math.Sin(dλ/2)*math.Sin(dλ/2)
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(min(h, 1)))
}

// Nearest returns the commune or municipal arrondissement closest to a
// point, in France or anywhere else. Whole cities are represented by their
// arrondissements (use Parent), and communes déléguées, which share their
// commune nouvelle's coordinates, are left out.
func Nearest(lat, lon float64) (Commune, bool) {
	if !validLatLon(lat, lon) {
		return Commune{}, false
	}
	d := loaded()
	i := d.geo().nearest(lat, lon)
	if i < 0 {
		return Commune{}, false
	}
	return d.commune(i), true
}

// Within returns the communes and municipal arrondissements at most km
// kilometres from a point, nearest first, with the same exclusions as
// Nearest. Within(c.Lat, c.Lon, 10) is c and its neighbours.
func Within(lat, lon, km float64) []Commune {
	if !validLatLon(lat, lon) || !(km >= 0) {
		return nil
	}
	d := loaded()
	found := d.geo().within(lat, lon, km)
	if len(found) == 0 {
		return nil
	}
	out := make([]Commune, len(found))
	for i, f := range found {
		out[i] = d.commune(int(f.rec))
	}
	return out
}

func validLatLon(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

// The grid cuts the globe in cells of cellDeg × cellDeg degrees. No French
// commune lies near the antimeridian, so the grid does not wrap around it.
const (
	cellDeg  = 0.2
	gridRows = int(180/cellDeg) + 1
	gridCols = int(360/cellDeg) + 1
	// maxRing bounds the ring search of nearest before a full scan (≈ 5°).
	maxRing = 25
)

// geoIndex holds the points sorted by grid cell, as unit vectors, so that
// comparing distances needs no trigonometry.
type geoIndex struct {
	cells []int32 // cell number of each point, ascending
	pts   []geoPoint
}

type geoPoint struct {
	x, y, z float64
	rec     int32
}

func buildGeo(rows []row) *geoIndex {
	// Sorting packed (cell, row) integers is much faster than sorting structs.
	keys := make([]uint64, 0, len(rows))
	for i := range rows {
		r := &rows[i]
		if r.flags&flagCoords == 0 || r.flags&flagCity != 0 || r.kind == kindCOMD {
			continue
		}
		keys = append(keys, uint64(cellOf(r.lat, r.lon))<<32|uint64(i))
	}
	slices.Sort(keys)
	g := &geoIndex{cells: make([]int32, len(keys)), pts: make([]geoPoint, len(keys))}
	for i, k := range keys {
		rec := int32(uint32(k))
		x, y, z := unitVector(rows[rec].lat, rows[rec].lon)
		g.cells[i] = int32(k >> 32)
		g.pts[i] = geoPoint{x: x, y: y, z: z, rec: rec}
	}
	return g
}

func unitVector(lat, lon float64) (x, y, z float64) {
	φ, λ := lat*math.Pi/180, lon*math.Pi/180
	return math.Cos(φ) * math.Cos(λ), math.Cos(φ) * math.Sin(λ), math.Sin(φ)
}

// chord2 is the squared straight-line distance between two unit vectors,
// which grows with the great-circle distance.
func chord2(p geoPoint, x, y, z float64) float64 {
	dx, dy, dz := p.x-x, p.y-y, p.z-z
	return dx*dx + dy*dy + dz*dz
}

// chordKm converts a chord between unit vectors to kilometres on the surface.
func chordKm(chord float64) float64 {
	return 2 * earthRadiusKm * math.Asin(min(chord/2, 1))
}

func rowCol(lat, lon float64) (int, int) {
	r := min(int((lat+90)/cellDeg), gridRows-1)
	c := min(int((lon+180)/cellDeg), gridCols-1)
	return r, c
}

func cellOf(lat, lon float64) int32 {
	r, c := rowCol(lat, lon)
	return int32(r*gridCols + c)
}

// scan calls f for every point in grid row r between columns c1 and c2.
func (g *geoIndex) scan(r, c1, c2 int, f func(i int)) {
	if r < 0 || r >= gridRows {
		return
	}
	c1, c2 = max(c1, 0), min(c2, gridCols-1)
	if c1 > c2 {
		return
	}
	lo, hi := int32(r*gridCols+c1), int32(r*gridCols+c2)
	i, _ := slices.BinarySearch(g.cells, lo)
	for ; i < len(g.cells) && g.cells[i] <= hi; i++ {
		f(i)
	}
}

// nearest searches square rings of cells around the point until no closer
// point can lie further out, and falls back to a full scan far from land.
func (g *geoIndex) nearest(lat, lon float64) int {
	x, y, z := unitVector(lat, lon)
	best, bestD := -1, math.Inf(1)
	consider := func(i int) {
		if d := chord2(g.pts[i], x, y, z); d < bestD || (d == bestD && g.pts[i].rec < g.pts[best].rec) {
			best, bestD = i, d
		}
	}
	r0, c0 := rowCol(lat, lon)
	proven := false
	for ring := 0; ring <= maxRing; ring++ {
		if best >= 0 {
			lb := ringLowerBound(lat, ring)
			if lb*lb > bestD {
				proven = true
				break
			}
		}
		if ring == 0 {
			g.scan(r0, c0, c0, consider)
			continue
		}
		g.scan(r0-ring, c0-ring, c0+ring, consider)
		g.scan(r0+ring, c0-ring, c0+ring, consider)
		for r := r0 - ring + 1; r < r0+ring; r++ {
			g.scan(r, c0-ring, c0-ring, consider)
			g.scan(r, c0+ring, c0+ring, consider)
		}
	}
	if !proven {
		best, bestD = -1, math.Inf(1)
		for i := range g.pts {
			consider(i)
		}
	}
	if best < 0 {
		return -1
	}
	return int(g.pts[best].rec)
}

// ringLowerBound is a lower bound of the chord to any point in ring r or
// beyond. Such a point is at least r-1 whole cells away in latitude, or in
// longitude while less than r+1 cells away in latitude, where a longitude
// gap shrinks by at most the cosine of the highest latitude reached.
func ringLowerBound(lat float64, r int) float64 {
	if r < 2 {
		return 0
	}
	φmax := math.Abs(lat) + float64(r+1)*cellDeg
	if φmax >= 90 {
		return 0
	}
	// The margin absorbs rounding in rowCol at cell edges.
	gap := (float64(r-1)*cellDeg - 1e-9) * math.Pi / 180
	return 2 * math.Cos(φmax*math.Pi/180) * math.Sin(gap/2)
}

type found struct {
	rec int32
	km  float64
}

// within scans the cells of the bounding box of the circle and keeps the
// points inside it, nearest first.
func (g *geoIndex) within(lat, lon, km float64) []found {
	θ := km / earthRadiusKm // angular radius
	maxChord := 2 * math.Sin(min(θ, math.Pi)/2)
	dLat := θ*180/math.Pi + 1e-9 // the margin absorbs rounding at cell edges
	rLo, _ := rowCol(max(lat-dLat, -90), lon)
	rHi, _ := rowCol(min(lat+dLat, 90), lon)
	cLo, cHi := 0, gridCols-1
	// A point within θ lies within dLon of the centre's meridian (spherical
	// bound using the highest latitude of the box).
	if φmax := math.Abs(lat) + dLat; φmax < 90 {
		if s := math.Sin(θ/2) / math.Cos(φmax*math.Pi/180); s < 1 {
			dLon := 2*math.Asin(s)*180/math.Pi + 1e-9
			_, cLo = rowCol(lat, max(lon-dLon, -180))
			_, cHi = rowCol(lat, min(lon+dLon, 180))
		}
	}
	x, y, z := unitVector(lat, lon)
	var out []found
	for r := rLo; r <= rHi; r++ {
		g.scan(r, cLo, cHi, func(i int) {
			if d := chord2(g.pts[i], x, y, z); d <= maxChord*maxChord {
				out = append(out, found{rec: g.pts[i].rec, km: chordKm(math.Sqrt(d))})
			}
		})
	}
	slices.SortFunc(out, func(a, b found) int {
		return cmp.Or(cmp.Compare(a.km, b.km), cmp.Compare(a.rec, b.rec))
	})
	return out
}
