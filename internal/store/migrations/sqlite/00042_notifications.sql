-- +goose Up
-- Messages to residents: the outbox, one row per message and
-- address with a unique idempotency key, the receipts of each attempt,
-- opt-outs, the leases that keep background work to one instance, and the
-- staff members' calendar feed tokens.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL,
    ics TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('a_envoyer', 'envoi', 'envoye', 'boite', 'echec', 'arret')),
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT NOT NULL DEFAULT '',
    claimed_until TIMESTAMP,
    appointment_id INTEGER REFERENCES appointments(id) ON DELETE SET NULL,
    registration_id INTEGER REFERENCES workshop_registrations(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
CREATE INDEX notifications_queue ON notifications (status, id);
CREATE INDEX notifications_structure ON notifications (structure_id, id);

CREATE TABLE notification_receipts (
    id INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    result TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    provider_id TEXT NOT NULL DEFAULT '',
    at TIMESTAMP NOT NULL
);
CREATE INDEX notification_receipts_notification ON notification_receipts (notification_id, id);

CREATE TABLE notification_optouts (
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    contact TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (structure_id, contact)
);

CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until_at TIMESTAMP NOT NULL
);

CREATE TABLE calendar_tokens (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, structure_id)
);

-- +goose Down
DROP TABLE calendar_tokens;
DROP TABLE job_leases;
DROP TABLE notification_optouts;
DROP TABLE notification_receipts;
DROP TABLE notifications;
