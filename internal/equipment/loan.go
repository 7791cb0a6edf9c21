package equipment

import (
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// MaxLoanDays is the longest loan.
const MaxLoanDays = 365

// Loan is a device lent to a person of the structure or to a partner
// structure.
type Loan struct {
	ID                 int64
	StructureID        int64
	DeviceID           int64
	DeviceLabel        string
	PersonID           int64 // a person of the structure, or
	PartnerStructureID int64 // a partner structure
	BorrowerName       string
	StartsOn           string // YYYY-MM-DD
	DueOn              string
	DepositCents       int
	AgreementSignedAt  time.Time
	AgreementSignature string // "" until signed, then SignedOnPaper or SignedScan
	ReturnedOn         string
	ReturnCondition    string
	ReturnNote         string
	CreatedAt          time.Time
}

// How a loan agreement was signed.
const (
	SignedOnPaper = "papier" // staff record that the printed agreement was signed
	SignedScan    = "scan"   // the scanned signed page is kept
)

// SignatureLabel says how the agreement was signed, in French.
func (l Loan) SignatureLabel() string {
	switch l.AgreementSignature {
	case SignedOnPaper:
		return "signée sur papier"
	case SignedScan:
		return "page signée scannée"
	}
	return "pas encore signée"
}

// Open reports whether the device is still out.
func (l Loan) Open() bool { return l.ReturnedOn == "" }

// Overdue reports whether the loan is open after its due date.
func (l Loan) Overdue(day string) bool { return l.Open() && l.DueOn < day }

// Validate checks a new loan on day (YYYY-MM-DD); errors name the API's fields.
func (l Loan) Validate(day string) error {
	var v apperr.Validation
	if (l.PersonID == 0) == (l.PartnerStructureID == 0) {
		v.Add("emprunteur", "Choisissez la personne ou la structure partenaire qui emprunte l'appareil.")
	}
	start, err1 := time.Parse("2006-01-02", l.StartsOn)
	due, err2 := time.Parse("2006-01-02", l.DueOn)
	switch {
	case err1 != nil:
		v.Add("debut", "Saisissez la date de début du prêt, par exemple 10/03/2026.")
	case err2 != nil:
		v.Add("retour_prevu", "Saisissez la date de retour prévue, par exemple 10/04/2026.")
	case !due.After(start):
		v.Add("retour_prevu", "La date de retour doit suivre la date de début.")
	case due.Sub(start) > MaxLoanDays*24*time.Hour:
		v.Add("retour_prevu", "Un prêt dure un an au plus.")
	case l.DueOn < day:
		v.Add("retour_prevu", "La date de retour est déjà passée.")
	}
	if l.DepositCents < 0 || l.DepositCents > 100000 {
		v.Add("caution", "La caution va de 0 à 1 000 €.")
	}
	return v.Err()
}

// Reminder days around the due date.
const (
	RemindBefore = 2 // days before the due date
	RemindAfter  = 1 // days after it, if the device is not back
)

// Reminder is an SMS due about a loan.
type Reminder struct {
	LoanID int64
	Late   bool // after the due date
	Key    string
	Body   string
}

// ReminderDue returns the reminder a loan calls for on day, if any: before
// the due date, then once late. Each has its own key: sent once.
func ReminderDue(l Loan, deviceLabel, structureName, day string) (Reminder, bool) {
	if !l.Open() || l.PersonID == 0 {
		return Reminder{}, false
	}
	due, err := time.Parse("2006-01-02", l.DueOn)
	if err != nil {
		return Reminder{}, false
	}
	before := due.AddDate(0, 0, -RemindBefore).Format("2006-01-02")
	after := due.AddDate(0, 0, RemindAfter).Format("2006-01-02")
	id := strconv.FormatInt(l.ID, 10)
	date := due.Format("02/01")
	switch {
	case day >= after:
		return Reminder{LoanID: l.ID, Late: true, Key: "pret-" + id + "-retard",
			Body: structureName + " : le prêt de votre " + deviceLabel + " est fini depuis le " + date + ". Merci de le rapporter. Vous avez un problème ? Appelez-nous."}, true
	case day >= before && day <= l.DueOn:
		return Reminder{LoanID: l.ID, Key: "pret-" + id + "-avant",
			Body: structureName + " : merci de rapporter votre " + deviceLabel + " le " + date + "."}, true
	}
	return Reminder{}, false
}
