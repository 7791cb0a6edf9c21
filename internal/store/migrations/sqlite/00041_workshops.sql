-- +goose Up
-- Workshops: sessions, registrations and the waiting list. The
-- seats held are counted in workshops.taken, changed only by conditional
-- UPDATEs (taken < capacity) and checked by the table itself.
CREATE TABLE workshops (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    themes TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL CHECK (level IN ('debutant', 'intermediaire', 'avance')),
    description TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL CHECK (audience IN ('habitants', 'seniors', 'professionnels')),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    taken INTEGER NOT NULL DEFAULT 0,
    pass_numerique BOOLEAN NOT NULL DEFAULT FALSE,
    published BOOLEAN NOT NULL DEFAULT FALSE,
    online_registration BOOLEAN NOT NULL DEFAULT FALSE,
    staff_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    lock_version INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (taken >= 0 AND taken <= capacity)
);
CREATE INDEX workshops_structure ON workshops (structure_id, id);
CREATE INDEX workshops_published ON workshops (published, id);

CREATE TABLE workshop_sessions (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    walk_ins INTEGER NOT NULL DEFAULT 0 CHECK (walk_ins >= 0),
    attendance_at TIMESTAMP,
    activity_id INTEGER UNIQUE REFERENCES activities(id) ON DELETE SET NULL,
    reminded_at TIMESTAMP
);
CREATE INDEX workshop_sessions_workshop ON workshop_sessions (workshop_id, start_at);
CREATE INDEX workshop_sessions_start ON workshop_sessions (start_at);

CREATE TABLE workshop_registrations (
    id INTEGER PRIMARY KEY,
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    dedup_key TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('inscrit', 'attente', 'offre', 'annule', 'expire')),
    booked_via TEXT NOT NULL CHECK (booked_via IN ('agent', 'en_ligne', 'api')),
    booked_by_user INTEGER REFERENCES users(id) ON DELETE SET NULL,
    consent_wording TEXT NOT NULL DEFAULT '',
    offered_at TIMESTAMP,
    offer_expires_at TIMESTAMP,
    cancelled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The same person cannot hold two live registrations in one workshop.
CREATE UNIQUE INDEX workshop_registrations_once ON workshop_registrations (workshop_id, dedup_key) WHERE status IN ('inscrit', 'attente', 'offre');
CREATE INDEX workshop_registrations_workshop ON workshop_registrations (workshop_id, status, id);
CREATE INDEX workshop_registrations_offers ON workshop_registrations (status, offer_expires_at);

CREATE TABLE workshop_attendance (
    session_id INTEGER NOT NULL REFERENCES workshop_sessions(id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES workshop_registrations(id) ON DELETE CASCADE,
    present BOOLEAN NOT NULL,
    PRIMARY KEY (session_id, registration_id)
);

-- +goose Down
DROP TABLE workshop_attendance;
DROP TABLE workshop_registrations;
DROP TABLE workshop_sessions;
DROP TABLE workshops;
