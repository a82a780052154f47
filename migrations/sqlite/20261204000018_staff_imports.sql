-- A staff list uploaded for import (SQLite). Keep in step with ../postgres/ of the same
-- name. The file is kept as the rows it was read into (CSV text, whatever its format), with
-- the fingerprint of the changes its preview showed: applying it re-reads the rows and
-- refuses if what they would change differs from what was previewed.
CREATE TABLE staff_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    rows_csv TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    applied_at TEXT
);
CREATE INDEX staff_imports_org ON staff_imports(org_id);
