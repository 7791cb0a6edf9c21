package web

import (
	"context"
	"net/http"

	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// SessionCookie opens a session for a user as a successful login would
// (with a fresh second factor, as sensitive actions need), for
// tests whose subject is not the login itself (an Argon2id verification
// under the race detector takes seconds).
func (s *Server) SessionCookie(userID int64) (*http.Cookie, error) {
	ctx, err := s.sessions.Load(context.Background(), "")
	if err != nil {
		return nil, err
	}
	u, err := s.store.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	ms, err := s.store.Memberships(ctx, userID)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	s.sessions.Put(ctx, ui.SessionUserID, u.ID)
	s.sessions.Put(ctx, ui.SessionEpoch, u.SessionEpoch)
	s.sessions.Put(ctx, ui.SessionStructure, ms[0].StructureID)
	s.sessions.Put(ctx, ui.SessionFactorAt, s.cfg.Now().Unix()) // a login completed with its second factor
	token, _, err := s.sessions.Commit(ctx)
	if err != nil {
		return nil, err
	}
	return &http.Cookie{Name: s.sessions.Cookie.Name, Value: token, Path: "/"}, nil
}
