// Package activitystats holds the figures of the activity reports of a
// structure or a territory (the dashboard, the bilans, the public
// statistics): breakdowns by month, type, channel, theme, duration, place,
// commune and by the persons' gender, age band and status, and the
// small-cell protection of every figure that leaves a structure.
package activitystats

import (
	"sort"
	"strconv"
)

// Count is one cell of a breakdown.
type Count struct {
	Key    string // code or month (YYYY-MM)
	Label  string
	N      int
	Hidden bool // protected: too small to be published
}

// Table is one breakdown, with the total it shares out.
type Table struct {
	Name   string // short identifier: "mois", "type", "thematique"…
	Title  string
	Unit   string // what is counted: "séances", "accompagnements"
	Counts []Count
	Total  int
	// Overlapping: an activity may count in several cells (themes,
	// equipment), so the cells do not add up to the total.
	Overlapping bool
}

// Figures are the figures of a period.
type Figures struct {
	From, To        string
	Sessions        int // activities recorded
	Accompaniments  int // a workshop with 8 participants counts 8
	Individual      int // individual sessions
	Workshops       int // workshop sessions
	Participants    int // workshop participants
	FirstTimes      int // followed persons' first accompaniments
	Followed        int // accompaniments of followed persons
	Anonymous       int // accompaniments of anonymous persons
	Oriented        int // individual sessions oriented to another structure
	MinutesTotal    int
	Tables          []Table
	PassesEquipment []Count // passes and equipment handed out (filled once they exist)
}

// Table returns the table of that name.
func (f Figures) Table(name string) (Table, bool) {
	for _, t := range f.Tables {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// Sorted orders the cells by decreasing count, then by label.
func Sorted(c []Count) []Count {
	out := append([]Count(nil), c...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// Max is the largest count of the cells.
func (t Table) Max() int {
	m := 0
	for _, c := range t.Counts {
		m = max(m, c.N)
	}
	return m
}

// Thresholds of the small-cell protection.
const (
	MinCellShared = 5  // outputs that leave a structure (territory bilan, open data)
	MinCellPublic = 11 // public statistics
	MinBasePct    = 30 // no percentage on a smaller base
)

// Protect hides the counts from 1 to min-1 of every table (0 is shown: it
// discloses no one), and, when a table's total is published and a single
// cell is hidden, hides the next smallest one too so that the hidden count
// cannot be recovered by subtraction (secondary suppression). A total below
// min is hidden with all its cells. Figures that are not tables are rounded
// down to "fewer than min" by Shown.
func Protect(f *Figures, min int) {
	for i := range f.Tables {
		protectTable(&f.Tables[i], min)
	}
	for i := range f.PassesEquipment {
		if c := &f.PassesEquipment[i]; c.N > 0 && c.N < min {
			c.Hidden = true
		}
	}
}

func protectTable(t *Table, min int) {
	hidden := 0
	for i := range t.Counts {
		if c := &t.Counts[i]; c.N > 0 && c.N < min {
			c.Hidden = true
			hidden++
		}
	}
	if t.Total > 0 && t.Total < min {
		for i := range t.Counts {
			t.Counts[i].Hidden = t.Counts[i].N > 0
		}
		return
	}
	// Cells of an overlapping table do not add up to the total: no
	// subtraction recovers a hidden one.
	if hidden != 1 || t.Overlapping {
		return
	}
	next := -1
	for i, c := range t.Counts {
		if !c.Hidden && c.N > 0 && (next < 0 || c.N < t.Counts[next].N) {
			next = i
		}
	}
	if next >= 0 {
		t.Counts[next].Hidden = true
	}
}

// Shown writes a count for publication: the number, or "< min" when hidden.
func Shown(c Count, min int) string {
	if c.Hidden {
		return "< " + strconv.Itoa(min)
	}
	return strconv.Itoa(c.N)
}

// Percent writes a cell's share of the base ("12 %"), or "" when the base
// is under MinBasePct or the cell is hidden.
func Percent(c Count, base int) string {
	if c.Hidden || base < MinBasePct || base == 0 {
		return ""
	}
	return strconv.Itoa((c.N*100+base/2)/base) + " %"
}

// DurationBuckets are the national statistics' duration groups, in order.
var DurationBuckets = []Count{{Key: "moins_30", Label: "Moins de 30 min"}, {Key: "30_60", Label: "30 à 60 min"}, {Key: "60_120", Label: "60 à 120 min"}, {Key: "120_plus", Label: "120 min et plus"}}

// DurationBucket is the key of a duration's group.
func DurationBucket(minutes int) string {
	switch {
	case minutes < 30:
		return "moins_30"
	case minutes < 60:
		return "30_60"
	case minutes < 120:
		return "60_120"
	}
	return "120_plus"
}
