package factorstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// TrustDevice remembers a browser that logged into the user's account,
// under the hash of its device cookie.
func (s *Store) TrustDevice(ctx context.Context, userID int64, hash string, now time.Time) error {
	_, err := s.Writer().ExecContext(ctx, `INSERT INTO trusted_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)
		ON CONFLICT (token_hash) DO UPDATE SET last_used_at = excluded.last_used_at`, hash, userID, store.DBTime(now))
	return err
}

// DeviceUser returns the user a device cookie was given to, 0 when the
// hash is unknown or the device unused since notBefore.
func (s *Store) DeviceUser(ctx context.Context, hash string, notBefore time.Time) (int64, error) {
	var id int64
	err := s.Reader().QueryRowContext(ctx, "SELECT user_id FROM trusted_devices WHERE token_hash = $1 AND last_used_at > $2", hash, store.DBTime(notBefore)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// PruneDevices forgets devices unused since notBefore.
func (s *Store) PruneDevices(ctx context.Context, notBefore time.Time) error {
	_, err := s.Writer().ExecContext(ctx, "DELETE FROM trusted_devices WHERE last_used_at <= $1", store.DBTime(notBefore))
	return err
}

// FactorSecret returns the user's TOTP secret, confirmed or pending ("" when
// none was ever drawn).
func (s *Store) FactorSecret(ctx context.Context, userID int64) (string, error) {
	var secret string
	err := s.Reader().QueryRowContext(ctx, "SELECT totp_secret FROM users WHERE id = $1", userID).Scan(&secret)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.NotFoundError()
	}
	return secret, err
}

// SetPendingFactor stores a TOTP secret drawn for enrolment; it refuses a
// user whose factor is already confirmed.
func (s *Store) SetPendingFactor(ctx context.Context, userID int64, secret string) error {
	res, err := s.Writer().ExecContext(ctx, "UPDATE users SET totp_secret = $2, totp_last_step = 0 WHERE id = $1 AND totp_enabled_at IS NULL", userID, secret)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "La double authentification est déjà activée sur ce compte.")
	}
	return nil
}

// UseFactorStep records the time step of an accepted TOTP code; it reports
// false when that step or a later one was already used (a code works once).
func (s *Store) UseFactorStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := s.Writer().ExecContext(ctx, "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2", userID, step)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// EnableFactor confirms the pending secret at the step of the code that
// proved it, and replaces the recovery codes, in one transaction.
func (s *Store) EnableFactor(ctx context.Context, userID, step int64, recoveryHashes []string, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1 AND totp_enabled_at IS NULL AND totp_secret <> ''", userID, store.DBTime(now), step)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "La double authentification est déjà activée, ou son activation n'a pas commencé.")
		}
		return replaceRecoveryCodes(ctx, tx, userID, recoveryHashes)
	})
}

func replaceRecoveryCodes(ctx context.Context, tx *sql.Tx, userID int64, hashes []string) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = $1", userID); err != nil {
		return err
	}
	for _, h := range hashes {
		if _, err := tx.ExecContext(ctx, "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)", userID, h); err != nil {
			return err
		}
	}
	return nil
}

// UseRecoveryCode spends one unused recovery code; it reports false for a
// code unknown or already used.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) (bool, error) {
	res, err := s.Writer().ExecContext(ctx, "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL", userID, hash, store.DBTime(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL", userID).Scan(&n)
	return n, err
}

// DisableFactor removes the user's second factor and recovery codes and,
// when j is given, journals it in the scope's structure, in one transaction.
func (s *Store) DisableFactor(ctx context.Context, userID int64, sc scope.Structure, j *journal.Entry) error {
	if j != nil {
		sid, err := sc.ID()
		if err != nil {
			return err
		}
		j.StructureID = sid
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET totp_secret = '', totp_enabled_at = NULL, totp_last_step = 0 WHERE id = $1", userID)
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		if err := replaceRecoveryCodes(ctx, tx, userID, nil); err != nil {
			return err
		}
		if j == nil {
			return nil
		}
		return store.InsertJournal(ctx, tx, *j, j.At)
	})
}
