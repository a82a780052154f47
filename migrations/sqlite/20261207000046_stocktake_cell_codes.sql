-- A cell's measure, employer and dimension kept as small numbers instead of their codes'
-- text, as on PostgreSQL (see ../postgres/ of the same name for why, and
-- store::stocktake::cell_codes for the numbers). SQLite cannot change a column's type, so
-- the table is made again and the cells copied across; the trigger that deletes a
-- return's cells names the table, and is made again with it.
CREATE TABLE stocktake_cells_coded (
    return_id INTEGER NOT NULL,
    measure INTEGER NOT NULL,
    employer INTEGER NOT NULL,
    dimension INTEGER NOT NULL,
    category TEXT NOT NULL,
    headcount BIGINT,
    wte_hundredths BIGINT,
    PRIMARY KEY (return_id, measure, employer, dimension, category)
);
INSERT INTO stocktake_cells_coded
    SELECT return_id,
        CASE measure
            WHEN 'in_post' THEN 1 WHEN 'amhp' THEN 2 WHEN 'bia' THEN 3 WHEN 'vacancies' THEN 4
            WHEN 'starters' THEN 5 WHEN 'leavers' THEN 6 WHEN 'registered_population' THEN 7 END,
        CASE employer
            WHEN '' THEN 0 WHEN 'nhs' THEN 1 WHEN 'other' THEN 2 END,
        CASE dimension
            WHEN '' THEN 0 WHEN 'total' THEN 1 WHEN 'band' THEN 2 WHEN 'age_group' THEN 3
            WHEN 'ethnic_category' THEN 4 WHEN 'sex' THEN 5 WHEN 'disability' THEN 6
            WHEN 'service_model' THEN 7 END,
        category, headcount, wte_hundredths
    FROM stocktake_cells;
DROP TRIGGER stocktake_returns_delete_cells;
DROP TABLE stocktake_cells;
ALTER TABLE stocktake_cells_coded RENAME TO stocktake_cells;
CREATE TRIGGER stocktake_returns_delete_cells AFTER DELETE ON stocktake_returns
BEGIN
    DELETE FROM stocktake_cells WHERE return_id = OLD.id;
END;
