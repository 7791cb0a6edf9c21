-- +goose Up
-- The charter of a territory's actors: each version is a new text with its
-- day, the hash of its exact wording kept with it; the structures of the
-- territory sign a version (who signed, in which role, when), the hash of
-- the wording signed copied into the signature.
CREATE TABLE charter_versions (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    version INTEGER NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    published_on TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (territory_id, version)
);

CREATE TABLE charter_signatures (
    id INTEGER PRIMARY KEY,
    charter_version_id INTEGER NOT NULL REFERENCES charter_versions(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    signer_name TEXT NOT NULL,
    signer_role TEXT NOT NULL,
    signed_on TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (charter_version_id, structure_id)
);
CREATE INDEX charter_signatures_structure ON charter_signatures (structure_id);

-- +goose Down
DROP TABLE charter_signatures;
DROP TABLE charter_versions;
