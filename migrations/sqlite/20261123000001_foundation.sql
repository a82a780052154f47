-- Foundation schema (SQLite). Keep in step with ../postgres/ of the same name.
-- Conventions: ids are 64-bit integers; timestamps are RFC 3339 UTC text and dates are
-- ISO 8601 text, so both backends sort and compare them the same way; booleans are 0/1.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    ods_code TEXT NOT NULL UNIQUE,
    org_type TEXT NOT NULL,
    region TEXT NOT NULL,
    population INTEGER,
    is_nhs_body INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A partnership lets a host organisation see the staff an employer places in its teams.
CREATE TABLE partnerships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    employer_org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    host_org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (employer_org_id, host_org_id)
);
CREATE INDEX partnerships_host ON partnerships(host_org_id);

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    name TEXT NOT NULL,
    service_model TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, name)
);

CREATE TABLE practitioners (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    work_email TEXT NOT NULL UNIQUE,
    swe_number TEXT UNIQUE,
    employer_org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    host_org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    team_id INTEGER REFERENCES teams(id) ON DELETE RESTRICT,
    role_category TEXT NOT NULL,
    career_stage TEXT NOT NULL,
    band TEXT NOT NULL,
    wte REAL NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT,
    pq_roles TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX practitioners_employer ON practitioners(employer_org_id);
CREATE INDEX practitioners_host ON practitioners(host_org_id);
CREATE INDEX practitioners_team ON practitioners(team_id);
CREATE INDEX practitioners_family_name ON practitioners(family_name, given_name);

-- Special-category data, kept apart so that every query touching it is deliberate.
CREATE TABLE practitioner_equality (
    practitioner_id INTEGER PRIMARY KEY REFERENCES practitioners(id) ON DELETE CASCADE,
    ethnic_category TEXT,
    date_of_birth TEXT,
    age_band TEXT,
    sex TEXT,
    disability TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    org_id INTEGER REFERENCES organisations(id) ON DELETE RESTRICT,
    practitioner_id INTEGER REFERENCES practitioners(id) ON DELETE SET NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX users_org ON users(org_id);
CREATE INDEX users_practitioner ON users(practitioner_id);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Server-side sessions so that several processes can share one database. The id is
-- stored only as a SHA-256 hash.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed sign-ins, keyed by account and by client address, for throttling across processes.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    throttle_key TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(throttle_key, failed_at);

-- Append-only audit trail of personal-data access and administrative actions.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_user_id INTEGER,
    actor_email TEXT NOT NULL,
    org_id INTEGER,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_org_at ON audit_log(org_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
