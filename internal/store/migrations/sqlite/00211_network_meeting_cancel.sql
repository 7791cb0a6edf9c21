-- +goose Up
-- A network meeting cancelled by its coordination keeps its page and its
-- invitations, but takes no attendance: cancelled_at is when it was cancelled.
ALTER TABLE network_meetings ADD COLUMN cancelled_at TIMESTAMP;

-- +goose Down
ALTER TABLE network_meetings DROP COLUMN cancelled_at;
