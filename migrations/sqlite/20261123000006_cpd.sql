-- CPD e-portfolio (SQLite). Keep in step with ../postgres/ of the same name.
-- The practitioner's own records, in Social Work England's fields (domain-facts.md 1.3).
-- The content is theirs: the employer reads only counts and readiness
-- (store::cpd::year_counts), unless the practitioner shares a record with their supervisors.

CREATE TABLE cpd_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    -- domain::cpd::CpdStatus::code(): draft or submitted. Only submitted records count.
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    -- data/reference-lists.toml cpd_types; empty on a draft not yet classified
    cpd_type TEXT NOT NULL DEFAULT '',
    -- The date of the activity (ISO). It decides the registration year the record counts for.
    activity_on TEXT NOT NULL,
    -- SWE: "a short description and why it is relevant"
    description TEXT NOT NULL,
    learning TEXT NOT NULL DEFAULT '',
    impact TEXT NOT NULL DEFAULT '',
    -- domain::cpd::content_key of description, learning and impact: identical records count once
    content_key TEXT NOT NULL,
    -- SWE's optional "P" question, and who the peer was (cpd_peer_categories); both empty or both set
    peer_reflection TEXT NOT NULL DEFAULT '',
    peer_category TEXT NOT NULL DEFAULT '',
    -- comma lists of codes: cpd_standard4_parts, professional_standards
    standard4_parts TEXT NOT NULL DEFAULT '',
    professional_standards TEXT NOT NULL DEFAULT '',
    -- The held supervision session it was drafted from (one record per session).
    from_session_id INTEGER REFERENCES supervision_sessions(id) ON DELETE SET NULL,
    -- Shared with the people named in the practitioner's current supervision agreement.
    shared_with_supervisors INTEGER NOT NULL DEFAULT 0,
    submitted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cpd_records_person_date ON cpd_records(practitioner_id, activity_on);
CREATE UNIQUE INDEX cpd_records_session ON cpd_records(from_session_id);
CREATE INDEX cpd_records_date ON cpd_records(activity_on, status);
