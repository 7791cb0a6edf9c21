package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"
)

// sessionKey is the stored form of a session token (tokens have full
// entropy: a plain SHA-256 is enough).
func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SessionStore keeps web sessions in the database for scs (CtxStore). A
// session is stored under the SHA-256 of its token: whoever reads the table
// cannot present a live session.
type SessionStore struct {
	s   *Store
	now func() time.Time
}

// Sessions returns the session store; now is injectable for tests.
func (s *Store) Sessions(now func() time.Time) *SessionStore {
	if now == nil {
		now = time.Now
	}
	return &SessionStore{s: s, now: now}
}

// FindCtx returns the data of an unexpired session.
func (ss *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := ss.s.r.QueryRowContext(ctx, "SELECT data FROM sessions WHERE token_hash = $1 AND expiry > $2", sessionKey(token), DBTime(ss.now())).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// CommitCtx saves a session.
func (ss *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := ss.s.w.ExecContext(ctx, `INSERT INTO sessions (token_hash, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, sessionKey(token), b, DBTime(expiry))
	return err
}

// DeleteCtx removes a session.
func (ss *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := ss.s.w.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", sessionKey(token))
	return err
}

// Find, Commit and Delete satisfy scs.Store for callers without a context.
func (ss *SessionStore) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit saves a session.
func (ss *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

// Delete removes a session.
func (ss *SessionStore) Delete(token string) error {
	return ss.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes expired sessions.
func (ss *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := ss.s.w.ExecContext(ctx, "DELETE FROM sessions WHERE expiry <= $1", DBTime(ss.now()))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
