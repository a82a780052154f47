-- Flags become BOOLEAN columns and JSON documents JSONB columns (they were 0/1 BIGINTs and
-- JSON text, so that both engines read them alike through a driver that decoded one integer
-- type and no JSON). Every value is converted in place: a flag is true where it was not 0,
-- and a document is parsed as it stands. The CHECKs that kept a flag to 0 or 1 go, as the
-- type does that now; the two that say more are written again for booleans, under their
-- old names. `store::engine` binds and decodes `bool` and `serde_json::Value` on both
-- engines. SQLite keeps 0/1 integers and JSON text, which is how sqlx stores them there.
ALTER TABLE organisations
    ALTER COLUMN is_nhs_body DROP DEFAULT,
    ALTER COLUMN is_nhs_body TYPE BOOLEAN USING is_nhs_body <> 0,
    ALTER COLUMN is_nhs_body SET DEFAULT FALSE;
ALTER TABLE users
    ALTER COLUMN active DROP DEFAULT,
    ALTER COLUMN active TYPE BOOLEAN USING active <> 0,
    ALTER COLUMN active SET DEFAULT TRUE;
ALTER TABLE registrations
    ALTER COLUMN amhp_annotation DROP DEFAULT,
    ALTER COLUMN amhp_annotation TYPE BOOLEAN USING amhp_annotation <> 0,
    ALTER COLUMN amhp_annotation SET DEFAULT FALSE,
    ALTER COLUMN bia_annotation DROP DEFAULT,
    ALTER COLUMN bia_annotation TYPE BOOLEAN USING bia_annotation <> 0,
    ALTER COLUMN bia_annotation SET DEFAULT FALSE;
ALTER TABLE cpd_records
    ALTER COLUMN shared_with_supervisors DROP DEFAULT,
    ALTER COLUMN shared_with_supervisors TYPE BOOLEAN USING shared_with_supervisors <> 0,
    ALTER COLUMN shared_with_supervisors SET DEFAULT FALSE;
ALTER TABLE cpd_declarations
    ALTER COLUMN peer_reflection DROP DEFAULT,
    ALTER COLUMN peer_reflection TYPE BOOLEAN USING peer_reflection <> 0,
    ALTER COLUMN peer_reflection SET DEFAULT FALSE;
ALTER TABLE asye_programmes
    ALTER COLUMN nine_month_review DROP DEFAULT,
    ALTER COLUMN nine_month_review TYPE BOOLEAN USING nine_month_review <> 0,
    ALTER COLUMN nine_month_review SET DEFAULT FALSE;
ALTER TABLE feedback_requests
    ALTER COLUMN withdrawn DROP DEFAULT,
    ALTER COLUMN withdrawn TYPE BOOLEAN USING withdrawn <> 0,
    ALTER COLUMN withdrawn SET DEFAULT FALSE;
ALTER TABLE collaborative_conversations
    DROP CONSTRAINT collaborative_conversations_consent_given_check,
    ALTER COLUMN consent_given TYPE BOOLEAN USING consent_given <> 0,
    ADD CONSTRAINT collaborative_conversations_consent_given_check CHECK (consent_given),
    ALTER COLUMN shared_with_supervisors DROP DEFAULT,
    ALTER COLUMN shared_with_supervisors TYPE BOOLEAN USING shared_with_supervisors <> 0,
    ALTER COLUMN shared_with_supervisors SET DEFAULT FALSE;
ALTER TABLE sa_answers
    DROP CONSTRAINT sa_answers_not_applicable_check,
    DROP CONSTRAINT sa_answers_carried_forward_check,
    DROP CONSTRAINT sa_answers_check,
    ALTER COLUMN not_applicable DROP DEFAULT,
    ALTER COLUMN not_applicable TYPE BOOLEAN USING not_applicable <> 0,
    ALTER COLUMN not_applicable SET DEFAULT FALSE,
    ALTER COLUMN carried_forward DROP DEFAULT,
    ALTER COLUMN carried_forward TYPE BOOLEAN USING carried_forward <> 0,
    ALTER COLUMN carried_forward SET DEFAULT FALSE,
    ADD CONSTRAINT sa_answers_check CHECK (NOT (not_applicable AND rating IS NOT NULL));
ALTER TABLE sa_benchmark_consent
    DROP CONSTRAINT sa_benchmark_consent_consented_check,
    ALTER COLUMN consented TYPE BOOLEAN USING consented <> 0;
ALTER TABLE partnership_agreements
    ALTER COLUMN host_may_change DROP DEFAULT,
    ALTER COLUMN host_may_change TYPE BOOLEAN USING host_may_change <> 0,
    ALTER COLUMN host_may_change SET DEFAULT TRUE,
    ALTER COLUMN host_sees_equality DROP DEFAULT,
    ALTER COLUMN host_sees_equality TYPE BOOLEAN USING host_sees_equality <> 0,
    ALTER COLUMN host_sees_equality SET DEFAULT FALSE;
ALTER TABLE feedback_questionnaires
    ALTER COLUMN content TYPE JSONB USING content::jsonb;
ALTER TABLE strategic_statements
    ALTER COLUMN facts TYPE JSONB USING facts::jsonb;
