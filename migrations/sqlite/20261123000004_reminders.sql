-- Reminders and calendar feeds (SQLite). Keep in step with ../postgres/ of the same name.

-- One row per reminder claimed by the job. The UNIQUE key is the lock: an instance inserts
-- the row (ON CONFLICT DO NOTHING) before sending, and only the instance whose insert
-- succeeded sends, so several `serve` processes never send the same reminder twice.
-- subject_key names what the reminder is about (a session, an overdue period, a status
-- change); level is the escalation level (0 parties, 1 line manager added, 2 PSW added).
CREATE TABLE reminders_sent (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    recipient_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    level INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    sent_at TEXT,
    -- Set when sending failed; a later run may claim the row again while attempts is
    -- below the limit (service::reminders::MAX_ATTEMPTS).
    failed_at TEXT,
    failure TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, subject_key, recipient_user_id, level)
);

-- A private calendar (iCalendar) feed per user. Only the SHA-256 hash of the secret token
-- is stored; the token is shown once. A revoked feed answers 404.
CREATE TABLE calendar_feeds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX calendar_feeds_user ON calendar_feeds(user_id, revoked_at);
