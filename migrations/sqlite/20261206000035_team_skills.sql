-- A team's skills audit and role-clarity review (issue 19; HEE 2020 considerations 1 and 3,
-- docs/sources.md#team-skills), SQLite. Keep in step with ../postgres/ of the same name.

-- How many people the team needs with each skill (a post-qualifying role's code, or a
-- code of `[team_skills] skills`).
CREATE TABLE team_skill_needs (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    needed INTEGER NOT NULL CHECK (needed >= 0),
    PRIMARY KEY (team_id, skill)
);

-- Skills a person holds beyond the post-qualifying roles on their record.
CREATE TABLE practitioner_skills (
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    PRIMARY KEY (practitioner_id, skill)
);

-- Each time the team manager saved the audit.
CREATE TABLE team_skill_audits (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    audited_on TEXT NOT NULL,
    audited_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX team_skill_audits_team ON team_skill_audits(team_id, audited_on);

-- The team's role-clarity reviews: what it found and the actions it agreed.
CREATE TABLE role_clarity_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    found TEXT NOT NULL,
    actions TEXT NOT NULL,
    recorded_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX role_clarity_reviews_team ON role_clarity_reviews(team_id, held_on);
