-- The strategic statement for social work (SQLite). Keep in step with ../postgres/ of the same name.
-- One statement per organisation: a draft generated from the organisation's own figures
-- (domain::self_assessment::statement), structured on chapters 4 to 9 of "Social work for
-- better mental health: a strategic statement" (DH 2016), then edited by the principal
-- social worker. Nothing here is about one practitioner.

CREATE TABLE strategic_statements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL UNIQUE REFERENCES organisations(id) ON DELETE RESTRICT,
    -- The facts the draft was generated from (StatementFacts as JSON): "figures as of".
    facts TEXT NOT NULL,
    -- ISO date the figures were read.
    figures_as_of TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    generated_by INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT,
    updated_at TEXT NOT NULL,
    updated_by INTEGER NOT NULL REFERENCES users(id) ON DELETE RESTRICT
);

-- The chapters, in order: code (domain::self_assessment::statement::CHAPTERS), heading, text.
CREATE TABLE strategic_statement_chapters (
    statement_id INTEGER NOT NULL REFERENCES strategic_statements(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    heading TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (statement_id, code)
);
