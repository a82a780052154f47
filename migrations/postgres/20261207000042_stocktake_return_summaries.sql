-- Each return's summary, kept with it (domain::stocktake::national::ReturnSummary): its
-- totals and its in-post counts by dimension and category, written with the return in the
-- same statement by store::stocktake::insert_many. A return's cells never change once
-- stored, so neither does its summary. The national stocktake view reads these, one row an
-- organisation, instead of adding up every cell of a collection on each request.
-- Keep in step with ../sqlite/ of the same name.
ALTER TABLE stocktake_returns ADD COLUMN in_post_headcount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stocktake_returns ADD COLUMN in_post_wte_hundredths BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stocktake_returns ADD COLUMN nhs_headcount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stocktake_returns ADD COLUMN nhs_wte_hundredths BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stocktake_returns ADD COLUMN amhp_headcount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE stocktake_returns ADD COLUMN bia_headcount BIGINT NOT NULL DEFAULT 0;
-- Empty where the return states no registered population.
ALTER TABLE stocktake_returns ADD COLUMN registered_population BIGINT;
-- JSON text: [[dimension, category, headcount], ...], both employers together.
ALTER TABLE stocktake_returns ADD COLUMN in_post_counts TEXT NOT NULL DEFAULT '[]';
-- Nothing reads the cells by collection any more; the key serves a return's own cells.
DROP INDEX stocktake_cells_counted;
