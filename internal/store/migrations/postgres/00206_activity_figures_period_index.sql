-- +goose Up
-- A month's rebuild deletes the structure's counts of that month and of its
-- days, whatever the conseiller and the commune: found by these indexes
-- instead of every count the structure has.
CREATE INDEX activity_figures_day_period ON activity_figures_day (structure_id, day);
CREATE INDEX activity_figures_month_period ON activity_figures_month (structure_id, month);

-- +goose Down
DROP INDEX activity_figures_month_period;
DROP INDEX activity_figures_day_period;
