package web

import "context"

// RunReceptionChores reminds receivers of referrals left 10 days without an
// answer and expires those left 30 days, with the server's clock. It is
// idempotent: a second run changes nothing.
func (s *Server) RunReceptionChores(ctx context.Context) {
	reminded, expired, err := s.store.ReferralChores(ctx, s.cfg.Now())
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("orientations : rappels et expirations", "err", err)
		}
		return
	}
	if reminded+expired > 0 {
		s.log.Info("orientations : rappels et expirations", "rappels", reminded, "expirées", expired)
	}
}
