-- Partnership agreements as governed records (2020 guidance, considerations 1 and 6:
-- "robust, proportionate partnership governance", memorandums of understanding, clear
-- accountability for delegated statutory functions; docs/sources.md#partnership-governance).
-- One party proposes, the other accepts; only an agreement in force lets a host see and
-- place the employer's staff (`domain::partnership`). Several agreements may join the same
-- two organisations (a section 75 agreement and an AMHP service agreement), one of each type
-- open at a time. Existing rows were made at the command line by the deployment and take
-- effect as they always did: in force, section 75.
-- Keep in step with ../postgres/.
CREATE TABLE partnership_agreements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    employer_org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    host_org_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE RESTRICT,
    agreement_type TEXT NOT NULL,
    status TEXT NOT NULL,
    proposed_by_org_id INTEGER REFERENCES organisations(id) ON DELETE RESTRICT,
    proposed_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    responded_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    responded_at TEXT,
    ended_by_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    ended_at TEXT,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    review_on TEXT,
    description TEXT NOT NULL DEFAULT '',
    delegated_functions TEXT NOT NULL DEFAULT '',
    oversight_lead TEXT NOT NULL DEFAULT '',
    disciplinary_lead TEXT NOT NULL DEFAULT '',
    fitness_to_practise_lead TEXT NOT NULL DEFAULT '',
    complaints_lead TEXT NOT NULL DEFAULT '',
    enquiries_lead TEXT NOT NULL DEFAULT '',
    mou_reference TEXT NOT NULL DEFAULT '',
    host_may_change INTEGER NOT NULL DEFAULT 1,
    host_sees_equality INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
INSERT INTO partnership_agreements (id, employer_org_id, host_org_id, agreement_type, status,
    starts_on, description, created_at, updated_at)
SELECT id, employer_org_id, host_org_id, 'section_75', 'in_force', substr(created_at, 1, 10),
    description, created_at, updated_at FROM partnerships;
DROP TABLE partnerships;
CREATE UNIQUE INDEX partnership_agreements_open ON partnership_agreements(employer_org_id, host_org_id, agreement_type)
    WHERE status IN ('proposed', 'in_force');
CREATE INDEX partnership_agreements_host ON partnership_agreements(host_org_id, status);
CREATE INDEX partnership_agreements_employer ON partnership_agreements(employer_org_id, status);
