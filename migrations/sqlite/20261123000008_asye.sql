-- ASYE (SQLite). Keep in step with ../postgres/ of the same name.
-- The Assessed and Supported Year in Employment for newly qualified social workers
-- (domain-facts.md section 2): one programme per practitioner, its reviews, pauses,
-- evidence checklist and protected development time. Rules live in domain::asye.

CREATE TABLE asye_programmes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL UNIQUE REFERENCES practitioners(id) ON DELETE CASCADE,
    -- A user whose practitioner record shows a registered social worker.
    assessor_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    starts_on TEXT NOT NULL,
    -- The support and assessment agreement made at the start.
    agreement_on TEXT,
    agreement_notes TEXT NOT NULL DEFAULT '',
    -- 1 when the optional 9-month review is planned.
    nine_month_review INTEGER NOT NULL DEFAULT 0,
    -- pass, fail or extended (NULL until the moderation panel).
    panel_outcome TEXT,
    panel_on TEXT,
    -- A new date for the final review when the panel extends the programme.
    extended_to TEXT,
    created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX asye_programmes_assessor ON asye_programmes(assessor_user_id);

CREATE TABLE asye_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER NOT NULL REFERENCES asye_programmes(id) ON DELETE CASCADE,
    -- 3_month, 6_month, 9_month or 12_month: one record per point.
    point TEXT NOT NULL,
    held_on TEXT NOT NULL,
    outcome TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    recorded_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (programme_id, point)
);

CREATE TABLE asye_pauses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER NOT NULL REFERENCES asye_programmes(id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL,
    -- NULL while the pause goes on.
    ends_on TEXT,
    reason TEXT NOT NULL,
    created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX asye_pauses_programme ON asye_pauses(programme_id, starts_on);

-- Evidence items are about people supported: a short title, date and kind, notes kept here
-- only (never in reminders or logs).
CREATE TABLE asye_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER NOT NULL REFERENCES asye_programmes(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    added_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    added_at TEXT NOT NULL,
    signed_off_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    signed_off_at TEXT
);
CREATE INDEX asye_evidence_programme ON asye_evidence(programme_id, kind);

-- Protected development time, in minutes, per day.
CREATE TABLE asye_protected_time (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    programme_id INTEGER NOT NULL REFERENCES asye_programmes(id) ON DELETE CASCADE,
    taken_on TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0),
    activity TEXT NOT NULL DEFAULT '',
    logged_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    logged_at TEXT NOT NULL
);
CREATE INDEX asye_protected_time_programme ON asye_protected_time(programme_id, taken_on);
