-- PostgreSQL's calendar days become DATE columns in this migration. SQLite has no date
-- type: it keeps days as YYYY-MM-DD text, which is how sqlx stores and reads a date
-- there, so nothing changes here. (A migration of the same name in both directories.)
SELECT 1;
