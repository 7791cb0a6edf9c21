-- +goose Up
-- A place's own texts (presentation_resume, presentation_detail) put into a
-- resident language by a translator of the structure that owns the place.
-- A translation is "à relire" until another translator of the structure
-- marks it "relue" (reviewed_at); changing its text makes it "à relire"
-- again. French is the original and is never stored here.
CREATE TABLE place_translators (
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    granted_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (structure_id, user_id)
);

CREATE TABLE place_translations (
    place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    lang TEXT NOT NULL CHECK (lang IN ('fr-x-falc', 'ar', 'en', 'es', 'ru', 'ps', 'fa', 'uk', 'ca', 'ka', 'ro')),
    summary TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    translated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    translated_at TIMESTAMP NOT NULL,
    reviewed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reviewed_at TIMESTAMP,
    PRIMARY KEY (place_id, lang)
);

-- +goose Down
DROP TABLE place_translations;
DROP TABLE place_translators;
