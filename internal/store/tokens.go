package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

// CreateAPIToken stores the hash of a new token for one membership.
func (s *Store) CreateAPIToken(ctx context.Context, userID, structureID int64, name, hash, prefix string, now time.Time) (int64, error) {
	var id int64
	err := s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND structure_id = $2", userID, structureID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.New(apperr.NotFound, "Vous n'avez pas de rôle dans cette structure.")
		}
		return tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, structure_id, name, token_hash, prefix, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, userID, structureID, name, hash, prefix, DBTime(now)).Scan(&id)
	})
	return id, err
}

// APITokenOwner returns the user and structure of a valid token.
func (s *Store) APITokenOwner(ctx context.Context, hash string) (tokenID, userID, structureID int64, lastUsed time.Time, err error) {
	var last sql.NullTime
	err = s.r.QueryRowContext(ctx, `SELECT t.id, t.user_id, t.structure_id, t.last_used_at FROM api_tokens t
		JOIN users u ON u.id = t.user_id
		JOIN memberships m ON m.user_id = t.user_id AND m.structure_id = t.structure_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`, hash).Scan(&tokenID, &userID, &structureID, &last)
	if errors.Is(err, sql.ErrNoRows) {
		err = apperr.New(apperr.Unauthorized, "Jeton d'API inconnu, révoqué ou dont le compte est désactivé.")
	}
	return tokenID, userID, structureID, UTC(last), err
}

// TouchAPIToken records the use of a token.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, now time.Time) error {
	_, err := s.w.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", id, DBTime(now))
	return err
}

// APITokens lists a user's tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]account.APIToken, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT t.id, t.user_id, t.structure_id, s.name, t.name, t.prefix, t.created_at, t.last_used_at, t.revoked_at
		FROM api_tokens t JOIN structures s ON s.id = t.structure_id WHERE t.user_id = $1 ORDER BY t.id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.APIToken
	for rows.Next() {
		var t account.APIToken
		var last, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.StructureID, &t.StructureName, &t.Name, &t.Prefix, &t.CreatedAt, &last, &revoked); err != nil {
			return nil, err
		}
		t.CreatedAt, t.LastUsedAt, t.RevokedAt = t.CreatedAt.UTC(), UTC(last), UTC(revoked)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of the user's own tokens.
func (s *Store) RevokeAPIToken(ctx context.Context, userID, id int64, now time.Time) error {
	res, err := s.w.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL", id, userID, DBTime(now))
	if err != nil {
		return err
	}
	return ExpectOne(res)
}

// ActorForMembership loads the actor acting through one membership (API tokens).
func (s *Store) ActorForMembership(ctx context.Context, userID, structureID int64) (*account.Actor, error) {
	u, err := s.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	ms, err := s.Memberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.StructureID == structureID {
			return &account.Actor{User: u, Membership: m, Memberships: []account.Membership{m}}, nil
		}
	}
	return nil, apperr.New(apperr.Unauthorized, "Ce jeton ne correspond plus à un rôle du compte.")
}
