-- Sickness absence (issue 19; HEE 2020 consideration 5, docs/sources.md#sickness-absence),
-- SQLite. Keep in step with ../postgres/ of the same name.
--
-- Episodes the HR lead records or imports per person: health data, read only to work out
-- aggregates (`domain::absence::AbsenceFigures`), never listed by person.
CREATE TABLE absence_episodes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    first_day TEXT NOT NULL,
    -- NULL while they are still absent.
    last_day TEXT,
    -- A code of `[absence] reasons`.
    reason TEXT NOT NULL,
    recorded_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    CHECK (last_day IS NULL OR last_day >= first_day)
);
CREATE INDEX absence_episodes_practitioner ON absence_episodes(practitioner_id, first_day);
CREATE INDEX absence_episodes_org ON absence_episodes(org_id, first_day);
