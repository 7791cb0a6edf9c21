package hours

import (
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime"
)

// Describe writes the schedule's rules in French, one line each, in the
// order they apply, so that whoever typed the hours reads what will be
// kept before saving: "Du lundi au vendredi : 9 h – 12 h", "Jours fériés :
// fermé". A later rule replaces an earlier one on the days they share; a
// rule joined with "," adds to it ("En plus, …").
func (s *Schedule) Describe() []string {
	out := make([]string, 0, len(s.rules))
	for i := range s.rules {
		r := &s.rules[i]
		line := r.describeDays() + " : " + r.describeTimes()
		if i > 0 && r.additional {
			line = "en plus, " + line
		}
		out = append(out, capitalize(line))
	}
	return out
}

func (r *rule) describeDays() string {
	var parts []string
	if len(r.years) > 0 {
		ys := make([]string, len(r.years))
		for i, y := range r.years {
			ys[i] = strconv.Itoa(y.from)
			if y.to != y.from {
				ys[i] = "de " + strconv.Itoa(y.from) + " à " + strconv.Itoa(y.to)
			}
		}
		parts = append(parts, "en "+listFR(ys))
	}
	if len(r.dates) > 0 {
		ds := make([]string, len(r.dates))
		for i, d := range r.dates {
			ds[i] = d.describe()
		}
		parts = append(parts, listFR(ds))
	}
	if !r.wd.any() {
		parts = append(parts, r.wd.describe())
	}
	if len(parts) == 0 {
		return "tous les jours"
	}
	return strings.Join(parts, ", ")
}

func (r *rule) describeTimes() string {
	var b strings.Builder
	for i, t := range r.times {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Span{Start: time.Duration(t.start) * time.Minute, End: time.Duration(t.end) * time.Minute}.hours())
	}
	switch r.state {
	case stateClosed:
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString("fermé")
	case stateUnknown:
		if b.Len() == 0 && r.comment == "" {
			b.WriteString("horaires à confirmer")
		} else if b.Len() > 0 && r.comment == "" {
			b.WriteString(" (à confirmer)")
		}
	default:
		if b.Len() == 0 {
			b.WriteString("24 h/24")
		}
	}
	if r.comment != "" {
		if b.Len() > 0 {
			b.WriteString(" (" + r.comment + ")")
		} else {
			b.WriteString(r.comment)
		}
	}
	return b.String()
}

// describe writes "le 25 décembre", "du 24 décembre au 2 janvier",
// "de novembre à février", "en août", with years when the range has them.
func (d dateRange) describe() string {
	day := func(y int, m time.Month, n int) string {
		s := frtime.MonthName(m)
		if n == 1 {
			s = "1er " + s
		} else if n != 0 {
			s = strconv.Itoa(n) + " " + s
		}
		if y != 0 {
			s += " " + strconv.Itoa(y)
		}
		return s
	}
	from, to := day(d.fromY, d.fromM, d.fromD), day(d.toY, d.toM, d.toD)
	switch {
	case from == to && d.fromD == 0:
		return "en " + from
	case from == to:
		return "le " + from
	case d.fromD == 0:
		return "de " + from + " à " + to
	}
	return "du " + from + " au " + to
}

// describe writes "du lundi au vendredi", "lundi, mercredi et vendredi",
// "le 2e samedi du mois", "jours fériés".
func (w *weekdaySel) describe() string {
	name := func(d int) string { return frtime.WeekdayName(time.Weekday((d + 1) % 7)) }
	var parts []string
	run := func(from, length int) {
		switch length {
		case 1:
			parts = append(parts, name(from))
		case 2:
			parts = append(parts, name(from), name(from+1))
		default:
			parts = append(parts, "du "+name(from)+" au "+name(from+length-1))
		}
	}
	if w.days == allDays {
		parts = append(parts, "tous les jours")
	} else {
		for _, r := range dayRuns(w.days) {
			run(r[0], r[1])
		}
	}
	for d, bits := range w.nth {
		if bits == 0 {
			continue
		}
		var ranks []string
		for i := range 5 {
			if bits&(1<<i) != 0 {
				ranks = append(ranks, ordinalFR(i+1))
			}
		}
		for i := 1; i <= 5; i++ {
			if bits&(1<<(4+i)) != 0 {
				ranks = append(ranks, ordinalFR(-i))
			}
		}
		article := "le "
		if len(ranks) > 1 {
			article = "les "
		}
		parts = append(parts, article+listFR(ranks)+" "+name(d)+" du mois")
	}
	days := listFR(parts)
	switch {
	case w.ph && w.phAnd:
		return "jours fériés tombant " + strings.TrimPrefix(days, "tous les jours")
	case w.ph && days == "":
		return "jours fériés"
	case w.ph:
		return days + " et jours fériés"
	}
	return days
}

// ordinalFR writes 1 as "1er", 2 as "2e", -1 as "dernier", -2 as
// "avant-dernier", -3 as "3e en partant de la fin".
func ordinalFR(n int) string {
	switch {
	case n == 1:
		return "1er"
	case n > 1:
		return strconv.Itoa(n) + "e"
	case n == -1:
		return "dernier"
	case n == -2:
		return "avant-dernier"
	}
	return strconv.Itoa(-n) + "e en partant de la fin"
}

// listFR joins "a", "b" and "c" as "a, b et c".
func listFR(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}
