-- +goose Up
-- The manager of a structure (« responsable de la structure » : a CCAS
-- director, the head of an association) is a flag on a membership, not a
-- role: the role keeps every authorization it had, and the manager may also
-- correct and delete the activities of their colleagues in that structure.
-- A platform administrator sets and unsets it.
ALTER TABLE memberships ADD COLUMN manager BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE memberships DROP COLUMN manager;
