-- +goose Up
CREATE TABLE territories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    coordinator_structure_id INTEGER REFERENCES structures(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE territory_communes (
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    commune_code TEXT NOT NULL,
    PRIMARY KEY (territory_id, commune_code)
);

CREATE TABLE structures (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    typology TEXT NOT NULL,
    siret TEXT,
    rna TEXT,
    commune_code TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    territory_id INTEGER REFERENCES territories(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX structures_territory ON structures (territory_id);
CREATE UNIQUE INDEX territories_coordinator ON territories (coordinator_structure_id);
CREATE INDEX structures_name_key ON structures (name_key);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'coordination', 'mediation', 'accueil', 'partenaire')),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, structure_id)
);
CREATE INDEX memberships_structure ON memberships (structure_id);

CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX one_time_tokens_user ON one_time_tokens (user_id);

CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE settings;
DROP TABLE sessions;
DROP TABLE login_throttle;
DROP TABLE one_time_tokens;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE structures;
DROP TABLE territory_communes;
DROP TABLE territories;
