// Package partnerships holds the use cases of what a territory's network
// shares: its coordination keeps the conventions with partners and the
// action plan drawn from the diagnostic; every structure of the territory
// reads the conventions it is party to and the actions it leads or co-leads.
package partnerships

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/partnershipstore"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Config is what the service needs besides the store.
type Config struct {
	Now      func() time.Time
	BaseURL  string                    // the link in the reminders
	Recorded func(ctx context.Context) // wakes the outbox
}

// Service is the use cases.
type Service struct {
	st  *partnershipstore.Store
	cfg Config
}

// New returns the service.
func New(st *store.Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{st: partnershipstore.New(st), cfg: cfg}
}

// Today is the day in Paris, as conventions and reviews count days.
func (s *Service) Today() string { return s.cfg.Now().In(frtime.Paris).Format(partnership.DayLayout) }

// pilot is the territory the actor coordinates, when it may keep its
// conventions and plan.
func pilot(a *account.Actor) (scope.Territory, error) {
	if err := a.Require(account.PermPartnerships); err != nil {
		return scope.Territory{}, err
	}
	t, ok := a.TerritoryScope()
	if _, all, _ := t.ID(); !ok || all {
		return scope.Territory{}, apperr.New(apperr.Forbidden, "Seule la structure qui coordonne un territoire tient ses conventions et son plan d'action.")
	}
	return t, nil
}

// reach is what the actor reads: its territory's rows when it coordinates
// it, otherwise those that concern its structure. Managing reports which.
func reach(a *account.Actor) (partnershipstore.Reach, bool, error) {
	if t, err := pilot(a); err == nil {
		return partnershipstore.OfTerritory(t), true, nil
	}
	if err := a.Require(account.PermNetwork); err != nil {
		return partnershipstore.Reach{}, false, err
	}
	return partnershipstore.OfParty(a.Scope()), false, nil
}

func entry(a *account.Actor, action, what string, now time.Time) journal.Entry {
	j := journal.By(a, action, what)
	j.StructureID, j.At = a.StructureID(), now
	return j
}

// Structures lists the structures of the territory the actor coordinates,
// for the forms.
func (s *Service) Structures(ctx context.Context, a *account.Actor) ([]structure.Structure, error) {
	t, err := pilot(a)
	if err != nil {
		return nil, err
	}
	return s.st.ListStructuresInTerritory(ctx, t, "")
}

// Agreements lists the conventions the actor reads, ending soonest first;
// manage reports whether it may record them.
func (s *Service) Agreements(ctx context.Context, a *account.Actor) (list []partnership.Agreement, manage bool, err error) {
	r, manage, err := reach(a)
	if err != nil {
		return nil, false, err
	}
	list, err = s.st.Agreements(ctx, r)
	return list, manage, err
}

// Agreement returns a convention the actor reads.
func (s *Service) Agreement(ctx context.Context, a *account.Actor, id int64) (partnership.Agreement, bool, error) {
	r, manage, err := reach(a)
	if err != nil {
		return partnership.Agreement{}, false, err
	}
	ag, err := s.st.Agreement(ctx, r, id)
	return ag, manage, err
}

// AgreementPDF returns the signed convention of a convention the actor reads.
func (s *Service) AgreementPDF(ctx context.Context, a *account.Actor, id int64) ([]byte, string, error) {
	r, _, err := reach(a)
	if err != nil {
		return nil, "", err
	}
	return s.st.AgreementPDF(ctx, r, id)
}

// SignedPDF is an uploaded signed convention.
type SignedPDF struct {
	Name  string
	Bytes []byte
}

func (p SignedPDF) check() (SignedPDF, error) {
	if len(p.Bytes) == 0 {
		return p, nil
	}
	if err := partnership.CheckPDF(p.Bytes); err != nil {
		return p, err
	}
	p.Name = strings.TrimSpace(p.Name)
	if r := []rune(p.Name); len(r) > 200 {
		p.Name = string(r[:200])
	}
	if p.Name == "" {
		p.Name = "convention-signee.pdf"
	}
	return p, nil
}

// CreateAgreement records a convention of the actor's territory; the
// actor receives its reminder.
func (s *Service) CreateAgreement(ctx context.Context, a *account.Actor, in partnership.AgreementInput, pdf SignedPDF) (partnership.Agreement, error) {
	t, err := pilot(a)
	if err != nil {
		return partnership.Agreement{}, err
	}
	ag, pdf, err := checked(in, pdf)
	if err != nil {
		return ag, err
	}
	ag.PDFName, ag.RemindTo = pdf.Name, a.User.ID
	now := s.cfg.Now()
	err = s.st.CreateAgreement(ctx, t, a.Scope(), &ag, pdf.Bytes, entry(a, journal.Create, "Convention « "+ag.Object+" » enregistrée", now), now)
	return ag, err
}

// checked checks the form and the PDF together, every error at once.
func checked(in partnership.AgreementInput, pdf SignedPDF) (partnership.Agreement, SignedPDF, error) {
	ag, err := in.Agreement()
	pdf, perr := pdf.check()
	var v apperr.Validation
	if err != nil && !v.Merge(err) {
		return ag, pdf, err
	}
	if perr != nil && !v.Merge(perr) {
		return ag, pdf, perr
	}
	return ag, pdf, v.Err()
}

// UpdateAgreement saves a convention of the actor's territory; a new PDF
// replaces the signed one.
func (s *Service) UpdateAgreement(ctx context.Context, a *account.Actor, id int64, in partnership.AgreementInput, pdf SignedPDF) (partnership.Agreement, error) {
	t, err := pilot(a)
	if err != nil {
		return partnership.Agreement{}, err
	}
	// Another territory's convention is not found, whatever the form says.
	if _, err := s.st.Agreement(ctx, partnershipstore.OfTerritory(t), id); err != nil {
		return partnership.Agreement{}, err
	}
	ag, pdf, err := checked(in, pdf)
	if err != nil {
		return ag, err
	}
	ag.ID, ag.PDFName = id, pdf.Name
	now := s.cfg.Now()
	if err := s.st.UpdateAgreement(ctx, t, ag, pdf.Bytes, entry(a, journal.Update, "Convention n° "+strconv.FormatInt(id, 10)+" modifiée", now), now); err != nil {
		return ag, err
	}
	return s.st.Agreement(ctx, partnershipstore.OfTerritory(t), id)
}

// AgreementPath is a convention's page.
func AgreementPath(id int64) string { return "/espace/reseau/conventions/" + strconv.FormatInt(id, 10) }

// SendReminders puts in the outbox, once per period, the e-mail reminding
// the staff member who keeps a convention that it nears its end: from its
// reminder day until its end. It returns how many were recorded.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	due, err := s.st.RemindedAgreements(ctx)
	if err != nil {
		return 0, err
	}
	today, n := s.Today(), 0
	for _, r := range due {
		if r.Status(today) != partnership.ToRenew {
			continue
		}
		end := r.CurrentEnd(today)
		subject, body := r.ReminderText(today, s.cfg.BaseURL+AgreementPath(r.ID))
		m := notify.Message{Kind: notify.AgreementReminder, Channel: notify.Email, To: r.Email, Subject: subject, Body: body,
			Key: "convention-echeance:" + strconv.FormatInt(r.ID, 10) + ":" + end + ":" + r.Email}
		queued, err := s.st.EnqueueReminder(ctx, scope.OfStructure(r.StructureID), m, s.cfg.Now())
		if err != nil {
			return n, err
		}
		if queued {
			n++
		}
	}
	if n > 0 && s.cfg.Recorded != nil {
		s.cfg.Recorded(ctx)
	}
	return n, nil
}
