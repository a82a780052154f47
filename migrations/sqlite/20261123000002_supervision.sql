-- Supervision (SQLite). Keep in step with ../postgres/ of the same name.
-- The central record the HEE guidance (consideration 2) asks employers and hosts to keep:
-- who supervises whom under which written agreement, and what actually happened.

-- A written three-way agreement (domain-facts.md 6.1): line manager, professional supervisor
-- (a registered social worker where the line manager is not one) and, for AMHPs, the AMHP
-- supervisor. One current agreement per practitioner; a replaced one gets ended_on.
CREATE TABLE supervision_agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    line_manager_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    professional_supervisor_user_id INTEGER REFERENCES users(id) ON DELETE RESTRICT,
    amhp_supervisor_user_id INTEGER REFERENCES users(id) ON DELETE RESTRICT,
    -- Comma-separated function codes (data/reference-lists.toml supervision_functions).
    line_manager_functions TEXT NOT NULL DEFAULT '',
    professional_supervisor_functions TEXT NOT NULL DEFAULT '',
    -- NULL: the interval follows the career-stage rule; otherwise an override with a reason.
    interval_days INTEGER,
    override_reason TEXT NOT NULL DEFAULT '',
    minimum_minutes INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    review_on TEXT NOT NULL,
    ended_on TEXT,
    created_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX supervision_agreements_practitioner ON supervision_agreements(practitioner_id, ended_on);

-- Each party acknowledges the agreement in the system.
CREATE TABLE supervision_agreement_acknowledgements (
    agreement_id INTEGER NOT NULL REFERENCES supervision_agreements(id) ON DELETE CASCADE,
    party TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    acknowledged_at TEXT NOT NULL,
    PRIMARY KEY (agreement_id, party)
);

-- Planned, held or cancelled sessions. A held session is recorded by its supervisor and
-- confirmed (or commented on) by the supervisee: two-party sign-off.
CREATE TABLE supervision_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    supervisor_user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    session_type TEXT NOT NULL,
    status TEXT NOT NULL,
    scheduled_on TEXT NOT NULL,
    held_on TEXT,
    minutes INTEGER,
    cancelled_on TEXT,
    cancelled_by TEXT,
    cancel_reason TEXT NOT NULL DEFAULT '',
    rebooked_from_id INTEGER REFERENCES supervision_sessions(id) ON DELETE SET NULL,
    recorded_at TEXT,
    confirmed_at TEXT,
    supervisee_comment TEXT NOT NULL DEFAULT '',
    -- Seen only by the two parties; every read is audited.
    notes TEXT NOT NULL DEFAULT '',
    agreed_actions TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX supervision_sessions_practitioner ON supervision_sessions(practitioner_id, status, held_on);
CREATE INDEX supervision_sessions_supervisor ON supervision_sessions(supervisor_user_id, status);
CREATE INDEX supervision_sessions_rebooked ON supervision_sessions(rebooked_from_id);
