// Package partnership holds what the network of a territory shares besides
// its meetings: the conventions its coordination keeps with partners (their
// dates, renewal and reminder, the signed PDF) and the action plan drawn
// from the diagnostic (proposals, actions with a lead and co-leads,
// indicators and interim reviews).
package partnership

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// DayLayout is how days are kept.
const DayLayout = "2006-01-02"

// MaxPDF is the largest signed convention accepted.
const MaxPDF = 10 << 20

// Statuses of a convention, computed from its dates on a given day.
const (
	Running = "en_cours"
	ToRenew = "a_renouveler"
	Expired = "echue"
)

// AgreementStatuses lists them in French.
var AgreementStatuses = vocab.List{
	{Value: Running, Label: "En cours"},
	{Value: ToRenew, Label: "À renouveler"},
	{Value: Expired, Label: "Échue"},
}

// Party is a structure of the territory that is party to a convention.
type Party struct {
	StructureID int64
	Name        string
}

// Agreement is one convention.
type Agreement struct {
	ID          int64
	TerritoryID int64
	StructureID int64 // the coordinating structure that keeps it
	Object      string
	Partners    string // external partners, by name, one per line
	Parties     []Party
	StartsOn    string // YYYY-MM-DD
	EndsOn      string // YYYY-MM-DD, the end of the first period
	Tacit       bool   // renewed by tacit agreement for the same length
	RemindDays  int    // the reminder goes this many days before the end
	RemindTo    int64  // the staff member who receives it
	HasPDF      bool
	PDFName     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// AgreementInput is what a form or the API sends.
type AgreementInput struct {
	Object, Partners string
	PartyIDs         []int64
	StartsOn, EndsOn string // YYYY-MM-DD or DD/MM/YYYY
	Tacit            bool
	RemindDays       string
}

// ParseDay reads 2026-03-10 or 10/03/2026.
func ParseDay(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, l := range []string{DayLayout, "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(DayLayout), true
		}
	}
	return "", false
}

// Agreement checks the input and returns the convention it describes,
// errors named after the form's fields.
func (in AgreementInput) Agreement() (Agreement, error) {
	var v apperr.Validation
	a := Agreement{Object: strings.TrimSpace(in.Object), Partners: strings.TrimSpace(in.Partners), Tacit: in.Tacit}
	switch n := len([]rune(a.Object)); {
	case n == 0:
		v.Add("objet", "Indiquez l'objet de la convention, par exemple « Distribution de 100 téléphones reconditionnés ».")
	case n > 500:
		v.Add("objet", "500 caractères au plus.")
	}
	if len([]rune(a.Partners)) > 1000 {
		v.Add("partenaires", "1 000 caractères au plus.")
	}
	if a.Partners == "" && len(in.PartyIDs) == 0 {
		v.Add("parties", "Choisissez au moins une structure du territoire, ou nommez un partenaire extérieur.")
	}
	seen := map[int64]bool{}
	for _, id := range in.PartyIDs {
		if id > 0 && !seen[id] {
			seen[id] = true
			a.Parties = append(a.Parties, Party{StructureID: id})
		}
	}
	var ok1, ok2 bool
	if a.StartsOn, ok1 = ParseDay(in.StartsOn); !ok1 {
		v.Add("debut", "Indiquez la date de début, par exemple 01/03/2026.")
	}
	if a.EndsOn, ok2 = ParseDay(in.EndsOn); !ok2 {
		v.Add("fin", "Indiquez la date de fin, par exemple 30/06/2026.")
	}
	if ok1 && ok2 && a.EndsOn < a.StartsOn {
		v.Add("fin", "La fin doit suivre le début.")
	}
	a.RemindDays = 60
	if s := strings.TrimSpace(in.RemindDays); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 365 {
			v.Add("rappel", "Indiquez un nombre de jours entre 0 et 365.")
		}
		a.RemindDays = n
	}
	return a, v.Err()
}

// next returns the end of the period after the one ending on end: the
// same number of months when the convention runs whole months (1 March to
// 30 June), the same number of days otherwise.
func (a Agreement) next(end time.Time) time.Time {
	s, err1 := time.Parse(DayLayout, a.StartsOn)
	e, err2 := time.Parse(DayLayout, a.EndsOn)
	if err1 != nil || err2 != nil || e.Before(s) {
		return end.AddDate(1, 0, 0)
	}
	after := e.AddDate(0, 0, 1)
	months := (after.Year()-s.Year())*12 + int(after.Month()) - int(s.Month())
	if months > 0 && s.AddDate(0, months, 0).Equal(after) {
		return end.AddDate(0, 0, 1).AddDate(0, months, -1)
	}
	return end.AddDate(0, 0, int(after.Sub(s).Hours()/24))
}

// CurrentEnd is the end of the period that contains today: the end date,
// or for a tacitly renewed convention past its end, the end of the period
// it has been renewed into.
func (a Agreement) CurrentEnd(today string) string {
	if !a.Tacit || today <= a.EndsOn {
		return a.EndsOn
	}
	e, err := time.Parse(DayLayout, a.EndsOn)
	if err != nil {
		return a.EndsOn
	}
	for i := 0; i < 1000 && e.Format(DayLayout) < today; i++ {
		e = a.next(e)
	}
	return e.Format(DayLayout)
}

// ReminderDay is the day the reminder of the current period is due.
func (a Agreement) ReminderDay(today string) string {
	e, err := time.Parse(DayLayout, a.CurrentEnd(today))
	if err != nil {
		return ""
	}
	return e.AddDate(0, 0, -a.RemindDays).Format(DayLayout)
}

// Status is the convention's status on a day: ended past its end (a tacit
// renewal never ends by itself), to renew from its reminder day, running
// otherwise.
func (a Agreement) Status(today string) string {
	switch {
	case today > a.CurrentEnd(today):
		return Expired
	case today >= a.ReminderDay(today):
		return ToRenew
	}
	return Running
}

// StatusLabel says Status in French.
func (a Agreement) StatusLabel(today string) string { return AgreementStatuses.Label(a.Status(today)) }

// PartyNames lists the structures and partners of the convention.
func (a Agreement) PartyNames() []string {
	var out []string
	for _, p := range a.Parties {
		out = append(out, p.Name)
	}
	for _, l := range strings.Split(a.Partners, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// IsPDF reports whether the bytes are a PDF by their magic number: "%PDF-"
// within the first kilobyte, as readers accept it.
func IsPDF(b []byte) bool {
	head := b[:min(len(b), 1024)]
	return bytes.Contains(head, []byte("%PDF-"))
}

// CheckPDF refuses a file that is not a PDF or is over MaxPDF.
func CheckPDF(b []byte) error {
	switch {
	case len(b) > MaxPDF:
		return PDFTooBig()
	case !IsPDF(b):
		return apperr.Field("pdf", "Le fichier n'est pas un PDF : envoyez la convention signée scannée en PDF.")
	}
	return nil
}

// PDFTooBig is the error refusing a file over MaxPDF.
func PDFTooBig() error {
	return apperr.Field("pdf", "Le fichier dépasse 10 Mo : scannez la convention en noir et blanc ou en qualité moyenne.")
}

// ReminderText is the e-mail that reminds of a convention's end.
func (a Agreement) ReminderText(today, link string) (subject, body string) {
	end, _ := time.Parse(DayLayout, a.CurrentEnd(today))
	subject = "Convention à renouveler : " + a.Object
	body = "Bonjour,\n\nLa convention « " + a.Object + " » arrive à échéance le " + end.Format("02/01/2006") + "."
	if a.Tacit {
		body += " Elle se renouvelle par tacite reconduction : si vous voulez y mettre fin ou la modifier, prévenez les parties avant cette date."
	} else {
		body += " Elle ne se renouvelle pas d'elle-même : préparez son renouvellement avec les parties."
	}
	if names := a.PartyNames(); len(names) > 0 {
		body += "\n\nParties : " + strings.Join(names, ", ") + "."
	}
	body += "\n\nLa convention dans Parcours : " + link + "\n"
	return subject, body
}
