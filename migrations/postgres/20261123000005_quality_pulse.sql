-- Supervision quality pulse (PostgreSQL). Keep in step with ../sqlite/ of the same name.
-- After a held session the supervisee may answer four short statements on a five-point
-- scale. Results are shown only for groups of at least `pulse_min_responses` answers.
--
-- Design: nobody can read one person's answers back through the app.
-- * A response row holds only what results are grouped by (supervisor, team, employer,
--   the month answered as YYYY-MM) and the four scores 1 to 5. It holds NO practitioner
--   id, NO session id and NO timestamp, and its id is random (not a sequence), so rows
--   cannot be lined up with sessions or with the audit log by number or time.
-- * That a session's pulse has been answered (so it is answered once only) is a separate
--   table holding just the session id: it says nothing about the answers.
-- * Who answered is in the audit log, which never holds the scores.
CREATE TABLE supervision_pulse_responses (
    id TEXT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    team_id BIGINT REFERENCES teams(id) ON DELETE SET NULL,
    supervisor_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    month TEXT NOT NULL,
    reflective_space BIGINT NOT NULL CHECK (reflective_space BETWEEN 1 AND 5),
    decisions_supported BIGINT NOT NULL CHECK (decisions_supported BETWEEN 1 AND 5),
    wellbeing_workload BIGINT NOT NULL CHECK (wellbeing_workload BETWEEN 1 AND 5),
    actions_clear BIGINT NOT NULL CHECK (actions_clear BETWEEN 1 AND 5)
);
CREATE INDEX supervision_pulse_responses_org ON supervision_pulse_responses(org_id, month);
CREATE INDEX supervision_pulse_responses_team ON supervision_pulse_responses(team_id, month);
CREATE INDEX supervision_pulse_responses_supervisor ON supervision_pulse_responses(supervisor_user_id, month);

-- Sessions whose pulse has been answered: the primary key makes it once only.
CREATE TABLE supervision_pulse_answered (
    session_id BIGINT PRIMARY KEY REFERENCES supervision_sessions(id) ON DELETE CASCADE
);
