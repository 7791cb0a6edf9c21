// Package equipment holds the use cases of a structure's equipment: the
// inventory, loans to persons or partner structures with their agreement
// and SMS reminders through the outbox, and the distribution on social
// criteria: a priority list that explains every rank, the committee's
// decision with its reasons, and the signed handover.
package equipment

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
)

// Outbox wakes the delivery of messages just recorded (the agenda's outbox).
type Outbox interface {
	Recorded(ctx context.Context)
}

// Service is the equipment's use cases.
type Service struct {
	st  *equipmentstore.Store
	out Outbox
	now func() time.Time
}

// New returns the service; out may be nil (messages wait for the next
// delivery round), now is its clock (nil: time.Now).
func New(st *equipmentstore.Store, out Outbox, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, out: out, now: now}
}

func (s *Service) today() string { return s.now().In(frtime.Paris).Format("2006-01-02") }

// Devices lists the structure's inventory, of one status when status is not "".
func (s *Service) Devices(ctx context.Context, a *account.Actor, status string) ([]equipment.Device, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return nil, err
	}
	return s.st.Devices(ctx, a.Scope(), status)
}

// Device returns a device of the structure.
func (s *Service) Device(ctx context.Context, a *account.Actor, id int64) (equipment.Device, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipment.Device{}, err
	}
	return s.st.Device(ctx, a.Scope(), id)
}

// AddDevice adds a device to the inventory.
func (s *Service) AddDevice(ctx context.Context, a *account.Actor, d equipment.Device) (equipment.Device, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return d, err
	}
	d.Status = equipment.Available
	d.Normalize()
	if err := d.Validate(); err != nil {
		return d, err
	}
	err := s.st.CreateDevice(ctx, a.Scope(), &d, s.now())
	return d, err
}

// DeviceChange is an edit of a device: nil fields keep their value.
// Disposition is "disponible" or a retired reason (out of service, sold,
// recycled); Status and RetiredReason set the same directly, for the API.
type DeviceChange struct {
	Kind, Model, Origin, OriginDetail, Serial, IMEI, Condition, Grade, Accessories, Location *string
	Disposition, Status, RetiredReason                                                       *string
	// PublicPlaceID puts the device at the public's disposal at one of the
	// structure's places, booked through the agenda; 0 takes it back.
	PublicPlaceID *int64
}

// UpdateDevice edits a device of the structure, checked as at its creation,
// journaled with the fields that changed; its status moves here only
// between available and retired (out of service, sold, recycled).
func (s *Service) UpdateDevice(ctx context.Context, a *account.Actor, id int64, ch DeviceChange) (equipment.Device, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipment.Device{}, err
	}
	old, err := s.st.Device(ctx, a.Scope(), id)
	if err != nil {
		return old, err
	}
	d := old
	for _, f := range []struct {
		to   *string
		from *string
	}{{&d.Kind, ch.Kind}, {&d.Model, ch.Model}, {&d.Origin, ch.Origin}, {&d.OriginDetail, ch.OriginDetail}, {&d.Serial, ch.Serial}, {&d.IMEI, ch.IMEI},
		{&d.Condition, ch.Condition}, {&d.Grade, ch.Grade}, {&d.Accessories, ch.Accessories}, {&d.Location, ch.Location}, {&d.Status, ch.Status}, {&d.RetiredReason, ch.RetiredReason}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	if ch.Status != nil && ch.RetiredReason == nil && *ch.Status != equipment.Retired {
		d.RetiredReason = ""
	}
	if ch.Disposition != nil {
		d.SetDisposition(*ch.Disposition)
	}
	if ch.PublicPlaceID != nil {
		d.PublicPlaceID = *ch.PublicPlaceID
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return d, err
	}
	changed := deviceChanges(old, d)
	if len(changed) == 0 {
		return old, nil
	}
	j := journal.By(a, journal.Update, "Appareil n° "+strconv.FormatInt(id, 10)+" modifié : "+strings.Join(changed, ", "))
	if err := s.st.UpdateDevice(ctx, a.Scope(), &d, j, s.now()); err != nil {
		return d, err
	}
	return s.st.Device(ctx, a.Scope(), id)
}

// deviceChanges names the fields of a device an edit changed, in French;
// a change of status says the new one.
func deviceChanges(old, d equipment.Device) []string {
	var out []string
	for _, f := range []struct {
		name     string
		old, new string
	}{{"type", old.Kind, d.Kind}, {"modèle", old.Model, d.Model}, {"origine", old.Origin + old.OriginDetail, d.Origin + d.OriginDetail},
		{"numéro de série", old.Serial, d.Serial}, {"IMEI", old.IMEI, d.IMEI}, {"état", old.Condition, d.Condition}, {"grade", old.Grade, d.Grade},
		{"accessoires", old.Accessories, d.Accessories}, {"emplacement", old.Location, d.Location}} {
		if f.old != f.new {
			out = append(out, f.name)
		}
	}
	if old.PublicPlaceID != d.PublicPlaceID {
		if d.PublicPlaceID == 0 {
			out = append(out, "plus en libre accès")
		} else {
			out = append(out, "en libre accès (lieu n° "+strconv.FormatInt(d.PublicPlaceID, 10)+")")
		}
	}
	if old.Status != d.Status || old.RetiredReason != d.RetiredReason {
		out = append(out, "statut « "+strings.ToLower(d.StatusLabel())+" »")
	}
	return out
}

// Places lists the structure's places, where a device may be put at the
// public's disposal.
func (s *Service) Places(ctx context.Context, a *account.Actor) ([]equipmentstore.Place, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return nil, err
	}
	return s.st.Places(ctx, a.Scope())
}

// Lend lends an available device to a person of the structure or to a
// partner structure.
func (s *Service) Lend(ctx context.Context, a *account.Actor, l equipment.Loan) (equipmentstore.LoanWithPhone, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipmentstore.LoanWithPhone{}, err
	}
	for _, d := range []*string{&l.StartsOn, &l.DueOn} {
		if t, err := time.Parse("02/01/2006", strings.TrimSpace(*d)); err == nil {
			*d = t.Format("2006-01-02")
		}
	}
	if err := l.Validate(s.today()); err != nil {
		return equipmentstore.LoanWithPhone{}, err
	}
	if l.PartnerStructureID != 0 {
		if l.PartnerStructureID == a.StructureID() {
			return equipmentstore.LoanWithPhone{}, apperr.Field("emprunteur", "Un prêt à votre propre structure n'est pas un prêt : choisissez une structure partenaire.")
		}
		if _, err := s.st.Structure(ctx, l.PartnerStructureID); err != nil {
			return equipmentstore.LoanWithPhone{}, apperr.Field("emprunteur", "Choisissez une structure partenaire existante.")
		}
	}
	j := journal.By(a, journal.Create, "Prêt de matériel (appareil n° "+strconv.FormatInt(l.DeviceID, 10)+") jusqu'au "+l.DueOn)
	if err := s.st.CreateLoan(ctx, a.Scope(), &l, a.User.ID, j, s.now()); err != nil {
		return equipmentstore.LoanWithPhone{}, err
	}
	return s.st.Loan(ctx, a.Scope(), l.ID)
}

// Loans lists the structure's loans, the open ones only when open is set.
// Borrowers' names are shown: the list is journaled.
func (s *Service) Loans(ctx context.Context, a *account.Actor, open bool) ([]equipmentstore.LoanWithPhone, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return nil, err
	}
	list, err := s.st.Loans(ctx, a.Scope(), open)
	if err != nil {
		return nil, err
	}
	return list, s.addJournal(ctx, a, journal.By(a, journal.List, "Liste des prêts de matériel"))
}

// Agreement returns the loan agreement to print and sign, as a PDF; the
// borrower's name is read: journaled.
func (s *Service) Agreement(ctx context.Context, a *account.Actor, loanID int64) ([]byte, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return nil, err
	}
	l, err := s.st.Loan(ctx, a.Scope(), loanID)
	if err != nil {
		return nil, err
	}
	d, err := s.st.Device(ctx, a.Scope(), l.DeviceID)
	if err != nil {
		return nil, err
	}
	st, err := s.st.Structure(ctx, a.StructureID())
	if err != nil {
		return nil, err
	}
	if l.PersonID != 0 {
		j := journal.By(a, journal.Export, "Convention de prêt n° "+strconv.FormatInt(l.ID, 10)+" imprimée")
		j.PersonID = l.PersonID
		if err := s.addJournal(ctx, a, j); err != nil {
			return nil, err
		}
	}
	return equipment.Agreement{StructureName: st.Name, Loan: l.Loan, Device: d}.PDF()
}

// MaxScan is the largest scanned signed agreement accepted.
const MaxScan = 5 << 20

// ScanTooBig is the error refusing a scan over MaxScan.
func ScanTooBig() error {
	return apperr.Field("scan", "Le fichier dépasse 5 Mo : scannez la page en noir et blanc ou en qualité moyenne.")
}

// ScanTypes are the accepted types of a scanned page, sniffed from its bytes.
var ScanTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// Loan returns a loan of the structure; a person's loan shows their name:
// journaled.
func (s *Service) Loan(ctx context.Context, a *account.Actor, id int64) (equipmentstore.LoanWithPhone, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipmentstore.LoanWithPhone{}, err
	}
	l, err := s.st.Loan(ctx, a.Scope(), id)
	if err != nil || l.PersonID == 0 {
		return l, err
	}
	j := journal.By(a, journal.Read, "Prêt de matériel n° "+strconv.FormatInt(id, 10)+" consulté")
	j.PersonID = l.PersonID
	return l, s.addJournal(ctx, a, j)
}

// SignAgreement records that the borrower signed the printed agreement:
// scan holds the scanned signed page (PDF, JPEG or PNG, its type sniffed
// from its bytes, MaxScan at most), or is empty when staff tick that it
// was signed on paper. Journaled.
func (s *Service) SignAgreement(ctx context.Context, a *account.Actor, loanID int64, scan []byte, paper bool) (equipmentstore.LoanWithPhone, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipmentstore.LoanWithPhone{}, err
	}
	kind, typ := equipment.SignedOnPaper, ""
	switch {
	case len(scan) > MaxScan:
		return equipmentstore.LoanWithPhone{}, ScanTooBig()
	case len(scan) > 0:
		typ = http.DetectContentType(scan)
		if !slices.Contains(ScanTypes, typ) {
			return equipmentstore.LoanWithPhone{}, apperr.Field("scan", "Envoyez la page signée en PDF, JPEG ou PNG.")
		}
		kind = equipment.SignedScan
	case !paper:
		return equipmentstore.LoanWithPhone{}, apperr.Field("scan", "Envoyez la page signée scannée, ou cochez « La convention est signée sur papier ».")
	}
	l := equipment.Loan{AgreementSignature: kind}
	j := journal.By(a, journal.Update, "Convention de prêt n° "+strconv.FormatInt(loanID, 10)+" : "+l.SignatureLabel())
	if err := s.st.SignLoanAgreement(ctx, a.Scope(), loanID, kind, scan, typ, a.User.ID, j, s.now()); err != nil {
		return equipmentstore.LoanWithPhone{}, err
	}
	return s.st.Loan(ctx, a.Scope(), loanID)
}

// AgreementScan returns the scanned signed agreement and its type; the
// person's document is read: journaled.
func (s *Service) AgreementScan(ctx context.Context, a *account.Actor, loanID int64) ([]byte, string, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return nil, "", err
	}
	l, err := s.st.Loan(ctx, a.Scope(), loanID)
	if err != nil {
		return nil, "", err
	}
	b, typ, err := s.st.LoanAgreementScan(ctx, a.Scope(), loanID)
	if err != nil || l.PersonID == 0 {
		return b, typ, err
	}
	j := journal.By(a, journal.Read, "Convention de prêt n° "+strconv.FormatInt(loanID, 10)+" signée : page scannée consultée")
	j.PersonID = l.PersonID
	return b, typ, s.addJournal(ctx, a, j)
}

// Return closes a loan with the condition the device came back in.
func (s *Service) Return(ctx context.Context, a *account.Actor, loanID int64, condition, note string) error {
	if err := a.Require(account.PermEquipment); err != nil {
		return err
	}
	if _, err := s.st.Loan(ctx, a.Scope(), loanID); err != nil {
		return err // another structure's loan is not found
	}
	if !equipment.Conditions.Has(condition) {
		return apperr.Field("etat_retour", "Choisissez l'état de l'appareil au retour.")
	}
	if note = strings.TrimSpace(note); len(note) > 500 {
		return apperr.Field("remarque", "500 caractères au plus.")
	}
	return s.st.ReturnLoan(ctx, a.Scope(), loanID, s.today(), condition, note, s.now())
}

// SendLoanReminders records, for every structure, the SMS due about its
// loans: two days before the due date, then once the day after if the
// device is not back. Each message has its key: running it again, or on
// two instances, sends nothing twice. It returns how many were due.
func (s *Service) SendLoanReminders(ctx context.Context) (int, error) {
	ids, err := s.st.StructuresWithOpenLoans(ctx)
	if err != nil {
		return 0, err
	}
	day, n := s.today(), 0
	for _, id := range ids {
		sc := scope.OfStructure(id)
		st, err := s.st.Structure(ctx, id)
		if err != nil {
			return n, err
		}
		loans, err := s.st.Loans(ctx, sc, true)
		if err != nil {
			return n, err
		}
		var msgs []notify.Message
		for _, l := range loans {
			if !notify.IsMobile(l.Phone) {
				continue
			}
			r, ok := equipment.ReminderDue(l.Loan, deviceWord(l.DeviceLabel), st.Name, day)
			if !ok {
				continue
			}
			kind := notify.LoanReminder
			if r.Late {
				kind = notify.LoanLate
			}
			msgs = append(msgs, notify.Message{Kind: kind, Channel: notify.SMS, To: l.Phone, Body: r.Body, Key: r.Key})
		}
		if err := s.st.EnqueueMessages(ctx, sc, msgs, s.now()); err != nil {
			return n, err
		}
		n += len(msgs)
	}
	if n > 0 && s.out != nil {
		s.out.Recorded(ctx)
	}
	return n, nil
}

// deviceWord is the kind of device in lower case for an SMS ("téléphone").
func deviceWord(label string) string {
	for _, k := range equipment.Kinds {
		if strings.HasPrefix(label, k.Label) {
			return strings.ToLower(k.Label)
		}
	}
	return "appareil"
}

// Figures counts the structure's devices, loans and distribution, for the
// bilans. Counts only.
func (s *Service) Figures(ctx context.Context, a *account.Actor) (equipmentstore.EquipmentFigures, error) {
	if err := a.Require(account.PermEquipment); err != nil {
		return equipmentstore.EquipmentFigures{}, err
	}
	return s.st.EquipmentFiguresOf(ctx, a.Scope(), s.today())
}

// TerritoryFigures counts the equipment of the structures of the territory
// the actor coordinates (every structure for the platform). Counts only.
func (s *Service) TerritoryFigures(ctx context.Context, a *account.Actor) (equipmentstore.EquipmentFigures, error) {
	t, ok := a.TerritoryScope()
	if !ok {
		return equipmentstore.EquipmentFigures{}, a.Require(account.PermViewTerritory)
	}
	return s.st.EquipmentFiguresInTerritory(ctx, t, s.today())
}

func (s *Service) addJournal(ctx context.Context, a *account.Actor, j journal.Entry) error {
	j.At = s.now()
	return s.st.AddJournal(ctx, a.Scope(), j)
}
