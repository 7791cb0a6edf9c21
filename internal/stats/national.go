package stats

import (
	"fmt"
	"math"
	"strconv"
)

// Reference is a national figure with what makes it comparable: series
// change wording and method over time, so an undated figure misleads.
type Reference struct {
	Indicator   string  // what is measured, in French
	Value       float64 // share, 0..1
	Source      string  // short name shown in sentences, e.g. "Credoc"
	Year        int     // year of fieldwork
	Population  string  // e.g. "12 ans et plus, France métropolitaine"
	Publication string  // full title of the publication
}

// Position says where a national figure lies relative to a local interval.
type Position int

const (
	NotDifferent Position = iota // the national value lies inside the interval
	Below                        // the local share is below the national value
	Above                        // the local share is above the national value
)

// Comparison is a local share read against a national figure.
type Comparison struct {
	Local     Proportion
	Reference Reference
	Position  Position
	Gap       bool   // true only when the national value lies outside the interval
	Sentence  string // plain French, e.g. « 78 % (71–83 %, n = 177) : pas différent du chiffre national de 81 % (Credoc 2017) »
}

// Compare reads p against ref; a gap is called only when ref lies outside p's interval.
func Compare(p Proportion, ref Reference) Comparison {
	c := Comparison{Local: p, Reference: ref}
	switch {
	case ref.Value < p.Low:
		c.Position, c.Gap = Above, true
	case ref.Value > p.High:
		c.Position, c.Gap = Below, true
	}
	verdict := "pas différent du"
	switch c.Position {
	case Above:
		verdict = "supérieur au"
	case Below:
		verdict = "inférieur au"
	}
	c.Sentence = fmt.Sprintf("%s : %s chiffre national de %s (%s %d)",
		Describe(p), verdict, Percent(ref.Value), ref.Source, ref.Year)
	return c
}

// Describe writes a share with its interval and base, e.g. « 78 % (71–83 %, n = 177) »;
// a weighted share also gives the effective n used by the interval.
func Describe(p Proportion) string {
	base := "n = " + strconv.Itoa(p.Base)
	if p.Weighted {
		base += ", n effectif = " + strconv.Itoa(int(math.Round(p.EffectiveBase)))
	}
	return fmt.Sprintf("%s (%s–%s, %s)", Percent(p.Value), percentNumber(p.Low), Percent(p.High), base)
}

// Percent writes a share in whole percent, French style: « 78 % », « < 1 % ».
func Percent(share float64) string {
	return percentNumber(share) + " %"
}

func percentNumber(share float64) string {
	v := math.Round(share * 100)
	switch {
	case v == 0 && share > 0:
		return "< 1"
	case v == 100 && share < 1:
		return "> 99"
	}
	return strconv.Itoa(int(v))
}
