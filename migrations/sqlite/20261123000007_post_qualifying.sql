-- Post-qualifying roles (SQLite). Keep in step with ../postgres/ of the same name.
-- AMHP approvals with their suspensions and the training hours and Mental Health Act
-- assessments logged against them; one record per person and role for the other roles.

CREATE TABLE amhp_approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    approving_council TEXT NOT NULL,
    approved_on TEXT NOT NULL,
    -- The last day of the approval (inclusive).
    expires_on TEXT NOT NULL,
    warrant_number TEXT NOT NULL DEFAULT '',
    warrant_issued_on TEXT,
    ended_on TEXT,
    -- domain::post_qualifying::EndReason::code(), '' while not ended
    end_reason TEXT NOT NULL DEFAULT '',
    updated_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX amhp_approvals_practitioner ON amhp_approvals(practitioner_id, approved_on);
CREATE INDEX amhp_approvals_expires ON amhp_approvals(expires_on);

CREATE TABLE amhp_suspensions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    approval_id INTEGER NOT NULL REFERENCES amhp_approvals(id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    reason TEXT NOT NULL DEFAULT '',
    recorded_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX amhp_suspensions_approval ON amhp_suspensions(approval_id);

-- kind 'training' (minutes) or 'assessments' (a count of MHA assessments).
CREATE TABLE amhp_activity (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    approval_id INTEGER NOT NULL REFERENCES amhp_approvals(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    minutes INTEGER NOT NULL DEFAULT 0,
    assessments INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    recorded_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    recorded_at TEXT NOT NULL,
    CHECK (minutes >= 0 AND assessments >= 0)
);
CREATE INDEX amhp_activity_approval ON amhp_activity(approval_id, on_date);

-- domain::post_qualifying::PqRole::code(): bia, practice_educator, practice_supervisor,
-- approved_clinician, forensic_social_supervisor.
CREATE TABLE pq_role_records (
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    qualified_on TEXT,
    stage TEXT NOT NULL DEFAULT '',
    last_training_on TEXT,
    -- Forensic social supervisor: restricted patients allocated.
    allocations INTEGER NOT NULL DEFAULT 0,
    -- Forensic social supervisor: the next progress report to the Ministry of Justice.
    next_report_due TEXT,
    notes TEXT NOT NULL DEFAULT '',
    updated_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (practitioner_id, role)
);
