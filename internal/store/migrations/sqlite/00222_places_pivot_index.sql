-- +goose Up
-- An import looks for places with the same SIRET and postal code as its
-- rows (probable duplicates), a few hundred rows at a time.
CREATE INDEX places_pivot ON places (pivot, code_postal);

-- +goose Down
DROP INDEX places_pivot;
