-- +goose Up
-- When each evaluation, referral and activity last changed, so that the
-- API's lists can give a partner what changed since its last reading.
ALTER TABLE evaluations ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE evaluations SET updated_at = created_at;
ALTER TABLE evaluations ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE referrals ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE referrals SET updated_at = COALESCE(closed_at, reminded_at, created_at);
ALTER TABLE referrals ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE activities ADD COLUMN updated_at TIMESTAMPTZ;
UPDATE activities SET updated_at = created_at;
ALTER TABLE activities ALTER COLUMN updated_at SET NOT NULL;

-- +goose Down
ALTER TABLE activities DROP COLUMN updated_at;
ALTER TABLE referrals DROP COLUMN updated_at;
ALTER TABLE evaluations DROP COLUMN updated_at;
