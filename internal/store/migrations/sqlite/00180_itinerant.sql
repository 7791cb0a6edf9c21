-- +goose Up
-- Itinerant services: a structure's bus or conseiller that comes to the
-- residents, its stops (a place of the map or an address in a commune, a
-- weekday, times and a recurrence) and the dates a stop is cancelled. A stop
-- may name the agenda's permanence that takes appointments there.
CREATE TABLE itinerant_services (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX itinerant_services_structure ON itinerant_services (structure_id);

CREATE TABLE itinerant_stops (
    id INTEGER PRIMARY KEY,
    service_id INTEGER NOT NULL REFERENCES itinerant_services(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    place_id INTEGER REFERENCES places(id) ON DELETE SET NULL,
    address TEXT NOT NULL DEFAULT '',
    insee_code TEXT NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),
    end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1440),
    recurrence TEXT NOT NULL CHECK (recurrence IN ('hebdomadaire', 'quinzaine', 'mensuel')),
    nth INTEGER NOT NULL DEFAULT 0 CHECK (nth BETWEEN -1 AND 4),
    from_date TEXT NOT NULL,
    until_date TEXT NOT NULL DEFAULT '',
    skip_holidays BOOLEAN NOT NULL DEFAULT TRUE,
    permanence_id INTEGER REFERENCES permanences(id) ON DELETE SET NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX itinerant_stops_service ON itinerant_stops (service_id);
CREATE INDEX itinerant_stops_commune ON itinerant_stops (insee_code);
CREATE INDEX itinerant_stops_place ON itinerant_stops (place_id);

CREATE TABLE itinerant_cancellations (
    stop_id INTEGER NOT NULL REFERENCES itinerant_stops(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (stop_id, date)
);

-- +goose Down
DROP TABLE itinerant_cancellations;
DROP TABLE itinerant_stops;
DROP TABLE itinerant_services;
