-- Feedback from people who use services and carers on a practitioner's practice (SQLite).
-- Keep in step with ../postgres/ of the same name. Rules: src/domain/feedback.rs.
--
-- Anonymity, by design of these tables:
-- * A request holds only the SHA-256 of its code (kept, so a used card gets a kind "already
--   used" page). Its status changes with no date or time, and its owner is never shown
--   which cards were used (withdrawn is a separate flag for the same reason).
-- * A response holds what results are grouped by (practitioner, team, organisation,
--   audience, the month answered as YYYY-MM) and the answers. It holds NO request id, no
--   IP address, no user agent, no day or time, and its id is random (not a sequence), so a
--   response cannot be lined up with the card that opened the form.
-- * Sending a response is not in the audit log either: an exact time there would undo this.

-- Versions an organisation adapted with service users and carers. Version 1 of every
-- organisation is the first version shipped in data/feedback.toml, which is not stored.
CREATE TABLE feedback_questionnaires (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('service_user', 'carer')),
    version INTEGER NOT NULL CHECK (version >= 2),
    -- domain::feedback::Questionnaire as JSON: titles and questions in both wordings
    content TEXT NOT NULL,
    -- Who co-produced this version (for example "service user and carer reference group")
    co_produced_with TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_on TEXT NOT NULL,
    UNIQUE (org_id, audience, version)
);

CREATE TABLE feedback_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('service_user', 'carer')),
    -- SHA-256 of the code (domain::feedback::code_hash), never the code
    code_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('open', 'used')),
    -- Withdrawn by its owner: the code stops working. Apart from status so that withdrawing
    -- a used card looks the same to the owner as withdrawing an unused one.
    withdrawn INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_on TEXT NOT NULL,
    expires_on TEXT NOT NULL
);
CREATE INDEX feedback_requests_person ON feedback_requests(practitioner_id, created_on);

CREATE TABLE feedback_responses (
    id TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    audience TEXT NOT NULL CHECK (audience IN ('service_user', 'carer')),
    -- the questionnaire answered: 'shipped' or the feedback_questionnaires id
    questionnaire TEXT NOT NULL,
    month TEXT NOT NULL,
    -- "code=score" pairs, comma separated, scores 1 to 5 ("does not apply" is not kept)
    answers TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX feedback_responses_person ON feedback_responses(practitioner_id, month);
CREATE INDEX feedback_responses_team ON feedback_responses(team_id, month);
CREATE INDEX feedback_responses_org ON feedback_responses(org_id, month);

-- A practitioner's results shared with the people named in their supervision agreement.
CREATE TABLE feedback_shares (
    practitioner_id INTEGER PRIMARY KEY REFERENCES practitioners(id) ON DELETE CASCADE,
    shared_on TEXT NOT NULL
);

-- A CPD record drafted from feedback names the last month of the results it reflects on.
ALTER TABLE cpd_records ADD COLUMN from_feedback_through TEXT;
CREATE UNIQUE INDEX cpd_records_feedback ON cpd_records(practitioner_id, from_feedback_through);
