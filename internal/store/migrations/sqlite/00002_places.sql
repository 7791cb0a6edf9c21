-- +goose Up
-- Lieux de médiation numérique: the schema's columns, multi-values joined by "|".
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    structure_id INTEGER REFERENCES structures(id) ON DELETE SET NULL,
    source TEXT NOT NULL,
    source_id TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'ouvert' CHECK (status IN ('ouvert', 'ferme')),
    coords_from TEXT NOT NULL DEFAULT '',
    pivot TEXT NOT NULL,
    nom TEXT NOT NULL,
    name_key TEXT NOT NULL,
    commune TEXT NOT NULL,
    code_postal TEXT NOT NULL,
    code_insee TEXT NOT NULL DEFAULT '',
    departement TEXT NOT NULL DEFAULT '',
    adresse TEXT NOT NULL,
    complement_adresse TEXT NOT NULL DEFAULT '',
    latitude REAL,
    longitude REAL,
    typologie TEXT NOT NULL DEFAULT '',
    telephone TEXT NOT NULL DEFAULT '',
    courriels TEXT NOT NULL DEFAULT '',
    site_web TEXT NOT NULL DEFAULT '',
    horaires TEXT NOT NULL DEFAULT '',
    horaires_texte TEXT NOT NULL DEFAULT '',
    presentation_resume TEXT NOT NULL DEFAULT '',
    presentation_detail TEXT NOT NULL DEFAULT '',
    collecteur TEXT NOT NULL DEFAULT '',
    itinerance TEXT NOT NULL DEFAULT '',
    structure_parente TEXT NOT NULL DEFAULT '',
    date_maj TEXT NOT NULL,
    services TEXT NOT NULL DEFAULT '',
    publics_specifiquement_adresses TEXT NOT NULL DEFAULT '',
    prise_en_charge_specifique TEXT NOT NULL DEFAULT '',
    frais_a_charge TEXT NOT NULL DEFAULT '',
    dispositif_programmes_nationaux TEXT NOT NULL DEFAULT '',
    formations_labels TEXT NOT NULL DEFAULT '',
    autres_formations_labels TEXT NOT NULL DEFAULT '',
    modalites_acces TEXT NOT NULL DEFAULT '',
    modalites_accompagnement TEXT NOT NULL DEFAULT '',
    fiche_acces_libre TEXT NOT NULL DEFAULT '',
    prise_rdv TEXT NOT NULL DEFAULT '',
    valeurs_inconnues TEXT NOT NULL DEFAULT '',
    completion INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    modified_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX places_source ON places (source, source_id) WHERE source_id <> '';
CREATE INDEX places_structure ON places (structure_id);
CREATE INDEX places_insee ON places (code_insee);
CREATE INDEX places_departement ON places (departement);
CREATE INDEX places_modified ON places (modified_at, id);

-- +goose Down
DROP TABLE places;
