package placesearch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
)

// Synthetic returns n fictitious but valid places spread over metropolitan
// France the way real ones are: most in towns (drawn by population), some
// in the countryside, 10 % placed at their commune's centre and 2 % without
// coordinates. The same n and seed always give the same places. It feeds
// the benchmarks and the load script; nothing real is copied.
func Synthetic(n int, seed uint64, now time.Time) []place.Place {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	communes := commune.Within(46.6, 2.4, 1000) // metropolitan France and Corsica
	var towns []commune.Commune
	cumPop := make([]float64, 0, len(communes))
	total := 0.0
	for _, c := range communes {
		if !c.HasCoords || c.Kind == commune.KindDelegated {
			continue
		}
		towns = append(towns, c)
		total += float64(c.Population)
		cumPop = append(cumPop, total)
	}
	pick := func() commune.Commune {
		if rng.IntN(10) < 3 { // the countryside
			return towns[rng.IntN(len(towns))]
		}
		x := rng.Float64() * total
		lo, hi := 0, len(cumPop)-1
		for lo < hi {
			mid := (lo + hi) / 2
			if cumPop[mid] < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return towns[lo]
	}
	some := func(vocab []place.Choice, min, max int, weights ...int) []string {
		k := min + rng.IntN(max-min+1)
		var out []string
		used := map[int]bool{}
		for len(out) < k && len(used) < len(vocab) {
			i := rng.IntN(len(vocab))
			if len(weights) > 0 && rng.IntN(100) < weights[0] {
				i = 0 // the first value is the most common
			}
			if !used[i] {
				used[i] = true
				out = append(out, vocab[i].Value)
			}
		}
		return sortLike(vocab, out)
	}
	places := make([]place.Place, n)
	for i := range places {
		c := pick()
		kind := synthKinds[rng.IntN(len(synthKinds))]
		p := place.Place{
			ID: int64(i + 1), Source: "synthetique", SourceID: fmt.Sprintf("syn-%06d", i+1), Status: place.StatusOpen,
			Pivot: fmt.Sprintf("2%013d", rng.Int64N(1e13)), Name: kind.name + " " + c.Name,
			Commune: c.Name, PostalCode: c.PostalCodes[0], InseeCode: c.Code,
			Address:      fmt.Sprintf("%d %s", 1+rng.IntN(120), synthStreets[rng.IntN(len(synthStreets))]),
			Typologies:   []string{kind.typology},
			Phone:        fmt.Sprintf("+33%d%08d", 1+rng.IntN(5), rng.IntN(1e8)),
			Hours:        synthHours[rng.IntN(len(synthHours))],
			Summary:      kind.summary,
			Collector:    "Parcours (données de test)",
			UpdatedOn:    now.AddDate(0, 0, -rng.IntN(900)).UTC().Truncate(24 * time.Hour),
			Services:     some(place.Services, 1, 5, 40),
			Fees:         []string{place.Fees[[]int{0, 0, 0, 0, 0, 0, 0, 1, 2}[rng.IntN(9)]].Value},
			AccessModes:  some(place.AccessModes[:4], 1, 3, 30),
			SupportModes: some(place.SupportModes, 1, 3),
			Itinerance:   []string{"Fixe"},
		}
		switch r := rng.IntN(100); {
		case r < 2: // no coordinates at all: the index falls back on the commune
		case r < 12:
			p.Latitude, p.Longitude, p.HasCoords, p.CoordsFrom = c.Lat, c.Lon, true, place.CoordsFromCommune
		default:
			// Uniform in a disc of 3 km around the commune's centre.
			d, a := 3*math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
			p.Latitude = c.Lat + d*math.Cos(a)/111.2
			p.Longitude = c.Lon + d*math.Sin(a)/(111.2*math.Cos(c.Lat*math.Pi/180))
			p.HasCoords, p.CoordsFrom = true, place.CoordsFromSource
		}
		if rng.IntN(100) < 30 {
			p.Publics = some(place.Publics, 1, 2)
		}
		if rng.IntN(100) < 15 {
			p.SpecificSupport = some(place.SpecificSupport, 1, 2)
		}
		if rng.IntN(100) < 15 {
			p.BookingURL = fmt.Sprintf("https://rdv.exemple.fr/lieu/%d", i+1)
		}
		if rng.IntN(100) < 20 {
			p.AccessibilityURL = fmt.Sprintf("https://acceslibre.beta.gouv.fr/app/%s/erp/lieu-%d/", c.Code, i+1)
		}
		if rng.IntN(100) < 50 {
			p.Emails = []string{fmt.Sprintf("contact%d@exemple.fr", i+1)}
		}
		places[i] = p
	}
	return places
}

// sortLike orders values as their vocabulary does.
func sortLike(vocab []place.Choice, values []string) []string {
	out := make([]string, 0, len(values))
	for _, c := range vocab {
		if containsValue(values, c.Value) {
			out = append(out, c.Value)
		}
	}
	return out
}

var synthKinds = []struct{ name, typology, summary string }{
	{"Médiathèque de", "BIB", "Postes informatiques en accès libre et ateliers d'initiation au numérique."},
	{"CCAS de", "CCAS", "Aide aux démarches en ligne sur rendez-vous avec un conseiller numérique."},
	{"France Services de", "MUNI", "Un guichet pour vos démarches : CAF, impôts, retraite, santé, emploi."},
	{"Centre social de", "CS", "Ateliers numériques en petit groupe et accompagnement individuel."},
	{"Espace numérique de", "MUNI", "Ordinateurs, imprimante et wifi gratuits, avec un médiateur sur place."},
	{"Association Clic et Lien de", "ASSO", "Des bénévoles vous aident à utiliser votre téléphone et votre ordinateur."},
	{"Mairie de", "MUNI", "Accueil numérique à la mairie pour les démarches du quotidien."},
}

var synthStreets = []string{
	"rue de la République", "place de la Mairie", "avenue Jean Jaurès", "rue Victor Hugo", "rue de l'Église",
	"boulevard Gambetta", "rue Pasteur", "place du Marché", "rue des Écoles", "allée des Tilleuls",
}

// synthHours are shapes common in the national data; "" stands for places
// that publish no hours.
var synthHours = []string{
	"Mo-Fr 09:00-12:00,14:00-17:00",
	"Mo-Fr 08:30-12:30,13:30-17:30; Sa 09:00-12:00",
	"Tu,Th 14:00-17:00",
	"We 09:00-12:00; Sa 10:00-12:00",
	"Mo-Sa 10:00-18:00",
	"Mo-Fr 09:00-17:00; PH off",
	"Tu-Sa 10:00-12:30,14:00-18:00",
	"Mo 14:00-18:00; Tu-Fr 10:00-12:00,14:00-18:00; Sa 10:00-17:00",
	"Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00",
	"Mo,We,Fr 09:00-12:00",
	"Tu 09:00-12:00 \"sur rendez-vous\"; Th 14:00-17:00",
	"Mo-Fr 08:00-18:00",
	"",
	"",
}
