-- Problems found in an uploaded file, kept for its uploader to download (SQLite). Keep in
-- step with ../postgres/ of the same name. A page lists the first 100; the whole list is
-- here as CSV for a day (housekeeping deletes it), readable only by the person who
-- uploaded the file. It holds row numbers and messages, never the file itself.
CREATE TABLE upload_problem_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    problems INTEGER NOT NULL,
    csv TEXT NOT NULL
);
CREATE INDEX upload_problem_reports_user ON upload_problem_reports(user_id);
