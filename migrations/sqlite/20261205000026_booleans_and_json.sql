-- PostgreSQL's 0/1 flags become BOOLEAN columns and its JSON text JSONB in this migration.
-- SQLite has neither type: it keeps flags as 0/1 integers (how sqlx stores and reads a
-- bool there, and what TRUE and FALSE are) and documents as JSON text, so nothing changes
-- here. (A migration of the same name in both directories.)
SELECT 1;
