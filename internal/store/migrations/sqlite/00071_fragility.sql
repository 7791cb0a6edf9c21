-- +goose Up
-- Commune-level indicators of the digital fragility index: one row per
-- commune, one nullable column per indicator (v_ + the indicator's name),
-- each indicator's source and the year it describes; an import replaces the
-- indicators it brings and keeps its report of missing and implausible values.
CREATE TABLE fragility_communes (
    commune_code TEXT PRIMARY KEY,
    v_sans_thd REAL,
    v_sans_mobile REAL,
    v_65_ans_et_plus REAL,
    v_peu_diplomes REAL,
    v_pauvrete REAL,
    v_menages_une_personne REAL,
    v_familles_monoparentales REAL,
    v_demandeurs_emploi REAL,
    v_25_ans_et_moins REAL
);

CREATE TABLE fragility_sources (
    indicator TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    year INTEGER NOT NULL
);

CREATE TABLE fragility_imports (
    id INTEGER PRIMARY KEY,
    files TEXT NOT NULL,
    communes INTEGER NOT NULL,
    indicators TEXT NOT NULL,
    report TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE fragility_imports;
DROP TABLE fragility_sources;
DROP TABLE fragility_communes;
