-- +goose Up
-- Who came to a network meeting without an invitation: a structure of the
-- territory (how many people), a staff member listed in the directory
-- (user_id, with the structure it is listed for), or someone from outside
-- the territory's structures (structure_id NULL: a name and an
-- organisation typed, nothing more). They count in the attendance.
CREATE TABLE network_meeting_walk_ins (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES network_meetings(id) ON DELETE CASCADE,
    structure_id INTEGER REFERENCES structures(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL DEFAULT '',
    organization TEXT NOT NULL DEFAULT '',
    people INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX network_meeting_walk_ins_meeting ON network_meeting_walk_ins (meeting_id);

-- +goose Down
DROP TABLE network_meeting_walk_ins;
