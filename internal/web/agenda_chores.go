package web

// Agenda: the background loop of the agenda service (its screens are in
// internal/web/agenda and internal/web/workshops).

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/store"
)

// runAgendaLoop runs the agenda's periodic work every minute, and at once
// when a request recorded messages to send.
func (s *Server) runAgendaLoop(ctx context.Context) {
	if email, sms := s.agenda.Channels(); (email || sms) && s.cfg.BaseURL == "" {
		s.log.Warn("agenda : --base-url n'est pas donné, les liens des messages seront incomplets")
	}
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		s.RunAgendaChores(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.agenda.Kicked():
		}
	}
}

// RunAgendaChores is one pass of the agenda's background work: waiting-list
// offers past their deadline, reminders (under a database lease, one
// instance at a time) and the delivery of messages.
func (s *Server) RunAgendaChores(ctx context.Context) {
	// Loan reminders join the outbox before this pass delivers it.
	if n, err := s.app.Equipment.SendLoanReminders(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("matériel : rappels de prêt", "err", err)
	} else if n > 0 {
		s.log.Info("matériel : rappels de prêt", "messages", n)
	}
	// Document safe: expiry reminders join the outbox too; erased files leave the disk.
	if n, removed, err := s.app.Safe.RunChores(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("coffre-fort : rappels et fichiers effacés", "err", err)
	} else if n+removed > 0 {
		s.log.Info("coffre-fort : rappels et fichiers effacés", "rappels", n, "fichiers_supprimés", removed)
	}
	// Conventions nearing their end: the reminder joins the outbox too.
	if n, err := s.app.Partnerships.SendReminders(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("conventions : rappels d'échéance", "err", err)
	} else if n > 0 {
		s.log.Info("conventions : rappels d'échéance", "messages", n)
	}
	rep, err := s.agenda.RunChores(ctx)
	switch {
	case err != nil && ctx.Err() != nil:
		return
	case store.Unavailable(err):
		// queued messages stay queued (claims expire): the next pass retries
		s.log.Warn("agenda : base de données injoignable, nouvel essai dans une minute", "err", err)
		return
	case err != nil:
		s.log.Error("agenda : tâches de fond", "err", err)
		return
	}
	if rep.Expired+rep.Offered+rep.Reminders+rep.Sent > 0 {
		s.log.Info("agenda : tâches de fond", "propositions_expirées", rep.Expired, "places_proposées", rep.Offered,
			"rappels", rep.Reminders, "messages_envoyés", rep.Sent)
	}
}
