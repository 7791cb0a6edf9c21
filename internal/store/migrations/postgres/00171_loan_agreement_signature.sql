-- +goose Up
-- How the borrower signed the printed loan agreement: on paper (staff tick
-- it), or the scanned signed page kept with its sniffed type; who recorded it.
ALTER TABLE device_loans ADD COLUMN agreement_signature TEXT NOT NULL DEFAULT '' CHECK (agreement_signature IN ('', 'papier', 'scan'));
ALTER TABLE device_loans ADD COLUMN agreement_scan BYTEA;
ALTER TABLE device_loans ADD COLUMN agreement_scan_type TEXT NOT NULL DEFAULT '';
ALTER TABLE device_loans ADD COLUMN agreement_signed_by INTEGER REFERENCES users(id) ON DELETE SET NULL;
UPDATE device_loans SET agreement_signature = 'papier' WHERE agreement_signed_at IS NOT NULL;

-- +goose Down
ALTER TABLE device_loans DROP COLUMN agreement_signed_by;
ALTER TABLE device_loans DROP COLUMN agreement_scan_type;
ALTER TABLE device_loans DROP COLUMN agreement_scan;
ALTER TABLE device_loans DROP COLUMN agreement_signature;
