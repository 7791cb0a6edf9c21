-- +goose Up
-- The journal is a hash chain: each entry carries its place in the chain
-- (seq, without gaps), the hash of the previous entry and its own hash
-- (SHA-256 over a canonical encoding, see journal.Hash). journal_chain holds
-- the head (the last entry appended, so that a removed tail is seen) and the
-- anchor left by retention (the last entry purged, where verification starts).
-- Entries written before the chain existed are sealed by the application at
-- start-up, in id order.
ALTER TABLE journal ADD COLUMN seq INTEGER;
ALTER TABLE journal ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE journal ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX journal_seq ON journal (seq);
CREATE INDEX journal_at ON journal (at);
CREATE TABLE journal_chain (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    purged_seq INTEGER NOT NULL,
    purged_hash TEXT NOT NULL
);
INSERT INTO journal_chain (id, last_seq, last_hash, purged_seq, purged_hash) VALUES (1, 0, '', 0, '');
-- The database still refuses every change but two: sealing an entry written
-- before the chain (its content unchanged), and removing entries that
-- retention has already put behind the anchor.
DROP TRIGGER journal_no_update;
DROP TRIGGER journal_no_delete;
-- +goose StatementBegin
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
WHEN OLD.seq IS NOT NULL OR NEW.id IS NOT OLD.id OR NEW.structure_id IS NOT OLD.structure_id
    OR NEW.actor_structure_id IS NOT OLD.actor_structure_id OR NEW.user_id IS NOT OLD.user_id
    OR NEW.who IS NOT OLD.who OR NEW.person_id IS NOT OLD.person_id OR NEW.action IS NOT OLD.action
    OR NEW.what IS NOT OLD.what OR NEW.at IS NOT OLD.at
BEGIN
    SELECT RAISE(ABORT, 'journal is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
WHEN OLD.seq IS NULL OR OLD.seq > (SELECT purged_seq FROM journal_chain WHERE id = 1)
BEGIN
    SELECT RAISE(ABORT, 'journal is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER journal_no_update;
DROP TRIGGER journal_no_delete;
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
DROP TABLE journal_chain;
DROP INDEX journal_at;
DROP INDEX journal_seq;
ALTER TABLE journal DROP COLUMN hash;
ALTER TABLE journal DROP COLUMN prev_hash;
ALTER TABLE journal DROP COLUMN seq;
