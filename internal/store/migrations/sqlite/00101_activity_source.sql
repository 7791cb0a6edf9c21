-- +goose Up
-- An activity imported from another tool (La Coop's export) keeps the key of
-- its source row, so that importing the same file twice adds nothing.
ALTER TABLE activities ADD COLUMN source_key TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX activities_source ON activities (structure_id, source_key) WHERE source_key <> '';

-- +goose Down
DROP INDEX activities_source;
ALTER TABLE activities DROP COLUMN source_key;
