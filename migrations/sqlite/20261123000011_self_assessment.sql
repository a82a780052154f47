-- Organisational self-assessment (SQLite). Keep in step with ../postgres/ of the same name.
-- An organisation assesses itself against a framework (data/frameworks/*.toml: the HEE 2020
-- considerations, the LGA employer standards, the adapted SWBMH framework, or one added as
-- data) in cycles. A cycle names the framework's code and version; its answers are keyed by
-- the framework's criterion codes, so a revised framework carries answers forward by code.
-- Nothing here is about one practitioner: it is the organisation's own view of itself.

CREATE TABLE sa_cycles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    framework_code TEXT NOT NULL,
    framework_version INTEGER NOT NULL,
    title TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    -- When the organisation means to finish (optional).
    due_on TEXT,
    -- 'open' while answers may change; 'signed_off' by the principal social worker, then locked.
    status TEXT NOT NULL CHECK (status IN ('open', 'signed_off')),
    -- The signed-off cycle whose answers this one started from.
    carried_from_cycle_id INTEGER REFERENCES sa_cycles(id) ON DELETE RESTRICT,
    signed_off_by INTEGER REFERENCES users(id) ON DELETE RESTRICT,
    signed_off_at TEXT,
    signed_off_on TEXT,
    created_by INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sa_cycles_org ON sa_cycles(org_id, framework_code, status);
-- At most one open cycle per organisation and framework.
CREATE UNIQUE INDEX sa_cycles_one_open ON sa_cycles(org_id, framework_code) WHERE status = 'open';

-- Who leads each domain of a cycle (rates its criteria and proposes actions).
CREATE TABLE sa_domain_leads (
    cycle_id INTEGER NOT NULL REFERENCES sa_cycles(id) ON DELETE CASCADE,
    domain_code TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    PRIMARY KEY (cycle_id, domain_code)
);

-- One answer per criterion. rating NULL: not rated yet. not_applicable 1: answered "not
-- applicable" where the framework allows it (rating is then NULL).
CREATE TABLE sa_answers (
    cycle_id INTEGER NOT NULL REFERENCES sa_cycles(id) ON DELETE CASCADE,
    criterion_code TEXT NOT NULL,
    rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 9),
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    evidence TEXT NOT NULL DEFAULT '',
    -- Links to documents, one per line (http or https only).
    links TEXT NOT NULL DEFAULT '',
    -- 1 when copied from the previous cycle and not yet reviewed in this one.
    carried_forward INTEGER NOT NULL DEFAULT 0 CHECK (carried_forward IN (0, 1)),
    updated_by INTEGER REFERENCES users(id) ON DELETE RESTRICT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (cycle_id, criterion_code),
    CHECK (NOT (not_applicable = 1 AND rating IS NOT NULL))
);

-- Who took part (co-production): groups, never the names of people using services.
CREATE TABLE sa_participants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cycle_id INTEGER NOT NULL REFERENCES sa_cycles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('staff', 'partner_organisation', 'service_user', 'carer', 'other')),
    description TEXT NOT NULL,
    people INTEGER CHECK (people IS NULL OR people >= 1),
    created_at TEXT NOT NULL
);
CREATE INDEX sa_participants_cycle ON sa_participants(cycle_id);

-- The action plan: each action improves one criterion of a cycle, and outlives its sign-off.
CREATE TABLE sa_actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    cycle_id INTEGER NOT NULL REFERENCES sa_cycles(id) ON DELETE RESTRICT,
    criterion_code TEXT NOT NULL,
    title TEXT NOT NULL,
    owner_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    due_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('not_started', 'in_progress', 'done', 'dropped')),
    completed_on TEXT,
    created_by INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sa_actions_org ON sa_actions(org_id, status, due_on);
CREATE INDEX sa_actions_cycle ON sa_actions(cycle_id);
CREATE INDEX sa_actions_owner ON sa_actions(owner_user_id, status);

CREATE TABLE sa_action_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id INTEGER NOT NULL REFERENCES sa_actions(id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    written_by INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    written_at TEXT NOT NULL
);
CREATE INDEX sa_action_notes_action ON sa_action_notes(action_id);

-- Consent to join the national benchmark: while consented = 1, the organisation's latest
-- signed-off cycle per framework counts in peers' medians and quartiles; withdrawing takes
-- it out at once (benchmarks are computed when read, never copied).
CREATE TABLE sa_benchmark_consent (
    org_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    consented INTEGER NOT NULL CHECK (consented IN (0, 1)),
    decided_by INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    decided_at TEXT NOT NULL
);
