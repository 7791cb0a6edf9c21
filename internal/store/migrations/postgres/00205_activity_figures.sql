-- +goose Up
-- Pre-aggregated activity figures: what the dashboard, the bilans and the
-- public statistics add up, per structure, month (or day), conseiller and
-- commune, one row a (dimension, value) with its count. A write to the
-- activities, their participants or a person's gender, social status or
-- birth year marks the (structure, month) it touches in
-- activity_figures_dirty, in the writer's transaction (the statement
-- triggers below, one insert a statement however many rows it writes); a
-- reader rebuilds the marked months from the activities before it adds the
-- aggregates up, so they always equal the direct count. Each count is kept
-- for its conseiller and commune and also summed over all of them
-- (author_id -1, commune_code '*'), so that a read sums a few rows a month.
CREATE TABLE activity_figures_month (
    structure_id BIGINT NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    month TEXT NOT NULL,
    author_id BIGINT NOT NULL,
    commune_code TEXT NOT NULL,
    dim TEXT NOT NULL,
    value TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (structure_id, author_id, commune_code, month, dim, value)
);
CREATE TABLE activity_figures_day (
    structure_id BIGINT NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    author_id BIGINT NOT NULL,
    commune_code TEXT NOT NULL,
    dim TEXT NOT NULL,
    value TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (structure_id, author_id, commune_code, day, dim, value)
);
-- The followed persons' individual sessions, for the autonomy they reach
-- over successive sessions: read without scanning the anonymous ones.
CREATE INDEX activities_followed ON activities (structure_id, date, person_id) WHERE person_id IS NOT NULL AND type = 'individuel';
-- No foreign key: a structure's deletion deletes its activities, whose
-- triggers mark its months while the structure goes.
CREATE TABLE activity_figures_dirty (
    structure_id BIGINT NOT NULL,
    month TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (structure_id, month)
);
-- The existing activities: every month is built on the first read.
INSERT INTO activity_figures_dirty (structure_id, month)
SELECT DISTINCT structure_id, SUBSTR(date, 1, 7) FROM activities
ON CONFLICT (structure_id, month) DO NOTHING;

-- +goose StatementBegin
CREATE FUNCTION activity_figures_mark_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'activities' THEN
        INSERT INTO activity_figures_dirty (structure_id, month)
        SELECT DISTINCT structure_id, SUBSTR(date, 1, 7) FROM new_rows
        ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1;
    ELSE
        INSERT INTO activity_figures_dirty (structure_id, month)
        SELECT DISTINCT a.structure_id, SUBSTR(a.date, 1, 7) FROM new_rows n JOIN activities a ON a.id = n.activity_id
        ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION activity_figures_mark_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'activities' THEN
        INSERT INTO activity_figures_dirty (structure_id, month)
        SELECT DISTINCT structure_id, SUBSTR(date, 1, 7) FROM old_rows
        ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1;
    ELSE
        INSERT INTO activity_figures_dirty (structure_id, month)
        SELECT DISTINCT a.structure_id, SUBSTR(a.date, 1, 7) FROM old_rows o JOIN activities a ON a.id = o.activity_id
        ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION activity_figures_mark_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'activities' THEN
        INSERT INTO activity_figures_dirty (structure_id, month)
        SELECT structure_id, SUBSTR(date, 1, 7) FROM old_rows UNION SELECT structure_id, SUBSTR(date, 1, 7) FROM new_rows
        ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1;
    ELSE
        INSERT INTO activity_figures_dirty (structure_id, month)
        SELECT a.structure_id, SUBSTR(a.date, 1, 7) FROM old_rows o JOIN activities a ON a.id = o.activity_id
        UNION SELECT a.structure_id, SUBSTR(a.date, 1, 7) FROM new_rows n JOIN activities a ON a.id = n.activity_id
        ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION activity_figures_mark_persons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO activity_figures_dirty (structure_id, month)
    SELECT a.structure_id, SUBSTR(a.date, 1, 7) FROM old_rows o JOIN new_rows n ON n.id = o.id JOIN activities a ON a.person_id = n.id
        WHERE o.gender IS DISTINCT FROM n.gender OR o.social_status IS DISTINCT FROM n.social_status OR o.birth_year IS DISTINCT FROM n.birth_year
    UNION SELECT a.structure_id, SUBSTR(a.date, 1, 7) FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN activity_participants ap ON ap.person_id = n.id JOIN activities a ON a.id = ap.activity_id
        WHERE o.gender IS DISTINCT FROM n.gender OR o.social_status IS DISTINCT FROM n.social_status OR o.birth_year IS DISTINCT FROM n.birth_year
    ON CONFLICT (structure_id, month) DO UPDATE SET version = activity_figures_dirty.version + 1;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER activities_figures_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activity_figures_mark_new();
CREATE TRIGGER activities_figures_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activity_figures_mark_both();
CREATE TRIGGER activities_figures_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activity_figures_mark_old();
CREATE TRIGGER activity_participants_figures_insert AFTER INSERT ON activity_participants REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activity_figures_mark_new();
CREATE TRIGGER activity_participants_figures_update AFTER UPDATE ON activity_participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activity_figures_mark_both();
CREATE TRIGGER activity_participants_figures_delete AFTER DELETE ON activity_participants REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activity_figures_mark_old();
CREATE TRIGGER persons_figures_update AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activity_figures_mark_persons();

-- +goose Down
DROP TRIGGER persons_figures_update ON persons;
DROP TRIGGER activity_participants_figures_delete ON activity_participants;
DROP TRIGGER activity_participants_figures_update ON activity_participants;
DROP TRIGGER activity_participants_figures_insert ON activity_participants;
DROP TRIGGER activities_figures_delete ON activities;
DROP TRIGGER activities_figures_update ON activities;
DROP TRIGGER activities_figures_insert ON activities;
DROP FUNCTION activity_figures_mark_persons();
DROP FUNCTION activity_figures_mark_both();
DROP FUNCTION activity_figures_mark_old();
DROP FUNCTION activity_figures_mark_new();
DROP TABLE activity_figures_dirty;
DROP INDEX activities_followed;
DROP TABLE activity_figures_day;
DROP TABLE activity_figures_month;
