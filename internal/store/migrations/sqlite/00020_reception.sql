-- +goose Up
-- Welcome, orient, follow: persons and their consents, first
-- evaluations, tracked referrals, activity reports, and the journal.
CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('suivie', 'anonyme')),
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    name_key TEXT NOT NULL DEFAULT '',
    dup_key TEXT NOT NULL DEFAULT '',
    birth_year INTEGER,
    gender TEXT NOT NULL DEFAULT 'non_communique',
    commune_code TEXT NOT NULL DEFAULT '',
    social_status TEXT NOT NULL DEFAULT 'non_communique',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    needs TEXT NOT NULL DEFAULT '',
    follow_status TEXT NOT NULL DEFAULT 'en_attente' CHECK (follow_status IN ('en_attente', 'en_cours', 'autonome', 'perdu_de_vue')),
    waiting_since TIMESTAMP,
    deadline TEXT NOT NULL DEFAULT '',
    merged_into INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    deleted_at TIMESTAMP,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- Current persons by name: lists, counts and name searches read this index alone.
CREATE INDEX persons_name ON persons (structure_id, name_key, id) WHERE deleted_at IS NULL AND merged_into IS NULL;
CREATE INDEX persons_dup ON persons (structure_id, dup_key);
CREATE INDEX persons_status ON persons (structure_id, follow_status, name_key, id) WHERE deleted_at IS NULL AND merged_into IS NULL;

-- The words of each current person's names (search keys), for word-prefix
-- searches by index range; compared byte by byte.
CREATE TABLE person_words (
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    word TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    PRIMARY KEY (structure_id, word, person_id)
) WITHOUT ROWID;
CREATE INDEX person_words_person ON person_words (person_id, word);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    version TEXT NOT NULL,
    wording TEXT NOT NULL,
    given_at TIMESTAMP NOT NULL,
    collected_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    withdrawn_at TIMESTAMP,
    withdrawn_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX consents_person ON consents (person_id);

CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    themes TEXT NOT NULL DEFAULT '',
    demarches TEXT NOT NULL DEFAULT '',
    deadline TEXT NOT NULL DEFAULT '',
    equipment TEXT NOT NULL DEFAULT '',
    answers TEXT NOT NULL,
    questions_version TEXT NOT NULL,
    score INTEGER NOT NULL,
    profile TEXT NOT NULL,
    next_step TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX evaluations_person ON evaluations (person_id, created_at);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    sender_structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    receiver_structure_id INTEGER REFERENCES structures(id) ON DELETE CASCADE,
    receiver_place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    receiver_name TEXT NOT NULL,
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    evaluation_id INTEGER REFERENCES evaluations(id) ON DELETE SET NULL,
    consent_id INTEGER REFERENCES consents(id) ON DELETE SET NULL,
    person_name TEXT NOT NULL,
    contact_method TEXT NOT NULL,
    contact_value TEXT NOT NULL DEFAULT '',
    service TEXT NOT NULL,
    available_from TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    informed BOOLEAN NOT NULL,
    state TEXT NOT NULL DEFAULT 'ouverte' CHECK (state IN ('ouverte', 'validee', 'refusee', 'expiree')),
    refusal_reasons TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    link_expires_at TIMESTAMP,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    reminded_at TIMESTAMP,
    closed_at TIMESTAMP,
    decided_by INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX referrals_sender ON referrals (sender_structure_id, created_at);
CREATE INDEX referrals_receiver ON referrals (receiver_structure_id, created_at);
CREATE INDEX referrals_open ON referrals (state, created_at);
CREATE INDEX referrals_person ON referrals (person_id);

CREATE TABLE referral_events (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    who TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, id);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    author_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    type TEXT NOT NULL CHECK (type IN ('individuel', 'collectif')),
    date TEXT NOT NULL,
    duree INTEGER NOT NULL,
    canal TEXT NOT NULL,
    place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    place_name TEXT NOT NULL DEFAULT '',
    commune_code TEXT NOT NULL DEFAULT '',
    materiel TEXT NOT NULL DEFAULT '',
    thematiques TEXT NOT NULL,
    demarches TEXT NOT NULL DEFAULT '',
    precisions TEXT NOT NULL DEFAULT '',
    autonomie TEXT NOT NULL DEFAULT '',
    oriente BOOLEAN NOT NULL DEFAULT FALSE,
    orientation_vers TEXT NOT NULL DEFAULT '',
    titre TEXT NOT NULL DEFAULT '',
    niveau TEXT NOT NULL DEFAULT '',
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    first_time BOOLEAN NOT NULL DEFAULT FALSE,
    anon_gender TEXT NOT NULL DEFAULT '',
    anon_age_band TEXT NOT NULL DEFAULT '',
    anon_status TEXT NOT NULL DEFAULT '',
    anon_commune TEXT NOT NULL DEFAULT '',
    anon_total INTEGER NOT NULL DEFAULT 0,
    anon_returning INTEGER NOT NULL DEFAULT 0,
    anon_counts TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX activities_structure ON activities (structure_id, date, id);
CREATE INDEX activities_author ON activities (author_id, id);
CREATE INDEX activities_person ON activities (person_id);

CREATE TABLE activity_participants (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    first_time BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (activity_id, person_id)
);
CREATE INDEX activity_participants_person ON activity_participants (person_id);

-- Append-only: the store has no statement that updates or deletes a row here.
CREATE TABLE journal (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    actor_structure_id INTEGER,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    who TEXT NOT NULL,
    person_id INTEGER,
    action TEXT NOT NULL,
    what TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX journal_structure ON journal (structure_id, id);
CREATE INDEX journal_person ON journal (person_id, id);
-- And the database refuses it too.
-- +goose StatementBegin
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'journal is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'journal is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER journal_no_delete;
DROP TRIGGER journal_no_update;
DROP TABLE journal;
DROP TABLE activity_participants;
DROP TABLE activities;
DROP TABLE referral_events;
DROP TABLE referrals;
DROP TABLE evaluations;
DROP TABLE consents;
DROP TABLE person_words;
DROP TABLE persons;
