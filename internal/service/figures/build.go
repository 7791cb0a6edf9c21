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

// sums are the figures of a period before they are laid out: per
// dimension (a table's name, or "" for the totals), per value, a count.
// They add up: the pre-aggregated figures are sums kept per structure,
// day, conseiller and commune.
type sums map[string]map[string]int

func (t sums) add(dim, value string, n int) {
	if n == 0 {
		return
	}
	m := t[dim]
	if m == nil {
		m = map[string]int{}
		t[dim] = m
	}
	m[value] += n
}

// The totals' keys, dimension "".
const (
	totSessions, totMinutes, totIndividual, totAccompaniments = "seances", "minutes", "individuels", "accompagnements"
	totOriented, totFollowed, totFirstTimes, totAnonymous     = "orientes", "suivis", "premiers", "anonymes"
	totWorkshops, totParticipants                             = "ateliers", "participants"
)

// accumulate adds grouped activities to t.
func accumulate(t sums, groups []activitystore.ActivityGroup, parts []activitystore.ParticipantGroup) {
	tot := func(k string, n int) { t.add("", k, n) }
	for _, g := range groups {
		n := g.Sessions
		tot(totSessions, n)
		tot(totMinutes, g.Minutes)
		t.add("mois", g.Month, n)
		t.add("type", g.Type, n)
		t.add("canal", g.Canal, n)
		t.add("duree", g.DurationBucket, n)
		if g.Canal == "lieu_activite" {
			t.add("lieu", g.Place, n)
		}
		t.add("commune", g.Commune, n)
		t.add("structure", strconv.FormatInt(g.StructureID, 10), n)
		for _, v := range splitList(g.Themes) {
			t.add("thematique", v, n)
		}
		for _, p := range splitList(g.Procedures) {
			t.add("demarche", p, n)
		}
		for _, e := range splitList(g.Equipment) {
			t.add("materiel", e, n)
		}
		day, _ := time.Parse("2006-01", g.Month)
		if g.Type == activity.TypeIndividual {
			tot(totIndividual, n)
			tot(totAccompaniments, n)
			t.add("autonomie", g.Autonomy, n)
			if g.Oriented {
				tot(totOriented, n)
				t.add("orientation", g.OrientationKind, n)
			}
			band := g.AgeBand
			if g.Followed {
				band = person.AgeBandOf(g.BirthYear, day)
				tot(totFollowed, n)
				if g.FirstTime {
					tot(totFirstTimes, n)
					t.add("personnes", "nouvelles", n)
				} else {
					t.add("personnes", "revenues", n)
				}
			} else {
				tot(totAnonymous, n)
				t.add("personnes", "anonymes", n)
			}
			t.add("genre", orDash(g.Gender, "non_communique"), n)
			t.add("age", orDash(band, person.AgeBandUnknown), n)
			t.add("statut", orDash(g.Status, "non_communique"), n)
			continue
		}
		tot(totWorkshops, n)
		tot(totParticipants, g.AnonTotal)
		tot(totAccompaniments, g.AnonTotal)
		tot(totAnonymous, g.AnonTotal)
		t.add("personnes", "anonymes", g.AnonTotal)
		var c map[string]int
		if g.AnonCounts != "" {
			_ = json.Unmarshal([]byte(g.AnonCounts), &c)
		}
		for _, d := range []struct{ dim, unknown string }{{"genre", "non_communique"}, {"age", person.AgeBandUnknown}, {"statut", "non_communique"}} {
			known := 0
			for k, v := range c {
				if dim, val, _ := strings.Cut(k, ":"); dim == d.dim {
					t.add(d.dim, val, v*n)
					known += v
				}
			}
			t.add(d.dim, d.unknown, g.AnonTotal-known*n)
		}
	}
	for _, p := range parts {
		n := p.Participants
		tot(totParticipants, n)
		tot(totAccompaniments, n)
		tot(totFollowed, n)
		if p.FirstTime {
			tot(totFirstTimes, n)
			t.add("personnes", "nouvelles", n)
		} else {
			t.add("personnes", "revenues", n)
		}
		day, _ := time.Parse("2006", p.Year)
		t.add("genre", orDash(p.Gender, "non_communique"), n)
		t.add("age", person.AgeBandOf(p.BirthYear, day), n)
		t.add("statut", orDash(p.Status, "non_communique"), n)
	}
}

// build turns grouped activities into the figures of a period.
func build(groups []activitystore.ActivityGroup, parts []activitystore.ParticipantGroup, from, to string, structures map[int64]string) activitystats.Figures {
	t := sums{}
	accumulate(t, groups, parts)
	return figuresOf(t, from, to, structures)
}

// figuresOf lays the sums of a period out as its figures and tables.
func figuresOf(t sums, from, to string, structures map[int64]string) activitystats.Figures {
	tot := t[""]
	f := activitystats.Figures{From: from, To: to, Sessions: tot[totSessions], MinutesTotal: tot[totMinutes], Individual: tot[totIndividual],
		Accompaniments: tot[totAccompaniments], Oriented: tot[totOriented], Followed: tot[totFollowed], FirstTimes: tot[totFirstTimes],
		Anonymous: tot[totAnonymous], Workshops: tot[totWorkshops], Participants: tot[totParticipants]}
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
	for _, tl := range []*tally{month, typ, canal, theme, procedure, equipment, duration, place, commune, structure, gender, age, status, autonomy, orientation, reached} {
		for k, n := range t[tl.name] {
			tl.add(k, n)
		}
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

// tallyDays turns a month's activities of a structure, grouped by day and
// author, into the pre-aggregated counts: the sums of each day, conseiller
// and commune.
func tallyDays(groups []activitystore.ActivityGroup, parts []activitystore.ParticipantGroup) []activitystore.FigureCount {
	type bucket struct {
		day       string
		structure int64
		author    int64
		commune   string
	}
	gs := map[bucket][]activitystore.ActivityGroup{}
	ps := map[bucket][]activitystore.ParticipantGroup{}
	var order []bucket
	seen := func(b bucket) {
		if _, ok := gs[b]; ok {
			return
		}
		if _, ok := ps[b]; ok {
			return
		}
		order = append(order, b)
	}
	for _, g := range groups {
		b := bucket{g.Day, g.StructureID, g.AuthorID, g.Commune}
		seen(b)
		gs[b] = append(gs[b], g)
	}
	for _, p := range parts {
		b := bucket{p.Day, p.StructureID, p.AuthorID, p.Commune}
		seen(b)
		ps[b] = append(ps[b], p)
	}
	var out []activitystore.FigureCount
	for _, b := range order {
		t := sums{}
		accumulate(t, gs[b], ps[b])
		for dim, m := range t {
			for v, n := range m {
				out = append(out, activitystore.FigureCount{Day: b.day, StructureID: b.structure, AuthorID: b.author, Commune: b.commune, Dim: dim, Value: v, N: n})
			}
		}
	}
	return out
}

// sumsOf reads back the sums of the pre-aggregated counts.
func sumsOf(rows []activitystore.FigureSum) sums {
	t := sums{}
	for _, r := range rows {
		t.add(r.Dim, r.Value, r.N)
	}
	return t
}

// Accompaniments is how many accompaniments grouped activities count under
// key in the person breakdown name (activity.PersonBreakdowns), as the
// dashboard counts them: the figure of the sessions a list shows.
func Accompaniments(groups []activitystore.ActivityGroup, parts []activitystore.ParticipantGroup, name, key string) int {
	t := sums{}
	accumulate(t, groups, parts)
	return t[name][key]
}
