-- +goose Up
-- The training record of professionals: the courses a structure records
-- (title, length, provider, certificate) and who completed which, when. A
-- course of kind 'aidant' is the training that mandates require.
CREATE TABLE training_courses (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('generale', 'aidant')),
    minutes INTEGER NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    certificate TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX training_courses_structure ON training_courses (structure_id, id);

CREATE TABLE training_completions (
    id INTEGER PRIMARY KEY,
    course_id INTEGER NOT NULL REFERENCES training_courses(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    completed_on TEXT NOT NULL,
    certificate_ref TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX training_completions_once ON training_completions (course_id, user_id);
CREATE INDEX training_completions_user ON training_completions (user_id, completed_on);

-- +goose Down
DROP TABLE training_completions;
DROP TABLE training_courses;
