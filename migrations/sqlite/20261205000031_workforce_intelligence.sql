-- Workforce intelligence (issue 18), SQLite. Keep in step with ../postgres/ of the same name.

-- The funded establishment of a team in whole-time equivalent hundredths (so sums are
-- exact), entered by the organisation: vacancies are establishment less WTE in post.
ALTER TABLE teams ADD COLUMN establishment_wte_hundredths INTEGER;

-- Band and post history: one row from each day a practitioner's post changed (team, role
-- category, career stage, band or WTE), so that progression can be analysed. Written in the
-- same transaction as the practitioner record by `store::workforce::record_post`.
CREATE TABLE practitioner_posts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    effective_from TEXT NOT NULL,
    team_id INTEGER REFERENCES teams(id) ON DELETE SET NULL,
    role_category TEXT NOT NULL,
    career_stage TEXT NOT NULL,
    band TEXT NOT NULL,
    wte_hundredths INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX practitioner_posts_person ON practitioner_posts(practitioner_id, effective_from);

-- Each practitioner's post as it stands, from their start date: the history's first row.
INSERT INTO practitioner_posts (practitioner_id, effective_from, team_id, role_category,
    career_stage, band, wte_hundredths, recorded_at)
SELECT id, start_date, team_id, role_category, career_stage, band,
       CAST(ROUND(wte * 100) AS INTEGER), updated_at
FROM practitioners;

-- Figures an organisation enters for a year ending 31 March (the WRES data year): student
-- placements offered, and for the race equality ratios, shortlisted and appointed
-- applicants and staff entering a formal disciplinary process, white and Black, Asian and
-- minority ethnic. Every figure may be left blank ("where the data exists").
CREATE TABLE workforce_years (
    org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    year_ending TEXT NOT NULL,
    student_placements INTEGER,
    shortlisted_white INTEGER,
    appointed_white INTEGER,
    shortlisted_bme INTEGER,
    appointed_bme INTEGER,
    disciplinary_white INTEGER,
    disciplinary_bme INTEGER,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    PRIMARY KEY (org_id, year_ending)
);
