-- +goose Up
-- Workshop sessions say when they last changed (partners synchronise with
-- modifie_depuis) and whether they are held on a public holiday on purpose.
ALTER TABLE workshop_sessions ADD COLUMN holiday_kept BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE workshop_sessions ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT '1970-01-01 00:00:00+00';
UPDATE workshop_sessions SET updated_at = (SELECT w.updated_at FROM workshops w WHERE w.id = workshop_sessions.workshop_id);
CREATE INDEX appointments_sync ON appointments (structure_id, updated_at, id);
CREATE INDEX workshops_sync ON workshops (structure_id, updated_at, id);
CREATE INDEX workshop_registrations_sync ON workshop_registrations (structure_id, updated_at, id);

-- +goose Down
DROP INDEX workshop_registrations_sync;
DROP INDEX workshops_sync;
DROP INDEX appointments_sync;
ALTER TABLE workshop_sessions DROP COLUMN updated_at;
ALTER TABLE workshop_sessions DROP COLUMN holiday_kept;
