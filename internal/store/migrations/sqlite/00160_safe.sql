-- +goose Up
-- The document safe of a followed person: one per person, opened with the
-- consent's exact wording and hash; its documents (encrypted files named by
-- a random id, each with its own key wrapped by the territory key), share
-- links, every read, one-time codes sent by SMS (with the key of their
-- message, whose text is blanked once the code is used or expired), and the files of erased
-- documents waiting to be removed from disk.
CREATE TABLE safes (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    consent_version TEXT NOT NULL,
    consent_wording TEXT NOT NULL,
    consent_hash TEXT NOT NULL,
    opened_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    opened_at TIMESTAMP NOT NULL,
    consent_withdrawn_at TIMESTAMP
);
CREATE UNIQUE INDEX safes_person ON safes (person_id);
CREATE INDEX safes_structure ON safes (structure_id);

CREATE TABLE safe_documents (
    id INTEGER PRIMARY KEY,
    safe_id INTEGER NOT NULL REFERENCES safes(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    blob_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('identite', 'passeport', 'titre_sejour', 'avis_impot', 'attestation_caf', 'justificatif_domicile', 'carte_vitale', 'autre')),
    title TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size INTEGER NOT NULL,
    wrapped_key TEXT NOT NULL,
    key_id TEXT NOT NULL,
    expires_on TEXT,
    reminded_at TIMESTAMP,
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX safe_documents_safe ON safe_documents (safe_id, id);
CREATE INDEX safe_documents_structure ON safe_documents (structure_id);
CREATE INDEX safe_documents_expiry ON safe_documents (expires_on) WHERE expires_on IS NOT NULL AND reminded_at IS NULL;

CREATE TABLE safe_shares (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES safe_documents(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX safe_shares_document ON safe_shares (document_id);

CREATE TABLE safe_accesses (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES safe_documents(id) ON DELETE CASCADE,
    by_kind TEXT NOT NULL CHECK (by_kind IN ('personnel', 'lien', 'personne')),
    who TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX safe_accesses_document ON safe_accesses (document_id, at);

CREATE TABLE safe_codes (
    id INTEGER PRIMARY KEY,
    phone_key TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    message_key TEXT NOT NULL DEFAULT '',
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX safe_codes_phone ON safe_codes (phone_key, expires_at);

CREATE TABLE safe_erased_files (
    blob_id TEXT PRIMARY KEY,
    erased_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE safe_erased_files;
DROP TABLE safe_codes;
DROP TABLE safe_accesses;
DROP TABLE safe_shares;
DROP TABLE safe_documents;
DROP TABLE safes;
