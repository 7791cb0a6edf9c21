// Package fragility computes the territorial digital fragility index of La
// MedNum's family per commune, with named and versioned methods: each
// result carries its method, each indicator value its source and year, and
// reading the input files reports every missing or implausible value
// instead of failing silently.
package fragility

import "sort"

// Indicator names a commune-level indicator, a share in percent (0–100)
// oriented so that a higher value means more fragile.
type Indicator string

// Core indicators of the index (REFERENCE §8).
const (
	NoVeryHighSpeed Indicator = "sans_thd"       // premises without very-high-speed broadband (100 − coverage)
	NoMobile        Indicator = "sans_mobile"    // without 4G/mobile coverage (100 − coverage)
	Aged65          Indicator = "65_ans_et_plus" // inhabitants aged 65 or more
	LowDiploma      Indicator = "peu_diplomes"   // non-students aged 15+ with no diploma or below the baccalauréat
	Poverty         Indicator = "pauvrete"       // poverty rate
)

// Context indicators, shown beside the index, never in the score.
const (
	OnePerson    Indicator = "menages_une_personne"
	SingleParent Indicator = "familles_monoparentales"
	JobSeekers   Indicator = "demandeurs_emploi"
	Aged25       Indicator = "25_ans_et_moins"
)

// Core are the indicators every method scores, in this order.
var Core = []Indicator{NoVeryHighSpeed, NoMobile, Aged65, LowDiploma, Poverty}

// ContextIndicators are carried beside the score.
var ContextIndicators = []Indicator{OnePerson, SingleParent, JobSeekers, Aged25}

// all lists every indicator, Core then ContextIndicators; a commune stores its values in this order.
var all = [...]Indicator{NoVeryHighSpeed, NoMobile, Aged65, LowDiploma, Poverty, OnePerson, SingleParent, JobSeekers, Aged25}

func indexOf(ind Indicator) int {
	for i, v := range all {
		if v == ind {
			return i
		}
	}
	return -1
}

var labels = map[Indicator]string{
	NoVeryHighSpeed: "Part des locaux sans très haut débit fixe",
	NoMobile:        "Part sans couverture mobile 4G",
	Aged65:          "Part des 65 ans et plus",
	LowDiploma:      "Part des 15 ans et plus non scolarisés sans diplôme ou sous le bac",
	Poverty:         "Taux de pauvreté",
	OnePerson:       "Part des ménages d'une personne",
	SingleParent:    "Part des familles monoparentales",
	JobSeekers:      "Part des demandeurs d'emploi",
	Aged25:          "Part des 25 ans et moins",
}

// Label is the French name of the indicator.
func (i Indicator) Label() string { return labels[i] }

// Value is one indicator of one commune, with where it comes from.
type Value struct {
	Value  float64 // percent, 0–100, oriented as the indicator (non-coverage for coverage data)
	Source string
	Year   int // year the data describes
}

// Commune holds the indicators of one commune.
type Commune struct {
	Code   string // INSEE code, five characters: 01001, 2A004, 97411
	Name   string
	values [len(all)]Value
	has    [len(all)]bool
}

// Value returns the commune's value of ind, if any.
func (c *Commune) Value(ind Indicator) (Value, bool) {
	i := indexOf(ind)
	if i < 0 || !c.has[i] {
		return Value{}, false
	}
	return c.values[i], true
}

// Department is the department code of the commune: two characters, three overseas.
func (c *Commune) Department() string {
	if len(c.Code) == 5 && c.Code[:2] == "97" {
		return c.Code[:3]
	}
	if len(c.Code) >= 2 {
		return c.Code[:2]
	}
	return c.Code
}

// Dataset is the communes read from the indicator files, sorted by code.
type Dataset struct {
	Communes []Commune
	index    map[string]int
}

// Commune returns the commune with the given INSEE code.
func (d *Dataset) Commune(code string) (*Commune, bool) {
	i, ok := d.index[code]
	if !ok {
		return nil, false
	}
	return &d.Communes[i], true
}

// Indicators lists every indicator a dataset holds: Core then ContextIndicators.
func Indicators() []Indicator { return append([]Indicator(nil), all[:]...) }

// Known reports whether ind is one of the indicators.
func Known(ind Indicator) bool { return indexOf(ind) >= 0 }

// Builder assembles a dataset from values kept elsewhere (a database).
type Builder struct {
	communes map[string]*Commune
}

// NewBuilder returns an empty builder.
func NewBuilder() *Builder { return &Builder{communes: map[string]*Commune{}} }

// Set records one indicator of one commune; an unknown indicator is ignored
// and reported false.
func (b *Builder) Set(code, name string, ind Indicator, v Value) bool {
	i := indexOf(ind)
	if i < 0 {
		return false
	}
	c, ok := b.communes[code]
	if !ok {
		c = &Commune{Code: code}
		b.communes[code] = c
	}
	if name != "" {
		c.Name = name
	}
	c.values[i], c.has[i] = v, true
	return true
}

// Dataset returns the communes set so far, sorted by code.
func (b *Builder) Dataset() *Dataset { return newDataset(b.communes) }

// newDataset sorts the communes by code and indexes them.
func newDataset(communes map[string]*Commune) *Dataset {
	d := &Dataset{Communes: make([]Commune, 0, len(communes)), index: make(map[string]int, len(communes))}
	for _, c := range communes {
		d.Communes = append(d.Communes, *c)
	}
	sort.Slice(d.Communes, func(a, b int) bool { return d.Communes[a].Code < d.Communes[b].Code })
	for i, c := range d.Communes {
		d.index[c.Code] = i
	}
	return d
}
