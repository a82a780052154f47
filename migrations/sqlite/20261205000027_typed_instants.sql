-- PostgreSQL's instants become TIMESTAMPTZ columns in this migration. SQLite has no time
-- type: it keeps RFC 3339 text in UTC ("2026-12-05T09:30:00Z"), whose fixed shape sorts in
-- time order, and `store::engine` binds and reads it as such, so nothing changes here.
-- (A migration of the same name in both directories.)
SELECT 1;
