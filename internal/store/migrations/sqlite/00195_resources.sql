-- +goose Up
-- The library of teaching resources the structures of a territory share: a
-- file (kept in resource_files, its type sniffed from its bytes) or a link,
-- with La Coop's themes, a level, audiences and a licence; the structure
-- that wrote it owns it. search_key is the title and summary without case
-- nor accents. A workshop lists the resources it uses as its material.
CREATE TABLE resources (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    themes TEXT NOT NULL DEFAULT '',
    level TEXT NOT NULL DEFAULT '' CHECK (level IN ('', 'debutant', 'intermediaire', 'avance')),
    audiences TEXT NOT NULL DEFAULT '',
    licence TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    file_type TEXT NOT NULL DEFAULT '',
    file_size INTEGER NOT NULL DEFAULT 0,
    search_key TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX resources_structure ON resources (structure_id);

CREATE TABLE resource_files (
    resource_id INTEGER PRIMARY KEY REFERENCES resources(id) ON DELETE CASCADE,
    content BLOB NOT NULL
);

CREATE TABLE workshop_resources (
    workshop_id INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (workshop_id, resource_id)
);
CREATE INDEX workshop_resources_resource ON workshop_resources (resource_id);

-- +goose Down
DROP TABLE workshop_resources;
DROP TABLE resource_files;
DROP TABLE resources;
