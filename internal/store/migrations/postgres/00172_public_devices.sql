-- +goose Up
-- A device at the public's disposal in one of the structure's places, booked
-- as slots through the agenda: a motive names the device, an appointment on
-- it holds the device (its blocks are keyed by the negated device id, so a
-- device is never booked twice at once) rather than the staff member.
ALTER TABLE devices ADD COLUMN public_place_id INTEGER REFERENCES places(id) ON DELETE SET NULL;
ALTER TABLE agenda_motives ADD COLUMN device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL;
ALTER TABLE appointments ADD COLUMN device_id INTEGER REFERENCES devices(id) ON DELETE SET NULL;
CREATE INDEX appointments_device ON appointments (device_id, start_at);

-- +goose Down
DROP INDEX appointments_device;
ALTER TABLE appointments DROP COLUMN device_id;
ALTER TABLE agenda_motives DROP COLUMN device_id;
ALTER TABLE devices DROP COLUMN public_place_id;
