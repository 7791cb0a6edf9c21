-- +goose Up
-- Pre-aggregated activity figures: what the dashboard, the bilans and the
-- public statistics add up, per structure, month (or day), conseiller and
-- commune, one row a (dimension, value) with its count. A write to the
-- activities, their participants or a person's gender, social status or
-- birth year marks the (structure, month) it touches in
-- activity_figures_dirty, in the writer's transaction (the triggers below);
-- a reader rebuilds the marked months from the activities before it adds
-- the aggregates up, so they always equal the direct count.
CREATE TABLE activity_figures_month (
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    author_id INTEGER NOT NULL,
    commune_code TEXT NOT NULL,
    dim TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (structure_id, author_id, commune_code, month, dim, value)
);
CREATE TABLE activity_figures_day (
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    author_id INTEGER NOT NULL,
    commune_code TEXT NOT NULL,
    dim TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (structure_id, author_id, commune_code, day, dim, value)
);
-- The followed persons' individual sessions, for the autonomy they reach
-- over successive sessions: read without scanning the anonymous ones.
CREATE INDEX activities_followed ON activities (structure_id, date, person_id) WHERE person_id IS NOT NULL AND type = 'individuel';
-- No foreign key: a structure's deletion deletes its activities, whose
-- triggers mark its months while the structure goes.
CREATE TABLE activity_figures_dirty (
    structure_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (structure_id, month)
);
-- The existing activities: every month is built on the first read.
INSERT INTO activity_figures_dirty (structure_id, month)
SELECT DISTINCT structure_id, SUBSTR(date, 1, 7) FROM activities WHERE TRUE
ON CONFLICT (structure_id, month) DO NOTHING;

-- +goose StatementBegin
CREATE TRIGGER activities_figures_insert AFTER INSERT ON activities
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month) VALUES (NEW.structure_id, SUBSTR(NEW.date, 1, 7))
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activities_figures_update AFTER UPDATE ON activities
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month) VALUES (OLD.structure_id, SUBSTR(OLD.date, 1, 7))
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
    INSERT INTO activity_figures_dirty (structure_id, month) VALUES (NEW.structure_id, SUBSTR(NEW.date, 1, 7))
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activities_figures_delete AFTER DELETE ON activities
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month) VALUES (OLD.structure_id, SUBSTR(OLD.date, 1, 7))
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activity_participants_figures_insert AFTER INSERT ON activity_participants
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month)
    SELECT structure_id, SUBSTR(date, 1, 7) FROM activities WHERE id = NEW.activity_id
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activity_participants_figures_update AFTER UPDATE ON activity_participants
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month)
    SELECT structure_id, SUBSTR(date, 1, 7) FROM activities WHERE id IN (OLD.activity_id, NEW.activity_id)
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER activity_participants_figures_delete AFTER DELETE ON activity_participants
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month)
    SELECT structure_id, SUBSTR(date, 1, 7) FROM activities WHERE id = OLD.activity_id
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER persons_figures_update AFTER UPDATE OF gender, social_status, birth_year ON persons
WHEN OLD.gender IS NOT NEW.gender OR OLD.social_status IS NOT NEW.social_status OR OLD.birth_year IS NOT NEW.birth_year
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month)
    SELECT s, m FROM (SELECT structure_id AS s, SUBSTR(date, 1, 7) AS m FROM activities WHERE person_id = NEW.id
        UNION SELECT a.structure_id, SUBSTR(a.date, 1, 7) FROM activity_participants ap JOIN activities a ON a.id = ap.activity_id WHERE ap.person_id = NEW.id) WHERE TRUE
    ON CONFLICT (structure_id, month) DO UPDATE SET version = version + 1;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER persons_figures_update;
DROP TRIGGER activity_participants_figures_delete;
DROP TRIGGER activity_participants_figures_update;
DROP TRIGGER activity_participants_figures_insert;
DROP TRIGGER activities_figures_delete;
DROP TRIGGER activities_figures_update;
DROP TRIGGER activities_figures_insert;
DROP TABLE activity_figures_dirty;
DROP INDEX activities_followed;
DROP TABLE activity_figures_day;
DROP TABLE activity_figures_month;
