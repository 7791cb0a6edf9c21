-- +goose Up
-- Equipment of a structure: its devices, loans to its persons or to partner
-- structures (one open loan per device), the criteria of its distribution
-- and the requests with the committee's decision and the handover.
CREATE TABLE devices (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('telephone', 'tablette', 'ordinateur', 'box_sim')),
    model TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL CHECK (origin IN ('don', 'achat', 'reconditionneur')),
    origin_detail TEXT NOT NULL DEFAULT '',
    serial TEXT NOT NULL DEFAULT '',
    imei TEXT NOT NULL DEFAULT '',
    condition TEXT NOT NULL,
    grade TEXT NOT NULL DEFAULT '',
    accessories TEXT NOT NULL DEFAULT '',
    location TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('disponible', 'prete', 'reserve', 'donne', 'reforme')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX devices_structure ON devices (structure_id, status, id);

CREATE TABLE device_loans (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    device_id INTEGER NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    partner_structure_id INTEGER REFERENCES structures(id) ON DELETE SET NULL,
    starts_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    deposit_cents INTEGER NOT NULL DEFAULT 0,
    agreement_signed_at TIMESTAMP,
    returned_on TEXT,
    return_condition TEXT NOT NULL DEFAULT '',
    return_note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX device_loans_open ON device_loans (device_id) WHERE returned_on IS NULL;
CREATE INDEX device_loans_structure ON device_loans (structure_id, due_on);

CREATE TABLE equipment_criteria (
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    points INTEGER NOT NULL,
    enabled BOOLEAN NOT NULL,
    param INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL,
    PRIMARY KEY (structure_id, code)
);

CREATE TABLE equipment_requests (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    no_device BOOLEAN NOT NULL,
    minimum_benefits BOOLEAN NOT NULL,
    household_size INTEGER NOT NULL DEFAULT 0,
    requested_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('attente', 'attribuee', 'refusee', 'remise')),
    device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL,
    decision TEXT NOT NULL DEFAULT '',
    decided_at TIMESTAMP,
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    rank_at_decision INTEGER NOT NULL DEFAULT 0,
    explanation TEXT NOT NULL DEFAULT '',
    handed_over_at TIMESTAMP
);
CREATE INDEX equipment_requests_structure ON equipment_requests (structure_id, status, requested_at);

-- +goose Down
DROP TABLE equipment_requests;
DROP TABLE equipment_criteria;
DROP TABLE device_loans;
DROP TABLE devices;
