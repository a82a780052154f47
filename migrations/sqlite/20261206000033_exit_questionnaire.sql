-- The exit questionnaire (issue 19; HEE 2020 consideration 6, docs/sources.md#exit-questionnaire),
-- SQLite. Keep in step with ../postgres/ of the same name.
--
-- Anonymous in aggregate: an answer keeps its organisation and month only. Its id is
-- random and the table has no rowid, so neither the id nor the storage order says when
-- it was given or by whom. Who has answered is kept apart, with no date and no link to
-- the answer, only so that nobody answers twice.
CREATE TABLE exit_answers (
    id TEXT PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- YYYY-MM: answers are released in blocks of whole months (domain::disclosure::released).
    month TEXT NOT NULL,
    -- domain::leaving::Reason::code(); reasons holds every reason given, space-separated.
    main_reason TEXT NOT NULL,
    reasons TEXT NOT NULL,
    would_return TEXT NOT NULL CHECK (would_return IN ('yes', 'maybe', 'no')),
    would_have_kept TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX exit_answers_org ON exit_answers(org_id, month);

CREATE TABLE exit_questionnaire_done (
    practitioner_id INTEGER PRIMARY KEY REFERENCES practitioners(id) ON DELETE CASCADE
);
