-- CPD a practitioner declares as held in their Social Work England account for one
-- registration year (domain::cpd::Declaration): counted towards readiness, shown as
-- declared, not evidenced. One row per person and year; no row means nothing declared.
-- Keep in step with ../sqlite/.
CREATE TABLE cpd_declarations (
    practitioner_id BIGINT NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    -- The registration year's last day (30 November), YYYY-MM-DD.
    year_ends TEXT NOT NULL,
    records BIGINT NOT NULL,
    peer_reflection BIGINT NOT NULL DEFAULT 0,
    declared_by_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    declared_at TEXT NOT NULL,
    PRIMARY KEY (practitioner_id, year_ends)
);
