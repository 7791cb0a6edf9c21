-- +goose Up
-- Commune-level indicators of the digital fragility index, each with its
-- source and the year it describes; an import replaces the indicators it
-- brings and keeps its report of missing and implausible values.
CREATE TABLE fragility_values (
    commune_code TEXT NOT NULL,
    indicator TEXT NOT NULL,
    value REAL NOT NULL,
    source TEXT NOT NULL,
    year INTEGER NOT NULL,
    PRIMARY KEY (commune_code, indicator)
);
CREATE INDEX fragility_values_indicator ON fragility_values (indicator);

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
DROP TABLE fragility_values;
