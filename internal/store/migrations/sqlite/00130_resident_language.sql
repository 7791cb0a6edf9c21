-- +goose Up
-- The language a resident chose when booking or registering online (a code
-- of internal/i18n: fr, fr-x-falc, ar…): the messages sent to them are
-- written in it.
ALTER TABLE appointments ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';
ALTER TABLE workshop_registrations ADD COLUMN language TEXT NOT NULL DEFAULT 'fr';

-- +goose Down
ALTER TABLE workshop_registrations DROP COLUMN language;
ALTER TABLE appointments DROP COLUMN language;
