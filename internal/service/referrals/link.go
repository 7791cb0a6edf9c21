package referrals

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/signedlink"
	"github.com/parcours-numerique/parcours/internal/store"
)

// LinkView is a referral read through its signed link, and until when the
// link answers.
type LinkView struct {
	Referral referral.Referral
	Expires  time.Time
}

// fromLink verifies a signed link's token and loads its referral; a link
// that expired says so, any other failure is not found.
func (s *Service) fromLink(ctx context.Context, token string) (LinkView, error) {
	sg, err := s.signer(ctx)
	if err != nil {
		return LinkView{}, err
	}
	id, expires, err := sg.Verify(token, s.cfg.Now())
	if errors.Is(err, signedlink.ErrExpired) {
		return LinkView{}, apperr.New(apperr.NotFound, "Ce lien a expiré : il était valable 8 jours. Demandez un nouveau lien à la structure qui a orienté la personne.")
	}
	if err != nil {
		return LinkView{}, apperr.NotFoundError()
	}
	ref, err := s.st.ReferralForLink(ctx, id)
	return LinkView{Referral: ref, Expires: expires}, err
}

func linkWho(ref referral.Referral) string { return "Lien signé (" + ref.ReceiverName + ")" }

// ReadByLink lets a place without Parcours read the shared fields, without
// an account, while its link answers; the person's journal records it.
func (s *Service) ReadByLink(ctx context.Context, token string) (LinkView, error) {
	v, err := s.fromLink(ctx, token)
	if err != nil {
		return v, err
	}
	if v.Referral.PersonID != 0 {
		e := journal.Entry{Who: linkWho(v.Referral), PersonID: v.Referral.PersonID, Action: journal.Read,
			What: "Orientation n° " + itoa(v.Referral.ID) + " lue par le lien signé", At: s.cfg.Now()}
		if err := s.st.AddJournal(ctx, scope.OfStructure(v.Referral.SenderStructureID), e); err != nil {
			return v, err
		}
	}
	return v, nil
}

// DecideByLink records the answer of a place without Parcours, given through
// the signed link; signer is the name the person answering gives, if any.
func (s *Service) DecideByLink(ctx context.Context, token string, in DecisionInput, signer string) (LinkView, error) {
	v, err := s.fromLink(ctx, token)
	if err != nil {
		return v, err
	}
	d, err := in.decision()
	if err != nil {
		return v, err
	}
	w := linkWho(v.Referral)
	if name := strings.Join(strings.Fields(signer), " "); name != "" && len(name) < 120 {
		w = name + " — " + w
	}
	if err := s.st.DecideReferralByLink(ctx, v.Referral.ID, d, w, s.cfg.Now()); err != nil {
		return v, err
	}
	v.Referral, err = s.st.ReferralForLink(ctx, v.Referral.ID)
	return v, err
}

// RenewLink gives an open referral to a place without Parcours a new signed
// link, valid 8 days from now, and e-mails it to the place when it has an
// address: the first may have expired before the place answered. Older
// links stay valid until their own date. It returns what was done, in words.
func (s *Service) RenewLink(ctx context.Context, a *account.Actor, id int64, base string) (referral.Referral, string, error) {
	if err := a.Require(account.PermSendReferrals); err != nil {
		return referral.Referral{}, "", err
	}
	ref, err := s.st.Referral(ctx, a.Scope(), id)
	if err == nil && (ref.SenderStructureID != a.StructureID() || !ref.ViaLink()) {
		err = apperr.NotFoundError()
	}
	if err != nil {
		return ref, "", err
	}
	if ref.State != referral.Open {
		return ref, "", apperr.New(apperr.Conflict, "Cette orientation est "+strings.ToLower(ref.StateLabel())+" : plus besoin de lien.")
	}
	now := s.cfg.Now()
	expires := now.Add(referral.LinkValidity).Truncate(time.Second)
	detail := "Nouveau lien de réponse, valable jusqu'au " + frtime.Date(expires)
	sg, err := s.signer(ctx)
	if err != nil {
		return ref, "", err
	}
	m, mailed, err := s.mailer(ctx, sg, s.base(base), ref.ReceiverPlaceID, notify.ReferralLink)
	if err != nil {
		return ref, "", err
	}
	if ref, err = s.st.RenewReferralLink(ctx, a.Scope(), id, expires, a.User.ID, who(a), detail, m, now); err != nil {
		return ref, "", err
	}
	if mailed {
		detail += ", envoyé par e-mail à " + ref.ReceiverName
		s.cfg.Deliver(ctx)
	}
	return ref, detail, nil
}

// Chores is what a run of RunChores did.
type Chores struct {
	Reminded, Expired int
}

// RunChores reminds the receivers of referrals left 10 days without an
// answer and expires those left 30 days, with the service's clock. A place
// without Parcours that has an e-mail address gets the reminder by e-mail,
// with a new 8-day link when the first one has expired. A second run
// changes and sends nothing. The server's background loop calls it.
func (s *Service) RunChores(ctx context.Context) (Chores, error) {
	now := s.cfg.Now()
	sg, err := s.signer(ctx)
	if err != nil {
		return Chores{}, err
	}
	base := s.base("")
	mailed := false
	reminded, expired, err := s.st.ReferralChores(ctx, now, func(r referral.Referral) (store.Reminder, error) {
		var plan store.Reminder
		if !now.Before(r.LinkExpiresAt) {
			plan.NewLink = now.Add(referral.LinkValidity).Truncate(time.Second)
			plan.LinkDetail = "Nouveau lien de réponse pour le rappel, valable jusqu'au " + frtime.Date(plan.NewLink)
			r.LinkExpiresAt = plan.NewLink
		}
		m, ok, err := s.mailer(ctx, sg, base, r.ReceiverPlaceID, notify.ReferralReminder)
		if err != nil || !ok {
			return plan, err
		}
		plan.Messages, err = m(r)
		mailed = mailed || len(plan.Messages) > 0
		return plan, err
	})
	if err != nil {
		return Chores{}, err
	}
	if mailed {
		s.cfg.Deliver(ctx)
	}
	return Chores{Reminded: reminded, Expired: expired}, nil
}
