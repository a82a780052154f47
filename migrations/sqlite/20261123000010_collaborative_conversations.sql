-- Collaborative conversations (SQLite). Keep in step with ../postgres/ of the same name.
-- DH (2016) "Making the difference together", Guidance Two: feedback on a social worker's
-- practice gathered through a conversation about that practice with a person using services
-- or a carer. The original's items are NOT FOUND: these fields are our design
-- (domain::conversation). The note is the practitioner's own reflection: it holds nothing
-- that names or identifies the person (no name, contact details, identifiers or case
-- reference), and nobody else reads it unless the practitioner shares it with the people
-- named in their current supervision agreement (service::conversations).

CREATE TABLE collaborative_conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    practitioner_id INTEGER NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
    -- The date of the conversation (ISO): not in the future, not more than a year before it was written.
    held_on TEXT NOT NULL,
    -- domain::conversation::WithWhom::code(): a person using services or a carer (never who).
    with_whom TEXT NOT NULL CHECK (with_whom IN ('service_user', 'carer')),
    -- Where it took place, in a few words (home visit, ward review): no address.
    setting TEXT NOT NULL,
    discussed TEXT NOT NULL,
    -- What the person said about my practice: what helped, and what did not.
    helped TEXT NOT NULL DEFAULT '',
    did_not_help TEXT NOT NULL DEFAULT '',
    -- domain::conversation::CoProduction::code(): how far we worked on it together.
    co_production TEXT NOT NULL CHECK (co_production IN ('together', 'partly', 'mostly_me')),
    co_production_detail TEXT NOT NULL DEFAULT '',
    learnt TEXT NOT NULL,
    do_differently TEXT NOT NULL,
    -- The person agreed to the conversation being used for the practitioner's learning:
    -- nothing is kept without it.
    consent_given INTEGER NOT NULL CHECK (consent_given = 1),
    -- Shared with the people named in the practitioner's current supervision agreement.
    shared_with_supervisors INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX collaborative_conversations_person ON collaborative_conversations(practitioner_id, held_on);

-- A conversation gives at most one CPD record ("Record as CPD", service::conversations::draft_cpd).
ALTER TABLE cpd_records ADD COLUMN from_conversation_id INTEGER REFERENCES collaborative_conversations(id) ON DELETE SET NULL;
CREATE UNIQUE INDEX cpd_records_conversation ON cpd_records(from_conversation_id);
