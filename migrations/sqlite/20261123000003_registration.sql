-- Social Work England registration (SQLite). Keep in step with ../postgres/ of the same name.
-- The registration number itself stays on practitioners.swe_number (unique); this table holds
-- what the register says about it and when the employer last checked.

CREATE TABLE registrations (
    practitioner_id INTEGER PRIMARY KEY REFERENCES practitioners(id) ON DELETE CASCADE,
    -- domain::registration::RegistrationStatus::code()
    status TEXT NOT NULL,
    -- The day the status last changed: alerts and reminders key on it, so a lapse is
    -- announced once per lapse, not once per check.
    status_since TEXT NOT NULL,
    registered_until TEXT,
    conditions TEXT NOT NULL DEFAULT '',
    amhp_annotation INTEGER NOT NULL DEFAULT 0,
    bia_annotation INTEGER NOT NULL DEFAULT 0,
    last_checked_on TEXT,
    -- data/reference-lists.toml registration_check_methods
    checked_how TEXT NOT NULL DEFAULT '',
    updated_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX registrations_status ON registrations(status);

-- One row per change of status, so the record page can show the history and the governance
-- report can count lapses in a date range.
CREATE TABLE registration_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    changed_on TEXT NOT NULL,
    status_from TEXT,
    status_to TEXT NOT NULL,
    source TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX registration_events_practitioner ON registration_events(practitioner_id, changed_on);

-- A register check in progress: the uploaded file waits here between the preview and the
-- confirmation, with the fingerprint of the changes that were shown, so that confirming
-- applies exactly what was previewed.
CREATE TABLE registration_imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    file_text TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    applied_at TEXT
);
