-- The wellbeing and engagement survey (issue 19; HEE 2020 consideration 5,
-- docs/sources.md#wellbeing-survey), SQLite. Keep in step with ../postgres/ of the same name.
--
-- No answer is ever stored as a row. Answering adds 1 to counters, one set per breakdown
-- (domain::survey::tallies), so nothing stored joins two of a person's characteristics or
-- two of their answers, and nothing says when an answer came. Who has answered is kept on
-- the invitation, with no date, only so that nobody answers twice and reminders go to
-- those who have not; no page, file or API shows it.
CREATE TABLE survey_cycles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- Run together with this organisation (a partnership in force when it opened): each
    -- sees its own staff's results and the partner's beside them.
    partner_org_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    -- domain::survey::Instrument::code, e.g. wellbeing-v1.
    instrument TEXT NOT NULL,
    title TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    closed_on TEXT,
    opened_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    last_reminded_on TEXT
);
CREATE INDEX survey_cycles_org ON survey_cycles(org_id, opened_on);
CREATE INDEX survey_cycles_partner ON survey_cycles(partner_org_id);

-- Everyone asked: the staff each organisation employed when the cycle opened.
CREATE TABLE survey_invitations (
    cycle_id INTEGER NOT NULL REFERENCES survey_cycles(id) ON DELETE CASCADE,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- SHA-256 of the single-use link's secret, while an emailed link is live.
    token_hash TEXT UNIQUE,
    answered INTEGER NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
    PRIMARY KEY (cycle_id, practitioner_id)
);
-- Each organisation's staff asked and answered, counted without reading the rows.
CREATE INDEX survey_invitations_org ON survey_invitations(cycle_id, org_id, answered);

-- The counters: in a cycle, among an organisation's staff, in one breakdown's group, how
-- many gave `value` to `item` (item '' and value 0: how many answered).
CREATE TABLE survey_tallies (
    cycle_id INTEGER NOT NULL REFERENCES survey_cycles(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    grp TEXT NOT NULL,
    item TEXT NOT NULL,
    value INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, org_id, dimension, grp, item, value)
) WITHOUT ROWID;
