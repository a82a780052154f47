-- The national stocktake view adds up a collection's cells by organisation and by region
-- (store::stocktake::counted_totals, in_post_by_region, england_totals). This index holds
-- every column those statements read, so they walk it without looking up each cell's row
-- in the table (a fifth to a third of their time at 500 organisations).
CREATE INDEX stocktake_cells_counted
    ON stocktake_cells (return_id, measure, dimension, category, employer, headcount, wte_hundredths);
