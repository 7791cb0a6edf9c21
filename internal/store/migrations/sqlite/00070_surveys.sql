-- +goose Up
-- Questionnaires of a local diagnostic (analyse des besoins sociaux): their
-- versions (a published version is frozen; its definition is JSON), the
-- answers (each keeps its version; paper questionnaires may be typed twice),
-- the imports with their row-by-row report, and the dated national
-- benchmarks each structure reads its figures against.
CREATE TABLE questionnaires (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    public_token TEXT NOT NULL UNIQUE,
    open BOOLEAN NOT NULL DEFAULT FALSE,
    double_entry BOOLEAN NOT NULL DEFAULT FALSE,
    settings TEXT NOT NULL DEFAULT '{}',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX questionnaires_structure ON questionnaires (structure_id, id);
CREATE INDEX questionnaires_updated ON questionnaires (structure_id, updated_at, id);

CREATE TABLE questionnaire_versions (
    id INTEGER PRIMARY KEY,
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    definition TEXT NOT NULL,
    published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (questionnaire_id, number)
);

CREATE TABLE survey_responses (
    id INTEGER PRIMARY KEY,
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    version_id INTEGER NOT NULL REFERENCES questionnaire_versions(id),
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('en_ligne', 'papier', 'limesurvey', 'kobotoolbox', 'api')),
    status TEXT NOT NULL CHECK (status IN ('en_cours', 'complete', 'a_verifier', 'desaccord', 'controle')),
    answers TEXT NOT NULL,
    resume_hash TEXT UNIQUE,
    external_id TEXT,
    entry INTEGER NOT NULL DEFAULT 0 CHECK (entry BETWEEN 0 AND 2),
    consent_wording TEXT NOT NULL DEFAULT '',
    consented_at TIMESTAMP,
    entered_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    entry_seconds INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    submitted_at TIMESTAMP
);
CREATE INDEX survey_responses_questionnaire ON survey_responses (questionnaire_id, status, id);
CREATE INDEX survey_responses_updated ON survey_responses (questionnaire_id, updated_at, id);
-- An imported row, or a paper questionnaire's first and second entries, once each.
CREATE UNIQUE INDEX survey_responses_external ON survey_responses (questionnaire_id, channel, external_id, entry) WHERE external_id IS NOT NULL;

CREATE TABLE survey_imports (
    id INTEGER PRIMARY KEY,
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    format TEXT NOT NULL CHECK (format IN ('limesurvey', 'kobotoolbox')),
    file_name TEXT NOT NULL DEFAULT '',
    rows_read INTEGER NOT NULL,
    imported INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    report TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX survey_imports_questionnaire ON survey_imports (questionnaire_id, id);

CREATE TABLE survey_benchmarks (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    indicator TEXT NOT NULL,
    value REAL NOT NULL CHECK (value >= 0 AND value <= 1),
    source TEXT NOT NULL,
    publication TEXT NOT NULL,
    fieldwork_year INTEGER NOT NULL,
    population TEXT NOT NULL,
    age_min INTEGER NOT NULL DEFAULT 0,
    age_max INTEGER NOT NULL DEFAULT 0,
    wording TEXT NOT NULL DEFAULT '',
    breakdown TEXT NOT NULL,
    question_key TEXT NOT NULL DEFAULT '',
    choice_values TEXT NOT NULL DEFAULT '',
    subgroup_role TEXT NOT NULL DEFAULT '',
    subgroup_values TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX survey_benchmarks_structure ON survey_benchmarks (structure_id, id);

-- +goose Down
DROP TABLE survey_benchmarks;
DROP TABLE survey_imports;
DROP TABLE survey_responses;
DROP TABLE questionnaire_versions;
DROP TABLE questionnaires;
