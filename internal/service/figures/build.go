package figures

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
)

// tally accumulates one breakdown.
type tally struct {
	name, title, unit string
	overlapping       bool
	order             []activitystats.Count // known values, in their order
	n                 map[string]int
	label             func(string) string
}

func newTally(name, title, unit string, order []activitystats.Count, label func(string) string) *tally {
	return &tally{name: name, title: title, unit: unit, order: order, n: map[string]int{}, label: label}
}

func (t *tally) add(key string, n int) {
	if n != 0 {
		t.n[key] += n
	}
}

func (t *tally) table(total int, sorted bool) activitystats.Table {
	out := activitystats.Table{Name: t.name, Title: t.title, Unit: t.unit, Total: total, Overlapping: t.overlapping}
	seen := map[string]bool{}
	for _, c := range t.order {
		seen[c.Key] = true
		out.Counts = append(out.Counts, activitystats.Count{Key: c.Key, Label: c.Label, N: t.n[c.Key]})
	}
	var rest []activitystats.Count
	for k, n := range t.n {
		if !seen[k] {
			label := k
			if t.label != nil {
				label = t.label(k)
			}
			rest = append(rest, activitystats.Count{Key: k, Label: label, N: n})
		}
	}
	out.Counts = append(out.Counts, activitystats.Sorted(rest)...)
	if sorted {
		out.Counts = activitystats.Sorted(out.Counts)
	}
	return out
}

func counts(list []person.Choice) []activitystats.Count {
	out := make([]activitystats.Count, len(list))
	for i, c := range list {
		out[i] = activitystats.Count{Key: c.Value, Label: c.Label}
	}
	return out
}

// monthLabel writes "2026-03" as "mars 2026".
func monthLabel(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	return months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// build turns grouped activities into the figures of a period.
func build(groups []activitystore.ActivityGroup, parts []activitystore.ParticipantGroup, from, to string, structures map[int64]string) activitystats.Figures {
	f := activitystats.Figures{From: from, To: to}
	const sessions, accomp = "séances", "accompagnements"
	month := newTally("mois", "Séances par mois", sessions, nil, monthLabel)
	typ := newTally("type", "Séances par type", sessions, counts(activity.Types), nil)
	canal := newTally("canal", "Séances par canal", sessions, counts(activity.Canals), nil)
	theme := newTally("thematique", "Séances par thématique", sessions, nil, func(k string) string { return person.Label(activity.Themes, k) })
	theme.overlapping = true
	procedure := newTally("demarche", "Démarches administratives", sessions, nil, func(k string) string { return person.Label(activity.Procedures, k) })
	procedure.overlapping = true
	equipment := newTally("materiel", "Matériel utilisé", sessions, counts(activity.Equipment), nil)
	equipment.overlapping = true
	duration := newTally("duree", "Séances par durée", sessions, activitystats.DurationBuckets, nil)
	place := newTally("lieu", "Séances par lieu", sessions, nil, func(k string) string { return orDash(k, "Hors des lieux de la structure") })
	commune := newTally("commune", "Séances par commune", sessions, nil, func(k string) string { return orDash(person.CommuneLabel(k), "Commune non renseignée") })
	structure := newTally("structure", "Séances par structure", sessions, nil, func(k string) string {
		id, _ := strconv.ParseInt(k, 10, 64)
		return orDash(structures[id], "Structure n° "+k)
	})
	gender := newTally("genre", "Personnes accompagnées par genre", accomp, counts(person.Genders), nil)
	age := newTally("age", "Personnes accompagnées par tranche d'âge", accomp, counts(person.AgeBands), nil)
	status := newTally("statut", "Personnes accompagnées par situation", accomp, counts(person.SocialStatuses), nil)
	autonomy := newTally("autonomie", "Autonomie atteinte (accompagnements individuels)", sessions, counts(activity.Autonomy), nil)
	orientation := newTally("orientation", "Orientations vers une autre structure", sessions, counts(activity.OrientationKinds), nil)
	reached := newTally("personnes", "Personnes accompagnées", accomp, []activitystats.Count{
		{Key: "nouvelles", Label: "Premier accompagnement (personne suivie)"}, {Key: "revenues", Label: "Déjà accompagnée (personne suivie)"},
		{Key: "anonymes", Label: "Anonyme"}}, nil)

	for _, g := range groups {
		n := g.Sessions
		f.Sessions += n
		f.MinutesTotal += g.Minutes
		month.add(g.Month, n)
		typ.add(g.Type, n)
		canal.add(g.Canal, n)
		duration.add(g.DurationBucket, n)
		if g.Canal == "lieu_activite" {
			place.add(g.Place, n)
		}
		commune.add(g.Commune, n)
		structure.add(strconv.FormatInt(g.StructureID, 10), n)
		for _, t := range splitList(g.Themes) {
			theme.add(t, n)
		}
		for _, p := range splitList(g.Procedures) {
			procedure.add(p, n)
		}
		for _, e := range splitList(g.Equipment) {
			equipment.add(e, n)
		}
		day, _ := time.Parse("2006-01", g.Month)
		if g.Type == activity.TypeIndividual {
			f.Individual += n
			f.Accompaniments += n
			autonomy.add(g.Autonomy, n)
			if g.Oriented {
				f.Oriented += n
				orientation.add(g.OrientationKind, n)
			}
			band := g.AgeBand
			if g.Followed {
				band = person.AgeBandOf(g.BirthYear, day)
				f.Followed += n
				if g.FirstTime {
					f.FirstTimes += n
					reached.add("nouvelles", n)
				} else {
					reached.add("revenues", n)
				}
			} else {
				f.Anonymous += n
				reached.add("anonymes", n)
			}
			gender.add(orDash(g.Gender, "non_communique"), n)
			age.add(orDash(band, person.AgeBandUnknown), n)
			status.add(orDash(g.Status, "non_communique"), n)
			continue
		}
		f.Workshops += n
		f.Participants += g.AnonTotal
		f.Accompaniments += g.AnonTotal
		f.Anonymous += g.AnonTotal
		reached.add("anonymes", g.AnonTotal)
		var c map[string]int
		if g.AnonCounts != "" {
			_ = json.Unmarshal([]byte(g.AnonCounts), &c)
		}
		for _, d := range []struct {
			dim     string
			t       *tally
			unknown string
		}{{"genre", gender, "non_communique"}, {"age", age, person.AgeBandUnknown}, {"statut", status, "non_communique"}} {
			known := 0
			for k, v := range c {
				if dim, val, _ := strings.Cut(k, ":"); dim == d.dim {
					d.t.add(val, v*n)
					known += v
				}
			}
			d.t.add(d.unknown, g.AnonTotal-known*n)
		}
	}
	for _, p := range parts {
		n := p.Participants
		f.Participants += n
		f.Accompaniments += n
		f.Followed += n
		if p.FirstTime {
			f.FirstTimes += n
			reached.add("nouvelles", n)
		} else {
			reached.add("revenues", n)
		}
		day, _ := time.Parse("2006", p.Year)
		gender.add(orDash(p.Gender, "non_communique"), n)
		age.add(person.AgeBandOf(p.BirthYear, day), n)
		status.add(orDash(p.Status, "non_communique"), n)
	}
	f.Tables = []activitystats.Table{
		reached.table(f.Accompaniments, false),
		month.table(f.Sessions, false), typ.table(f.Sessions, false), canal.table(f.Sessions, false), duration.table(f.Sessions, false),
		theme.table(f.Sessions, true), procedure.table(f.Sessions, true), equipment.table(f.Sessions, false),
		gender.table(f.Accompaniments, false), age.table(f.Accompaniments, false), status.table(f.Accompaniments, false),
		autonomy.table(f.Individual, false), orientation.table(f.Oriented, false),
		place.table(f.Sessions, true), commune.table(f.Sessions, true), structure.table(f.Sessions, true),
	}
	sortMonths(&f.Tables[1])
	return f
}

func sortMonths(t *activitystats.Table) {
	c := t.Counts
	for i := 1; i < len(c); i++ {
		for j := i; j > 0 && c[j].Key < c[j-1].Key; j-- {
			c[j], c[j-1] = c[j-1], c[j]
		}
	}
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func orDash(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
