-- +goose Up
-- "Signaler une erreur": corrections sent by residents about a place, waiting
-- for the owner structure or the territory's coordinator.
CREATE TABLE place_reports (
    id INTEGER PRIMARY KEY,
    place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    section TEXT NOT NULL CHECK (section IN ('horaires', 'adresse', 'contact', 'services', 'ferme', 'autre')),
    correction TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'nouveau' CHECK (status IN ('nouveau', 'traite', 'rejete')),
    note TEXT NOT NULL DEFAULT '',
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    decided_at TIMESTAMP,
    sender_key TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX place_reports_place ON place_reports (place_id, status);
CREATE INDEX place_reports_sender ON place_reports (sender_key, created_at) WHERE sender_key <> '';

-- +goose Down
DROP TABLE place_reports;
