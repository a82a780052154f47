-- A cell's link to its return, kept without a foreign key, as on PostgreSQL (see
-- ../postgres/ of the same name for why): cells are written only by
-- store::stocktake::insert_many, in the transaction that adds their return, and deleting a
-- return deletes its cells by the trigger below. SQLite cannot drop a constraint, so the
-- table is made again without it and the cells copied across.
CREATE TABLE stocktake_cells_unlinked (
    return_id INTEGER NOT NULL,
    measure TEXT NOT NULL,
    employer TEXT NOT NULL,
    dimension TEXT NOT NULL,
    category TEXT NOT NULL,
    headcount BIGINT,
    wte_hundredths BIGINT,
    PRIMARY KEY (return_id, measure, employer, dimension, category)
);
INSERT INTO stocktake_cells_unlinked
    SELECT return_id, measure, employer, dimension, category, headcount, wte_hundredths
    FROM stocktake_cells;
DROP TABLE stocktake_cells;
ALTER TABLE stocktake_cells_unlinked RENAME TO stocktake_cells;
CREATE TRIGGER stocktake_returns_delete_cells AFTER DELETE ON stocktake_returns
BEGIN
    DELETE FROM stocktake_cells WHERE return_id = OLD.id;
END;
