-- Returns to the national stocktake (docs/stocktake.md), SQLite. Keep in step with
-- ../postgres/ of the same name. A return is one organisation's figures at one collection
-- date; every valid return received is kept. The one counted is the latest received for
-- its organisation and date: receiving another sets `replaced_at` on the one before, in the
-- same transaction, so at most one return per organisation and date has it empty.
CREATE TABLE stocktake_returns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    collection_date TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    -- How it came: 'upload' (the page), 'api', 'command_line' or 'generated' (from mhsw's
    -- own records, reviewed on the page).
    route TEXT NOT NULL,
    file_name TEXT NOT NULL,
    replaced_at TEXT
);
CREATE UNIQUE INDEX stocktake_returns_counted
    ON stocktake_returns(org_id, collection_date) WHERE replaced_at IS NULL;
CREATE INDEX stocktake_returns_by_date ON stocktake_returns(collection_date, org_id);

-- A return's cells as the specification states them (WTE in hundredths, so sums are
-- exact). `employer`, `dimension` and `category` are empty text, never NULL, where the
-- measure has none (the registered population), so that the key below holds.
CREATE TABLE stocktake_cells (
    return_id INTEGER NOT NULL REFERENCES stocktake_returns(id) ON DELETE CASCADE,
    measure TEXT NOT NULL,
    employer TEXT NOT NULL,
    dimension TEXT NOT NULL,
    category TEXT NOT NULL,
    headcount BIGINT,
    wte_hundredths BIGINT,
    PRIMARY KEY (return_id, measure, employer, dimension, category)
);
