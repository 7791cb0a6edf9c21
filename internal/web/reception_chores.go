package web

import (
	"context"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/referral"
)

// RunReceptionChores reminds receivers of referrals left 10 days without an
// answer and expires those left 30 days, with the server's clock. A place
// without Parcours that has an e-mail address gets the reminder by e-mail,
// with a new 8-day link when the first one has expired. It is idempotent:
// a second run changes and sends nothing.
func (s *Server) RunReceptionChores(ctx context.Context) {
	now := s.cfg.Now()
	reminded, expired, err := s.store.ReferralChores(ctx, now)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("orientations : rappels et expirations", "err", err)
		}
		return
	}
	if len(reminded)+expired > 0 {
		s.log.Info("orientations : rappels et expirations", "rappels", len(reminded), "expirées", expired)
	}
	for _, id := range reminded {
		if err := s.remindByMail(ctx, id, now); err != nil && ctx.Err() == nil {
			s.log.Error("orientations : rappel par e-mail", "orientation", id, "err", err)
		}
	}
}

func (s *Server) remindByMail(ctx context.Context, id int64, now time.Time) error {
	ref, err := s.store.ReferralForLink(ctx, id)
	if err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return nil // sent to a structure using Parcours: the reminder is in its inbox
		}
		return err
	}
	if !now.Before(ref.LinkExpiresAt) {
		expires := now.Add(referral.LinkValidity).Truncate(time.Second)
		if err := s.store.SetReferralLink(ctx, ref.SenderStructureID, ref.ID, expires); err != nil {
			return err
		}
		if err := s.store.LogReferralEvent(ctx, ref.ID, "lien", 0, "Parcours", "Nouveau lien de réponse pour le rappel, valable jusqu'au "+frenchDate(expires), now); err != nil {
			return err
		}
		ref.LinkExpiresAt = expires
	}
	_, err = s.mailReferral(ctx, strings.TrimRight(s.cfg.BaseURL, "/"), ref, notify.ReferralReminder)
	return err
}
