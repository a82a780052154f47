-- Facts about the database itself (SQLite). Keep in step with ../postgres/ of the same name.
-- ('made_by', 'mhsw demo') marks a database the demo generator made: only such a
-- database (or an empty one) may be replaced by `mhsw demo` without
-- --replace-existing-data, so trying the demo on a live server never wipes it.
CREATE TABLE database_facts (
    fact TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
