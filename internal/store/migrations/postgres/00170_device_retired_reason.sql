-- +goose Up
-- Why a retired device left service: out of service (it may be repaired),
-- sold or recycled; '' while it is in service.
ALTER TABLE devices ADD COLUMN retired_reason TEXT NOT NULL DEFAULT '';
UPDATE devices SET retired_reason = 'hors_service' WHERE status = 'reforme';

-- +goose Down
ALTER TABLE devices DROP COLUMN retired_reason;
