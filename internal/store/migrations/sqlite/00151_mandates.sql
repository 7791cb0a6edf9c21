-- +goose Up
-- Aidants sign the charter in a structure (its version and the hash of its
-- exact wording). A mandate binds a structure and a person for démarche
-- categories until ends_at, each category revocable on its own; the wording
-- shown is versioned and hashed; the verification token opens the public
-- page. Its history (creation, signature, uses, renewal, revocations) is
-- kept with it and in the journal. A structure may restrict the categories.
CREATE TABLE aidant_charters (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    wording_hash TEXT NOT NULL,
    signed_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX aidant_charters_once ON aidant_charters (user_id, structure_id, version);

CREATE TABLE mandate_structure_categories (
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (structure_id, category)
);

CREATE TABLE mandates (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    person_initials TEXT NOT NULL,
    aidant_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    aidant_name TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    days INTEGER NOT NULL CHECK (days IN (1, 31, 182, 365)),
    wording_version TEXT NOT NULL,
    wording_hash TEXT NOT NULL,
    token TEXT NOT NULL,
    renewed_from INTEGER REFERENCES mandates(id) ON DELETE SET NULL,
    signature TEXT NOT NULL DEFAULT '' CHECK (signature IN ('', 'papier', 'scan')),
    signed_at TIMESTAMP,
    signed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    scan BLOB,
    scan_type TEXT NOT NULL DEFAULT '',
    ended_at TIMESTAMP,
    archived_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX mandates_token ON mandates (token);
CREATE INDEX mandates_structure ON mandates (structure_id, created_at);
CREATE INDEX mandates_person ON mandates (person_id);

CREATE TABLE mandate_categories (
    mandate_id INTEGER NOT NULL REFERENCES mandates(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    revoked_at TIMESTAMP,
    revoked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (mandate_id, category)
);

CREATE TABLE mandate_events (
    id INTEGER PRIMARY KEY,
    mandate_id INTEGER NOT NULL REFERENCES mandates(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('creation', 'signature', 'utilisation', 'renouvellement', 'revocation')),
    category TEXT NOT NULL DEFAULT '',
    demarche TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    who TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX mandate_events_mandate ON mandate_events (mandate_id, at);

-- +goose Down
DROP TABLE mandate_events;
DROP TABLE mandate_categories;
DROP TABLE mandates;
DROP TABLE mandate_structure_categories;
DROP TABLE aidant_charters;
