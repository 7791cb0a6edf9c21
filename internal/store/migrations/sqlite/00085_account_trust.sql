-- +goose Up
-- Sessions are kept under the SHA-256 of their token, so a copy of the
-- database gives no live session; sessions opened before are ended.
DELETE FROM sessions;
ALTER TABLE sessions RENAME COLUMN token TO token_hash;

-- Browsers that logged in successfully ("device cookie"): their attempts
-- are throttled apart from those of any other source.
CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX trusted_devices_user ON trusted_devices (user_id);

-- Second factor: a TOTP secret (pending until confirmed) and single-use
-- recovery codes, kept hashed.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled_at TIMESTAMP;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (user_id, code_hash)
);

-- +goose Down
DROP TABLE recovery_codes;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE users DROP COLUMN totp_secret;
DROP TABLE trusted_devices;
DELETE FROM sessions;
ALTER TABLE sessions RENAME COLUMN token_hash TO token;
