// Package retention holds how long Parcours keeps each kind of personal data
// and what it does when that time has passed. The durations are the ones in
// force: the retention run applies them and the privacy page states them.
package retention

import (
	"fmt"
	"time"
)

// Policy is the retention in force, in months.
type Policy struct {
	ReferralMonths    int // a referral's personal fields are anonymised this long after it was created (DORA: 24)
	AppointmentMonths int // an appointment is deleted this long after it ended (RDV Service Public: 24)
	MessageMonths     int // messages sent and their receipts, and the registrations of finished workshops (12)
	PersonMonths      int // a person's file is erased this long after the last contact (CNIL social action: 24)
	JournalMonths     int // the journal of accesses: 3 years active + 3 years archived (Aidants Connect: 72)
}

// Default is the retention applied unless the operator configures another.
func Default() Policy {
	return Policy{ReferralMonths: 24, AppointmentMonths: 24, MessageMonths: 12, PersonMonths: 24, JournalMonths: 72}
}

// Validate refuses a duration under one month or over ten years.
func (p Policy) Validate() error {
	for _, d := range []struct {
		name string
		n    int
	}{
		{"orientations", p.ReferralMonths}, {"rendez-vous", p.AppointmentMonths}, {"messages", p.MessageMonths},
		{"dossiers des personnes", p.PersonMonths}, {"journal", p.JournalMonths},
	} {
		if d.n < 1 || d.n > 120 {
			return fmt.Errorf("durée de conservation des %s : %d mois ; elle doit aller de 1 à 120 mois", d.name, d.n)
		}
	}
	return nil
}

// A mandate is kept active 3 years after it ends, then archived 3 more
// years (Aidants Connect's rule), then deleted with its history.
const (
	MandateActiveMonths   = 36
	MandateArchivedMonths = 36
)

// Cutoffs are the dates before which each rule applies, at a given time.
type Cutoffs struct {
	Referrals, Appointments, Messages, Persons, Journal time.Time
	// MandatesArchive and MandatesDelete: mandates ended before them are
	// archived, then deleted.
	MandatesArchive, MandatesDelete time.Time
}

// At returns the cutoffs of the policy at now.
func (p Policy) At(now time.Time) Cutoffs {
	back := func(m int) time.Time { return now.AddDate(0, -m, 0) }
	return Cutoffs{Referrals: back(p.ReferralMonths), Appointments: back(p.AppointmentMonths), Messages: back(p.MessageMonths),
		Persons: back(p.PersonMonths), Journal: back(p.JournalMonths),
		MandatesArchive: back(MandateActiveMonths), MandatesDelete: back(MandateActiveMonths + MandateArchivedMonths)}
}

// Line is what one rule did (or would do) to one table.
type Line struct {
	Table  string
	Action string // in French: "supprimés", "anonymisées"…
	Before time.Time
	Rows   int64
}

// Report is the outcome of one retention run.
type Report struct {
	DryRun bool
	At     time.Time
	Lines  []Line
}

// Rows is the total of rows touched.
func (r Report) Rows() int64 {
	var n int64
	for _, l := range r.Lines {
		n += l.Rows
	}
	return n
}

// Months says a duration in months in French ("2 ans", "6 mois", "3 ans et 6 mois").
func Months(n int) string {
	y, m := n/12, n%12
	years := func() string {
		if y == 1 {
			return "1 an"
		}
		return fmt.Sprintf("%d ans", y)
	}
	switch {
	case y == 0:
		return fmt.Sprintf("%d mois", m)
	case m == 0:
		return years()
	}
	return fmt.Sprintf("%s et %d mois", years(), m)
}
