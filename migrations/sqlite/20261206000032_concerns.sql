-- Raising concerns (issue 19; HEE 2020 consideration 5, docs/sources.md#raising-concerns),
-- SQLite. Keep in step with ../postgres/ of the same name.
--
-- A social worker raises a concern about resources, workload, or unsafe or inappropriate
-- practice, named or anonymously. An anonymous concern holds nothing that identifies its
-- sender: no user, no exact time (days only), and its audit entries name nobody. The
-- sender follows it with a private reference, of which only a SHA-256 hash is kept.
CREATE TABLE concerns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    -- domain::concern::Category::code().
    category TEXT NOT NULL CHECK (category IN ('resources', 'workload', 'unsafe_practice', 'inappropriate_practice')),
    summary TEXT NOT NULL,
    details TEXT NOT NULL,
    -- The sender, when named; NULL when anonymous.
    raised_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    anonymous INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    -- The hash of the private reference (domain::concern::reference_hash).
    reference_hash TEXT NOT NULL UNIQUE,
    raised_on TEXT NOT NULL,
    -- The first answer is due by this day ([concerns] answer_within_days).
    answer_due_on TEXT NOT NULL,
    -- The person the principal social worker asked to answer it, if any.
    assigned_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    first_answered_on TEXT,
    -- Closed with what was found and what changed.
    closed_on TEXT,
    outcome TEXT NOT NULL DEFAULT '',
    what_changed TEXT NOT NULL DEFAULT '',
    CHECK (anonymous = 0 OR raised_by_user_id IS NULL)
);
CREATE INDEX concerns_org ON concerns(org_id, raised_on);
CREATE INDEX concerns_assigned ON concerns(assigned_user_id);
CREATE INDEX concerns_raised_by ON concerns(raised_by_user_id);

-- The conversation on a concern: the sender's messages and the answers. A sender's
-- message on an anonymous concern has no author.
CREATE TABLE concern_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    concern_id INTEGER NOT NULL REFERENCES concerns(id) ON DELETE CASCADE,
    from_sender INTEGER NOT NULL CHECK (from_sender IN (0, 1)),
    author_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    sent_on TEXT NOT NULL
);
CREATE INDEX concern_messages_concern ON concern_messages(concern_id, id);
