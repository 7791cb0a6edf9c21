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

-- The network's news, posted by the coordination of a territory.
CREATE TABLE network_news (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    author TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX network_news_territory ON network_news (territory_id, created_at);

-- The monthly letters: a draft the coordinator reviews, then sent and kept
-- in the public archive; sections hold the composed content as JSON.
CREATE TABLE newsletter_issues (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    intro TEXT NOT NULL,
    sections TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('brouillon', 'envoyee')),
    recipients INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX newsletter_issues_territory ON newsletter_issues (territory_id, status, sent_at);

-- Who receives a territory's letters; the token is in each letter's
-- one-click unsubscribe link.
CREATE TABLE newsletter_subscribers (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    unsubscribed_at TIMESTAMP,
    UNIQUE (territory_id, email)
);

-- +goose Down
DROP TABLE newsletter_subscribers;
DROP TABLE newsletter_issues;
DROP TABLE network_news;
DROP TABLE directory_listings;
