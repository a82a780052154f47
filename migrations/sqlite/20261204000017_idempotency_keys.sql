-- Idempotency keys of API POSTs (web::idempotency) (SQLite). Keep in step with ../postgres/
-- of the same name. A key is claimed (status NULL) before the request runs and holds its
-- answer once it has run, so a retry with the same key gets the first answer instead of
-- doing the write again. Kept a day (housekeeping), per user.
CREATE TABLE idempotency_keys (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    location TEXT,
    body TEXT,
    PRIMARY KEY (user_id, idempotency_key)
);
