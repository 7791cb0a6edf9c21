-- +goose Up
-- Place files uploaded from the web, kept between the check and the
-- confirmation; the content is dropped once imported or abandoned.
CREATE TABLE place_uploads (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER NOT NULL,
    owner_structure_id INTEGER REFERENCES structures(id) ON DELETE CASCADE,
    content BLOB NOT NULL,
    report TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('verifie', 'importe', 'abandonne')),
    created_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP
);
CREATE INDEX place_uploads_structure ON place_uploads (structure_id, id);
CREATE INDEX place_uploads_waiting ON place_uploads (status, created_at);
-- Exported ids are source_id: the open-data API checks a page's ids for clashes.
CREATE INDEX places_source_id ON places (source_id);

-- +goose Down
DROP INDEX places_source_id;
DROP TABLE place_uploads;
