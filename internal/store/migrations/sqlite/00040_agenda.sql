-- +goose Up
-- Agenda: motives, permanences on the structure's sites, staff
-- absences and appointments. appointment_blocks holds one row per 5 minutes
-- of each active appointment and staff member: its primary key makes a
-- double booking impossible, whatever the number of processes.
CREATE TABLE agenda_motives (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    duration INTEGER NOT NULL CHECK (duration > 0 AND duration % 5 = 0),
    location TEXT NOT NULL CHECK (location IN ('sur_place', 'domicile', 'telephone', 'visio')),
    bookable_by TEXT NOT NULL CHECK (bookable_by IN ('agents', 'partenaires', 'tous')),
    min_delay_hours INTEGER NOT NULL DEFAULT 0,
    max_delay_days INTEGER NOT NULL DEFAULT 60,
    instructions_before TEXT NOT NULL DEFAULT '',
    instructions_after TEXT NOT NULL DEFAULT '',
    discreet BOOLEAN NOT NULL DEFAULT FALSE,
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agenda_motives_structure ON agenda_motives (structure_id, archived);
CREATE INDEX agenda_motives_online ON agenda_motives (bookable_by, archived);

CREATE TABLE permanences (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    place_id INTEGER NOT NULL REFERENCES places(id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),
    end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),
    every_weeks INTEGER NOT NULL DEFAULT 1 CHECK (every_weeks BETWEEN 1 AND 8),
    from_date TEXT NOT NULL,
    until_date TEXT NOT NULL DEFAULT '',
    skip_holidays BOOLEAN NOT NULL DEFAULT TRUE,
    mode TEXT NOT NULL CHECK (mode IN ('rdv', 'sans_rdv', 'mixte')),
    note TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX permanences_structure ON permanences (structure_id, place_id);
CREATE INDEX permanences_place ON permanences (place_id);

CREATE TABLE permanence_staff (
    permanence_id INTEGER NOT NULL REFERENCES permanences(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (permanence_id, user_id)
);
CREATE INDEX permanence_staff_user ON permanence_staff (user_id);

CREATE TABLE permanence_motives (
    permanence_id INTEGER NOT NULL REFERENCES permanences(id) ON DELETE CASCADE,
    motive_id INTEGER NOT NULL REFERENCES agenda_motives(id) ON DELETE CASCADE,
    PRIMARY KEY (permanence_id, motive_id)
);
CREATE INDEX permanence_motives_motive ON permanence_motives (motive_id);

CREATE TABLE permanence_cancellations (
    permanence_id INTEGER NOT NULL REFERENCES permanences(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (permanence_id, date)
);

CREATE TABLE staff_absences (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_absences_user ON staff_absences (user_id, end_at);
CREATE INDEX staff_absences_structure ON staff_absences (structure_id, end_at);

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    permanence_id INTEGER REFERENCES permanences(id) ON DELETE SET NULL,
    motive_id INTEGER REFERENCES agenda_motives(id) ON DELETE SET NULL,
    motive_name TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT 'sur_place',
    staff_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL DEFAULT 'a_renseigner' CHECK (status IN ('a_renseigner', 'present', 'excuse', 'annule_service', 'absent')),
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    need TEXT NOT NULL DEFAULT '',
    consent_wording TEXT NOT NULL DEFAULT '',
    booked_via TEXT NOT NULL CHECK (booked_via IN ('agent', 'partenaire', 'en_ligne', 'api')),
    booked_by_user INTEGER REFERENCES users(id) ON DELETE SET NULL,
    booked_by_structure INTEGER REFERENCES structures(id) ON DELETE SET NULL,
    referral_id INTEGER REFERENCES referrals(id) ON DELETE SET NULL,
    cancel_reason TEXT NOT NULL DEFAULT '',
    cancelled_at TIMESTAMP,
    reminded_at TIMESTAMP,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX appointments_structure ON appointments (structure_id, start_at);
CREATE INDEX appointments_staff ON appointments (staff_id, start_at);
CREATE INDEX appointments_booker ON appointments (booked_by_structure, start_at);
CREATE INDEX appointments_remind ON appointments (status, start_at);

CREATE TABLE appointment_blocks (
    staff_id INTEGER NOT NULL,
    block INTEGER NOT NULL, -- Unix time / 300: one row per 5 minutes held
    appointment_id INTEGER NOT NULL REFERENCES appointments(id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, block)
);
CREATE INDEX appointment_blocks_appointment ON appointment_blocks (appointment_id);

-- +goose Down
DROP TABLE appointment_blocks;
DROP TABLE appointments;
DROP TABLE staff_absences;
DROP TABLE permanence_cancellations;
DROP TABLE permanence_motives;
DROP TABLE permanence_staff;
DROP TABLE permanences;
DROP TABLE agenda_motives;
