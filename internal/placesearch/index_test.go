package placesearch

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
)

// Rochefort's centre (17299) and points at known distances from it.
const rochLat, rochLon = 45.9421, -0.9588

// east returns a point km kilometres east of Rochefort's centre.
func east(km float64) (float64, float64) {
	return rochLat, rochLon + km/(111.2*0.6951) // cos(45.94°) ≈ 0.6951
}

// wednesday10 is Wednesday 4 March 2026, 10:00 in Paris.
var wednesday10 = time.Date(2026, 3, 4, 10, 0, 0, 0, hours.Location())

func pl(id int64, name string, km float64, edit ...func(*place.Place)) place.Place {
	lat, lon := east(km)
	p := place.Place{ID: id, Name: name, Status: place.StatusOpen, Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299",
		Address: "1 rue Test", Latitude: lat, Longitude: lon, HasCoords: true, CoordsFrom: place.CoordsFromSource}
	for _, e := range edit {
		e(&p)
	}
	return p
}

func ids(r Result) []int64 {
	var out []int64
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func search(t *testing.T, ix *Index, q Query) Result {
	t.Helper()
	if q.Lat == 0 {
		q.Lat, q.Lon = rochLat, rochLon
	}
	if q.RadiusKm == 0 {
		q.RadiusKm = 10
	}
	if q.Now.IsZero() {
		q.Now = wednesday10
	}
	r, err := ix.Search(q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestDistanceOrderAndRadius(t *testing.T) {
	ix := Build([]place.Place{
		pl(1, "Loin", 8), pl(2, "Près", 1), pl(3, "Dehors", 12), pl(4, "Milieu", 4.5),
		pl(5, "Aussi près B", 2), pl(6, "Aussi près A", 2),
		pl(7, "Fermé", 0.5, func(p *place.Place) { p.Status = place.StatusClosed }),
	}, wednesday10)
	if ix.Len() != 6 {
		t.Fatalf("closed places must stay out of the index: %d entries", ix.Len())
	}
	r := search(t, ix, Query{})
	if got, want := ids(r), []int64{2, 6, 5, 4, 1}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v (nearest first, then by name)", got, want)
	}
	if r.Total != 5 {
		t.Fatalf("total %d", r.Total)
	}
	for i, h := range r.Hits {
		want := []float64{1, 2, 2, 4.5, 8}[i]
		if h.DistanceKm < want-0.05 || h.DistanceKm > want+0.05 {
			t.Errorf("%s at %.2f km, want %.1f", h.Name, h.DistanceKm, want)
		}
	}
	if r := search(t, ix, Query{RadiusKm: 20}); r.Total != 6 {
		t.Fatalf("20 km: %v", ids(r))
	}
	// Around a far point: nothing.
	if r := search(t, ix, Query{Lat: 48.85, Lon: 2.35, RadiusKm: 100}); r.Total != 0 {
		t.Fatalf("Paris: %v", ids(r))
	}
}

func TestPagination(t *testing.T) {
	var ps []place.Place
	for i := range 45 {
		ps = append(ps, pl(int64(i+1), "Lieu", float64(i)/10))
	}
	ix := Build(ps, wednesday10)
	var all []int64
	for page := 0; page < 3; page++ {
		r := search(t, ix, Query{Offset: page * 20, Limit: 20})
		if r.Total != 45 {
			t.Fatalf("total %d", r.Total)
		}
		all = append(all, ids(r)...)
	}
	want := make([]int64, 45)
	for i := range want {
		want[i] = int64(i + 1)
	}
	if !slices.Equal(all, want) {
		t.Fatalf("pages %v", all)
	}
	if r := search(t, ix, Query{Offset: 100, Limit: 20}); r.Total != 45 || len(r.Hits) != 0 {
		t.Fatalf("beyond the end: %d hits", len(r.Hits))
	}
}

// The partial selection of the first page gives the same order as a full sort.
func TestFirstPageMatchesFullSort(t *testing.T) {
	ix := Build(Synthetic(3000, 7, wednesday10), wednesday10)
	q := Query{Lat: 48.8566, Lon: 2.3522, RadiusKm: 50, Now: wednesday10}
	full := search(t, ix, q)
	for _, off := range []int{0, 20, 40} {
		q.Offset, q.Limit = off, 20
		page := search(t, ix, q)
		if page.Total != full.Total || page.Total < 200 {
			t.Fatalf("total %d vs %d", page.Total, full.Total)
		}
		if got, want := ids(page), ids(full)[off:off+20]; !slices.Equal(got, want) {
			t.Fatalf("offset %d: %v, want %v", off, got, want)
		}
	}
}

func TestFilters(t *testing.T) {
	demarches, outils, materiel := place.Services[0].Value, place.Services[1].Value, place.Services[7].Value
	ix := Build([]place.Place{
		pl(1, "Démarches", 1, func(p *place.Place) {
			p.Services = []string{demarches}
			p.Fees = []string{"Gratuit"}
			p.Hours = "Mo-Fr 09:00-12:00,14:00-17:00"
		}),
		pl(2, "Outils", 2, func(p *place.Place) {
			p.Services = []string{outils, materiel}
			p.Fees = []string{"Payant"}
			p.Publics = []string{"Seniors"}
			p.SupportModes = []string{"Dans un atelier collectif"}
			p.Hours = "Sa 09:00-12:00"
			p.AccessibilityURL = "https://acceslibre.beta.gouv.fr/app/x/"
		}),
		pl(3, "RDV par lien", 3, func(p *place.Place) {
			p.Services = []string{demarches, outils}
			p.BookingURL = "https://rdv.exemple.fr/"
			p.SpecificSupport = []string{"Surdité"}
			p.Hours = "Mo-Sa 14:00-18:00"
		}),
		pl(4, "RDV par modalité", 4, func(p *place.Place) {
			p.AccessModes = []string{"Téléphoner", AccessModeOnlineBooking}
			p.Fees = []string{"Gratuit sous condition"}
			p.Hours = "Mo-Fr 09:00-11:00; Sa 10:00-11:00 \"sur rendez-vous\""
		}),
		pl(5, "Sans horaires", 5),
	}, wednesday10)
	for _, tc := range []struct {
		name string
		q    Query
		want []int64
	}{
		{"no filter", Query{}, []int64{1, 2, 3, 4, 5}},
		{"one service", Query{Services: []string{demarches}}, []int64{1, 3}},
		{"any of two services", Query{Services: []string{demarches, materiel}}, []int64{1, 2, 3}},
		{"service and fee", Query{Services: []string{demarches}, Fees: []string{"Gratuit"}}, []int64{1}},
		{"free or free on conditions", Query{Fees: []string{"Gratuit", "Gratuit sous condition"}}, []int64{1, 4}},
		{"public", Query{Publics: []string{"Seniors", "Jeunes"}}, []int64{2}},
		{"specific support", Query{SpecificSupport: []string{"Surdité"}}, []int64{3}},
		{"support mode", Query{SupportModes: []string{"Dans un atelier collectif"}}, []int64{2}},
		{"online booking: link or access mode", Query{OnlineBooking: true}, []int64{3, 4}},
		{"accessibility sheet", Query{AccessibilitySheet: true}, []int64{2}},
		{"open on Saturday (appointments count)", Query{OpenSaturday: true}, []int64{2, 3, 4}},
		{"open now, Wednesday 10:00", Query{OpenNow: true}, []int64{1, 4}},
		{"open now, Wednesday 15:00", Query{OpenNow: true, Now: wednesday10.Add(5 * time.Hour)}, []int64{1, 3}},
		{"open now, Saturday 9:30", Query{OpenNow: true, Now: wednesday10.Add(3*24*time.Hour - 30*time.Minute)}, []int64{2}},
		{"everything at once", Query{Services: []string{outils}, OpenSaturday: true, OnlineBooking: true, SpecificSupport: []string{"Surdité"}}, []int64{3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := search(t, ix, tc.q)
			if got := ids(r); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			if r.Total != len(tc.want) {
				t.Fatalf("total %d", r.Total)
			}
		})
	}
}

func TestOpenNowWhenNothingIsOpenGivesTheNextOpenings(t *testing.T) {
	ix := Build([]place.Place{
		pl(1, "Bureaux loin", 4, func(p *place.Place) { p.Hours = "Mo-Fr 09:00-12:00" }),
		pl(2, "Samedi", 1, func(p *place.Place) { p.Hours = "Sa 09:00-12:00" }),
		pl(3, "Après-midi", 2, func(p *place.Place) { p.Hours = "Mo-Sa 14:00-18:00" }),
		pl(4, "Bureaux près", 3, func(p *place.Place) { p.Hours = "Mo-Fr 09:00-12:00" }),
		pl(5, "Sur rendez-vous", 1, func(p *place.Place) { p.Hours = "Mo 08:00-09:00 \"sur rendez-vous\"" }),
		pl(6, "Sans horaires", 1),
	}, wednesday10)
	sunday := wednesday10.Add(4 * 24 * time.Hour)
	r := search(t, ix, Query{OpenNow: true, Now: sunday})
	if !r.OpeningNext {
		t.Fatal("nothing is open on Sunday: the places that open next must be given")
	}
	if got, want := ids(r), []int64{4, 1, 3, 2}; !slices.Equal(got, want) || r.Total != 4 {
		t.Fatalf("got %v (total %d), want %v: soonest first, then nearest; no place without a sure opening", got, r.Total, want)
	}
	if got := r.Hits[0].State.Text; got != "Fermé · ouvre demain à 9 h" {
		t.Fatalf("state %q", got)
	}
	// Pages of the fallback list.
	if r := search(t, ix, Query{OpenNow: true, Now: sunday, Offset: 3, Limit: 2}); !slices.Equal(ids(r), []int64{2}) || r.Total != 4 {
		t.Fatalf("second page: %v (total %d)", ids(r), r.Total)
	}
	// When something is open, only the open places are given.
	if r := search(t, ix, Query{OpenNow: true}); r.OpeningNext || !slices.Equal(ids(r), []int64{4, 1}) {
		t.Fatalf("Wednesday 10:00: %v, fallback %v", ids(r), r.OpeningNext)
	}
}

func TestStateOfResults(t *testing.T) {
	ix := Build([]place.Place{
		pl(1, "Bureaux", 1, func(p *place.Place) { p.Hours = "Mo-Fr 09:00-12:00,14:00-17:00" }),
		pl(2, "Illisible", 2, func(p *place.Place) { p.Hours = "quand on peut" }),
	}, wednesday10)
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{wednesday10, "Ouvert · ferme à 12 h"},
		{wednesday10.Add(3 * time.Hour), "Fermé · ouvre aujourd'hui à 14 h"},
		{wednesday10.Add(90 * time.Minute), "Ouvert · ferme à 12 h"},
		{wednesday10.Add(8 * time.Hour), "Fermé · ouvre demain à 9 h"},
		{wednesday10.Add(2*24*time.Hour + 8*time.Hour), "Fermé · ouvre lundi à 9 h"},
		{wednesday10, "Ouvert · ferme à 12 h"}, // the clock may go back (tests); the cache follows
	} {
		r := search(t, ix, Query{Now: tc.at})
		if !r.Hits[0].HasHours || r.Hits[0].State.Text != tc.want {
			t.Errorf("%s: %q, want %q", tc.at, r.Hits[0].State.Text, tc.want)
		}
		if r.Hits[1].HasHours {
			t.Errorf("invalid hours must not count as hours")
		}
	}
}

func TestPlacesWithoutCoordinates(t *testing.T) {
	c, _ := commune.Lookup("17299")
	ix := Build([]place.Place{
		pl(1, "Exact", 1),
		pl(2, "Centre de la commune", 0, func(p *place.Place) {
			p.Latitude, p.Longitude, p.CoordsFrom = c.Lat, c.Lon, place.CoordsFromCommune
		}),
		pl(3, "Sans coordonnées", 0, func(p *place.Place) { p.HasCoords, p.Latitude, p.Longitude = false, 0, 0 }),
		pl(4, "Par code postal", 0, func(p *place.Place) { p.HasCoords, p.InseeCode = false, "" }),
		pl(5, "Introuvable", 0, func(p *place.Place) { p.HasCoords, p.InseeCode, p.PostalCode = false, "", "00000" }),
	}, wednesday10)
	if ix.Len() != 4 || ix.Unplaced() != 1 {
		t.Fatalf("len %d, unplaced %d", ix.Len(), ix.Unplaced())
	}
	r := search(t, ix, Query{Lat: c.Lat, Lon: c.Lon, RadiusKm: 5})
	if r.Total != 4 {
		t.Fatalf("found %v", ids(r))
	}
	for _, h := range r.Hits {
		if h.Approximate != (h.ID != 1) {
			t.Errorf("%s: approximate %v", h.Name, h.Approximate)
		}
	}
}

func TestInvalidQueries(t *testing.T) {
	ix := Build(nil, wednesday10)
	for _, tc := range []struct {
		q     Query
		field string
	}{
		{Query{Lat: rochLat, Lon: rochLon, RadiusKm: 3}, "rayon"},
		{Query{Lat: rochLat, Lon: rochLon, RadiusKm: 150}, "rayon"},
		{Query{Lat: 95, Lon: 0, RadiusKm: 10}, "position"},
		{Query{Lat: rochLat, Lon: rochLon, RadiusKm: 10, Services: []string{"Réparer un vélo"}}, "services"},
		{Query{Lat: rochLat, Lon: rochLon, RadiusKm: 10, Fees: []string{"gratuit"}}, "frais_a_charge"},
		{Query{Lat: rochLat, Lon: rochLon, RadiusKm: 10, Offset: -1}, "page"},
	} {
		_, err := ix.Search(tc.q)
		e, ok := apperr.As(err)
		if !ok || e.Code != apperr.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
			t.Errorf("%+v: %v", tc.q, err)
		}
	}
	// Every problem at once.
	_, err := ix.Search(Query{Lat: 95, RadiusKm: 1, Publics: []string{"Martiens"}})
	var e *apperr.Error
	if !errors.As(err, &e) || len(e.Fields) != 3 {
		t.Fatalf("want 3 field errors: %v", err)
	}
}

func TestSyntheticPlacesAreValid(t *testing.T) {
	ps := Synthetic(2000, 1, wednesday10)
	approx, none := 0, 0
	for i := range ps {
		p := ps[i]
		p.Normalize()
		if err := p.Validate(); err != nil {
			t.Fatalf("place %d: %v", i, err)
		}
		if !p.HasCoords {
			none++
		} else if p.CoordsFrom == place.CoordsFromCommune {
			approx++
		}
	}
	if approx < 100 || none < 10 {
		t.Fatalf("approximate %d, without coordinates %d", approx, none)
	}
	again := Synthetic(2000, 1, wednesday10)
	if again[1999].Name != ps[1999].Name || again[1999].Latitude != ps[1999].Latitude {
		t.Fatal("Synthetic is not deterministic")
	}
	ix := Build(ps, wednesday10)
	if ix.Len() != 2000 || ix.Unplaced() != 0 {
		t.Fatalf("len %d unplaced %d", ix.Len(), ix.Unplaced())
	}
}

// 15 August 2026 is a Saturday and a public holiday: a place that opens
// every Saturday but closes on holidays still counts as open on Saturdays.
func TestSaturdayAcrossAHoliday(t *testing.T) {
	wednesday := time.Date(2026, 8, 12, 10, 0, 0, 0, hours.Location())
	ix := Build([]place.Place{
		pl(1, "Samedis sauf fériés", 1, func(p *place.Place) { p.Hours = "Sa 09:00-12:00; PH off" }),
		pl(2, "Seulement le 15 août", 2, func(p *place.Place) { p.Hours = "Aug 15 09:00-12:00" }),
		pl(3, "En semaine", 3, func(p *place.Place) { p.Hours = "Mo-Fr 09:00-17:00" }),
	}, wednesday)
	r := search(t, ix, Query{OpenSaturday: true, Now: wednesday})
	if got := ids(r); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("open on Saturday: %v", got)
	}
	// Built the week after, the 15 August place no longer opens on Saturdays.
	later := wednesday.AddDate(0, 0, 7)
	if got := ids(search(t, Build([]place.Place{pl(2, "Seulement le 15 août", 2, func(p *place.Place) { p.Hours = "Aug 15 09:00-12:00" })}, later), Query{OpenSaturday: true, Now: later})); len(got) != 0 {
		t.Fatalf("a week later: %v", got)
	}
}
