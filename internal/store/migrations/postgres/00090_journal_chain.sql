-- +goose Up
-- The journal is a hash chain: each entry carries its place in the chain
-- (seq, without gaps), the hash of the previous entry and its own hash
-- (SHA-256 over a canonical encoding, see journal.Hash). journal_chain holds
-- the head (the last entry appended, so that a removed tail is seen) and the
-- anchor left by retention (the last entry purged, where verification starts).
-- Entries written before the chain existed are sealed by the application at
-- start-up, in id order.
ALTER TABLE journal ADD COLUMN seq BIGINT;
ALTER TABLE journal ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX journal_seq ON journal (seq);
CREATE INDEX journal_at ON journal (at);
CREATE TABLE journal_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    purged_seq BIGINT NOT NULL,
    purged_hash TEXT NOT NULL
);
INSERT INTO journal_chain (id, last_seq, last_hash, purged_seq, purged_hash) VALUES (1, 0, '', 0, '');
-- The database still refuses every change but two: sealing an entry written
-- before the chain (its content unchanged), and removing entries that
-- retention has already put behind the anchor.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.seq IS NOT NULL
        AND OLD.seq <= (SELECT purged_seq FROM journal_chain WHERE id = 1) THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.id = OLD.id AND NEW.structure_id = OLD.structure_id
        AND NEW.actor_structure_id IS NOT DISTINCT FROM OLD.actor_structure_id
        AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id AND NEW.who = OLD.who
        AND NEW.person_id IS NOT DISTINCT FROM OLD.person_id AND NEW.action = OLD.action
        AND NEW.what = OLD.what AND NEW.at = OLD.at THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'journal is append-only';
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'journal is append-only';
END;
$$;
-- +goose StatementEnd
DROP TABLE journal_chain;
DROP INDEX journal_at;
DROP INDEX journal_seq;
ALTER TABLE journal DROP COLUMN hash;
ALTER TABLE journal DROP COLUMN prev_hash;
ALTER TABLE journal DROP COLUMN seq;
