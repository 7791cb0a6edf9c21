-- +goose Up
-- The network meetings a territory's coordination keeps: when and where,
-- the agenda, the minutes; sequence rises when the time or the place
-- changes, so that the invitations' calendars update.
CREATE TABLE network_meetings (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    location TEXT NOT NULL DEFAULT '',
    agenda TEXT NOT NULL DEFAULT '',
    animation_type TEXT NOT NULL,
    minutes TEXT NOT NULL DEFAULT '',
    sequence INTEGER NOT NULL DEFAULT 0,
    attendance_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX network_meetings_territory ON network_meetings (territory_id, starts_at);

-- Who is invited: a whole structure (user_id 0) or a listed staff member
-- of a structure; the attendance is recorded on the invitation, and
-- sent_sequence is the meeting's sequence last sent by e-mail.
CREATE TABLE network_meeting_invitations (
    meeting_id INTEGER NOT NULL REFERENCES network_meetings(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL DEFAULT 0,
    people INTEGER NOT NULL DEFAULT 0,
    present BOOLEAN NOT NULL DEFAULT FALSE,
    sent_sequence INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (meeting_id, structure_id, user_id)
);
CREATE INDEX network_meeting_invitations_structure ON network_meeting_invitations (structure_id);

-- The decisions of a meeting: what, which structure carries it, by when.
CREATE TABLE network_meeting_decisions (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES network_meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    structure_id INTEGER REFERENCES structures(id) ON DELETE SET NULL,
    due TEXT NOT NULL DEFAULT ''
);
CREATE INDEX network_meeting_decisions_meeting ON network_meeting_decisions (meeting_id, position);

-- +goose Down
DROP TABLE network_meeting_decisions;
DROP TABLE network_meeting_invitations;
DROP TABLE network_meetings;
