-- Calendar days become DATE columns (they were YYYY-MM-DD text, so that both engines
-- compared them alike through a driver that could not decode a date). Every value is
-- converted in place; `store::engine` decodes and binds `time::Date` on both engines.
-- SQLite keeps YYYY-MM-DD text, which is how sqlx stores a date there.
ALTER TABLE practitioners
    ALTER COLUMN start_date TYPE DATE USING start_date::date,
    ALTER COLUMN end_date TYPE DATE USING end_date::date;
ALTER TABLE practitioner_equality
    ALTER COLUMN date_of_birth TYPE DATE USING date_of_birth::date;
ALTER TABLE supervision_agreements
    ALTER COLUMN starts_on TYPE DATE USING starts_on::date,
    ALTER COLUMN review_on TYPE DATE USING review_on::date,
    ALTER COLUMN ended_on TYPE DATE USING ended_on::date;
ALTER TABLE supervision_sessions
    ALTER COLUMN scheduled_on TYPE DATE USING scheduled_on::date,
    ALTER COLUMN held_on TYPE DATE USING held_on::date,
    ALTER COLUMN cancelled_on TYPE DATE USING cancelled_on::date;
ALTER TABLE registrations
    ALTER COLUMN registered_until TYPE DATE USING registered_until::date,
    ALTER COLUMN last_checked_on TYPE DATE USING last_checked_on::date,
    ALTER COLUMN status_since TYPE DATE USING status_since::date;
ALTER TABLE registration_events
    ALTER COLUMN changed_on TYPE DATE USING changed_on::date;
ALTER TABLE cpd_records
    ALTER COLUMN activity_on TYPE DATE USING activity_on::date;
ALTER TABLE cpd_declarations
    ALTER COLUMN year_ends TYPE DATE USING year_ends::date;
ALTER TABLE amhp_approvals
    ALTER COLUMN approved_on TYPE DATE USING approved_on::date,
    ALTER COLUMN expires_on TYPE DATE USING expires_on::date,
    ALTER COLUMN warrant_issued_on TYPE DATE USING warrant_issued_on::date,
    ALTER COLUMN ended_on TYPE DATE USING ended_on::date;
ALTER TABLE amhp_suspensions
    ALTER COLUMN starts_on TYPE DATE USING starts_on::date,
    ALTER COLUMN ends_on TYPE DATE USING ends_on::date;
ALTER TABLE amhp_activity
    ALTER COLUMN on_date TYPE DATE USING on_date::date;
ALTER TABLE pq_role_records
    ALTER COLUMN qualified_on TYPE DATE USING qualified_on::date,
    ALTER COLUMN last_training_on TYPE DATE USING last_training_on::date;
ALTER TABLE asye_programmes
    ALTER COLUMN starts_on TYPE DATE USING starts_on::date,
    ALTER COLUMN agreement_on TYPE DATE USING agreement_on::date,
    ALTER COLUMN panel_on TYPE DATE USING panel_on::date,
    ALTER COLUMN extended_to TYPE DATE USING extended_to::date;
ALTER TABLE asye_reviews
    ALTER COLUMN held_on TYPE DATE USING held_on::date;
ALTER TABLE asye_pauses
    ALTER COLUMN starts_on TYPE DATE USING starts_on::date,
    ALTER COLUMN ends_on TYPE DATE USING ends_on::date;
ALTER TABLE asye_evidence
    ALTER COLUMN occurred_on TYPE DATE USING occurred_on::date;
ALTER TABLE asye_protected_time
    ALTER COLUMN taken_on TYPE DATE USING taken_on::date;
ALTER TABLE feedback_questionnaires
    ALTER COLUMN created_on TYPE DATE USING created_on::date;
ALTER TABLE feedback_requests
    ALTER COLUMN created_on TYPE DATE USING created_on::date,
    ALTER COLUMN expires_on TYPE DATE USING expires_on::date;
ALTER TABLE feedback_shares
    ALTER COLUMN shared_on TYPE DATE USING shared_on::date;
ALTER TABLE collaborative_conversations
    ALTER COLUMN held_on TYPE DATE USING held_on::date;
ALTER TABLE sa_cycles
    ALTER COLUMN opened_on TYPE DATE USING opened_on::date,
    ALTER COLUMN due_on TYPE DATE USING due_on::date,
    ALTER COLUMN signed_off_on TYPE DATE USING signed_off_on::date;
ALTER TABLE sa_actions
    ALTER COLUMN due_on TYPE DATE USING due_on::date,
    ALTER COLUMN completed_on TYPE DATE USING completed_on::date;
ALTER TABLE partnership_agreements
    ALTER COLUMN starts_on TYPE DATE USING starts_on::date,
    ALTER COLUMN ends_on TYPE DATE USING ends_on::date,
    ALTER COLUMN review_on TYPE DATE USING review_on::date;
ALTER TABLE pq_role_records
    ALTER COLUMN next_report_due TYPE DATE USING next_report_due::date;
ALTER TABLE strategic_statements
    ALTER COLUMN figures_as_of TYPE DATE USING figures_as_of::date;
