-- A cell's link to its return, kept without a foreign key. The key checked each cell by
-- locking its return's row (FOR KEY SHARE): loading a million cells with COPY took seven
-- times as long as without it (16 s against 2.2 s on this project's bench machine;
-- docs/OPERATIONS.md, section 7). Cells are written only by store::stocktake::insert_many,
-- in the transaction that adds their return and with the id that INSERT returned, so the
-- key guarded nothing there; deleting a return still deletes its cells, by this trigger.
-- Keep in step with ../sqlite/ of the same name.
ALTER TABLE stocktake_cells DROP CONSTRAINT stocktake_cells_return_id_fkey;
CREATE FUNCTION stocktake_cells_follow_their_return() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM stocktake_cells WHERE return_id = OLD.id;
    RETURN OLD;
END $$;
CREATE TRIGGER stocktake_returns_delete_cells AFTER DELETE ON stocktake_returns
FOR EACH ROW EXECUTE FUNCTION stocktake_cells_follow_their_return();
