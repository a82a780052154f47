-- Sign-in throttling and known devices (SQLite). Keep in step with ../postgres/ of the same name.
-- Sign-in throttling (domain::throttle): one row per counter (an account and address
-- pair, an account, an address, or a known device). `attempts` counts the window's
-- failures and the attempts still being checked; an attempt is claimed by one UPDATE
-- that checks the limit, so parallel guesses cannot pass it.
DROP TABLE login_failures;

CREATE TABLE sign_in_throttle (
    throttle_key TEXT PRIMARY KEY,
    attempts INTEGER NOT NULL,
    window_started_at TEXT NOT NULL,
    retry_at TEXT
);

-- Browsers that have signed in to an account (a cookie's SHA-256 hash): held only to
-- their own limit, so failures from elsewhere cannot lock the person out.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
CREATE INDEX known_devices_user ON known_devices(user_id);
