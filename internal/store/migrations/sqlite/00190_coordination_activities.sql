-- +goose Up
-- A coordinator's own activities for the network (animations, events,
-- partnerships) with La Coop de la médiation numérique's codes; lists of
-- codes are stored comma-separated.
CREATE TABLE coordination_activities (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    type TEXT NOT NULL CHECK (type IN ('animation', 'evenement', 'partenariat')),
    date TEXT NOT NULL,
    duree INTEGER NOT NULL,
    intitule TEXT NOT NULL,
    participants INTEGER NOT NULL DEFAULT 0,
    type_animation TEXT NOT NULL DEFAULT '',
    initiative TEXT NOT NULL DEFAULT '',
    thematiques_animation TEXT NOT NULL DEFAULT '',
    type_evenement TEXT NOT NULL DEFAULT '',
    organisateurs TEXT NOT NULL DEFAULT '',
    echelon TEXT NOT NULL DEFAULT '',
    natures_partenariat TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX coordination_activities_structure_date ON coordination_activities (structure_id, date);

-- +goose Down
DROP TABLE coordination_activities;
