-- +goose Up
-- When each evaluation, referral and activity last changed, so that the
-- API's lists can give a partner what changed since its last reading.
ALTER TABLE evaluations ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE evaluations SET updated_at = created_at;
ALTER TABLE referrals ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE referrals SET updated_at = COALESCE(closed_at, reminded_at, created_at);
ALTER TABLE activities ADD COLUMN updated_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE activities SET updated_at = created_at;

-- +goose Down
ALTER TABLE activities DROP COLUMN updated_at;
ALTER TABLE referrals DROP COLUMN updated_at;
ALTER TABLE evaluations DROP COLUMN updated_at;
