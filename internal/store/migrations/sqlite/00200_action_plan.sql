-- +goose Up
-- The territory's action plan drawn from the diagnostic: proposals, the
-- actions each became with a lead structure and co-leads, their status,
-- indicators (target and current value) and interim reviews.
CREATE TABLE plan_proposals (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    questionnaire_id INTEGER REFERENCES questionnaires(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_proposals_territory ON plan_proposals (territory_id);

CREATE TABLE plan_actions (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    proposal_id INTEGER NOT NULL REFERENCES plan_proposals(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    lead_structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('a_lancer', 'en_cours', 'realisee', 'abandonnee')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_actions_territory ON plan_actions (territory_id, status);
CREATE INDEX plan_actions_proposal ON plan_actions (proposal_id);
CREATE INDEX plan_actions_lead ON plan_actions (lead_structure_id);

CREATE TABLE plan_action_coleads (
    action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    PRIMARY KEY (action_id, structure_id)
);
CREATE INDEX plan_action_coleads_structure ON plan_action_coleads (structure_id);

CREATE TABLE plan_indicators (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    target INTEGER NOT NULL CHECK (target >= 0),
    current_value INTEGER NOT NULL DEFAULT 0 CHECK (current_value >= 0),
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_indicators_action ON plan_indicators (action_id);

-- An interim review: its day, what it says, and the status it moved the
-- action from and to (the same when it did not change it).
CREATE TABLE plan_reviews (
    id INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
    reviewed_on TEXT NOT NULL,
    body TEXT NOT NULL,
    status_before TEXT NOT NULL,
    status_after TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_reviews_action ON plan_reviews (action_id, reviewed_on);

-- +goose Down
DROP TABLE plan_reviews;
DROP TABLE plan_indicators;
DROP TABLE plan_action_coleads;
DROP TABLE plan_actions;
DROP TABLE plan_proposals;
