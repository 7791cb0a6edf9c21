package evaluation

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
)

// SearchRadiusKm bounds the places considered around the person's commune.
const SearchRadiusKm = 20

// Candidate is a place suggested for a referral, with why.
type Candidate struct {
	Place      place.Place
	DistanceKm float64
	OpenText   string   // "Ouvert · ferme à 17 h", or "Horaires non renseignés"
	Reasons    []string // what fits the person, in French
	Warnings   []string // what may not fit
	score      float64
}

// Communes returns the codes of the communes within the radius of a commune.
func Communes(code string) []string {
	c, ok := commune.Lookup(code)
	if !ok || !c.HasCoords {
		return nil
	}
	var out []string
	for _, n := range commune.Within(c.Lat, c.Lon, SearchRadiusKm) {
		out = append(out, n.Code)
	}
	return out
}

// Nearest ranks the places that offer the service for this person and
// returns the best n: distance first, then open soon, then the person's
// public and constraints (needs, fees).
func Nearest(places []place.Place, service string, p *person.Person, origin string, now time.Time, n int) []Candidate {
	oc, ok := commune.Lookup(origin)
	var out []Candidate
	for _, pl := range places {
		if !pl.Open() || !has(pl.Services, service) {
			continue
		}
		c := Candidate{Place: pl}
		lat, lon, located := pl.Latitude, pl.Longitude, pl.HasCoords
		if !located {
			if pc, ok := commune.Lookup(pl.InseeCode); ok && pc.HasCoords {
				lat, lon, located = pc.Lat, pc.Lon, true
			}
		}
		if ok && oc.HasCoords && located {
			c.DistanceKm = commune.DistanceKm(oc.Lat, oc.Lon, lat, lon)
		} else {
			c.DistanceKm = SearchRadiusKm
		}
		c.score = c.DistanceKm
		// Open soon: now or within two days.
		if pl.Hours == "" {
			c.OpenText = "Horaires non renseignés : téléphoner avant"
			c.score += 5
		} else if sch, err := hours.Parse(pl.Hours); err == nil {
			st := sch.State(now)
			c.OpenText = st.Text
			switch {
			case st.Open:
				c.Reasons = append(c.Reasons, "ouvert maintenant")
			case !st.Changes.IsZero() && st.Changes.Sub(now) < 48*time.Hour:
				c.Reasons = append(c.Reasons, "ouvre bientôt")
				c.score += 1
			default:
				c.Warnings = append(c.Warnings, "pas ouvert dans les deux jours")
				c.score += 8
			}
		} else {
			c.OpenText = "Horaires à vérifier"
			c.score += 5
		}
		// This public.
		if len(pl.Publics) > 0 {
			if pub := publicOf(p, now); pub != "" && has(pl.Publics, pub) {
				c.Reasons = append(c.Reasons, "accueille particulièrement : "+strings.ToLower(place.LabelOf("publics_specifiquement_adresses", pub)))
				c.score -= 2
			}
		}
		// The person's constraints.
		for _, need := range p.Needs {
			want := supportFor(need)
			if want == "" {
				continue
			}
			if has(pl.SpecificSupport, want) {
				c.Reasons = append(c.Reasons, strings.ToLower(place.LabelOf("prise_en_charge_specifique", want)))
				c.score -= 3
			} else {
				c.Warnings = append(c.Warnings, "pas d'accueil adapté signalé : "+strings.ToLower(person.Label(person.Needs, need)))
				c.score += 4
			}
		}
		switch {
		case has(pl.Fees, "Gratuit"):
			c.Reasons = append(c.Reasons, "gratuit")
		case has(pl.Fees, "Payant"):
			c.Warnings = append(c.Warnings, "payant")
			c.score += 6
		}
		c.DistanceKm = math.Round(c.DistanceKm*10) / 10
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score < out[j].score
		}
		return out[i].Place.ID < out[j].Place.ID
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// publicOf is the schema public a person belongs to, "" when none.
func publicOf(p *person.Person, now time.Time) string {
	if p.BirthYear == 0 {
		return ""
	}
	switch age := now.Year() - p.BirthYear; {
	case age >= 60:
		return "Seniors"
	case age < 26:
		return "Jeunes"
	}
	return ""
}

// supportFor maps a person's need to the place's prise_en_charge_specifique.
func supportFor(need string) string {
	switch need {
	case "malentendant":
		return "Surdité"
	case "malvoyant":
		return "Déficience visuelle"
	case "falc":
		return "Illettrisme"
	case "interprete":
		return "Langues étrangères (autres)"
	}
	return ""
}
