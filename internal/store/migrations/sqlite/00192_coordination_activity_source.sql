-- +goose Up
-- A coordination activity recorded by another capability (a network
-- meeting's attendance) names its source, so that it is recorded once and
-- then updated.
ALTER TABLE coordination_activities ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX coordination_activities_source ON coordination_activities (structure_id, source) WHERE source <> '';

-- +goose Down
DROP INDEX coordination_activities_source;
ALTER TABLE coordination_activities DROP COLUMN source;
