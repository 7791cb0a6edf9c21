-- +goose Up
-- Conventions the coordination of a territory keeps with partners: the
-- structures of the territory that are parties, external partners by name,
-- the object, the dates, the renewal (tacit or not) with a reminder sent N
-- days before the end, and the signed PDF.
CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    object TEXT NOT NULL,
    partners TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    tacit_renewal BOOLEAN NOT NULL DEFAULT FALSE,
    remind_days INTEGER NOT NULL DEFAULT 60 CHECK (remind_days BETWEEN 0 AND 365),
    remind_to INTEGER REFERENCES users(id) ON DELETE SET NULL,
    signed_pdf BLOB,
    signed_pdf_name TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX agreements_territory ON agreements (territory_id, ends_on);

CREATE TABLE agreement_parties (
    agreement_id INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
    structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
    PRIMARY KEY (agreement_id, structure_id)
);
CREATE INDEX agreement_parties_structure ON agreement_parties (structure_id);

-- +goose Down
DROP TABLE agreement_parties;
DROP TABLE agreements;
