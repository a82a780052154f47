-- The annual appraisal with a golden thread (issue 19; HEE 2020 consideration 6, LGA
-- standard 6, docs/sources.md#appraisal), SQLite. Keep in step with ../postgres/ of the
-- same name. Only its two parties read what an appraisal says; others see its dates.

CREATE TABLE appraisals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    -- The organisation whose manager holds it (the practitioner's employer or host).
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    appraiser_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    started_on TEXT NOT NULL,
    meeting_on TEXT,
    -- The appraiser's overall summary.
    summary TEXT NOT NULL DEFAULT '',
    -- The practitioner's own reflection: what helped or hindered, including culture,
    -- discrimination or bias (consideration 6).
    reflection TEXT NOT NULL DEFAULT '',
    practitioner_signed_on TEXT,
    appraiser_signed_on TEXT,
    -- The day of the second signature; then nothing in it changes.
    completed_on TEXT
);
CREATE INDEX appraisals_practitioner ON appraisals(practitioner_id, completed_on);
-- An organisation's appraisals of a period (the golden thread, completion for the board).
CREATE INDEX appraisals_org ON appraisals(org_id, started_on);
-- At most one appraisal in progress per person.
CREATE UNIQUE INDEX appraisals_open ON appraisals(practitioner_id) WHERE completed_on IS NULL;

-- Objectives, each tied to a goal: `statement:<chapter>` or `partnership:<agreement id>`.
CREATE TABLE appraisal_objectives (
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    objective TEXT NOT NULL,
    goal TEXT NOT NULL,
    measure TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (appraisal_id, position)
);

-- The review against each PCF domain (data/reference-lists.toml pcf_domains).
CREATE TABLE appraisal_capabilities (
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    rating TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (appraisal_id, domain)
);

-- The learning and development plan.
CREATE TABLE appraisal_plan (
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    need TEXT NOT NULL,
    action TEXT NOT NULL,
    by_on TEXT,
    PRIMARY KEY (appraisal_id, position)
);

-- The evidence the practitioner chose to share: a CPD record, a supervision session (its
-- date, never its notes), their feedback results (item 0) or a collaborative conversation.
CREATE TABLE appraisal_evidence (
    appraisal_id INTEGER NOT NULL REFERENCES appraisals(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('cpd', 'supervision', 'feedback', 'conversation')),
    item_id INTEGER NOT NULL,
    PRIMARY KEY (appraisal_id, kind, item_id)
);
