package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
)

// Setting keys.
const (
	SettingDemo          = "demo"           // "1" when the database holds the demo territory
	SettingTerritoryName = "territory_name" // name shown in the header when not configured
)

// Setting returns a stored setting, "" when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	return err
}

// Secret returns the 32-byte key stored under a setting, creating it at
// first use; two instances creating it together keep the first one stored.
// Exported: the agenda's store keeps the key that signs residents' links.
func (s *Store) Secret(ctx context.Context, key string) ([]byte, error) {
	v, err := s.Setting(ctx, key)
	if err != nil {
		return nil, err
	}
	if v == "" {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		if _, err := s.w.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
			key, hex.EncodeToString(b)); err != nil {
			return nil, err
		}
		if err := s.w.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&v); err != nil {
			return nil, err
		}
	}
	return hex.DecodeString(v)
}
