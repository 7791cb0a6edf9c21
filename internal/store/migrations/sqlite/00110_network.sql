-- +goose Up
-- A staff member's agreement to appear in the directory of the territory's
-- actors, for one of their structures, with what they chose to show.
CREATE TABLE directory_listings (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    job_function TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    show_email BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, structure_id)
);
CREATE INDEX directory_listings_structure ON directory_listings (structure_id);

-- +goose Down
DROP TABLE directory_listings;
