-- +goose Up
-- Pass numérique: carnets bought by a funder structure, allocated to a
-- distributor structure, handed to one of its persons with the eligibility
-- criteria recorded; each pass is redeemed once at a qualified place.
CREATE TABLE pass_carnets (
    id INTEGER PRIMARY KEY,
    funder_structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    identifier TEXT NOT NULL UNIQUE,
    pass_count INTEGER NOT NULL CHECK (pass_count IN (5, 10)),
    value_cents INTEGER NOT NULL,
    valid_until TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('import', 'saisie')),
    distributor_structure_id INTEGER REFERENCES structures(id) ON DELETE SET NULL,
    allocated_at TIMESTAMP,
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    criteria TEXT NOT NULL DEFAULT '',
    distributed_at TIMESTAMP,
    distributed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX pass_carnets_funder ON pass_carnets (funder_structure_id, id);
CREATE INDEX pass_carnets_distributor ON pass_carnets (distributor_structure_id, id);

CREATE TABLE passes (
    id INTEGER PRIMARY KEY,
    carnet_id INTEGER NOT NULL REFERENCES pass_carnets(id) ON DELETE CASCADE,
    number TEXT NOT NULL UNIQUE,
    redeemed_at TIMESTAMP,
    place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    place_structure_id INTEGER REFERENCES structures(id) ON DELETE SET NULL,
    place_name TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL DEFAULT '',
    redeemed_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX passes_carnet ON passes (carnet_id);
CREATE INDEX passes_place ON passes (place_structure_id, redeemed_at);

-- +goose Down
DROP TABLE passes;
DROP TABLE pass_carnets;
